export * from './application-set';
export * from './curated-image-stream';
export * from './curated-namespace';
export * from './image-puller-role-binding';
export * from './samples-operator-config';
