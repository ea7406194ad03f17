import { Construct } from 'constructs';
import { type ImageLookupPolicy, ImageStream, type ImportModeType, type TagReference } from './_image-stream';

/**
 * The label the Samples Operator puts on the samples it installs (`"true"`) and on those it skips
 * (`"false"`); `managementState: Removed` deletes every ImageStream labelled `"true"`
 * (openshift/cluster-samples-operator pkg/stub/handler.go `CleanUpOpenshiftNamespaceOnDelete`,
 * pkg/stub/imagestreams.go `upsertImageStream`).
 */
export const SAMPLES_MANAGED_LABEL = 'samples.operator.openshift.io/managed';

/** One tag of a tracked stream: an upstream image re-imported on a schedule. */
export interface TrackedImageStreamTag {
  /** Tag name: a moving stream tag such as `22-ubi9`, or a version. */
  readonly name: string;
  /** The upstream image, e.g. `registry.redhat.io/ubi9/nodejs-22:latest`. */
  readonly from: { readonly kind: 'DockerImage'; readonly name: string };
  /** `openshift.io/display-name` of the tag. */
  readonly displayName: string;
  /** `description` of the tag. */
  readonly description: string;
  /** `version` annotation. @default - none */
  readonly version?: string;
  /** `supports` annotation of this tag. @default - the stream's `supports` */
  readonly supports?: readonly string[];
  /** Adds `hidden` to the tag's `tags` annotation: kept for existing builds, not offered in the console. @default false */
  readonly hidden?: boolean;
  /** Written out in full (the server would fill in `importMode`, which Argo CD would report as drift). */
  readonly importPolicy: { readonly scheduled: boolean; readonly importMode: ImportModeType };
  /** @default { type: 'Local' } (builds and pulls go through the integrated registry, which keeps serving what it pulled when upstream is down) */
  readonly referencePolicy?: { readonly type: 'Local' | 'Source' };
}

/** A tag that follows another tag of the same stream, e.g. `latest` → `22-ubi9`. */
export interface TrackedImageStreamTrackingTag {
  readonly name: string;
  readonly tag: string;
}

export interface TrackedImageStreamProps {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`. */
  readonly namespace: string;
  /** `openshift.io/display-name` of the stream. */
  readonly displayName: string;
  /** `iconClass` of every tag. @default - none */
  readonly iconClass?: string;
  /** `tags` annotation of every tag (console categories), e.g. `['builder', 'nodejs']`. @default - none */
  readonly categories?: readonly string[];
  /** `supports` annotation of every tag. @default - none */
  readonly supports?: readonly string[];
  /** `openshift.io/provider-display-name` of the stream and every tag. @default - none */
  readonly providerDisplayName?: string;
  /** `sampleRepo` of every tag. @default - none */
  readonly sampleRepo?: string;
  /** `sampleContextDir` of every tag. @default - none */
  readonly sampleContextDir?: string;
  /** `sampleRef` of every tag. @default - none */
  readonly sampleRef?: string;
  /** Prefix of the `<domain>/owner` annotation. */
  readonly annotationDomain: string;
  /** `<domain>/owner`: the primary owner. */
  readonly owner: string;
  /**
   * Label the stream `samples.operator.openshift.io/managed: "false"`, as the Samples Operator labels a
   * sample it skips, so that `managementState: Removed` never deletes it. For streams in `openshift`.
   * @default false
   */
  readonly skippedBySamplesOperator?: boolean;
  /** `spec.lookupPolicy`. @default { local: false } */
  readonly lookupPolicy?: ImageLookupPolicy;
  readonly tags: readonly TrackedImageStreamTag[];
  /** @default - none */
  readonly trackingTags?: readonly TrackedImageStreamTrackingTag[];
}

/**
 * An image the team tracks but does not build, as an `image.openshift.io/v1` ImageStream shaped like
 * the Samples Operator's: one tag per upstream image with the samples' console annotations, every tag
 * scheduled for re-import, `Local` reference policy, and every field the server would fill in written out.
 * Tags are ordered by name, as the API server returns them.
 */
export class TrackedImageStream extends Construct {
  public readonly resource: ImageStream;

  constructor(scope: Construct, id: string, props: TrackedImageStreamProps) {
    super(scope, id);
    const where = `ImageStream ${props.namespace}/${props.name}`;
    const names = [...props.tags.map((t) => t.name), ...(props.trackingTags ?? []).map((t) => t.name)];
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new Error(`${where}: tag ${repeated} is defined twice`);

    const tags: TagReference[] = props.tags.map((tag) => ({
      name: tag.name,
      annotations: annotations(props, tag.displayName, tag.description, tag.version, tag.hidden ?? false, tag.supports),
      from: { kind: 'DockerImage', name: tag.from.name },
      importPolicy: { scheduled: tag.importPolicy.scheduled, importMode: tag.importPolicy.importMode },
      referencePolicy: { type: tag.referencePolicy?.type ?? 'Local' },
    }));
    for (const t of props.trackingTags ?? []) {
      const target = props.tags.find((tag) => tag.name === t.tag);
      if (!target) throw new Error(`${where}: tracking tag ${t.name} follows ${t.tag}, which is not a tag of this stream`);
      tags.push({
        name: t.name,
        annotations: annotations(props, `${props.displayName} (${t.name})`, target.description, target.version, false, target.supports),
        from: { kind: 'ImageStreamTag', name: target.name },
        // The tag follows a scheduled tag of the stream; a scheduled import of an ImageStreamTag is not allowed.
        importPolicy: { scheduled: false, importMode: target.importPolicy.importMode },
        referencePolicy: { type: target.referencePolicy?.type ?? 'Local' },
      });
    }

    this.resource = new ImageStream(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        ...(props.skippedBySamplesOperator ? { labels: { [SAMPLES_MANAGED_LABEL]: 'false' } } : {}),
        annotations: {
          'openshift.io/display-name': props.displayName,
          ...(props.providerDisplayName === undefined ? {} : { 'openshift.io/provider-display-name': props.providerDisplayName }),
          [`${props.annotationDomain}/owner`]: props.owner,
        },
      },
      spec: {
        lookupPolicy: { local: props.lookupPolicy?.local ?? false },
        tags: tags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      },
    });
  }
}

/** The annotation keys of the samples' tags (cluster-samples-operator `assets/operator/ocp-<arch>/<language>/imagestreams/`). */
function annotations(
  props: TrackedImageStreamProps,
  displayName: string,
  description: string,
  version: string | undefined,
  hidden: boolean,
  tagSupports: readonly string[] | undefined,
): Record<string, string> {
  const categories = [...(props.categories ?? []), ...(hidden ? ['hidden'] : [])];
  const supports = tagSupports ?? props.supports ?? [];
  const set = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    'openshift.io/display-name': displayName,
    description,
    ...set('iconClass', props.iconClass),
    ...set('openshift.io/provider-display-name', props.providerDisplayName),
    ...set('sampleRepo', props.sampleRepo),
    ...set('sampleContextDir', props.sampleContextDir),
    ...set('sampleRef', props.sampleRef),
    ...(categories.length === 0 ? {} : { tags: categories.join(',') }),
    ...(supports.length === 0 ? {} : { supports: supports.join(',') }),
    ...set('version', version),
  };
}
