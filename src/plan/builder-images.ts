import type { BuilderImage, Catalog, Cluster } from '../model';
import { compareStrings, getOrSet, memoByIdentity } from '../shared';
import type { ImageUse } from './cluster-plan';
import { importModeFor, type ImportMode, type PlannedTrackingTag } from './images';
import { SAMPLES_NAMESPACE } from './samples';

/**
 * How often a scheduled tag is checked against its upstream registry: openshift-controller-manager's
 * default `imageImport.scheduledImageImportMinimumIntervalSeconds` (15 minutes), from
 * pkg/cmd/openshift-controller-manager/openshiftcontrolplane_config.go.
 */
export const SCHEDULED_IMPORT_INTERVAL_MINUTES = 15;

/** One tag of a tracked stream: an upstream image, re-imported on a schedule. */
export interface PlannedTrackedTag {
  readonly name: string;
  readonly from: { readonly kind: 'DockerImage'; readonly name: string };
  readonly displayName: string;
  readonly description: string;
  /** `supports` of this tag, sorted. @default - the stream's */
  readonly supports?: readonly string[];
  /** `version` annotation. @default - none */
  readonly version?: string;
  readonly hidden: boolean;
  readonly importPolicy: { readonly scheduled: true; readonly importMode: ImportMode };
  readonly referencePolicy: { readonly type: 'Local' };
  /** Catalog field that declares the tag, e.g. `tags[0]`. */
  readonly field: string;
}

/** One tracked ImageStream on one cluster. Shaped as `TrackedImageStreamProps`, plus where it comes from. */
export interface TrackedImageStreamPlan {
  readonly name: string;
  readonly namespace: string;
  readonly file: string;
  readonly displayName: string;
  readonly iconClass?: string;
  /** Console categories (`tags` annotation), sorted. */
  readonly categories: readonly string[];
  /** Sorted. */
  readonly supports: readonly string[];
  readonly providerDisplayName?: string;
  readonly sampleRepo?: string;
  readonly sampleContextDir?: string;
  readonly sampleRef?: string;
  readonly annotationDomain: string;
  readonly owner: string;
  /**
   * In `openshift`: the stream carries the label the Samples Operator gives a sample it skips, so that
   * `managementState: Removed` does not delete it.
   */
  readonly skippedBySamplesOperator: boolean;
  /** Sorted by name, as the API server returns them. */
  readonly tags: readonly PlannedTrackedTag[];
  /** Sorted by name. */
  readonly trackingTags: readonly PlannedTrackingTag[];
}

/**
 * Every tracked image as an ImageStream of this cluster: the same on every cluster (the build cluster
 * too), each tag importing its upstream image on a schedule, pulled through the integrated registry.
 */
export function planBuilderImages(catalog: Catalog, cluster: Cluster): readonly TrackedImageStreamPlan[] {
  const importMode = importModeFor(cluster);
  // A function of the catalog and the import mode only (like `planImageStreams`): clusters share it.
  const byMode = getOrSet(STREAMS, catalog, () => new Map<ImportMode, readonly TrackedImageStreamPlan[]>());
  return getOrSet(byMode, importMode, () => Object.freeze(streamsOf(catalog, importMode)));
}
const STREAMS = new WeakMap<Catalog, Map<ImportMode, readonly TrackedImageStreamPlan[]>>();

function streamsOf(catalog: Catalog, importMode: ImportMode): TrackedImageStreamPlan[] {
  const annotationDomain = catalog.fleet.curation?.annotationDomain;
  if (annotationDomain === undefined) return [];
  return [...catalog.builderImages]
    .sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name) || compareStrings(a.file, b.file))
    .map((image) => ({
      name: image.name,
      namespace: image.namespace,
      file: image.file,
      displayName: image.display.displayName,
      ...optional('iconClass', image.display.iconClass),
      categories: sortedUnique(image.display.tags),
      supports: sortedUnique(image.display.supports),
      ...optional('providerDisplayName', image.display.providerDisplayName),
      ...optional('sampleRepo', image.display.sampleRepo),
      ...optional('sampleContextDir', image.display.sampleContextDir),
      ...optional('sampleRef', image.display.sampleRef),
      annotationDomain,
      owner: image.owner,
      skippedBySamplesOperator: image.namespace === SAMPLES_NAMESPACE,
      tags: image.tags
        .map((t): PlannedTrackedTag => ({
          name: t.name,
          from: { kind: 'DockerImage', name: t.from },
          displayName: t.displayName ?? `${image.display.displayName} ${t.name}`,
          description: t.description ?? image.description,
          ...optional('supports', t.supports === undefined ? undefined : sortedUnique(t.supports)),
          ...optional('version', t.version),
          hidden: t.hidden,
          importPolicy: { scheduled: true, importMode },
          referencePolicy: { type: 'Local' },
          field: t.field,
        }))
        .sort((a, b) => compareStrings(a.name, b.name)),
      trackingTags: image.latest === undefined ? [] : [{ name: 'latest', tag: image.latest }],
    }));
}

/** What each tracked tag imports, for the registry rules (import and pull permission, mirrors). */
export const builderImageUses = memoByIdentity((streams: readonly TrackedImageStreamPlan[]): readonly ImageUse[] =>
  Object.freeze(imageUsesOf(streams)),
);

function imageUsesOf(streams: readonly TrackedImageStreamPlan[]): ImageUse[] {
  return streams
    .flatMap((stream) =>
      stream.tags.map((tag): ImageUse => ({
        image: tag.from.name,
        role: 'imagestream-tag',
        usedBy: `ImageStream ${stream.namespace}/${stream.name} tag ${tag.name}`,
        file: stream.file,
        field: `${tag.field}.from`,
      })),
    )
    .sort((a, b) => compareStrings(a.image, b.image) || compareStrings(a.usedBy, b.usedBy));
}

/** The tracked streams in `openshift`, which the Samples Operator must skip. */
export function builderImagesInOpenshift(images: readonly BuilderImage[]): BuilderImage[] {
  return images.filter((i) => i.namespace === SAMPLES_NAMESPACE);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}
