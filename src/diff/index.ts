export * from './findings';
export * from './git-tree';
export * from './kinds';
export * from './markdown';
export * from './run';
export * from './summary';
export * from './tree-diff';
export { forecastOutputs, renderForecast, riskLines, triggeredGates } from './forecast';
