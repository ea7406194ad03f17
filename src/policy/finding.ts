import type { Catalog } from '../model';
import type { ClusterPlan } from '../plan';

/** A problem (or risk) the compiler found in a valid catalog, located and with a fix. */
export interface Finding {
  readonly severity: 'error' | 'warning';
  /** Stable rule id, e.g. `fleet/shared-destination`. */
  readonly rule: string;
  /** The cluster it concerns; absent for fleet-wide findings. */
  readonly cluster?: string;
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
}

/** A rule is a pure function of the context. */
export type Rule = (context: PolicyContext) => Finding[];

export function formatFinding(f: Finding): string {
  const where = f.field ? `${f.file}: ${f.field}` : f.file;
  const cluster = f.cluster ? ` [${f.cluster}]` : '';
  return `${f.severity} ${f.rule}${cluster} ${where}\n  ${f.message}\n  fix: ${f.fix}`;
}
