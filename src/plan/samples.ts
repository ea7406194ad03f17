import {
  type Catalog,
  type Cluster,
  findSamplesInventory,
  type LocatedName,
  SAMPLES_OPERATOR_ARCHITECTURES,
  samplesSettingsFor,
  type SamplesManagementState,
} from '../model';
import { compareStrings, getOrSet } from '../shared';
import type { ImageUse } from './cluster-plan';

/** Where the Samples Operator installs the samples. */
export const SAMPLES_NAMESPACE = 'openshift';

/** An object the catalog itself places in the `openshift` namespace, where the samples live. */
export interface ClaimedName {
  readonly kind: 'ImageStream' | 'Template';
  readonly name: string;
  /** Catalog location of the object. */
  readonly file: string;
  readonly field: string;
}

/** A sample skipped because the catalog places its own object under the sample's name. */
export interface AutoSkippedSample extends ClaimedName {
  /** Why it is skipped, for messages. */
  readonly reason: string;
  /** The keep-list entry it overrides, e.g. `keepImagestreams[3]`. @default - it was not kept */
  readonly keptAt?: string;
}

/** The Samples Operator `Config` of one cluster and how it was decided. */
export interface SamplesPlan {
  readonly managementState: SamplesManagementState;
  readonly managementStateField: string;
  /**
   * `spec.architectures`, in the operator's spelling: the cluster's first architecture only. The
   * inventory is per architecture, and on a cluster with several the image streams import manifest
   * lists (the default import mode of a multi-architecture payload), so every node finds its variant.
   */
  readonly architectures: readonly string[];
  /** @default - none: each kept image stream imports from the registry its own tags name (`importRegistries`) */
  readonly samplesRegistry?: string;
  readonly samplesRegistryField: string;
  /** Inventory image streams not kept, sorted. */
  readonly skippedImagestreams: readonly string[];
  /** Inventory templates not kept, sorted. */
  readonly skippedTemplates: readonly string[];
  /** Kept image streams the operator installs and updates, sorted. */
  readonly keptImagestreams: readonly string[];
  readonly keptTemplates: readonly string[];
  /** Samples skipped because the catalog places its own object under their name, by kind and name. */
  readonly autoSkipped: readonly AutoSkippedSample[];
  /** The inventory data file the lists come from. */
  readonly inventoryFile: string;
  /**
   * Where the kept image streams import from, by registry, sorted: `samplesRegistry` for all of them, or
   * when it is unset each stream's own registry from the inventory (the operator then rewrites nothing).
   */
  readonly importRegistries: readonly SamplesImportRegistry[];
}

export interface SamplesImportRegistry {
  /** `host[:port]`. */
  readonly registry: string;
  /** The kept image streams importing from it, sorted. */
  readonly imagestreams: readonly string[];
}

/**
 * Skipped lists = inventory minus keep-list, plus every sample whose name the catalog itself uses in
 * the `openshift` namespace (`claimed`): the operator would otherwise revert that object to its own.
 * Expects a catalog the model has validated (the cluster's release has an inventory).
 */
export function planSamples(catalog: Catalog, cluster: Cluster, claimed: readonly ClaimedName[]): SamplesPlan {
  // Without settings of its own, a cluster's plan is a function of the catalog (never changed after
  // loading), `claimed` (by identity: `planCluster` passes one frozen array per catalog), its release
  // and its first architecture: clusters with the same ones share one plan, which is read-only.
  if (Object.hasOwn(catalog.samples.clusters, cluster.name)) return samplesOf(catalog, cluster, claimed);
  const byClaimed = getOrSet(SHARED, catalog, () => new WeakMap<readonly ClaimedName[], Map<string, SamplesPlan>>());
  const byRelease = getOrSet(byClaimed, claimed, () => new Map<string, SamplesPlan>());
  const key = JSON.stringify([cluster.openshiftVersion, cluster.architectures[0]]);
  return getOrSet(byRelease, key, () => samplesOf(catalog, cluster, claimed));
}
const SHARED = new WeakMap<Catalog, WeakMap<readonly ClaimedName[], Map<string, SamplesPlan>>>();

function samplesOf(catalog: Catalog, cluster: Cluster, claimed: readonly ClaimedName[]): SamplesPlan {
  const settings = samplesSettingsFor(catalog.samples, cluster.name);
  const architecture = cluster.architectures[0];
  const inventory = findSamplesInventory(catalog.samplesInventories, cluster.openshiftVersion, architecture);
  if (!inventory)
    throw new Error(
      `no Samples Operator inventory for ${cluster.name} (OpenShift ${cluster.openshiftVersion}, ${architecture}); the model should have rejected it`,
    );

  const autoSkipped = [
    ...autoSkip('ImageStream', inventory.imagestreams, settings.keepImagestreams, claimed),
    ...autoSkip('Template', inventory.templates, settings.keepTemplates, claimed),
  ];
  const isAutoSkipped = (kind: ClaimedName['kind'], name: string) => autoSkipped.some((a) => a.kind === kind && a.name === name);
  const kept = (kind: ClaimedName['kind'], keep: readonly LocatedName[]) =>
    [...new Set(keep.map((k) => k.name))].filter((name) => !isAutoSkipped(kind, name)).sort(compareStrings);
  const keptImagestreams = kept('ImageStream', settings.keepImagestreams);
  const keptTemplates = kept('Template', settings.keepTemplates);

  return {
    managementState: settings.managementState,
    managementStateField: settings.managementStateField,
    architectures: [SAMPLES_OPERATOR_ARCHITECTURES[architecture]],
    ...(settings.samplesRegistry === undefined ? {} : { samplesRegistry: settings.samplesRegistry }),
    samplesRegistryField: settings.samplesRegistryField,
    skippedImagestreams: inventory.imagestreams.filter((n) => !keptImagestreams.includes(n)).sort(compareStrings),
    skippedTemplates: inventory.templates.filter((n) => !keptTemplates.includes(n)).sort(compareStrings),
    keptImagestreams,
    keptTemplates,
    autoSkipped,
    inventoryFile: inventory.file,
    importRegistries: importRegistries(keptImagestreams, (name) =>
      settings.samplesRegistry === undefined ? (inventory.imagestreamRegistries[name] ?? []) : [settings.samplesRegistry],
    ),
  };
}

function importRegistries(kept: readonly string[], registriesOf: (imagestream: string) => readonly string[]): SamplesImportRegistry[] {
  const byRegistry = new Map<string, string[]>();
  for (const name of kept) for (const registry of registriesOf(name)) byRegistry.set(registry, [...(byRegistry.get(registry) ?? []), name]);
  return [...byRegistry.keys()].sort(compareStrings).map((registry) => ({ registry, imagestreams: byRegistry.get(registry) ?? [] }));
}

function autoSkip(
  kind: ClaimedName['kind'],
  inventoryNames: readonly string[],
  keep: readonly LocatedName[],
  claimed: readonly ClaimedName[],
): AutoSkippedSample[] {
  const byName = new Map<string, ClaimedName>();
  for (const c of claimed) {
    if (c.kind === kind && inventoryNames.includes(c.name) && !byName.has(c.name)) byName.set(c.name, c);
  }
  return [...byName.values()]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((c) => {
      const keptAt = keep.find((k) => k.name === c.name)?.field;
      return {
        kind: c.kind,
        name: c.name,
        file: c.file,
        field: c.field,
        reason: `the catalog places its own ${kind} openshift/${c.name} (${c.file}: ${c.field})`,
        ...(keptAt === undefined ? {} : { keptAt }),
      };
    });
}

/**
 * The registries the Samples Operator imports the kept image streams from, while it manages the samples;
 * the registry rules check each is allowed and reachable.
 */
export function samplesImageUses(catalog: Catalog, samples: SamplesPlan | undefined): readonly ImageUse[] {
  if (samples?.managementState !== 'Managed') return NO_USES;
  // A function of the plan (read-only, shared by clusters) and the samples file: made once per plan.
  const byFile = getOrSet(IMAGE_USES, samples, () => new Map<string, readonly ImageUse[]>());
  return getOrSet(byFile, catalog.samplesFile, () => Object.freeze(imageUsesOf(catalog.samplesFile, samples)));
}
const IMAGE_USES = new WeakMap<SamplesPlan, Map<string, readonly ImageUse[]>>();
const NO_USES: readonly ImageUse[] = Object.freeze([]);

function imageUsesOf(samplesFile: string, samples: SamplesPlan): ImageUse[] {
  return samples.importRegistries.map(({ registry, imagestreams }) => ({
    image: registry,
    role: 'samples-registry',
    usedBy: `the Samples Operator, which imports the kept sample image streams ${imagestreams.join(', ')} (${imagestreams.length}) from it`,
    file: samplesFile,
    field: samples.samplesRegistryField,
    ...(samples.samplesRegistry === undefined ? { defaulted: true as const } : {}),
  }));
}
