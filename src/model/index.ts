export * from './catalog-error';
export * from './catalog';
export * from './fleet';
export * from './load';
export * from './registries';
export * from './templates';
