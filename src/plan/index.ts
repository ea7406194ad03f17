export * from './cluster-plan';
export * from './samples';
export * from './images';
export * from './registries';
export * from './templates';
export * from './admission';
export * from './builder-images';
