/**
 * The semantic diff of two output trees, as data: what the markdown and JSON renderers print.
 * Every list is in a stable order; nothing here depends on the machine or the time.
 */

/** How one field or entry of an object changes. */
export type DetailChange = 'added' | 'removed' | 'changed' | 'repointed' | 'reordered' | 'newly skipped' | 'kept';

/**
 * One change inside an object, e.g. `tag 1.25 added: DockerImage …`,
 * `source registry.redhat.io: mirrors added: mirror.example.com/rh`, `spec.lookupPolicy.local changed: false → true`.
 */
export interface Detail {
  /** The entry kind (`tag`, `parameter`, `registrySources.allowedRegistries`, …) or, for a plain field, its path. */
  readonly field: string;
  /** The entry: tag name, registry, parameter name, source, … */
  readonly key?: string;
  /** The field inside the entry, when the change is below it (e.g. `importPolicy.scheduled`). */
  readonly path?: string;
  readonly change: DetailChange;
  readonly before?: string;
  readonly after?: string;
}

/** One object of a cluster folder that is added, removed or changed. */
export interface ObjectChange {
  /** Path inside the cluster folder, e.g. `bcgov/imagestream.image.openshift.io_nginx.yaml`. */
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** `namespace/name`, or `name` for cluster-scoped objects. */
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** What changes inside: empty for a removed object. */
  readonly details: readonly Detail[];
}

export type ClusterStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ClusterSummary {
  readonly name: string;
  /** `prod`, `test`, `lab`; `unknown` when neither side says. */
  readonly environment: string;
  readonly status: ClusterStatus;
  /** Objects added, removed and changed in the cluster's folder. */
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

/**
 * Changes that are the same on every cluster of `clusters`, and on no other: each object added or
 * removed, and each detail of a changed object, is in exactly one group (so one object's details may
 * be split over several groups, each listing the details its clusters share).
 */
export interface ChangeGroup {
  /** Production first, then by environment and name. */
  readonly clusters: readonly string[];
  /** Set when the group is one cluster that only the working tree (`added`) or only the base (`removed`) has. */
  readonly clusterChange?: 'added' | 'removed';
  /** For a cluster added or removed: how many objects of each kind it gains or loses. */
  readonly objectCounts?: readonly { readonly kind: string; readonly count: number }[];
  /** For clusters present on both sides: the object changes, in path order, with the details these clusters share. */
  readonly changes: readonly ObjectChange[];
}

export interface DiffSummary {
  /** Every cluster of either side, production first. */
  readonly clusters: readonly ClusterSummary[];
  /** Folded changes, production first. */
  readonly groups: readonly ChangeGroup[];
  /** Changes to the Argo CD objects (`argocd/`), which belong to no cluster. */
  readonly argocd: readonly ObjectChange[];
  /** Output files whose bytes differ while their objects are equal (comments, key order). */
  readonly formattingOnly: readonly string[];
  /** Output files that are not manifests (Argo CD health checks and patches), outside the reports. */
  readonly otherFiles: readonly { readonly path: string; readonly change: 'added' | 'removed' | 'changed' }[];
}
