export * from './cluster-plan';
