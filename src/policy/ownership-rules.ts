import { compareStrings } from '../shared';
import type { Finding, Rule } from './finding';

/** An object the catalog puts on a cluster, and the catalog file that owns it. */
interface Owned {
  readonly kind: 'ImageStream' | 'Template';
  readonly namespace: string;
  readonly name: string;
  /** What defines it, for messages: `curated image`, `tracked image`, `template`. */
  readonly what: string;
  readonly file: string;
}

/**
 * One owner per stream: the same kind, namespace and name from two catalog files (two tracked images,
 * or a curated and a tracked image) would be one object applied twice with different content, and
 * Argo CD would keep overwriting one with the other. Likewise a sample the keep-list keeps while the
 * catalog owns an object of its name: the catalog's object wins (the plan skips the sample), and the
 * keep-list entry says the opposite. Both are errors.
 */
export const twoOwners: Rule = ({ catalog, plans }) => {
  const findings: Finding[] = [];
  const owned: Owned[] = [
    ...catalog.images.map((i): Owned => ({ kind: 'ImageStream', namespace: i.namespace, name: i.name, what: 'curated image', file: i.file })),
    ...catalog.builderImages.map((i): Owned => ({ kind: 'ImageStream', namespace: i.namespace, name: i.name, what: 'tracked image', file: i.file })),
    ...catalog.templates.map((t): Owned => ({ kind: 'Template', namespace: t.namespace, name: t.name, what: 'template', file: t.file })),
  ];
  const byObject = new Map<string, Owned[]>();
  for (const o of owned) {
    const key = `${o.kind} ${o.namespace}/${o.name}`;
    byObject.set(key, [...(byObject.get(key) ?? []), o]);
  }
  for (const [object, owners] of byObject) {
    if (owners.length < 2) continue;
    const [first, ...others] = [...owners].sort((a, b) => compareStrings(a.file, b.file));
    for (const other of others) {
      findings.push({
        severity: 'error',
        rule: 'catalog/two-owners',
        file: other.file,
        field: 'name',
        message: `${object} is defined twice: by this ${other.what} and by the ${first.what} ${first.file}; one stream has one owner`,
        fix: `rename one of them, or delete ${other.file} and keep the tags in ${first.file}`,
      });
    }
  }

  // A keep-list entry for a name the catalog owns in `openshift`: one finding per entry, naming its clusters.
  const kept = new Map<string, { finding: Omit<Finding, 'message'>; sample: string; owner: string; clusters: string[] }>();
  for (const plan of plans) {
    for (const a of plan.samples?.autoSkipped ?? []) {
      if (a.keptAt === undefined) continue;
      const key = `${a.keptAt} ${a.kind} ${a.name}`;
      const entry = kept.get(key);
      if (entry) {
        entry.clusters.push(plan.cluster.name);
        continue;
      }
      kept.set(key, {
        sample: `${a.kind} openshift/${a.name}`,
        owner: a.file,
        clusters: [plan.cluster.name],
        finding: {
          severity: 'error',
          rule: 'catalog/two-owners',
          file: catalog.samplesFile,
          field: a.keptAt,
          fix: `remove "${a.name}" from ${catalog.samplesFile}: ${a.keptAt}: ${a.file} owns it now (the Samples Operator skips it)`,
        },
      });
    }
  }
  for (const { finding, sample, owner, clusters } of kept.values()) {
    const where = clusters.length === plans.length ? 'on every cluster' : `on ${clusters.join(', ')}`;
    findings.push({ ...finding, message: `${sample} is kept as a Samples Operator sample and owned by ${owner} ${where}; one stream has one owner` });
  }
  return findings;
};
