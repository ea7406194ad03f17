export * from './application-set';
export * from './curated-namespace';
export * from './image-puller-role-binding';
export * from './cluster-image-config';
export * from './image-digest-mirror-set';
export * from './image-tag-mirror-set';
export * from './trusted-registry-cas';
