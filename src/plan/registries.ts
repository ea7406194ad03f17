import type { Catalog, Cluster, ExternalSecretSource, MirrorRule, MirrorSourcePolicy, PolicyField, RegistryLocation, RegistryPolicy } from '../model';
import { POLICY_FIELDS } from '../model';
import { compareStrings, getOrSet, memoByIdentity } from '../shared';
import type { ImageStreamPlan } from './images';

/** One mirror rule of a mirror set, with the catalog location it comes from. */
export interface PlannedMirror {
  readonly source: string;
  /** Most preferred first. */
  readonly mirrors: readonly string[];
  /** Absent for rules converted from an ImageContentSourcePolicy (which has no such field). */
  readonly mirrorSourcePolicy?: MirrorSourcePolicy;
  readonly file: string;
  readonly field: string;
}

/** One `ImageDigestMirrorSet` or `ImageTagMirrorSet` to emit. */
export interface MirrorSet {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly rules: readonly PlannedMirror[];
  /** The registry policy file, or the ICSP file it was converted from. */
  readonly file: string;
}

export interface TrustedCA {
  /** `host[:port]`. */
  readonly registry: string;
  /** One or more PEM certificates. */
  readonly pem: string;
}

/**
 * The pull secret one namespace needs for the imports from one registry. Image imports use the
 * `kubernetes.io/dockercfg` and `kubernetes.io/dockerconfigjson` Secrets of the stream's namespace
 * (openshift-apiserver `imagestreamimport` REST `Create` → `imagestreams/secrets` →
 * `imagesecret` REST `Get`), plus the node's own credentials.
 */
export interface NamespacePullSecret {
  /** `host[:port]` of the registry imported from. */
  readonly registry: string;
  /** The namespace whose Secrets the imports use. */
  readonly namespace: string;
  /** The registry is in `registriesRequiringCredentials`. */
  readonly required: boolean;
  /** Every import from the registry in the namespace, e.g. `ImageStream bcgov/nginx tag 1.2.0`, sorted. */
  readonly usedBy: readonly string[];
  /** How the Secret gets there; absent when the cluster's policy has no `pullSecrets` entry for the registry. */
  readonly secret?: {
    readonly secretName: string;
    /** Where the entry is written, e.g. `pullSecrets["artifacts.example.com"]`. */
    readonly field: string;
    readonly externalSecret?: ExternalSecretSource;
    readonly provisionedOutOfBand?: string;
  };
}

/**
 * The registry policy one cluster gets: the fleet policy with the cluster's override applied
 * (each field the override sets replaces the fleet's), lists sorted, mirrors grouped into sets.
 */
export interface ClusterRegistries {
  /** The registry policy file, e.g. `catalogs/registries.ts`. */
  readonly file: string;
  /** Where each field's value was written, e.g. `allowedRegistries` or `clusters.gold.allowedRegistries`. */
  readonly fields: Readonly<Record<PolicyField, string>>;
  /** The cluster's internal registry, `host[:port]`. */
  readonly internalRegistry: string;
  readonly disconnected: boolean;
  /** Sorted by domain name; empty: any registry may be imported from. */
  readonly allowedRegistriesForImport: readonly RegistryLocation[];
  /** Sorted; empty: not set. */
  readonly allowedRegistries: readonly string[];
  /** Sorted; empty: not set. */
  readonly blockedRegistries: readonly string[];
  /** Sorted. */
  readonly insecureRegistries: readonly string[];
  /** In search order. */
  readonly containerRuntimeSearchRegistries: readonly string[];
  /** Sorted by registry. */
  readonly additionalTrustedCAs: readonly TrustedCA[];
  /** Insecure registry → reason it is accepted on a prod cluster. */
  readonly insecureWaivers: Readonly<Record<string, string>>;
  /** From the policy's `imageDigestMirrors` (one set per source host) and from ICSP files; sorted by name. */
  readonly imageDigestMirrorSets: readonly MirrorSet[];
  /** From the policy's `imageTagMirrors`, one set per source host; sorted by name. */
  readonly imageTagMirrorSets: readonly MirrorSet[];
  /**
   * One per namespace and registry its ImageStreams import from, when the registry requires
   * credentials or has a `pullSecrets` entry; sorted by namespace, then registry.
   */
  readonly pullSecrets: readonly NamespacePullSecret[];
}

/** `imageStreams`: the cluster's curated ImageStreams, whose registry imports need pull secrets. */
export function planRegistries(catalog: Catalog, cluster: Cluster, imageStreams: readonly ImageStreamPlan[] = []): ClusterRegistries {
  // Without an override or an ImageContentSourcePolicy of its own, a cluster's registries are a function
  // of the catalog (never changed after loading), its internal registry, its connectivity and its
  // streams (shared, frozen): clusters with the same ones share one plan, which is read-only.
  const ownIcsp = catalog.imageContentSourcePolicies.some((icsp) => icsp.cluster === cluster.name);
  if (catalog.registries.clusters[cluster.name] !== undefined || ownIcsp) return registriesOf(catalog, cluster, imageStreams);
  const byCluster = getOrSet(SHARED, catalog, () => new Map<string, WeakMap<readonly ImageStreamPlan[], ClusterRegistries>>());
  const key = JSON.stringify([cluster.internalRegistry, cluster.connectivity]);
  const byStreams = getOrSet(byCluster, key, () => new WeakMap<readonly ImageStreamPlan[], ClusterRegistries>());
  return getOrSet(byStreams, imageStreams, () => registriesOf(catalog, cluster, imageStreams));
}
const SHARED = new WeakMap<Catalog, Map<string, WeakMap<readonly ImageStreamPlan[], ClusterRegistries>>>();

function registriesOf(catalog: Catalog, cluster: Cluster, imageStreams: readonly ImageStreamPlan[]): ClusterRegistries {
  const override = catalog.registries.clusters[cluster.name] ?? {};
  const fields = {} as Record<PolicyField, string>;
  const policy = {} as Record<PolicyField, unknown>;
  for (const field of POLICY_FIELDS) {
    const overridden = override[field] !== undefined;
    fields[field] = overridden ? `clusters.${cluster.name}.${field}` : field;
    policy[field] = overridden ? override[field] : catalog.registries[field];
  }
  const effective = policy as RegistryPolicy;
  const file = catalog.registriesFile;

  const icspSets = catalog.imageContentSourcePolicies
    .filter((icsp) => icsp.cluster === undefined || icsp.cluster === cluster.name)
    .map(({ file: icspFile, policy: icsp }): MirrorSet => ({
      name: icsp.metadata.name,
      ...(icsp.metadata.labels ? { labels: icsp.metadata.labels } : {}),
      ...(appliedAnnotations(icsp.metadata.annotations) ? { annotations: appliedAnnotations(icsp.metadata.annotations) } : {}),
      // Entries and mirrors keep their order, as `oc adm migrate icsp` keeps it.
      rules: (icsp.spec.repositoryDigestMirrors ?? []).map((entry, index) => ({
        source: entry.source,
        mirrors: entry.mirrors ?? [],
        file: icspFile,
        field: `spec.repositoryDigestMirrors[${index}]`,
      })),
      file: icspFile,
    }));

  return {
    file,
    fields,
    internalRegistry: cluster.internalRegistry,
    disconnected: cluster.connectivity === 'disconnected',
    allowedRegistriesForImport: [...effective.allowedRegistriesForImport].sort(
      (a, b) => compareStrings(a.domainName, b.domainName) || Number(a.insecure) - Number(b.insecure),
    ),
    allowedRegistries: sorted(effective.allowedRegistries),
    blockedRegistries: sorted(effective.blockedRegistries),
    insecureRegistries: sorted(effective.insecureRegistries),
    containerRuntimeSearchRegistries: [...effective.containerRuntimeSearchRegistries],
    additionalTrustedCAs: Object.keys(effective.additionalTrustedCAs)
      .sort(compareStrings)
      .map((registry) => ({ registry, pem: effective.additionalTrustedCAs[registry] })),
    insecureWaivers: { ...effective.insecureWaivers },
    imageDigestMirrorSets: [...mirrorSetsByHost(effective.imageDigestMirrors, file, fields.imageDigestMirrors), ...icspSets].sort((a, b) =>
      compareStrings(a.name, b.name),
    ),
    imageTagMirrorSets: mirrorSetsByHost(effective.imageTagMirrors, file, fields.imageTagMirrors),
    pullSecrets: planPullSecrets(imageStreams, effective.pullSecrets, fields.pullSecrets, catalog.registries.registriesRequiringCredentials),
  };
}

function planPullSecrets(
  imageStreams: readonly ImageStreamPlan[],
  secrets: RegistryPolicy['pullSecrets'],
  field: string,
  required: readonly string[],
): NamespacePullSecret[] {
  return registryImports(imageStreams)
    .filter(({ registry }) => required.includes(registry) || Object.hasOwn(secrets, registry))
    .map(({ registry, namespace, usedBy }): NamespacePullSecret => {
      const secret = Object.hasOwn(secrets, registry) ? secrets[registry] : undefined;
      return {
        registry,
        namespace,
        required: required.includes(registry),
        usedBy,
        ...(secret && {
          secret: {
            secretName: secret.secretName,
            field: `${field}[${JSON.stringify(registry)}]`,
            ...(secret.externalSecret && { externalSecret: secret.externalSecret }),
            ...(secret.provisionedOutOfBand !== undefined && { provisionedOutOfBand: secret.provisionedOutOfBand }),
          },
        }),
      };
    });
}

interface RegistryImports {
  readonly registry: string;
  readonly namespace: string;
  /** Sorted. */
  readonly usedBy: readonly string[];
}

/**
 * Every namespace and registry the streams import from, sorted by namespace, then registry. A function
 * of the streams alone, which clusters share (frozen, `planImageStreams`): walked once per distinct array.
 */
const registryImports = memoByIdentity((imageStreams: readonly ImageStreamPlan[]): readonly RegistryImports[] =>
  Object.freeze(importsOf(imageStreams)),
);

function importsOf(imageStreams: readonly ImageStreamPlan[]): RegistryImports[] {
  const imports = new Map<string, { registry: string; namespace: string; usedBy: string[] }>();
  for (const stream of imageStreams) {
    for (const tag of stream.tags) {
      if (tag.from.kind !== 'DockerImage') continue;
      const registry = tag.from.name.split('/')[0];
      const key = `${stream.namespace} ${registry}`;
      const entry = imports.get(key) ?? { registry, namespace: stream.namespace, usedBy: [] };
      entry.usedBy.push(`ImageStream ${stream.namespace}/${stream.name} tag ${tag.name}`);
      imports.set(key, entry);
    }
  }
  return [...imports.values()]
    .sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.registry, b.registry))
    .map(({ registry, namespace, usedBy }) => ({ registry, namespace, usedBy: Object.freeze(usedBy.sort(compareStrings)) }));
}

/** `registry.redhat.io/ubi9` → `mirror-registry.redhat.io`; `*.example.com` → `mirror-wildcard.example.com`; `reg:5000` → `mirror-reg-5000`. */
export function mirrorSetName(source: string): string {
  const host = source.split('/')[0].toLowerCase();
  return `mirror-${host.replace(/^\*\./, 'wildcard.').replace(':', '-')}`;
}

/** One set per source host, so a change to one registry's mirrors touches one file. */
function mirrorSetsByHost(rules: readonly MirrorRule[], file: string, field: string): MirrorSet[] {
  const byName = new Map<string, PlannedMirror[]>();
  rules.forEach((rule, index) => {
    const name = mirrorSetName(rule.source);
    const planned: PlannedMirror = {
      source: rule.source,
      mirrors: [...rule.mirrors],
      mirrorSourcePolicy: rule.mirrorSourcePolicy,
      file,
      field: `${field}[${index}]`,
    };
    byName.set(name, [...(byName.get(name) ?? []), planned]);
  });
  return [...byName.keys()].sort(compareStrings).map((name) => ({
    name,
    rules: (byName.get(name) ?? []).sort((a, b) => compareStrings(a.source, b.source)),
    file,
  }));
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort(compareStrings);
}

/**
 * The annotations of a legacy ICSP worth carrying over: not the ones kubectl or Argo CD wrote for the
 * old object (a stale last-applied-configuration would mislead Argo CD's diff; sync waves are ours).
 */
function appliedAnnotations(annotations: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const kept = Object.entries(annotations).filter(([key]) => !/^(kubectl\.kubernetes\.io|argocd\.argoproj\.io)\//.test(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
