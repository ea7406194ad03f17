export * from './argocd-chart';
export * from './cluster-chart';
export { groupOf } from './_sync-policy';
