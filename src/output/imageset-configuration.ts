import type { ClusterPlan } from '../plan';
import { mirroringNeeds } from '../policy';
import { getOrSet } from '../shared';
import { GENERATED_HEADER, toYaml } from './serialize';

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

/** One file per disconnected cluster: output path → bytes. Clusters that need the same images share one text, serialized once. */
export function imageSetConfigurationFiles(plans: readonly ClusterPlan[]): Map<string, string> {
  const texts = new Map<string, string>();
  return new Map(
    plans
      .filter((plan) => plan.registries.disconnected)
      .map((plan) => {
        const configuration = imageSetConfiguration(plan);
        const json = JSON.stringify(configuration);
        return [imageSetConfigurationPath(plan.cluster.name), getOrSet(texts, json, () => GENERATED_HEADER + toYaml(configuration))];
      }),
  );
}
