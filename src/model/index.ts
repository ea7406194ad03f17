export * from './catalog-error';
export * from './catalog';
export * from './fleet';
export * from './image-content-source-policy';
export * from './load';
export * from './registries';
