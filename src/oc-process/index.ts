export * from './generator';
export * from './manifest';
export * from './process';
export * from './references';
