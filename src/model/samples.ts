import { z } from 'zod';
import { closestNames, didYouMean } from './_closest';
import { crossField, dnsSubdomain, reportDuplicates } from './_schema';
import { type CatalogProblem, fieldPath } from './catalog-error';
import { type Architecture, type Fleet, hasSamplesOperator } from './fleet';
import { registryHost } from './registries';
import { findSamplesInventory, openshiftRelease, type SamplesInventory } from './samples-inventory';

/** `spec.managementState` values of the Samples Operator `Config` (its CRD also accepts `Force`, which it treats as Managed). */
export const SAMPLES_MANAGEMENT_STATES = ['Managed', 'Unmanaged', 'Removed'] as const;

/**
 * Image streams in the `openshift` namespace that come from the release payload: the cluster version
 * operator manages them and the cluster needs them. They are not samples.
 */
export const PAYLOAD_IMAGESTREAMS = [
  'cli',
  'cli-artifacts',
  'installer',
  'installer-artifacts',
  'must-gather',
  'oauth-proxy',
  'tests',
  'tools',
] as const;

/** The Samples Operator's spelling of each fleet architecture in `spec.architectures`. */
export const SAMPLES_OPERATOR_ARCHITECTURES: Readonly<Record<Architecture, string>> = {
  x86_64: 'x86_64',
  aarch64: 'arm64',
  ppc64le: 'ppc64le',
  s390x: 's390x',
};

const managementState = z.enum(SAMPLES_MANAGEMENT_STATES);
const names = z.array(dnsSubdomain);

const clusterSamplesSchema = z.strictObject({
  /** Replaces the fleet-wide `managementState` on this cluster. */
  managementState: managementState.optional(),
  /** Replaces the fleet-wide `samplesRegistry` on this cluster. */
  samplesRegistry: registryHost.optional(),
  /** Replaces the fleet-wide `keepImagestreams` on this cluster. */
  keepImagestreams: names.optional(),
  /** Replaces the fleet-wide `keepTemplates` on this cluster. */
  keepTemplates: names.optional(),
});

export const samplesSchema = z
  .strictObject({
    /**
     * `Managed`: the operator installs the kept samples and keeps them updated; `Unmanaged`: it leaves
     * everything as it is; `Removed`: it deletes the samples it manages. @default 'Managed'
     */
    managementState: managementState.default('Managed'),
    /**
     * Registry the operator imports every sample image from, in place of the registries the samples name
     * (registry.redhat.io, registry.access.redhat.com; a mirror, for disconnected clusters).
     * @default - none: each sample imports from the registry its tags name
     */
    samplesRegistry: registryHost.optional(),
    /** Sample image streams to keep; every other image stream of the inventory is skipped. */
    keepImagestreams: names,
    /** Sample templates to keep; every other template of the inventory is skipped. */
    keepTemplates: names,
    /** Per-cluster settings, keyed by cluster name; each field given replaces the fleet-wide one. @default {} */
    clusters: z.record(z.string(), clusterSamplesSchema).default({}),
  })
  // Entry by entry: reportDuplicates leaves out a name that failed, and a payload name is one that passed.
  .check(
    crossField([], (samples, ctx) => {
      const lists: Array<[PropertyKey[], readonly string[] | undefined, string]> = [
        [['keepImagestreams'], samples.keepImagestreams, 'image stream name'],
        [['keepTemplates'], samples.keepTemplates, 'template name'],
        ...Object.entries(samples.clusters).flatMap(([cluster, s]): Array<[PropertyKey[], readonly string[] | undefined, string]> => [
          [['clusters', cluster, 'keepImagestreams'], s.keepImagestreams, 'image stream name'],
          [['clusters', cluster, 'keepTemplates'], s.keepTemplates, 'template name'],
        ]),
      ];
      for (const [at, list, what] of lists) {
        if (!list) continue;
        reportDuplicates(
          list,
          (n) => n,
          ctx,
          (i) => [...at, i],
          what,
        );
        list.forEach((name, i) => {
          if (!(PAYLOAD_IMAGESTREAMS as readonly string[]).includes(name)) return;
          const expected =
            `a sample name; "${name}" is a payload image stream: the cluster ` +
            `version operator manages it, the cluster needs it, and it must ` +
            `stay in the openshift namespace`;
          ctx.addIssue({
            code: 'custom',
            path: [...at, i],
            message: expected,
            input: name,
            params: {
              expected,
              fix:
                `remove "${name}": the samples settings neither keep nor skip ` +
                `payload image streams (${PAYLOAD_IMAGESTREAMS.join(', ')}); ` +
                `they are always there`,
            },
          });
        });
      }
    }),
  );

/**
 * What the Samples Operator keeps in the `openshift` namespace, as written in `catalogs/samples.ts`
 * (`defineSamples`): the image streams and templates kept; every other sample is skipped.
 */
export type SamplesInput = z.input<typeof samplesSchema>;
export type Samples = z.output<typeof samplesSchema>;
export type SamplesManagementState = (typeof SAMPLES_MANAGEMENT_STATES)[number];
type ClusterSamples = z.output<typeof clusterSamplesSchema>;

/** Typed identity: gives editor completion and type checks in `catalogs/samples.ts`. */
export function defineSamples(samples: SamplesInput): SamplesInput {
  return samples;
}

/** A name as written in the samples file, with its field path. */
export interface LocatedName {
  readonly name: string;
  readonly field: string;
}

/** The samples settings in force on one cluster, each with the field it comes from. */
export interface ClusterSamplesSettings {
  readonly managementState: SamplesManagementState;
  readonly managementStateField: string;
  readonly samplesRegistry?: string;
  /** Where `samplesRegistry` is set, or would be set when it is not. */
  readonly samplesRegistryField: string;
  readonly keepImagestreams: readonly LocatedName[];
  readonly keepTemplates: readonly LocatedName[];
}

/** Fleet-wide settings with the cluster's overrides applied. */
export function samplesSettingsFor(samples: Samples, cluster: string): ClusterSamplesSettings {
  const override: ClusterSamples = Object.hasOwn(samples.clusters, cluster) ? samples.clusters[cluster] : {};
  const field = (key: keyof ClusterSamples) => (override[key] !== undefined ? fieldPath(['clusters', cluster, key]) : key);
  const located = (key: 'keepImagestreams' | 'keepTemplates'): LocatedName[] =>
    (override[key] ?? samples[key]).map((name, i) => ({ name, field: `${field(key)}[${i}]` }));
  return {
    managementState: override.managementState ?? samples.managementState,
    managementStateField: field('managementState'),
    samplesRegistry: override.samplesRegistry ?? samples.samplesRegistry,
    samplesRegistryField: field('samplesRegistry'),
    keepImagestreams: located('keepImagestreams'),
    keepTemplates: located('keepTemplates'),
  };
}

/**
 * Cross-file checks of the samples settings against the fleet and the Samples Operator inventories:
 * per-cluster settings name fleet clusters, every cluster's release has an inventory, and every kept
 * name is in that inventory.
 */
export function samplesProblems(
  samples: Samples,
  samplesFile: string,
  fleet: Fleet,
  fleetFile: string,
  inventories: readonly SamplesInventory[],
): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const clusterNames = fleet.clusters.map((c) => c.name);

  for (const name of Object.keys(samples.clusters).sort()) {
    const index = fleet.clusters.findIndex((c) => c.name === name);
    if (index !== -1 && !hasSamplesOperator(fleet.clusters[index])) {
      problems.push({
        file: samplesFile,
        field: fieldPath(['clusters', name]),
        expected:
          `samples settings for a cluster that runs the Samples Operator; ${fleetFile}: ` +
          `clusters[${index}].disabledCapabilities lists "openshift-samples", ` +
          `so ${name} has no Samples Operator and gets no samples Config`,
        received: `settings for ${JSON.stringify(name)}`,
        fix:
          `remove clusters.${name} from ${samplesFile}, or, if the capability ` +
          `has been enabled on ${name} since, remove "openshift-samples" ` +
          `from disabledCapabilities in ${fleetFile}`,
      });
      continue;
    }
    if (index !== -1) continue;
    problems.push({
      file: samplesFile,
      field: fieldPath(['clusters', name]),
      expected: `a cluster of ${fleetFile}: ${[...clusterNames].sort().join(', ')}`,
      received: JSON.stringify(name),
      fix: didYouMean(name, clusterNames, 'remove the entry'),
    });
  }

  // One problem per kept name and inventory, naming every cluster it fails on.
  const missing = new Map<
    string,
    {
      field: string;
      name: string;
      kind: string;
      inventory: SamplesInventory;
      inventoryNames: readonly string[];
      clusters: string[];
      releases: Set<string>;
    }
  >();
  fleet.clusters.forEach((cluster, index) => {
    // Without the Samples Operator, no inventory applies and nothing is kept.
    if (!hasSamplesOperator(cluster)) return;
    const architecture = cluster.architectures[0];
    const inventory = findSamplesInventory(inventories, cluster.openshiftVersion, architecture);
    const release = openshiftRelease(cluster.openshiftVersion);
    if (!inventory) {
      problems.push(noInventoryProblem(fleetFile, index, release, architecture, inventories));
      return;
    }
    const settings = samplesSettingsFor(samples, cluster.name);
    const check = (kept: readonly LocatedName[], inventoryNames: readonly string[], kind: string) => {
      for (const { name, field } of kept) {
        if (inventoryNames.includes(name)) continue;
        const key = `${field}\0${inventory.file}`;
        const entry = missing.get(key) ?? { field, name, kind, inventory, inventoryNames, clusters: [], releases: new Set<string>() };
        entry.clusters.push(cluster.name);
        entry.releases.add(release);
        missing.set(key, entry);
      }
    };
    check(settings.keepImagestreams, inventory.imagestreams, 'an image stream');
    check(settings.keepTemplates, inventory.templates, 'a template');
  });
  for (const m of missing.values()) {
    const suggestions = closestNames(m.name, m.inventoryNames)
      .map((n) => JSON.stringify(n))
      .join(', ');
    problems.push({
      file: samplesFile,
      field: m.field,
      expected:
        `${m.kind} the Samples Operator installs on OpenShift ${[...m.releases].sort().join(', ')} ` +
        `(${m.inventory.architecture}; clusters ${[...m.clusters].sort().join(', ')})`,
      received: `${JSON.stringify(m.name)}, which is not in ${m.inventory.file}`,
      fix: `did you mean ${suggestions}? Correct the name or remove it`,
    });
  }
  return problems;
}

function noInventoryProblem(
  fleetFile: string,
  index: number,
  release: string,
  architecture: Architecture,
  inventories: readonly SamplesInventory[],
): CatalogProblem {
  const known = inventories.flatMap((i) => i.openshiftReleases.map((r) => `${r} (${i.architecture})`)).sort();
  return {
    file: fleetFile,
    field: `clusters[${index}].openshiftVersion`,
    expected: `an OpenShift release with a Samples Operator inventory for the cluster's first architecture: ${known.join(', ') || 'none'}`,
    received: `"${release}" on ${architecture}`,
    fix:
      `add upstream/openshift/samples-inventory/releases/ocp-${architecture}-<commit>.json ` +
      `with openshiftReleases ["${release}"] and the names of ` +
      `assets/operator/ocp-${architecture}/*/{imagestreams,templates}/ ` +
      `in openshift/cluster-samples-operator on branch release-${release} ` +
      `(or add "${release}" to an existing file whose inventory is ` +
      `the same), and record its provenance in upstream/openshift/README.md`,
  };
}
