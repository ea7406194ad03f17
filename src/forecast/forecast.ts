import { isDeepStrictEqual } from 'node:util';
import { nameOf, plural } from './_objects';
import { type ArgoSettings, removalSteps, syncSteps } from './argocd';
import { feedsNodes, forecastNodes, hasCertificateWriter, type NodeForecast } from './machine-config';
import { forecastImageStreams, forecastTemplates, scheduledImports } from './image-streams';
import { forecastSamples } from './samples-operator';
import {
  type Bundle,
  type ClusterFacts,
  type ClusterForecast,
  type Effect,
  type FleetForecast,
  type FleetRegistryLoad,
  type Gate,
  GATES,
  type SyncStep,
} from './types';
import { compareStrings } from '../shared';

const EMPTY: Bundle = new Map();

/** `its namespace bcgov, 8 image streams, 2 templates, 1 RoleBinding and cluster settings (Image cluster, Config cluster)`. */
export function describeObjects(steps: readonly SyncStep[]): string {
  const parts: string[] = [];
  const namespaces = steps.filter((s) => s.kind === 'Namespace').map((s) => s.name);
  if (namespaces.length > 0) parts.push(`its ${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${namespaces.join(', ')}`);
  const namespaced = new Map<string, number>();
  const clusterScoped: string[] = [];
  for (const step of steps) {
    if (step.kind === 'Namespace') continue;
    if (step.name.includes('/')) namespaced.set(step.kind, (namespaced.get(step.kind) ?? 0) + 1);
    else clusterScoped.push(`${step.kind} ${step.name}`);
  }
  const words: Record<string, string> = { ImageStream: 'image stream', Template: 'template' };
  for (const [kind, count] of [...namespaced].sort(([a], [b]) => compareStrings(a, b))) parts.push(plural(count, words[kind] ?? kind));
  if (clusterScoped.length > 0) parts.push(`cluster settings (${clusterScoped.join(', ')})`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function nodeEffect(nodes: NodeForecast, causes: readonly string[], rules: string, openshiftVersion: string | undefined): Effect | undefined {
  const why = causes.length > 0 ? ` (${causes.join(', ')})` : '';
  const may = rules === 'node disruption policies' ? '; a MachineConfiguration nodeDisruptionPolicy of the cluster may change this' : '';
  const actor = 'Machine Config Operator' as const;
  switch (nodes.action) {
    case 'reboot':
      return { actor, gate: 'reboot', text: `every node drained and rebooted${why}${may}` };
    case 'drain':
      return { actor, gate: 'drain', text: `every node drained, CRI-O reloaded${why}${may}` };
    case 'crio-reload':
      return { actor, gate: 'crio-reload', text: `CRI-O reloaded on every node, no drain${why}${may}` };
    case 'certificates':
      if (!hasCertificateWriter(openshiftVersion))
        return {
          actor,
          may: true,
          text: `registry CAs change${why}: this release predates the MCO's certificate writer (4.14), so nodes may be drained and rebooted`,
        };
      return { actor, text: `registry CAs written to every node, no drain or reboot${why}` };
    case 'none':
      return undefined;
  }
}

/** `ImageTagMirrorSet mirror-quay.io added`: the objects behind a node change. */
function nodeCauses(before: Bundle, after: Bundle): string[] {
  const causes: string[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(path);
    const now = after.get(path);
    const object = now ?? old!;
    const feeds = feedsNodes(object) || (object.kind === 'ConfigMap' && object.metadata.namespace === 'openshift-config');
    if (!feeds || isDeepStrictEqual(old, now)) continue;
    causes.push(`${object.kind} ${nameOf(object)} ${!old ? 'added' : !now ? 'removed' : 'changed'}`);
  }
  return causes;
}

function gatesOf(effects: readonly Effect[], extra: readonly Gate[] = []): Gate[] {
  const gates = new Set<Gate>([...extra, ...effects.flatMap((e) => (e.gate ? [e.gate] : []))]);
  return GATES.filter((g) => gates.has(g));
}

/**
 * The forecast for one cluster: `before` is what Argo CD applied last (undefined for a new cluster),
 * `after` what it will apply (undefined for a cluster that leaves the fleet); `argo` the Application's
 * settings on each side.
 */
export function forecastCluster(
  facts: ClusterFacts,
  before: Bundle | undefined,
  after: Bundle | undefined,
  argo: { readonly before: ArgoSettings; readonly after: ArgoSettings },
): ClusterForecast {
  const base = {
    cluster: facts.name,
    environment: facts.environment,
    importsBefore: scheduledImports(before ?? EMPTY),
    importsAfter: scheduledImports(after ?? EMPTY),
  };
  if (!after) {
    const steps = removalSteps(before ?? EMPTY, argo.before);
    const stays = steps.filter((s) => s.action === 'stays');
    const deleted = steps.filter((s) => s.action === 'delete');
    const effects: Effect[] = [];
    const may = !isDeepStrictEqual(argo.before, argo.after)
      ? ' (the ApplicationSet changes in the same commit: whether the Application still has the resources ' +
        'finalizer when it is deleted may differ)'
      : '';
    if (deleted.length > 0) effects.push({ actor: 'Argo CD', gate: 'prune', text: `deletes ${describeObjects(deleted)}${may}` });
    if (stays.length > 0)
      effects.push({
        actor: 'Argo CD',
        text:
          `leaves ${describeObjects(stays)} on the cluster, no longer ` + `managed (${[...new Set(stays.map((s) => s.reason))].join('; ')})${may}`,
      });
    const stayingBundle: Bundle = new Map(stays.map((s) => [s.path, before!.get(s.path)!]));
    const importsAfter = scheduledImports(stayingBundle);
    // Image streams that stay keep their scheduled tags: the import controller runs on the cluster, not in Argo CD.
    if (importsAfter.length > 0)
      effects.push({
        actor: 'image streams',
        text:
          `scheduled imports of the image streams that stay go on (${importsAfter.map((l) => `${l.tags} tags from ${l.registry}`).join(', ')}), ` +
          `no longer updated from git`,
      });
    const stay = stays.length > 0 ? `${describeObjects(stays)} stay on the cluster` : 'nothing stays on the cluster';
    const risk = `removed from the fleet; ${stay}${deleted.length > 0 ? `; Argo CD deletes ${describeObjects(deleted)}` : ''}`;
    return { ...base, importsAfter, change: 'removed', risk, gates: gatesOf(effects, ['removal']), sync: steps, effects };
  }
  const old = before ?? EMPTY;
  const settings = argo.after;
  const sync = syncSteps(old, after, settings);
  const effects: Effect[] = [];
  if (!settings.automated && sync.length > 0)
    effects.push({ actor: 'Argo CD', text: 'no automated sync: nothing is applied until someone syncs the Application' });
  const prunedSteps = sync.filter((s) => s.action === 'prune');
  const leftSteps = sync.filter((s) => s.action === 'left in place');
  if (settings.automated && prunedSteps.length > 0)
    effects.push({ actor: 'Argo CD', gate: 'prune', text: `deletes ${describeObjects(prunedSteps)}` });
  if (leftSteps.length > 0)
    effects.push({
      actor: 'Argo CD',
      text: `leaves ${describeObjects(leftSteps)} on the cluster, no longer ` + `in git (${[...new Set(leftSteps.map((s) => s.reason))].join('; ')})`,
    });

  const nodes = forecastNodes(old, after, facts.openshiftVersion);
  const decided = nodeEffect(nodes, nodeCauses(old, after), nodes.rules, facts.openshiftVersion);
  // A cluster joining the fleet already has image settings of its own, which the catalog does not know.
  const node =
    decided && !before && decided.gate
      ? {
          ...decided,
          may: true as const,
          text: decided.text
            .replace(/^every node/, 'every node may be')
            .replace(/(\))(;|$)/, '$1, depending on the image settings the cluster has now$2'),
        }
      : decided;
  if (node) effects.push(node);
  effects.push(...forecastSamples(old, after));
  effects.push(...forecastImageStreams(old, after, new Set(settings.automated ? prunedSteps.map((s) => s.path) : [])));
  effects.push(...forecastTemplates(old, after));

  const change = !before ? 'added' : sync.length > 0 ? 'changed' : 'unchanged';
  const gates = gatesOf(effects);
  const riskParts: string[] = [];
  if (change === 'added') {
    const created = sync.filter((s) => s.action === 'create');
    const updated = sync.filter((s) => s.action === 'update');
    const changes = updated.length > 0 ? `changes the existing ${describeObjects(updated)}` : '';
    riskParts.push(
      `joins the fleet: Argo CD ${created.length > 0 ? `creates ${describeObjects(created)}${changes ? `, and ${changes}` : ''}` : changes}`,
    );
  }
  if (node && node.gate) riskParts.push(node.text.replace(/; a MachineConfiguration.*$/, ''));
  // Tags removed from a stream that stays; a stream deleted outright is in the Argo CD part of the line.
  const removedTags = effects.filter((e) => e.gate === 'tag-removal' && e.text.startsWith('tag `')).map((e) => /`([^`]+)`/.exec(e.text)![1]);
  if (removedTags.length > 0) riskParts.push(`tag${removedTags.length === 1 ? '' : 's'} removed: ${removedTags.join(', ')}`);
  if (settings.automated && prunedSteps.length > 0) riskParts.push(`Argo CD deletes ${describeObjects(prunedSteps)}`);
  for (const e of effects) if (e.gate === 'samples-removal' || e.gate === 'refused') riskParts.push(`Samples Operator ${e.text}`);
  return { ...base, change, ...(riskParts.length > 0 ? { risk: riskParts.join('; ') } : {}), gates, sync, effects };
}

/** Requests per hour each registry receives from the fleet's scheduled imports, before and after. */
function fleetLoad(clusters: readonly ClusterForecast[]): FleetRegistryLoad[] {
  const load = new Map<string, { before: number; after: number }>();
  for (const c of clusters) {
    for (const l of c.importsBefore)
      load.set(l.registry, { before: (load.get(l.registry)?.before ?? 0) + l.requestsPerHour, after: load.get(l.registry)?.after ?? 0 });
    for (const l of c.importsAfter)
      load.set(l.registry, { before: load.get(l.registry)?.before ?? 0, after: (load.get(l.registry)?.after ?? 0) + l.requestsPerHour });
  }
  return [...load].sort(([a], [b]) => compareStrings(a, b)).map(([registry, l]) => ({ registry, ...l }));
}

export interface FleetBundles {
  /** Cluster → bundle at the base (what Argo CD applied) and in the working tree. */
  readonly before: ReadonlyMap<string, Bundle>;
  readonly after: ReadonlyMap<string, Bundle>;
  readonly argo: { readonly before: ArgoSettings; readonly after: ArgoSettings };
  /** Facts per cluster; the order of this list is the order of the forecast (production first). */
  readonly clusters: readonly ClusterFacts[];
}

/** The forecast of every cluster of either side. */
export function forecastFleet(bundles: FleetBundles): FleetForecast {
  const clusters = bundles.clusters.map((facts) =>
    forecastCluster(facts, bundles.before.get(facts.name), bundles.after.get(facts.name), bundles.argo),
  );
  return { clusters, registries: fleetLoad(clusters), gates: GATES.filter((g) => clusters.some((c) => c.gates.includes(g))) };
}
