import { SAMPLES_NAMESPACE } from '../plan';
import type { Finding, Rule } from './finding';

/**
 * Objects the catalog places in a namespace it does not create. The generated Applications do not
 * create namespaces, so unless the namespace already exists on the cluster, the sync fails there.
 */
export const namespaceNotCreated: Rule = ({ catalog, plans }) => {
  const findings: Finding[] = [];
  // One finding per object, naming the clusters, rather than one per cluster.
  const seen = new Map<string, { finding: Omit<Finding, 'message'>; what: string; namespace: string; clusters: string[] }>();
  for (const plan of plans) {
    const created = new Set([plan.curatedNamespace, SAMPLES_NAMESPACE]);
    const placed = [
      ...plan.imageStreams.map((s) => ({ what: `ImageStream ${s.name}`, namespace: s.namespace, file: s.file })),
      ...plan.templates.map((t) => ({ what: `Template ${t.name}`, namespace: t.namespace, file: t.file })),
    ];
    for (const object of placed.filter((o) => !created.has(o.namespace))) {
      const key = `${object.file} ${object.what}`;
      const entry = seen.get(key);
      if (entry) {
        entry.clusters.push(plan.cluster.name);
        continue;
      }
      seen.set(key, {
        what: object.what,
        namespace: object.namespace,
        clusters: [plan.cluster.name],
        finding: {
          severity: 'warning',
          rule: 'fleet/namespace-not-created',
          file: object.file,
          field: 'namespace',
          fix:
            `remove \`namespace\` to use the curated namespace ${JSON.stringify(catalog.fleet.curatedNamespace)}, ` +
            `or make sure ${JSON.stringify(object.namespace)} exists on every ` +
            `cluster before Argo CD syncs`,
        },
      });
    }
  }
  for (const { finding, what, namespace, clusters } of seen.values()) {
    findings.push({
      ...finding,
      message:
        `${what} is placed in namespace ${namespace}, which the catalog ` +
        `does not create and Argo CD will not create; on ${clusters.join(', ')} ` +
        `the sync fails unless it already exists`,
    });
  }
  return findings;
};
