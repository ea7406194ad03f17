export * from './application-set';
export * from './curated-namespace';
export * from './image-puller-role-binding';
export * from './jenkins-template';
export * from './template';
