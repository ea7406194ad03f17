import { isDeepStrictEqual } from 'node:util';
import type { ManifestObject } from '../output';
import { at, groupKind, listAt, stringsAt } from './_objects';
import type { Bundle } from './types';

/** A `[[registry]]` of `/etc/containers/registries.conf` (containers-image `sysregistriesv2.Registry`). */
interface Registry {
  readonly blocked: boolean;
  readonly insecure: boolean;
  readonly mirrors: readonly { readonly location: string; readonly pullFromMirror: 'digest-only' | 'tag-only' }[];
}

/** What the MCO renders onto every node from the cluster's image settings. */
interface NodeFiles {
  /** `/etc/containers/registries.conf`: registries by scope. */
  readonly registriesConf: ReadonlyMap<string, Registry>;
  /** `/etc/containers/registries.conf.d/01-image-searchRegistries.conf`. */
  readonly searchRegistries: readonly string[];
  /** `/etc/containers/policy.json`: allowed and blocked scopes. */
  readonly policy: { readonly allowed: readonly string[]; readonly blocked: readonly string[] };
  /** Registry CAs the certificate writer puts in `/etc/docker/certs.d`. */
  readonly registryCAs: unknown;
}

const IMAGE_CONFIG = 'config.openshift.io/Image';
const MIRROR_KINDS: Readonly<Record<string, { list: string; pullFromMirror: 'digest-only' | 'tag-only' }>> = {
  'config.openshift.io/ImageDigestMirrorSet': { list: 'spec.imageDigestMirrors', pullFromMirror: 'digest-only' },
  'config.openshift.io/ImageTagMirrorSet': { list: 'spec.imageTagMirrors', pullFromMirror: 'tag-only' },
  'operator.openshift.io/ImageContentSourcePolicy': { list: 'spec.repositoryDigestMirrors', pullFromMirror: 'digest-only' },
};

/** The kinds whose changes reach the nodes. */
export function feedsNodes(object: ManifestObject): boolean {
  return groupKind(object) === IMAGE_CONFIG || groupKind(object) in MIRROR_KINDS;
}

function imageConfig(bundle: Bundle): ManifestObject | undefined {
  return [...bundle.values()].find((o) => groupKind(o) === IMAGE_CONFIG && o.metadata.name === 'cluster');
}

/**
 * The node files of a bundle, as machine-config-operator renders them:
 * `pkg/controller/container-runtime-config/helpers.go` `updateRegistriesConfig` → runtime-utils
 * `registries.EditRegistriesConfig` (one registry per mirror source; digest mirror sets and ICSPs
 * `pull-from-mirror = "digest-only"`, tag mirror sets `"tag-only"`; `NeverContactSource` blocks the
 * source; blocked and insecure scopes get their own entries), `updateSearchRegistriesConfig` (a
 * drop-in file of its own), `updatePolicyJSON` (allowed / blocked registries), and
 * `pkg/operator/sync.go` `getImageRegistryBundles` (the `additionalTrustedCA` ConfigMap's keys).
 */
function nodeFiles(bundle: Bundle): NodeFiles {
  const registries = new Map<string, { blocked: boolean; insecure: boolean; mirrors: Registry['mirrors'][number][] }>();
  const entry = (scope: string) => {
    const existing = registries.get(scope) ?? { blocked: false, insecure: false, mirrors: [] };
    registries.set(scope, existing);
    return existing;
  };
  for (const object of bundle.values()) {
    const kind = MIRROR_KINDS[groupKind(object)];
    if (!kind) continue;
    for (const rule of listAt<{ source?: string; mirrors?: string[]; mirrorSourcePolicy?: string }>(object, kind.list)) {
      if (typeof rule.source !== 'string') continue;
      const registry = entry(rule.source);
      if (rule.mirrorSourcePolicy === 'NeverContactSource') registry.blocked = true;
      for (const location of rule.mirrors ?? []) registry.mirrors.push({ location, pullFromMirror: kind.pullFromMirror });
    }
  }
  const image = imageConfig(bundle);
  for (const scope of stringsAt(image, 'spec.registrySources.blockedRegistries')) entry(scope).blocked = true;
  for (const scope of stringsAt(image, 'spec.registrySources.insecureRegistries')) entry(scope).insecure = true;
  const caName = at(image, 'spec.additionalTrustedCA.name');
  const caMap =
    typeof caName === 'string'
      ? [...bundle.values()].find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'openshift-config' && o.metadata.name === caName)
      : undefined;
  return {
    registriesConf: registries,
    searchRegistries: stringsAt(image, 'spec.registrySources.containerRuntimeSearchRegistries'),
    policy: {
      allowed: stringsAt(image, 'spec.registrySources.allowedRegistries'),
      blocked: stringsAt(image, 'spec.registrySources.blockedRegistries'),
    },
    registryCAs: caMap ? { data: caMap.data, binaryData: caMap.binaryData } : undefined,
  };
}

/**
 * machine-config-operator `pkg/daemon/drain.go` `isSafeContainerRegistryConfChanges`: a change of
 * registries.conf skips the drain only when no registry is removed, no registry's blocked or insecure
 * flag changes, no mirror is removed, and every added mirror (or added registry's mirrors) is
 * `digest-only`. (The search registries of the main file are the MCO's template's own, never changed here.)
 */
export function isSafeRegistriesChange(before: ReadonlyMap<string, Registry>, after: ReadonlyMap<string, Registry>): boolean {
  for (const scope of before.keys()) if (!after.has(scope)) return false;
  for (const [scope, now] of after) {
    const old = before.get(scope);
    if (!old) {
      // `allDigestOnlyMirror`: a registry without mirrors is safe only when it is digest-only itself, which the MCO never writes.
      if (now.mirrors.length === 0 || now.mirrors.some((m) => m.pullFromMirror !== 'digest-only')) return false;
      continue;
    }
    if (isDeepStrictEqual(old, now)) continue;
    if (old.blocked !== now.blocked || old.insecure !== now.insecure) return false;
    for (const m of old.mirrors) if (!now.mirrors.some((n) => n.location === m.location)) return false;
    for (const m of now.mirrors) {
      const previous = old.mirrors.find((o) => o.location === m.location);
      if (previous && previous.pullFromMirror !== m.pullFromMirror && m.pullFromMirror !== 'digest-only') return false;
      if (!previous && m.pullFromMirror !== 'digest-only') return false;
    }
  }
  return true;
}

export type NodeAction = 'none' | 'certificates' | 'crio-reload' | 'drain' | 'reboot';

export interface NodeForecast {
  readonly action: NodeAction;
  /** Which rules decided: `node disruption policies` (4.17 and later) or `legacy` (earlier releases). */
  readonly rules: 'node disruption policies' | 'legacy';
  /** Node files that change. */
  readonly files: readonly string[];
}

export const REGISTRIES_CONF = '/etc/containers/registries.conf';
export const POLICY_JSON = '/etc/containers/policy.json';
export const SEARCH_REGISTRIES_CONF = '/etc/containers/registries.conf.d/01-image-searchRegistries.conf';
const CERTS_D = '/etc/docker/certs.d';

/**
 * machine-config-operator `pkg/daemon/update.go` `calculatePostConfigChangeActionFromMCDiffs` (releases
 * before node disruption policies, and every first boot): registries.conf and policy.json reload CRI-O;
 * any other file (the search-registries drop-in among them) reboots.
 */
function legacyAction(files: readonly string[]): 'none' | 'reload' | 'reboot' {
  let action: 'none' | 'reload' = 'none';
  for (const file of files) {
    if (file === REGISTRIES_CONF || file === POLICY_JSON) action = 'reload';
    else return 'reboot';
  }
  return action;
}

/**
 * machine-config-operator `pkg/daemon/update.go` `calculatePostConfigChangeNodeDisruptionActionFromMCDiffs`
 * with the default cluster policies of `pkg/apihelpers/apihelpers.go` (`defaultClusterPolicies`):
 * registries.conf → `Special` (reload CRI-O, drain unless `isSafeContainerRegistryConfChanges`),
 * policy.json → reload `crio.service`; a file with no policy (the search-registries drop-in: no
 * policy path is it or a parent of it, `FindClosestFilePolicyPathMatch`) → reboot.
 */
function disruptionPolicyAction(files: readonly string[]): 'none' | 'reload' | 'special' | 'reboot' {
  let action: 'none' | 'reload' | 'special' = 'none';
  for (const file of files) {
    if (file === REGISTRIES_CONF) action = 'special';
    else if (file === POLICY_JSON) action = action === 'special' ? 'special' : 'reload';
    else return 'reboot';
  }
  return action;
}

/**
 * Node disruption policies (`MachineConfiguration` `status.nodeDisruptionPolicyStatus`) decide from
 * OpenShift 4.17 (GA; machine-config-operator commit 103bdc18c "daemon: read & execute
 * NodeDisruptionPolicyStatus", April 2024). For the files this catalog touches both rule sets give
 * the same action; only the cluster's own policies may differ.
 */
export function usesDisruptionPolicies(openshiftVersion: string | undefined): boolean {
  return atLeast(openshiftVersion, 17);
}

/**
 * The daemon's certificate writer (`pkg/daemon/certificate_writer.go`, machine-config-operator commit
 * 636ab6f96 "daemon: have a special path to sync in certs", March 2023) ships from 4.14; what earlier
 * releases do with registry CAs is not modelled.
 */
export function hasCertificateWriter(openshiftVersion: string | undefined): boolean {
  return atLeast(openshiftVersion, 14);
}

function atLeast(openshiftVersion: string | undefined, minor4: number): boolean {
  const [major, minor] = (openshiftVersion ?? '').split('.').map(Number);
  return major > 4 || (major === 4 && minor >= minor4);
}

/**
 * What every node does when the rendered MachineConfig changes from `before` to `after`. The drain
 * decision is `isDrainRequired` / `isDrainRequiredForNodeDisruptionActions` (`pkg/daemon/drain.go`).
 * Registry CAs do not go through a MachineConfig: the daemon's certificate writer
 * (`pkg/daemon/certificate_writer.go` `syncControllerConfigHandler`) writes them to /etc/docker/certs.d
 * without a drain or reboot.
 */
export function forecastNodes(before: Bundle, after: Bundle, openshiftVersion: string | undefined): NodeForecast {
  const old = nodeFiles(before);
  const now = nodeFiles(after);
  const files: string[] = [];
  if (!isDeepStrictEqual(old.registriesConf, now.registriesConf)) files.push(REGISTRIES_CONF);
  if (!isDeepStrictEqual(old.policy, now.policy)) files.push(POLICY_JSON);
  if (!isDeepStrictEqual(old.searchRegistries, now.searchRegistries)) files.push(SEARCH_REGISTRIES_CONF);
  const certificates = !isDeepStrictEqual(old.registryCAs, now.registryCAs);
  const unsafe = files.includes(REGISTRIES_CONF) && !isSafeRegistriesChange(old.registriesConf, now.registriesConf);
  const rules = usesDisruptionPolicies(openshiftVersion) ? ('node disruption policies' as const) : ('legacy' as const);
  const decided = rules === 'legacy' ? legacyAction(files) : disruptionPolicyAction(files);
  const action: NodeAction =
    decided === 'reboot' ? 'reboot' : decided === 'none' ? (certificates ? 'certificates' : 'none') : unsafe ? 'drain' : 'crio-reload';
  return { action, rules, files: certificates ? [...files, CERTS_D] : files };
}
