import { type Catalog, type Cluster, hasSamplesOperator } from '../model';
import { compareStrings, getOrSet, memoByIdentity } from '../shared';
import { type ClaimedName, planSamples, SAMPLES_NAMESPACE, samplesImageUses, type SamplesPlan } from './samples';
import { imageStreamImageUses, type ImageStreamPlan, planImageStreams } from './images';
import { type ClusterRegistries, planRegistries } from './registries';
import { planTemplates, templateImageUses, type TemplatePlan } from './templates';
import { builderImageUses, builderImagesInOpenshift, planBuilderImages, type TrackedImageStreamPlan } from './builder-images';
import { type AdmissionPlan, planAdmission, planSignatures, type SignaturePlan } from './admission';

/**
 * An image or registry a cluster will import from or pull from because of the catalog.
 * Each capability's plan adds its own; the registry rules check all of them against the
 * cluster's registry policy and mirrors.
 */
export interface ImageUse {
  /** `registry/repository[:tag|@digest]`, or a bare registry host for `samples-registry`. */
  readonly image: string;
  /**
   * `imagestream-tag`: an ImageStream tag imports it (needs import and pull permission);
   * `samples-registry`: the Samples Operator imports kept samples from this registry (a bare host);
   * `workload`: a pod pulls it directly (needs pull permission).
   */
  readonly role: 'imagestream-tag' | 'samples-registry' | 'workload';
  /** What uses it, for messages, e.g. `ImageStream bcgov/patroni tag 1.2.0`. */
  readonly usedBy: string;
  /** Catalog location that causes it. */
  readonly file: string;
  readonly field: string;
  /** `samples-registry` only: `samplesRegistry` is not set, and `image` is a registry the samples' own tags name. */
  readonly defaulted?: true;
}

/** Everything one cluster receives, decided from the catalog. Pure data: no cdk8s, no I/O. */
export interface ClusterPlan {
  readonly cluster: Cluster;
  /** Namespace of the curated images, readable by every authenticated user. */
  readonly curatedNamespace: string;
  /** Every image and registry this cluster depends on, in a stable order. */
  readonly imageUses: readonly ImageUse[];
  /**
   * The Samples Operator `Config`: what the `openshift` namespace holds.
   * @default - none: the cluster's `openshift-samples` capability is disabled, so no operator would read one
   */
  readonly samples?: SamplesPlan;
  /** The curated images as ImageStreams of this cluster, by name. */
  readonly imageStreams: readonly ImageStreamPlan[];
  /** The cluster's registry policy and mirrors (fleet policy merged with the cluster's override). */
  readonly registries: ClusterRegistries;
  /** Templates published on the cluster, in catalog file order. */
  readonly templates: readonly TemplatePlan[];
  /** Images tracked from upstream registries (catalogs/builders/), by namespace and name. */
  readonly builderImages: readonly TrackedImageStreamPlan[];
  /** What production namespaces may run (production clusters with `admission.ts` only). */
  readonly admission?: AdmissionPlan;
  /** The curated images' signature policy (clusters whose release serves ClusterImagePolicy v1). */
  readonly signatures?: SignaturePlan;
}

export function planCluster(catalog: Catalog, cluster: Cluster): ClusterPlan {
  const imageStreams = planImageStreams(catalog, cluster);
  const templates = planTemplates(catalog.templates, cluster);
  const samples = hasSamplesOperator(cluster) ? planSamples(catalog, cluster, claimedInOpenshiftNamespace(catalog)) : undefined;
  const builderImages = planBuilderImages(catalog, cluster);
  return {
    cluster,
    curatedNamespace: catalog.fleet.curatedNamespace,
    imageUses: joinedUses([
      imageStreamImageUses(imageStreams),
      samplesImageUses(catalog, samples),
      templateImageUses(templates),
      builderImageUses(builderImages),
    ]),
    ...(samples === undefined ? {} : { samples }),
    imageStreams,
    registries: planRegistries(catalog, cluster, imageStreams),
    templates,
    builderImages,
    admission: planAdmission(catalog, cluster, imageStreams),
    signatures: planSignatures(catalog, cluster),
  };
}

type ImageUseParts = readonly [readonly ImageUse[], readonly ImageUse[], readonly ImageUse[], readonly ImageUse[]];

/**
 * The parts one after the other. Each part is a frozen array clusters share (each capability's plan
 * makes one per distinct input), so the result is made once per distinct tuple of parts, by identity.
 */
function joinedUses(parts: ImageUseParts): readonly ImageUse[] {
  const [first, second, third, fourth] = parts;
  const level1 = getOrSet(JOINED, first, () => new WeakMap());
  const level2 = getOrSet(level1, second, () => new WeakMap());
  const level3 = getOrSet(level2, third, () => new WeakMap());
  return getOrSet(level3, fourth, () => Object.freeze(parts.flat()));
}
type UsesBy<V> = WeakMap<readonly ImageUse[], V>;
const JOINED: UsesBy<UsesBy<UsesBy<UsesBy<readonly ImageUse[]>>>> = new WeakMap();

/** What the catalog itself places in the `openshift` namespace, which the Samples Operator must leave alone. */
// A function of the catalog (never changed after loading), asked once per cluster.
const claimedInOpenshiftNamespace = memoByIdentity((catalog: Catalog): readonly ClaimedName[] => Object.freeze(claimedIn(catalog)));

function claimedIn(catalog: Catalog): ClaimedName[] {
  return [
    ...catalog.images
      .filter((i) => i.namespace === SAMPLES_NAMESPACE)
      .map((i): ClaimedName => ({ kind: 'ImageStream', name: i.name, file: i.file, field: 'name' })),
    ...catalog.templates
      .filter((t) => t.namespace === SAMPLES_NAMESPACE)
      .map((t): ClaimedName => ({ kind: 'Template', name: t.name, file: t.file, field: 'name' })),
    ...builderImagesInOpenshift(catalog.builderImages).map((i): ClaimedName => ({ kind: 'ImageStream', name: i.name, file: i.file, field: 'name' })),
  ];
}

/** One plan per cluster, in cluster-name order (the order of everything downstream). */
export function planFleet(catalog: Catalog): ClusterPlan[] {
  return [...catalog.fleet.clusters].sort((a, b) => compareStrings(a.name, b.name)).map((cluster) => planCluster(catalog, cluster));
}
