import { isDeepStrictEqual } from 'node:util';
import type { ManifestObject } from '../output';
import { annotationOption, at, groupKind, listOption, nameOf, stringsAt, SYNC_OPTIONS, waveOf } from './_objects';
import type { Bundle, SyncStep } from './types';

const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** How Argo CD treats one cluster's Application, as the ApplicationSet that generates it says. */
export interface ArgoSettings {
  /** `spec.syncPolicy.automated` is set: every commit is synced without a person. */
  readonly automated: boolean;
  readonly prune: boolean;
  readonly selfHeal: boolean;
  readonly syncOptions: readonly string[];
  /** The generated Application carries the resources finalizer: deleting it deletes its objects. */
  readonly cascade: boolean;
  /** The ApplicationSet deletes Applications whose element disappears. */
  readonly deletesApplications: boolean;
}

/** What Argo CD does when no ApplicationSet says otherwise (a bundle without `argocd/`): nothing automated. */
export const MANUAL: ArgoSettings = { automated: false, prune: false, selfHeal: false, syncOptions: [], cascade: false, deletesApplications: false };

/**
 * The settings of the Applications an ApplicationSet generates, read from the object generically
 * (other changes may add `preserveResourcesOnDeletion`, finalizers or sync options).
 */
export function argoSettings(applicationSet: ManifestObject | undefined): ArgoSettings {
  if (!applicationSet) return MANUAL;
  const template = at(applicationSet, 'spec.template');
  const automated = at(template, 'spec.syncPolicy.automated');
  const finalizers = stringsAt(template, 'metadata.finalizers');
  // argo-cd applicationset/utils/utils.go `RenderTemplateParams`: the resources finalizer is added
  // when the template has no finalizers and `preserveResourcesOnDeletion` is not set.
  const preserve = at(applicationSet, 'spec.syncPolicy.preserveResourcesOnDeletion') === true;
  const cascade = finalizers.length === 0 ? !preserve : finalizers.includes(RESOURCES_FINALIZER);
  // argo-cd applicationset/utils `DefaultPolicy(...).AllowDelete()`: `create-only` and `create-update` never delete.
  const policy = at(applicationSet, 'spec.syncPolicy.applicationsSync');
  return {
    automated: typeof automated === 'object' && automated !== null,
    prune: at(automated, 'prune') === true,
    selfHeal: at(automated, 'selfHeal') === true,
    syncOptions: stringsAt(template, 'spec.syncPolicy.syncOptions'),
    cascade,
    deletesApplications: policy !== 'create-only' && policy !== 'create-update',
  };
}

/** The cluster names an ApplicationSet's list generator has (`elements[].cluster`). */
export function applicationSetClusters(applicationSet: ManifestObject | undefined): string[] {
  const names: string[] = [];
  for (const generator of (at(applicationSet, 'spec.generators') as unknown[] | undefined) ?? []) {
    for (const element of (at(generator, 'list.elements') as unknown[] | undefined) ?? []) {
      const cluster = at(element, 'cluster');
      if (typeof cluster === 'string') names.push(cluster);
    }
  }
  return names;
}

/**
 * Why a live object is not pruned, or undefined when it is: gitops-engine `pkg/sync/sync_context.go`
 * `isPruningDisabled` reads `Prune=false` from the live object's annotation, else from the
 * Application's sync options; a sync without automated prune prunes nothing (`pruneObject`, "ignored (no prune)").
 */
function pruneBlocked(live: ManifestObject, settings: ArgoSettings): string | undefined {
  const option = annotationOption(live, SYNC_OPTIONS, 'Prune') ?? listOption(settings.syncOptions, 'Prune');
  if (option === 'false') return 'Prune=false';
  if (option === 'confirm') return 'Prune=confirm: waits for a person to confirm';
  if (!settings.prune) return 'automated prune is off';
  return undefined;
}

/**
 * Why a live object outlives its Application, or undefined when the deletion deletes it: argo-cd
 * `controller/appcontroller.go` `shouldBeDeleted` (the object's `Delete=false`, else the Application's
 * sync option; CRDs are never deleted).
 */
function deleteBlocked(live: ManifestObject, settings: ArgoSettings): string | undefined {
  const option = annotationOption(live, SYNC_OPTIONS, 'Delete') ?? listOption(settings.syncOptions, 'Delete');
  if (option === 'false') return 'Delete=false';
  if (live.kind === 'CustomResourceDefinition') return 'a CRD';
  return undefined;
}

/**
 * Argo CD's kind order within a wave (gitops-engine `pkg/sync/sync_tasks.go` `kindOrder`, after
 * `kubectl apply`'s): namespaces first, unknown kinds (custom resources) last.
 */
const KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** gitops-engine `syncTasks.Less`: wave, then kind, then name. */
function compareSteps(a: SyncStep, b: SyncStep): number {
  return a.wave - b.wave || kindRank(a.kind) - kindRank(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.path < b.path ? -1 : 1);
}

/**
 * Objects a cluster has before Argo CD applies anything, so that applying them on a cluster that
 * joins the fleet changes an existing object: the Image `cluster` ships in the release payload as a
 * create-only empty resource (openshift/api `payload-command/empty-resources/0000_05_config-operator_02_image.cr.yaml`),
 * and the Samples Operator creates its Config `cluster` when it starts (cluster-samples-operator
 * `pkg/stub/handler.go` `CreateDefaultResourceIfNeeded`).
 */
const PREEXISTING = new Set(['config.openshift.io/Image/cluster', 'samples.operator.openshift.io/Config/cluster']);

function preexists(object: ManifestObject): boolean {
  return !object.metadata.namespace && PREEXISTING.has(`${groupKind(object)}/${object.metadata.name}`);
}

/**
 * The tasks of one automated sync from `before` (what Argo CD applied last, and so what is live) to
 * `after`, in the order Argo CD runs them: gitops-engine `pkg/sync/sync_context.go` `getSyncTasks`
 * and `Sync` — created and changed objects in their wave; removed objects pruned in their live
 * wave, with the prune waves swapped end for end ("reverse of sync wave") and `PruneLast` last.
 * An object equal on both sides is no task.
 */
export function syncSteps(before: Bundle, after: Bundle, settings: ArgoSettings): SyncStep[] {
  const steps: SyncStep[] = [];
  const prunes: { step: Omit<SyncStep, 'wave'>; wave: number; last: boolean }[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])]) {
    const old = before.get(path);
    const now = after.get(path);
    if (now) {
      if (old && isDeepStrictEqual(old, now)) continue;
      steps.push({ wave: waveOf(now), action: old || preexists(now) ? 'update' : 'create', kind: now.kind, name: nameOf(now), path });
    } else if (old) {
      const blocked = pruneBlocked(old, settings);
      const step = {
        action: blocked ? ('left in place' as const) : ('prune' as const),
        kind: old.kind,
        name: nameOf(old),
        path,
        ...(blocked ? { reason: blocked } : {}),
      };
      if (blocked) steps.push({ ...step, wave: waveOf(old) });
      else
        prunes.push({
          step,
          wave: waveOf(old),
          last: annotationOption(old, SYNC_OPTIONS, 'PruneLast') === 'true' || listOption(settings.syncOptions, 'PruneLast') === 'true',
        });
    }
  }
  const waves = [...new Set(prunes.map((p) => p.wave))].sort((a, b) => a - b);
  const lastWave = Math.max(0, ...steps.map((s) => s.wave), ...prunes.map((p) => p.wave)) + 1;
  for (const prune of prunes) {
    const swapped = waves[waves.length - 1 - waves.indexOf(prune.wave)];
    steps.push({ ...prune.step, wave: prune.last ? lastWave : swapped });
  }
  return steps.sort(compareSteps);
}

/**
 * What happens to a cluster's objects when it leaves the fleet: the ApplicationSet controller deletes
 * its Application (argo-cd `applicationset/controllers/applicationset_controller.go` `deleteInCluster`,
 * unless the policy forbids deleting); with the resources finalizer, the application controller then
 * deletes every live object `shouldBeDeleted` allows, in reverse wave order
 * (`controller/appcontroller.go` `finalizeApplicationDeletion`, `controller/sort_delete.go`
 * `FilterObjectsForDeletion`); without it, every object stays. Deleting a namespace deletes what is
 * in it, whatever its own annotations say: the namespace controller calls `deleteCollection` (or
 * deletes each item) for every namespaced resource before it finalizes the namespace (kubernetes
 * `pkg/controller/namespace/deletion/namespaced_resources_deleter.go` `Delete` → `deleteAllContent`).
 */
export function removalSteps(before: Bundle, settings: ArgoSettings): SyncStep[] {
  const steps: SyncStep[] = [];
  const deletedNamespaces = new Set<string>();
  if (settings.deletesApplications && settings.cascade) {
    for (const object of before.values()) {
      if (groupKind(object) === 'core/Namespace' && !deleteBlocked(object, settings)) deletedNamespaces.add(object.metadata.name);
    }
  }
  for (const [path, object] of before) {
    const base = { wave: waveOf(object), kind: object.kind, name: nameOf(object), path };
    if (!settings.deletesApplications)
      steps.push({ ...base, action: 'stays', reason: 'the ApplicationSet does not delete Applications (applicationsSync)' });
    else if (!settings.cascade)
      steps.push({ ...base, action: 'stays', reason: 'the Application has no resources finalizer (preserveResourcesOnDeletion)' });
    else {
      const blocked = deleteBlocked(object, settings);
      const namespace = object.metadata.namespace;
      if (blocked && namespace && deletedNamespaces.has(namespace))
        steps.push({ ...base, action: 'delete', reason: `its namespace ${namespace} is deleted` });
      else if (blocked) steps.push({ ...base, action: 'stays', reason: blocked });
      else steps.push({ ...base, action: 'delete' });
    }
  }
  // Deletion runs from the highest wave down.
  return steps.map((s) => ({ ...s, wave: s.wave })).sort((a, b) => b.wave - a.wave || compareSteps(a, b));
}
