import { Construct } from 'constructs';
import { type ImageLookupPolicy, ImageStream, type ImportModeType, type TagReference, type TagReferencePolicy } from './_image-stream';

/** A version tag of a curated image. */
export interface CuratedImageStreamTag {
  /** Tag name, e.g. `1.2.0` or `1.12.3-aws1.8.2`. */
  readonly name: string;
  /** Application version, written as the `version` annotation, e.g. `1.12.3`. */
  readonly version: string;
  /** Hidden from the console catalog and marked `<annotationDomain>/deprecated`. @default false */
  readonly deprecated?: boolean;
  /**
   * The image to import, e.g. `registry.example.com/images/patroni:1.2.0`. Only a registry image:
   * a tag copied from another stream's ImageStreamTag is resolved only when the spec tag changes
   * (openshift-apiserver `imagestream/strategy.go`, `tagsChanged`), so rebuilds would never arrive.
   * Tags of this stream are `trackingTags`.
   */
  readonly from: { readonly kind: 'DockerImage'; readonly name: string };
  /**
   * Written out in full, since the server would fill in `importMode` and Argo CD would report drift.
   * `scheduled: true` re-imports the tag periodically, so an image pushed again under it arrives.
   */
  readonly importPolicy: { readonly scheduled: boolean; readonly importMode: ImportModeType };
  /** @default { type: 'Local' } (pulls and builds go through the integrated registry, which keeps working when the source registry is down) */
  readonly referencePolicy?: TagReferencePolicy;
}

/** A tag that follows a version tag of the same stream, e.g. `latest` → `1.2.0`. */
export interface CuratedImageStreamTrackingTag {
  readonly name: string;
  /** Name of the version tag it follows (in `tags`). */
  readonly tag: string;
}

export interface CuratedImageStreamProps {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`. */
  readonly namespace: string;
  /** `openshift.io/display-name` of the stream; each tag's display name adds its tag. */
  readonly displayName: string;
  /** `description` of every tag. */
  readonly description: string;
  /** `iconClass` of every tag, e.g. `icon-postgresql`. @default - none */
  readonly iconClass?: string;
  /** Console categories: the `tags` annotation of every tag, e.g. `['builder', 'nodejs']`. @default - none */
  readonly categories?: readonly string[];
  /** `supports` annotation of every tag, e.g. `['nodejs:20', 'nodejs']`. @default - none */
  readonly supports?: readonly string[];
  /** Prefix of the curation annotations (`<domain>/owner`, …), e.g. `images.example.com`. */
  readonly annotationDomain: string;
  /** `<domain>/owner`: the primary owner. */
  readonly owner: string;
  /** `<domain>/champion`, for a community image. @default - none */
  readonly champion?: string;
  /** `<domain>/source`: repository the image is built from. */
  readonly sourceRepository: string;
  /** `<domain>/rebuild-schedule` (cron). */
  readonly rebuildSchedule: string;
  /** `spec.lookupPolicy`. @default { local: false } */
  readonly lookupPolicy?: ImageLookupPolicy;
  /** One per version (and variant). */
  readonly tags: readonly CuratedImageStreamTag[];
  /** @default - none */
  readonly trackingTags?: readonly CuratedImageStreamTrackingTag[];
}

/**
 * A curated image as an `image.openshift.io/v1` ImageStream: one tag per version, tracking tags
 * as ImageStreamTag references inside the stream, display and curation annotations, and every tag
 * field the server would otherwise fill in (`importPolicy`, `referencePolicy`) written out.
 * Tags are ordered by name, as the API server returns them.
 */
export class CuratedImageStream extends Construct {
  public readonly resource: ImageStream;

  constructor(scope: Construct, id: string, props: CuratedImageStreamProps) {
    super(scope, id);
    const names = [...props.tags.map((t) => t.name), ...(props.trackingTags ?? []).map((t) => t.name)];
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new Error(`ImageStream ${props.namespace}/${props.name}: tag ${repeated} is defined twice`);

    const tags = new Map(props.tags.map((tag) => [tag.name, versionTag(props, tag)]));
    const tracking = (props.trackingTags ?? []).map((t) => {
      const target = props.tags.find((tag) => tag.name === t.tag);
      if (!target) {
        throw new Error(
          `ImageStream ${props.namespace}/${props.name}: tracking tag ${t.name} ` +
            `follows ${t.tag}, which is not a tag of this stream (a tracking ` +
            `tag cannot reference another stream)`,
        );
      }
      return trackingTag(props, t.name, target);
    });

    const domain = props.annotationDomain;
    this.resource = new ImageStream(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: {
          'openshift.io/display-name': props.displayName,
          [`${domain}/owner`]: props.owner,
          ...(props.champion === undefined ? {} : { [`${domain}/champion`]: props.champion }),
          [`${domain}/source`]: props.sourceRepository,
          [`${domain}/rebuild-schedule`]: props.rebuildSchedule,
        },
      },
      spec: {
        lookupPolicy: { local: props.lookupPolicy?.local ?? false },
        tags: [...tags.values(), ...tracking].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      },
    });
  }
}

function versionTag(props: CuratedImageStreamProps, tag: CuratedImageStreamTag): TagReference {
  return {
    name: tag.name,
    annotations: annotations(props, `${props.displayName} ${tag.name}`, tag.version, tag.deprecated ?? false),
    from: { ...tag.from },
    importPolicy: { scheduled: tag.importPolicy.scheduled, importMode: tag.importPolicy.importMode },
    referencePolicy: { type: tag.referencePolicy?.type ?? 'Local' },
  };
}

/** Follows `target` inside the stream; imports and resolves like it, never scheduled (the server refuses that). */
function trackingTag(props: CuratedImageStreamProps, name: string, target: CuratedImageStreamTag): TagReference {
  return {
    name,
    annotations: annotations(props, `${props.displayName} ${target.name} (${name})`, target.version, false),
    from: { kind: 'ImageStreamTag', name: target.name },
    importPolicy: { scheduled: false, importMode: target.importPolicy.importMode },
    referencePolicy: { type: target.referencePolicy?.type ?? 'Local' },
  };
}

/**
 * Every tag carries annotations (at least `version`): a tag without them reads back from the
 * server as `annotations: null`, which a diff would show as drift.
 */
function annotations(props: CuratedImageStreamProps, displayName: string, version: string, deprecated: boolean): Record<string, string> {
  const categories = [...(deprecated ? ['hidden'] : []), ...(props.categories ?? [])];
  return {
    'openshift.io/display-name': displayName,
    description: props.description,
    version,
    ...(props.iconClass === undefined ? {} : { iconClass: props.iconClass }),
    ...(categories.length === 0 ? {} : { tags: categories.join(',') }),
    ...(props.supports === undefined || props.supports.length === 0 ? {} : { supports: props.supports.join(',') }),
    ...(deprecated ? { [`${props.annotationDomain}/deprecated`]: 'true' } : {}),
  };
}
