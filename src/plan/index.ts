export * from './cluster-plan';
export * from './samples';
