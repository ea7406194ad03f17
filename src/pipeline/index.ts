export * from './pipeline';
export * from './usage-error';
