import { type Catalog, type Cluster, type CuratedImage, imageTags } from '../model';
import { compareStrings, getOrSet, memoByIdentity } from '../shared';
import type { ImageUse } from './cluster-plan';

/** How the server imports a manifest list: one sub-manifest (`Legacy`) or all of them. */
export type ImportMode = 'Legacy' | 'PreserveOriginal';

/** How the server imports a manifest list on this cluster: every architecture's image where there are several. */
export function importModeFor(cluster: Cluster): ImportMode {
  return cluster.architectures.length > 1 ? 'PreserveOriginal' : 'Legacy';
}

/**
 * Where a tag's image comes from: an image in the distribution registry, imported on a schedule.
 * Never an ImageStreamTag of another stream: openshift-apiserver copies those only when the spec
 * tag changes, so a rebuilt image would never arrive (docs/ARCHITECTURE.md, "Runtime contract").
 */
export interface TagSource {
  readonly kind: 'DockerImage';
  readonly name: string;
}

/** One version tag of a curated ImageStream on one cluster. */
export interface PlannedImageTag {
  readonly name: string;
  /** Application version, for the `version` annotation. */
  readonly version: string;
  readonly deprecated: boolean;
  readonly from: TagSource;
  /** `scheduled` is always true: the scheduled import controller re-imports the tag, failed or not. */
  readonly importPolicy: { readonly scheduled: true; readonly importMode: ImportMode };
  readonly referencePolicy: { readonly type: 'Local' };
  /** Catalog field that declares the tag, e.g. `versions[1].variants[0]`. */
  readonly field: string;
}

/** A tag that follows a version tag of the same stream. */
export interface PlannedTrackingTag {
  readonly name: string;
  /** The version tag it follows. */
  readonly tag: string;
}

/** One curated ImageStream on one cluster. Shaped as `CuratedImageStreamProps`, plus where it comes from. */
export interface ImageStreamPlan {
  readonly name: string;
  readonly namespace: string;
  /** Catalog file of the image. */
  readonly file: string;
  readonly displayName: string;
  readonly description: string;
  readonly iconClass?: string;
  /** Console categories, sorted. */
  readonly categories: readonly string[];
  /** Sorted. */
  readonly supports: readonly string[];
  readonly annotationDomain: string;
  readonly owner: string;
  readonly champion?: string;
  readonly sourceRepository: string;
  readonly rebuildSchedule: string;
  readonly lookupPolicy: { readonly local: boolean };
  /** Sorted by name, as the API server returns them. */
  readonly tags: readonly PlannedImageTag[];
  /** Sorted by name. */
  readonly trackingTags: readonly PlannedTrackingTag[];
}

/**
 * Every curated image as an ImageStream of this cluster. On every cluster, the build cluster
 * included, each version tag imports, on a schedule, the image the rebuild pipeline pushed to the
 * distribution registry under that tag.
 */
export function planImageStreams(catalog: Catalog, cluster: Cluster): readonly ImageStreamPlan[] {
  const importMode = importModeFor(cluster);
  // The streams depend on the catalog and the import mode only: clusters share them (plans are
  // read-only), which keeps a large fleet's plans small.
  const byMode = getOrSet(STREAMS, catalog, () => new Map<ImportMode, readonly ImageStreamPlan[]>());
  return getOrSet(byMode, importMode, () => Object.freeze(streamsOf(catalog, importMode)));
}
const STREAMS = new WeakMap<Catalog, Map<ImportMode, readonly ImageStreamPlan[]>>();

function streamsOf(catalog: Catalog, importMode: ImportMode): ImageStreamPlan[] {
  const curation = catalog.fleet.curation;
  if (catalog.images.length === 0 || curation === undefined) return [];
  const { registry, repository } = catalog.registries.distribution;
  return [...catalog.images]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((image) => ({
      name: image.name,
      namespace: image.namespace,
      file: image.file,
      displayName: image.display.displayName,
      description: image.description,
      ...(image.display.iconClass === undefined ? {} : { iconClass: image.display.iconClass }),
      categories: sortedUnique(image.display.tags),
      supports: sortedUnique(image.display.supports),
      annotationDomain: curation.annotationDomain,
      owner: image.owner,
      ...(image.champion === undefined ? {} : { champion: image.champion }),
      sourceRepository: image.source,
      rebuildSchedule: image.rebuildSchedule,
      lookupPolicy: { local: false },
      tags: imageTags(image)
        .map((t): PlannedImageTag => ({
          name: t.tag,
          version: t.version,
          deprecated: t.deprecated,
          from: { kind: 'DockerImage', name: `${registry}/${repository}/${image.name}:${t.tag}` },
          importPolicy: { scheduled: true, importMode },
          referencePolicy: { type: 'Local' },
          field: t.field,
        }))
        .sort((a, b) => compareStrings(a.name, b.name)),
      trackingTags: trackingTags(image),
    }));
}

/** What each registry-imported tag depends on, for the registry rules. */
export const imageStreamImageUses = memoByIdentity((streams: readonly ImageStreamPlan[]): readonly ImageUse[] => Object.freeze(imageUsesOf(streams)));

function imageUsesOf(streams: readonly ImageStreamPlan[]): ImageUse[] {
  return streams
    .flatMap((stream) =>
      stream.tags.map((tag): ImageUse => ({
        image: tag.from.name,
        role: 'imagestream-tag',
        usedBy: `ImageStream ${stream.namespace}/${stream.name} tag ${tag.name}`,
        file: stream.file,
        field: tag.field,
      })),
    )
    .sort((a, b) => compareStrings(a.image, b.image) || compareStrings(a.usedBy, b.usedBy));
}

function trackingTags(image: CuratedImage): PlannedTrackingTag[] {
  const tags: PlannedTrackingTag[] = [{ name: 'latest', tag: image.tracking.latest }];
  if (image.tracking.stable !== undefined) tags.push({ name: 'stable', tag: image.tracking.stable });
  return tags.sort((a, b) => compareStrings(a.name, b.name));
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}
