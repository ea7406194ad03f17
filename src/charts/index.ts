export * from './argocd-chart';
export * from './cluster-chart';
