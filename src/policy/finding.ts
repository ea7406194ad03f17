import type { Catalog } from '../model';
import type { ClusterPlan } from '../plan';
import type { TextMemo } from '../shared';

/**
 * Every rule id a finding may carry, `<area>/<rule>`: the compiler checks each `rule:` literal, as zod
 * types its issue codes. Reviewers and suppressions refer to them, so they do not change.
 */
export type RuleId =
  | 'admission/curated-image-denied'
  | 'catalog/two-owners'
  | 'fleet/namespace-not-created'
  | 'fleet/shared-destination'
  | 'images/file-name-mismatch'
  | 'images/latest-not-highest'
  | 'images/stable-deprecated'
  | 'output/credential'
  | 'output/file-name-too-long'
  | 'registries/allowed-and-blocked'
  | 'registries/allowed-missing-required'
  | 'registries/insecure-not-allowed'
  | 'registries/insecure-on-prod'
  | 'registries/invalid-image-reference'
  | 'registries/mirror-set-name-clash'
  | 'registries/mirror-source-policy-conflict'
  | 'registries/never-contact-source-as-mirror'
  | 'registries/not-importable'
  | 'registries/not-mirrored'
  | 'registries/not-pullable'
  | 'registries/payload-registry-blocked'
  | 'registries/public-search-registry'
  | 'registries/pull-secret-missing'
  | 'registries/samples-registry-refused'
  | 'samples/architecture-change'
  | 'samples/auto-skipped'
  | 'signatures/image-policy-overridden'
  | 'signatures/mirror-without-signatures'
  | 'signatures/scope-not-allowed'
  | 'signatures/unsupported-release'
  | 'templates/agent-image-missing'
  | 'templates/generator-expression'
  | 'templates/image-stream-tag-missing'
  | 'templates/non-string-reference-not-alone'
  | 'templates/processing-failed'
  | 'templates/required-without-value'
  | 'templates/secret-default'
  | 'templates/unknown-parameter'
  | 'templates/unused-parameter';

/** A problem (or risk) the compiler found in a valid catalog, located and with a fix. */
export interface Finding {
  readonly severity: 'error' | 'warning';
  /** Stable rule id, e.g. `fleet/shared-destination`. */
  readonly rule: RuleId;
  /** The cluster it concerns; absent for fleet-wide findings. */
  readonly cluster?: string;
  /** The clusters it concerns, when the same finding holds on several (then `cluster` is absent). */
  readonly clusters?: readonly string[];
  readonly file: string;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** The committed output as it is before this run: path under `dist/` → file content. */
export interface PreviousOutput {
  get(path: string): string | undefined;
}

export interface PolicyContext {
  readonly catalog: Catalog;
  /** One per cluster, in cluster-name order. */
  readonly plans: readonly ClusterPlan[];
  readonly previous: PreviousOutput;
  /** Results of costly checks kept across runs (`templateRules`, `samplesArchitectureChange`). Absent: every check runs. */
  readonly memo?: TextMemo;
}

/** A rule is a pure function of the context. */
export type Rule = (context: PolicyContext) => Finding[];

export function formatFinding(f: Finding): string {
  const where = f.field ? `${f.file}: ${f.field}` : f.file;
  const cluster = f.cluster ? ` [${f.cluster}]` : f.clusters ? ` [${f.clusters.join(', ')}]` : '';
  return `${f.severity} ${f.rule}${cluster} ${where}\n  ${f.message}\n  fix: ${f.fix}`;
}

/**
 * One finding per mistake: findings that differ only in their cluster (its name in the message
 * and fix included) become one naming the clusters, e.g. a template's missing tag on 5 clusters.
 */
export function mergeAcrossClusters(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: (Finding | Finding[])[] = [];
  for (const f of findings) {
    if (f.cluster === undefined) {
      out.push(f);
      continue;
    }
    const key = JSON.stringify([f.severity, f.rule, f.file, f.field, withoutName(f.message, f.cluster), withoutName(f.fix, f.cluster)]);
    const group = groups.get(key);
    if (group) group.push(f);
    else {
      const fresh = [f];
      groups.set(key, fresh);
      out.push(fresh);
    }
  }
  return out.map((entry) => {
    if (!Array.isArray(entry)) return entry;
    if (entry.length === 1) return entry[0];
    const names = entry.map((f) => f.cluster!);
    const list = names.join(', ');
    const { cluster, ...first } = entry[0];
    return { ...first, clusters: names, message: withName(first.message, cluster!, list), fix: withName(first.fix, cluster!, list) };
  });
}

const nameAt = (name: string) => new RegExp(`(?<![a-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9-])`, 'g');
const withoutName = (text: string, name: string) => text.replace(nameAt(name), '\u0000');
const withName = (text: string, name: string, list: string) => text.replace(nameAt(name), list);
