export * from './cluster-plan';
export * from './template-plan';
