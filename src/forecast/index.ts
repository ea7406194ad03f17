export * from './argocd';
export * from './forecast';
export * from './image-streams';
export * from './machine-config';
export * from './samples-operator';
export * from './types';
export * from './cluster-model';
