import type { ClusterPlan } from '../plan';
import { mirroringNeeds } from '../policy';
import { manifestFile } from './serialize';

/** Where a cluster's oc-mirror configuration goes: beside dist/<cluster>/, never inside it (Argo CD applies that folder). */
export function imageSetConfigurationPath(cluster: string): string {
  return `reports/${cluster}/imageset-configuration.yaml`;
}

/**
 * The oc-mirror (v2) `ImageSetConfiguration` of a disconnected cluster: exactly the images its
 * catalog needs that reach it through a mirror rule, so the mirroring job and the cluster's
 * mirror sets come from the same catalog.
 */
export function imageSetConfiguration(plan: ClusterPlan): object {
  return {
    kind: 'ImageSetConfiguration',
    apiVersion: 'mirror.openshift.io/v2alpha1',
    mirror: { additionalImages: mirroringNeeds(plan).toMirror.map((name) => ({ name })) },
  };
}

/** One file per disconnected cluster: output path → bytes, each made by `serialize` (the render's, which makes each distinct text once). */
export function imageSetConfigurationFiles(
  plans: readonly ClusterPlan[],
  serialize: (object: unknown) => string = manifestFile,
): Map<string, string> {
  return new Map(
    plans
      .filter((plan) => plan.registries.disconnected)
      .map((plan) => [imageSetConfigurationPath(plan.cluster.name), serialize(imageSetConfiguration(plan))]),
  );
}
