/**
 * How OpenShift matches images against its registry policy, as pure functions. Each follows the
 * component that applies the rule on a cluster:
 * - `allowedRegistriesForImport`: openshift-apiserver's registry whitelister (image stream imports);
 * - `allowedRegistries`: containers/image policy.json scopes (the container runtime);
 * - `blockedRegistries` and mirror sources: containers/image registries.conf prefixes.
 */
import type { RegistryLocation } from '../model';

/** A parsed, fully qualified image reference. */
export interface ParsedImageReference {
  /** `host[:port]`, `docker.io` for Docker Hub short names. */
  readonly registry: string;
  /** Repository path below the registry, `library/x` for Docker Hub official images. */
  readonly path: string;
  /** `registry/path`. */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Parses `[registry/]path[:tag][@digest]` as the Docker reference grammar does; undefined when invalid. */
export function parseImageReference(image: string): ParsedImageReference | undefined {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift() as string;
  }
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  const path = parts.join('/');
  return { registry, path, name: `${registry}/${path}`, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Compiled globs: every cluster checks every image against the same few patterns. */
const GLOBS = new Map<string, RegExp>();

/** Glob match with `*` (any characters, also none) and `?` (one character), as openshift-apiserver matches domain names. */
export function globMatch(pattern: string, input: string): boolean {
  let regex = GLOBS.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      's',
    );
    GLOBS.set(pattern, regex);
  }
  return regex.test(input);
}

function splitHostPort(hostPort: string, defaultPort: string): [string, string] {
  const colon = hostPort.indexOf(':');
  return colon === -1 ? [hostPort, defaultPort] : [hostPort.slice(0, colon), hostPort.slice(colon + 1)];
}

/**
 * Whether an image stream may import from `registry` (`host[:port]`). An empty list allows every
 * registry; the internal registry is always allowed. A domain name without a port stands for 443, or
 * 80 when `insecure` is set, so an `insecure: true` entry does not allow a secure import, and back.
 */
export function allowedForImport(
  registry: string,
  locations: readonly RegistryLocation[],
  internalRegistry: string,
  insecureImport = false,
): boolean {
  if (locations.length === 0) return true;
  const allowed = [...locations.map((l) => splitHostPort(l.domainName, l.insecure ? '80' : '443')), splitHostPort(internalRegistry, '443')];
  const [host, port] = splitHostPort(registry, insecureImport ? '80' : '443');
  const matches = (h: string) => allowed.some(([hostGlob, portGlob]) => globMatch(hostGlob, h) && globMatch(portGlob, port));
  // Docker Hub is matched as docker.io first, so "docker.io" entries cover its other names.
  if ((host === 'index.docker.io' || host === 'registry-1.docker.io') && matches('docker.io')) return true;
  return matches(host);
}

/**
 * The policy.json scopes an image name is looked up under, most specific first: the repository,
 * each parent namespace, `host[:port]`, then `*.` wildcards of the host without its port.
 */
export function policyScopes(name: string): string[] {
  const scopes: string[] = [];
  let current = name;
  for (;;) {
    scopes.push(current);
    const slash = current.lastIndexOf('/');
    if (slash === -1) break;
    current = current.slice(0, slash);
  }
  let host = current.split(':')[0];
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.')) {
    host = host.slice(dot + 1);
    scopes.push(`*.${host}`);
  }
  return scopes;
}

/**
 * Whether an `allowedRegistries` entry admits everything under `scope` (a registry, a repository
 * path or a `*.domain` wildcard).
 */
export function scopeCovers(entry: string, scope: string): boolean {
  if (scope.startsWith('*.')) {
    if (!entry.startsWith('*.')) return false;
    const domain = scope.slice(2);
    const entryDomain = entry.slice(2);
    return domain === entryDomain || domain.endsWith(`.${entryDomain}`);
  }
  return policyScopes(scope).includes(entry);
}

/** The first entry of an allow-list that admits `scope`, or undefined. */
export function allowingEntry(scope: string, allowedRegistries: readonly string[]): string | undefined {
  return allowedRegistries.find((entry) => scopeCovers(entry, scope));
}

/**
 * Length of the part of `name` a registries.conf prefix (`host[:port][/path]` or `*.domain`) matches,
 * or -1. Matching is by repository prefix: `quay.io/org` matches `quay.io/org/app` but not `quay.io/organic`.
 */
export function prefixMatchLength(name: string, prefix: string): number {
  if (prefix.startsWith('*.')) {
    const domain = prefix.slice(1);
    const index = name.indexOf(domain);
    if (index === -1 || name.slice(0, index).includes('/')) return -1;
    const end = index + domain.length;
    return end === name.length || ':/@'.includes(name[end]) ? end : -1;
  }
  if (name === prefix) return prefix.length;
  // ':' lets "example.com" match "example.com:5000", as containers/image does (it warns not to rely on it).
  return name.startsWith(prefix) && ':/@'.includes(name[prefix.length]) ? prefix.length : -1;
}

/** The blockedRegistries entry that blocks `name`, or undefined. */
export function blockingEntry(name: string, blockedRegistries: readonly string[]): string | undefined {
  return blockedRegistries.find((entry) => prefixMatchLength(name, entry) !== -1);
}

/** Whether a blocked entry blocks the whole of `host` (not only some repositories on it). */
export function blocksWholeRegistry(entry: string, host: string): boolean {
  return prefixMatchLength(host, entry) === host.length;
}

/** The mirror rule whose source matches `name` and is longest (most specific), as the container runtime picks it. */
export function matchingMirror<T extends { readonly source: string }>(name: string, rules: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const rule of rules) {
    if (prefixMatchLength(name, rule.source) === -1) continue;
    if (best === undefined || rule.source.length > best.source.length) best = rule;
  }
  return best;
}

/** `host[:port]` of a scope or mirror location. */
export function hostOf(location: string): string {
  return location.split('/')[0];
}

/** The Image config lists the Samples Operator reads, as the catalog names them. */
export interface SamplesImageConfig {
  readonly allowedRegistriesForImport: readonly RegistryLocation[];
  readonly allowedRegistries: readonly string[];
  readonly blockedRegistries: readonly string[];
}

/**
 * Which list of the Image config makes the Samples Operator refuse its Config, or undefined. A copy of
 * cluster-samples-operator `pkg/stub/handler.go` `imageConfigBlocksImageStreamCreation(name)`, which
 * `SpecValidation` (`pkg/stub/config.go`) calls with `spec.samplesRegistry` ("" when unset). It compares
 * strings, not registries: a domain name must be a string suffix of the samples registry, an allowed or
 * blocked entry must equal it; with no samples registry the lists must name Red Hat's registries
 * literally (`redHatRegistriesDomainFound`, `redHatRegistriesFound`), and blockedRegistries cannot refuse.
 */
export function samplesOperatorRefusal(samplesRegistry: string | undefined, image: SamplesImageConfig): keyof SamplesImageConfig | undefined {
  const name = (samplesRegistry ?? '').trim();
  if (image.allowedRegistriesForImport.length > 0) {
    const domains = image.allowedRegistriesForImport.map((l) => l.domainName);
    const ok = domains.some((d) => name.endsWith(d)) || (name === '' && redHatRegistriesDomainFound(new Set(domains)));
    if (!ok) return 'allowedRegistriesForImport';
  }
  if (image.allowedRegistries.length > 0) {
    const registries = image.allowedRegistries.map((r) => r.trim());
    const ok = registries.includes(name) || (name === '' && redHatRegistriesFound(new Set(registries)));
    if (!ok) return 'allowedRegistries';
  }
  if (image.blockedRegistries.some((r) => r.trim() === name)) return 'blockedRegistries';
  return undefined;
}

/** cluster-samples-operator `redHatRegistriesFound` (release-4.19 and later; 4.18 also required registry.access.redhat.com). */
function redHatRegistriesFound(allowed: ReadonlySet<string>): boolean {
  return allowed.has('registry.redhat.io') && allowed.has('quay.io');
}

/** cluster-samples-operator `redHatRegistriesDomainFound`: its other combinations each contain one of these two. */
function redHatRegistriesDomainFound(domains: ReadonlySet<string>): boolean {
  return (domains.has('registry.redhat.io') || domains.has('redhat.io')) && domains.has('quay.io');
}
