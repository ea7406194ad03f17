export * from './argocd-health-checks';
export * from './encoded-files';
export * from './imageset-configuration';
export * from './manifest-objects';
export * from './render';
export * from './report';
export * from './serialize';
export * from './tree-writer';
