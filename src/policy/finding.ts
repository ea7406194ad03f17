import type { Catalog } from '../model';
import type { ClusterPlan } from '../plan';

/**
 * Every rule id a finding may carry, `<area>/<rule>`: the compiler checks each `rule:` literal, as zod
 * types its issue codes. Reviewers and suppressions refer to them, so they do not change.
 */
export type RuleId =
  | 'catalog/two-owners'
  | 'fleet/namespace-not-created'
  | 'fleet/shared-destination'
  | 'images/latest-not-highest'
  | 'images/stable-deprecated'
  | 'registries/allowed-and-blocked'
  | 'registries/allowed-missing-required'
  | 'registries/insecure-not-allowed'
  | 'registries/insecure-on-prod'
  | 'registries/invalid-image-reference'
  | 'registries/mirror-set-name-clash'
  | 'registries/mirror-source-policy-conflict'
  | 'registries/never-contact-source-as-mirror'
  | 'registries/never-contact-without-mirror'
  | 'registries/not-importable'
  | 'registries/not-mirrored'
  | 'registries/not-pullable'
  | 'registries/payload-registry-blocked'
  | 'registries/public-search-registry'
  | 'registries/pull-secret-missing'
  | 'registries/samples-registry-refused'
  | 'samples/architecture-change'
  | 'samples/auto-skipped'
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
  readonly file: string;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** The committed output as it is before this run: path under `dist/` → file content. */
export type PreviousOutput = ReadonlyMap<string, string>;

export interface PolicyContext {
  readonly catalog: Catalog;
  /** One per cluster, in cluster-name order. */
  readonly plans: readonly ClusterPlan[];
  readonly previous: PreviousOutput;
}

/** A rule is a pure function of the context. */
export type Rule = (context: PolicyContext) => Finding[];

export function formatFinding(f: Finding): string {
  const where = f.field ? `${f.file}: ${f.field}` : f.file;
  const cluster = f.cluster ? ` [${f.cluster}]` : '';
  return `${f.severity} ${f.rule}${cluster} ${where}\n  ${f.message}\n  fix: ${f.fix}`;
}
