export * from './catalog-reference';
export * from './field-docs';
export * from './render';
