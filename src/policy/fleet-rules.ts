import type { Finding, Rule } from './finding';

/** Two clusters deploying to the same Argo CD destination would overwrite each other's objects. */
export const sharedDestination: Rule = ({ catalog }) => {
  const findings: Finding[] = [];
  const seen = new Map<string, string>();
  catalog.fleet.clusters.forEach((cluster, index) => {
    const key = 'server' in cluster.destination ? `server ${cluster.destination.server}` : `name ${cluster.destination.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, cluster.name);
      return;
    }
    findings.push({
      severity: 'error',
      rule: 'fleet/shared-destination',
      cluster: cluster.name,
      file: catalog.fleetFile,
      field: `clusters[${index}].destination`,
      message:
        `cluster ${cluster.name} deploys to the same Argo CD destination ` +
        `(${key}) as ${first}; the two Applications would fight over ` +
        `the same objects`,
      fix: `give ${cluster.name} its own API server URL or registered cluster name`,
    });
  });
  return findings;
};
