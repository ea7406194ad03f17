export * from './catalog-error';
export * from './catalog';
export * from './fleet';
export * from './images';
export * from './load';
export * from './registries';
export * from './samples';
export * from './samples-inventory';
