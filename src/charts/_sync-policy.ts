import { ApiObject } from 'cdk8s';
import { type IConstruct } from 'constructs';

/** Argo CD sync waves: what must exist before what. */
export const SYNC_WAVES = {
  namespacesAndRbac: 0,
  clusterConfiguration: 1,
  imageStreams: 2,
  templates: 3,
} as const;

interface SyncPolicy {
  readonly wave: number;
  /** A cluster singleton or a namespace other teams depend on: never pruned. */
  readonly prune?: false;
  /**
   * Kept when its Application is deleted with cascade (Argo CD's cascade deletion reads `Delete`,
   * never `Prune`): the cluster's registry configuration, whose loss breaks pulls on every node.
   */
  readonly delete?: false;
}

/** Keyed by `<group>/<kind>` (`core` for the core group). Every kind the compiler emits is listed. */
const POLICIES: Record<string, SyncPolicy> = {
  'core/Namespace': { wave: SYNC_WAVES.namespacesAndRbac, prune: false, delete: false },
  'rbac.authorization.k8s.io/Role': { wave: SYNC_WAVES.namespacesAndRbac },
  'rbac.authorization.k8s.io/RoleBinding': { wave: SYNC_WAVES.namespacesAndRbac },
  'core/ConfigMap': { wave: SYNC_WAVES.clusterConfiguration, delete: false },
  'config.openshift.io/Image': { wave: SYNC_WAVES.clusterConfiguration, prune: false, delete: false },
  'config.openshift.io/ImageDigestMirrorSet': { wave: SYNC_WAVES.clusterConfiguration, delete: false },
  'config.openshift.io/ImageTagMirrorSet': { wave: SYNC_WAVES.clusterConfiguration, delete: false },
  // Before the image streams: their first import needs the pull secret it creates.
  'external-secrets.io/ExternalSecret': { wave: SYNC_WAVES.clusterConfiguration },
  // Security controls: deleting the Application must not silently lift them.
  'config.openshift.io/ClusterImagePolicy': { wave: SYNC_WAVES.clusterConfiguration, delete: false },
  'config.openshift.io/ImagePolicy': { wave: SYNC_WAVES.clusterConfiguration },
  // Cluster configuration: the policy judges pods, not the objects this bundle creates.
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': { wave: SYNC_WAVES.clusterConfiguration, delete: false },
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': { wave: SYNC_WAVES.clusterConfiguration, delete: false },
  'samples.operator.openshift.io/Config': { wave: SYNC_WAVES.clusterConfiguration, prune: false, delete: false },
  'image.openshift.io/ImageStream': { wave: SYNC_WAVES.imageStreams },
  'template.openshift.io/Template': { wave: SYNC_WAVES.templates },
  'argoproj.io/ApplicationSet': { wave: SYNC_WAVES.namespacesAndRbac },
};

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core';
}

/**
 * Annotates every ApiObject under `scope` with its sync wave and its `Prune=false` / `Delete=false`
 * options, joined with `,` as argo-cd `gitops-engine/pkg/sync/resource/annotations.go`
 * `GetAnnotationCSVs` splits them.
 */
export function applySyncPolicy(scope: IConstruct): void {
  for (const child of scope.node.findAll()) {
    if (!ApiObject.isApiObject(child)) continue;
    const key = `${groupOf(child.apiVersion)}/${child.kind}`;
    const policy = POLICIES[key];
    if (!policy) throw new Error(`no sync policy for ${key}: add it to src/charts/_sync-policy.ts`);
    child.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(policy.wave));
    const options = [policy.prune === false ? 'Prune=false' : '', policy.delete === false ? 'Delete=false' : ''].filter(Boolean);
    if (options.length > 0) child.metadata.addAnnotation('argocd.argoproj.io/sync-options', options.join(','));
  }
}
