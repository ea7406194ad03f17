import type { Catalog, Cluster, NamespaceImagePolicy, SignatureRootOfTrust, ValidationAction } from '../model';
import { IMAGE_POLICY_MIN_RELEASE, releaseAtLeast } from '../model';
import { compareStrings } from '../shared';
import type { ImageStreamPlan } from './images';

/** Name of the ValidatingAdmissionPolicy and of its binding. */
export const PRODUCTION_ADMISSION_POLICY_NAME = 'production-image-sources';
/** Name of the ClusterImagePolicy of the curated images. */
export const CURATED_SIGNATURE_POLICY_NAME = 'curated-images';

/** A reference prefix production namespaces may run images from, and why. */
export interface AllowedSource {
  /** Registry `host[:port]` or repository `host[:port]/path`; an image is allowed when its repository is it or lies under it. */
  readonly prefix: string;
  readonly why: string;
  readonly file: string;
  readonly field: string;
}

/** The production admission policy of one cluster (`catalogs/admission.ts`). */
export interface AdmissionPlan {
  readonly policyName: string;
  readonly namespaceSuffix: string;
  readonly validationActions: readonly ValidationAction[];
  /** Sorted by prefix, one per prefix. */
  readonly allowedSources: readonly AllowedSource[];
  /** Where images for production come from, for the denial message. */
  readonly distributionRegistry: string;
  /** Namespaces of the integrated registry whose streams import from the distribution registry, sorted. */
  readonly curatedNamespaces: readonly string[];
  readonly file: string;
  /** Field that set `validationActions` (fleet-wide or the cluster's override). */
  readonly validationActionsField: string;
}

/** The curated images' signature policy on one cluster whose release supports it. */
export interface SignaturePlan {
  readonly policyName: string;
  /** Repositories of the curated images in the distribution registry, sorted. */
  readonly scopes: readonly string[];
  readonly rootOfTrust: SignatureRootOfTrust;
  readonly mirrorsWithSignatures: readonly string[];
  /** Namespace ImagePolicies the catalog declares, in catalog order (`signatures.imagePolicies[i]`). */
  readonly imagePolicies: readonly NamespaceImagePolicy[];
  readonly file: string;
}

/** The admission policy of a production cluster, when the catalog has `admission.ts`. */
export function planAdmission(catalog: Catalog, cluster: Cluster, imageStreams: readonly ImageStreamPlan[]): AdmissionPlan | undefined {
  const admission = catalog.admission;
  if (!admission || cluster.environment !== 'prod') return undefined;
  const override = admission.clusters[cluster.name] ?? {};
  const file = catalog.admissionFile;
  const { registry } = catalog.registries.distribution;
  const exceptionsField = override.exceptions ? `clusters.${cluster.name}.exceptions` : 'exceptions';
  const namespaces = importingNamespaces(imageStreams, registry);
  const sources: AllowedSource[] = [
    { prefix: registry, why: 'the distribution registry', file: catalog.registriesFile, field: 'distribution.registry' },
    ...namespaces.map(({ namespace, file: streamFile }) => ({
      prefix: `${cluster.internalRegistry}/${namespace}`,
      why: `curated ImageStreams imported from the distribution registry (namespace ${namespace})`,
      ...(namespace === catalog.fleet.curatedNamespace
        ? { file: catalog.fleetFile, field: 'curatedNamespace' }
        : { file: streamFile, field: 'namespace' }),
    })),
    ...(override.exceptions ?? admission.exceptions).map((e, i) => ({
      prefix: e.image,
      why: `exception: ${e.reason}`,
      file,
      field: `${exceptionsField}[${i}].image`,
    })),
  ];
  const byPrefix = new Map<string, AllowedSource>();
  for (const source of sources) if (!byPrefix.has(source.prefix)) byPrefix.set(source.prefix, source);
  return {
    policyName: PRODUCTION_ADMISSION_POLICY_NAME,
    namespaceSuffix: admission.namespaceSuffix,
    validationActions: override.validationActions ?? admission.validationActions,
    allowedSources: [...byPrefix.values()].sort((a, b) => compareStrings(a.prefix, b.prefix)),
    distributionRegistry: registry,
    curatedNamespaces: [...new Set(namespaces.map((n) => n.namespace))].sort(compareStrings),
    file,
    validationActionsField: override.validationActions ? `clusters.${cluster.name}.validationActions` : 'validationActions',
  };
}

/** Namespaces of the cluster's streams with a tag imported from the distribution registry, with the first such stream's file. */
function importingNamespaces(imageStreams: readonly ImageStreamPlan[], registry: string): Array<{ namespace: string; file: string }> {
  const out = new Map<string, string>();
  for (const stream of imageStreams) {
    const imports = stream.tags.some(
      (t) => t.from.kind === 'DockerImage' && repositoryOf(normalizeImageReference(t.from.name)).startsWith(`${registry}/`),
    );
    if (imports && !out.has(stream.namespace)) out.set(stream.namespace, stream.file);
  }
  return [...out].map(([namespace, file]) => ({ namespace, file }));
}

/** The signature policy of the curated images, on clusters whose release serves ClusterImagePolicy v1. */
export function planSignatures(catalog: Catalog, cluster: Cluster): SignaturePlan | undefined {
  const signatures = catalog.admission?.signatures;
  if (!signatures || catalog.images.length === 0 || !releaseAtLeast(cluster.openshiftVersion, IMAGE_POLICY_MIN_RELEASE)) return undefined;
  const { registry, repository } = catalog.registries.distribution;
  return {
    policyName: CURATED_SIGNATURE_POLICY_NAME,
    scopes: [...new Set(catalog.images.map((i) => `${registry}/${repository}/${i.name}`))].sort(compareStrings),
    rootOfTrust: signatures.rootOfTrust,
    mirrorsWithSignatures: signatures.mirrorsWithSignatures,
    imagePolicies: signatures.imagePolicies,
    file: catalog.admissionFile,
  };
}

/**
 * The fully qualified reference a container runtime reads from an image name, as
 * distribution/reference `ParseNormalizedNamed` (`splitDockerDomain`) does: the first path component
 * is a registry when it holds `.` or `:`, is `localhost`, or has upper-case letters; otherwise the
 * image is on Docker Hub (`nginx:1.27` → `docker.io/library/nginx:1.27`). The registry is lower-cased.
 * The admission policy's CEL computes the same (`productionAdmissionCel`); tests hold both to one table.
 */
export function normalizeImageReference(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const isRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first);
  if (isRegistry) return first.toLowerCase() + image.slice(slash);
  return `docker.io/${slash >= 0 ? image : `library/${image}`}`;
}

/** `host[:port]/path` of a normalized reference, without tag or digest. */
export function repositoryOf(normalized: string): string {
  const withoutDigest = normalized.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** Whether a production namespace of the cluster may run `image` (as written in a pod spec). */
export function isAllowedInProduction(plan: AdmissionPlan, image: string): boolean {
  const repository = repositoryOf(normalizeImageReference(image));
  return plan.allowedSources.some(({ prefix }) => repository === prefix || repository.startsWith(`${prefix}/`));
}
