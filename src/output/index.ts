export * from './manifest-objects';
export * from './manifest-path';
export * from './markdown';
export * from './pipeline';
export * from './render';
export * from './report';
export * from './serialize';
export * from './tree-writer';
