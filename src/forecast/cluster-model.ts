import type { ManifestObject } from '../output';
import { nameOf } from './_objects';
import type { ArgoSettings } from './argocd';
import { forecastCluster } from './forecast';
import { imageStreams, isScheduled, tagsOf, type TagReference } from './image-streams';
import type { Bundle, ClusterFacts, ClusterForecast } from './types';

/**
 * A model of one cluster's state as successive bundles reach it, for lifecycle tests and what-if
 * questions: the objects on it (managed by Argo CD or left behind), what its nodes went through,
 * the image each image stream tag resolves to, and the changes operators refused. Every transition
 * is read from the forecast, so the model and the forecast cannot disagree.
 */
export interface LiveCluster {
  readonly facts: ClusterFacts;
  /** Objects on the cluster by path; `managed` false once Argo CD no longer manages one. */
  readonly objects: ReadonlyMap<string, { readonly object: ManifestObject; readonly managed: boolean }>;
  /** What Argo CD applied last, undefined before the first sync and after the cluster left the fleet. */
  readonly applied?: Bundle;
  readonly nodes: { readonly drains: number; readonly reboots: number; readonly crioReloads: number };
  /** `namespace/stream:tag` → the image its status resolves to. */
  readonly tags: ReadonlyMap<string, string>;
  readonly refused: readonly string[];
  /** Every forecast applied so far, oldest first. */
  readonly history: readonly ClusterForecast[];
}

/** The image a registry serves for a DockerImage reference, or for `namespace/stream:tag` of the cluster's other namespaces. */
export type Registry = (reference: string) => string | undefined;

export function newCluster(facts: ClusterFacts): LiveCluster {
  return { facts, objects: new Map(), nodes: { drains: 0, reboots: 0, crioReloads: 0 }, tags: new Map(), refused: [], history: [] };
}

function tagKey(stream: ManifestObject, tag: string): string {
  return `${nameOf(stream)}:${tag}`;
}

/** An ImageStreamTag of the same stream, written `<tag>` or `<stream>:<tag>` without a namespace. */
function sameStreamTag(stream: ManifestObject, tag: TagReference): string | undefined {
  if (tag.from?.kind !== 'ImageStreamTag' || (tag.from.namespace && tag.from.namespace !== stream.metadata.namespace)) return undefined;
  const [name, target] = tag.from.name.includes(':') ? tag.from.name.split(':') : [stream.metadata.name, tag.from.name];
  return name === stream.metadata.name ? target : undefined;
}

/**
 * Resolves the spec tags of `stream` that are new or whose source changed since `old`, as
 * openshift-apiserver `strategy.go` `tagsChanged` does on create and update (DockerImage tags through
 * the import, other namespaces' ImageStreamTags at once); tags of the same stream follow their target
 * (`UpdateTrackingTags`). A tag removed from the spec keeps its status (`prepareForUpdate`).
 */
function resolveStream(tags: Map<string, string>, stream: ManifestObject, old: ManifestObject | undefined, registry: Registry): void {
  const before = new Map(tagsOf(old).map((t) => [t.name, t]));
  const changed = tagsOf(stream).filter((t) => JSON.stringify(before.get(t.name)?.from) !== JSON.stringify(t.from));
  for (const tag of changed) {
    if (!tag.from || sameStreamTag(stream, tag)) continue;
    const reference = tag.from.kind === 'DockerImage' ? tag.from.name : `${tag.from.namespace ?? stream.metadata.namespace}/${tag.from.name}`;
    const image = registry(reference);
    if (image !== undefined) tags.set(tagKey(stream, tag.name), image);
  }
  followTrackingTags(tags, stream);
}

/** openshift-apiserver `internal/imageutil/helpers.go` `UpdateTrackingTags`: same-stream ImageStreamTag tags take their target's image. */
function followTrackingTags(tags: Map<string, string>, stream: ManifestObject): void {
  for (const tag of tagsOf(stream)) {
    const target = sameStreamTag(stream, tag);
    const image = target === undefined ? undefined : tags.get(tagKey(stream, target));
    if (image !== undefined) tags.set(tagKey(stream, tag.name), image);
  }
}

/** The cluster after Argo CD syncs `next` (undefined: the cluster leaves the fleet) and the operators react. */
export function applyBundle(
  live: LiveCluster,
  next: Bundle | undefined,
  argo: { readonly before: ArgoSettings; readonly after: ArgoSettings },
  registry: Registry,
): LiveCluster {
  const forecast = forecastCluster(live.facts, live.applied, next, argo);
  const objects = new Map(live.objects);
  const tags = new Map(live.tags);
  for (const step of forecast.sync) {
    const current = objects.get(step.path)?.object ?? live.applied?.get(step.path);
    switch (step.action) {
      case 'create':
      case 'update': {
        const object = next!.get(step.path)!;
        objects.set(step.path, { object, managed: true });
        if (object.kind === 'ImageStream') resolveStream(tags, object, step.action === 'update' ? current : undefined, registry);
        break;
      }
      case 'prune':
      case 'delete':
        objects.delete(step.path);
        if (current?.kind === 'ImageStream') for (const key of [...tags.keys()]) if (key.startsWith(`${nameOf(current)}:`)) tags.delete(key);
        break;
      case 'left in place':
      case 'stays':
        if (current) objects.set(step.path, { object: current, managed: false });
        break;
    }
  }
  const gates = new Set(forecast.gates);
  const nodes = {
    drains: live.nodes.drains + (gates.has('drain') || gates.has('reboot') ? 1 : 0),
    reboots: live.nodes.reboots + (gates.has('reboot') ? 1 : 0),
    crioReloads: live.nodes.crioReloads + (gates.has('drain') || gates.has('crio-reload') ? 1 : 0),
  };
  const refused = [...live.refused, ...forecast.effects.filter((e) => e.gate === 'refused').map((e) => e.text)];
  return { facts: live.facts, objects, ...(next ? { applied: next } : {}), nodes, tags, refused, history: [...live.history, forecast] };
}

/**
 * One round of scheduled imports (openshift-controller-manager `scheduled_image_controller.go`): every
 * scheduled DockerImage tag of every image stream on the cluster, managed or left behind, takes what
 * the registry serves now, and same-stream tags follow. Nothing else changes: no commit is involved.
 */
export function runScheduledImports(live: LiveCluster, registry: Registry): LiveCluster {
  const tags = new Map(live.tags);
  const streams = imageStreams(new Map([...live.objects].map(([path, o]) => [path, o.object])));
  for (const stream of streams.values()) {
    for (const tag of tagsOf(stream)) {
      const image = isScheduled(tag) ? registry(tag.from!.name) : undefined;
      if (image !== undefined) tags.set(tagKey(stream, tag.name), image);
    }
    followTrackingTags(tags, stream);
  }
  return { ...live, tags };
}
