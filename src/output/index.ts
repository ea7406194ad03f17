export * from './imageset-configuration';
export * from './manifest-path';
export * from './pipeline';
export * from './render';
export * from './serialize';
export * from './tree-writer';
