export * from './cluster-plan';
export * from './registries';
