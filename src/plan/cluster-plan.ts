import type { Catalog, Cluster } from '../model';

/** Everything one cluster receives, decided from the catalog. Pure data: no cdk8s, no I/O. */
export interface ClusterPlan {
  readonly cluster: Cluster;
  /** Namespace of the curated images, readable by every authenticated user. */
  readonly curatedNamespace: string;
}

export function planCluster(catalog: Catalog, cluster: Cluster): ClusterPlan {
  return {
    cluster,
    curatedNamespace: catalog.fleet.curatedNamespace,
  };
}

/** One plan per cluster, in cluster-name order (the order of everything downstream). */
export function planFleet(catalog: Catalog): ClusterPlan[] {
  return [...catalog.fleet.clusters]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((cluster) => planCluster(catalog, cluster));
}

/** Locale-independent string order, so output never depends on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
