import type { Catalog, Cluster, MirrorRule, MirrorSourcePolicy, PolicyField, RegistryLocation, RegistryPolicy } from '../model';
import { POLICY_FIELDS } from '../model';
import { compareStrings } from '../shared';

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
}

export function planRegistries(catalog: Catalog, cluster: Cluster): ClusterRegistries {
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
    imageDigestMirrorSets: [...mirrorSetsByHost(effective.imageDigestMirrors, file, fields.imageDigestMirrors), ...icspSets].sort((a, b) => compareStrings(a.name, b.name)),
    imageTagMirrorSets: mirrorSetsByHost(effective.imageTagMirrors, file, fields.imageTagMirrors),
  };
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
    const planned: PlannedMirror = { source: rule.source, mirrors: [...rule.mirrors], mirrorSourcePolicy: rule.mirrorSourcePolicy, file, field: `${field}[${index}]` };
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
