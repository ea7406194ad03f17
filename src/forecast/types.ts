import type { ManifestObject } from '../output';

/** One cluster's bundle: path inside its output folder (`bcgov/imagestream.image.openshift.io_nginx.yaml`) → object. */
export type Bundle = ReadonlyMap<string, ManifestObject>;

/** What the forecast needs to know about a cluster beyond its bundle. */
export interface ClusterFacts {
  readonly name: string;
  /** `prod`, `test`, `lab`, or `unknown`. */
  readonly environment: string;
  /** Release `major.minor` (fleet.ts `openshiftVersion`); unknown for a cluster only the base has. */
  readonly openshiftVersion?: string;
}

/**
 * What a change does that a team may want to approve explicitly (`npm run diff -- --fail-on …`):
 * - `reboot`: every node drained and rebooted; `drain`: every node drained (CRI-O reloaded);
 * - `crio-reload`: CRI-O reloaded on every node without a drain;
 * - `removal`: a cluster leaves the fleet; `prune`: Argo CD deletes objects from a cluster;
 * - `tag-removal`: an image stream tag leaves a stream; `repoint`: a tag points at another image;
 * - `samples-removal`: the Samples Operator deletes samples; `refused`: an operator refuses the change.
 */
export const GATES = ['reboot', 'drain', 'crio-reload', 'removal', 'prune', 'tag-removal', 'repoint', 'samples-removal', 'refused'] as const;
export type Gate = (typeof GATES)[number];

/** Who reacts. */
export type Actor = 'Argo CD' | 'Machine Config Operator' | 'Samples Operator' | 'image streams' | 'templates';

/** One consequence of applying the new bundle. */
export interface Effect {
  readonly actor: Actor;
  /** One line a reviewer reads, e.g. `every node drained, CRI-O reloaded (ImageTagMirrorSet mirror-quay.io added)`. */
  readonly text: string;
  /** Set when the consequence depends on something the catalog cannot know (said in `text`). */
  readonly may?: true;
  readonly gate?: Gate;
}

/** One Argo CD sync task, in the order Argo CD runs them. */
export interface SyncStep {
  /** The wave Argo CD runs the task in (prune waves reversed, as gitops-engine does). */
  readonly wave: number;
  readonly action: 'create' | 'update' | 'prune' | 'left in place' | 'delete' | 'stays';
  readonly kind: string;
  /** `namespace/name` or `name`. */
  readonly name: string;
  readonly path: string;
  /** Why an object is left in place or stays (`Prune=false`, `Delete=false`, …). */
  readonly reason?: string;
}

/** Scheduled imports one cluster sends to one registry. */
export interface RegistryLoad {
  readonly registry: string;
  /** Scheduled tags (each is re-imported about every 15 minutes). */
  readonly tags: number;
  readonly requestsPerHour: number;
}

export interface ClusterForecast {
  readonly cluster: string;
  readonly environment: string;
  readonly change: 'added' | 'removed' | 'changed' | 'unchanged';
  /**
   * The short line above the summary, e.g. `every node drained, CRI-O reloaded (ImageTagMirrorSet … added)`;
   * undefined when nothing risky happens.
   */
  readonly risk?: string;
  readonly gates: readonly Gate[];
  readonly sync: readonly SyncStep[];
  readonly effects: readonly Effect[];
  readonly importsBefore: readonly RegistryLoad[];
  readonly importsAfter: readonly RegistryLoad[];
}

/** Requests per hour one registry receives from the whole fleet's scheduled imports. */
export interface FleetRegistryLoad {
  readonly registry: string;
  readonly before: number;
  readonly after: number;
}

export interface FleetForecast {
  /** Production first, as the diff orders clusters. */
  readonly clusters: readonly ClusterForecast[];
  /** Every registry scheduled imports reach, before and after; sorted by registry. */
  readonly registries: readonly FleetRegistryLoad[];
  /** Every gate any cluster triggers, in `GATES` order. */
  readonly gates: readonly Gate[];
}
