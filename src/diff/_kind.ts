import type { ManifestObject } from '../output';
import type { Detail } from './summary';

/** What the diff knows about one kind beyond its fields: the entries reviewers think in. */
export interface KindSummary {
  /** How a reviewer calls the kind, e.g. `Samples Config`. */
  readonly label: string;
  /** Dotted paths the kind reports itself; every other field is compared field by field. */
  readonly fields: readonly string[];
  /** The changes of those fields; `before` is undefined for an object the base does not have. */
  details(before: ManifestObject | undefined, after: ManifestObject): Detail[];
}
