export * from './cluster-plan';
export * from './images';
