import { Construct } from 'constructs';
import * as idms from '../imports/imagedigestmirrorsets-config.openshift.io';
import { mirrorEntry } from './_image-mirrors';

/** One mirror rule of an `ImageDigestMirrorSet` or `ImageTagMirrorSet`. */
export interface ImageMirrors {
  /** Repository users refer to: `host[:port][/path]` or `*.domain`. */
  readonly source: string;
  /** Locations holding the same images, most preferred first. @default - none (the field is left out) */
  readonly mirrors?: readonly string[];
  /** @default - unset, which the runtime treats as `AllowContactingSource` */
  readonly mirrorSourcePolicy?: 'AllowContactingSource' | 'NeverContactSource';
}

export interface ImageDigestMirrorSetProps {
  /** `metadata.name`. */
  readonly name: string;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Mirrors for pulls by digest, in the order given. */
  readonly imageDigestMirrors: readonly ImageMirrors[];
}

/** An `ImageDigestMirrorSet`: pulls by digest from a source repository may be served by its mirrors. */
export class ImageDigestMirrorSet extends Construct {
  public readonly resource: idms.ImageDigestMirrorSet;

  constructor(scope: Construct, id: string, props: ImageDigestMirrorSetProps) {
    super(scope, id);
    this.resource = new idms.ImageDigestMirrorSet(this, 'Resource', {
      metadata: {
        name: props.name,
        ...(props.labels ? { labels: { ...props.labels } } : {}),
        ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
      },
      spec: {
        imageDigestMirrors: props.imageDigestMirrors.map((rule) =>
          mirrorEntry<idms.ImageDigestMirrorSetSpecImageDigestMirrorsMirrorSourcePolicy>(rule),
        ),
      },
    });
  }
}
