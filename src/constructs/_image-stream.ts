import { ApiObject, type ApiObjectMetadata, type GroupVersionKind } from 'cdk8s';
import { type Construct } from 'constructs';

/**
 * `image.openshift.io/v1` ImageStream, typed by hand: it is served by the OpenShift API server, not a
 * CRD, so `cdk8s import` cannot generate it. Field names and documentation follow openshift/api
 * `image/v1/types.go`; tests validate every emitted object against the upstream JSON Schema.
 */

/** How the server imports a manifest list: one sub-manifest (`Legacy`, the server default) or all of them. */
export type ImportModeType = 'Legacy' | 'PreserveOriginal';

/** A reference to the image a tag points to. */
export interface ObjectReference {
  /** `DockerImage`, `ImageStreamTag` or `ImageStreamImage`. */
  readonly kind: 'DockerImage' | 'ImageStreamTag' | 'ImageStreamImage';
  /** A pull spec for `DockerImage`; `<tag>` or `<stream>:<tag>` for `ImageStreamTag`. */
  readonly name: string;
  /** Namespace of the referenced stream. @default - the stream's own namespace */
  readonly namespace?: string;
}

/** TagImportPolicy: how images of this tag are imported. */
export interface TagImportPolicy {
  /** Re-import periodically (only for `DockerImage` sources). @default false */
  readonly scheduled?: boolean;
  /** @default - the cluster's `imageStreamImportMode`, else `Legacy` */
  readonly importMode?: ImportModeType;
  /** @default false */
  readonly insecure?: boolean;
}

/** TagReferencePolicy: how pull specs are generated for this tag. */
export interface TagReferencePolicy {
  /** `Local`: through the integrated registry; `Source`: from where the image was imported (the server default). */
  readonly type: 'Local' | 'Source';
}

/** TagReference: one entry of `spec.tags`. */
export interface TagReference {
  readonly name: string;
  /** Applied to images retrieved through the tag; the console reads its display annotations here. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly from?: ObjectReference;
  /** The tag is not imported; it only points at the source. @default false */
  readonly reference?: boolean;
  readonly importPolicy?: TagImportPolicy;
  readonly referencePolicy?: TagReferencePolicy;
}

/** ImageLookupPolicy: whether short image names in the namespace resolve to this stream. */
export interface ImageLookupPolicy {
  readonly local: boolean;
}

export interface ImageStreamSpec {
  readonly lookupPolicy?: ImageLookupPolicy;
  readonly tags?: readonly TagReference[];
}

export interface ImageStreamProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: ImageStreamSpec;
}

/** An `image.openshift.io/v1` ImageStream object. */
export class ImageStream extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream' };

  /** The manifest as a plain object, e.g. to embed in a Template's `objects`. */
  public static manifest(props: ImageStreamProps): { apiVersion: string; kind: string; metadata: ApiObjectMetadata; spec: ImageStreamSpec } {
    return { ...ImageStream.GVK, metadata: props.metadata, spec: props.spec };
  }

  constructor(scope: Construct, id: string, props: ImageStreamProps) {
    super(scope, id, ImageStream.manifest(props));
  }
}
