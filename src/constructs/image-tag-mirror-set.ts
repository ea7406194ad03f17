import { Construct } from 'constructs';
import * as itms from '../imports/imagetagmirrorsets-config.openshift.io';
import { mirrorEntry } from './_image-mirrors';
import type { ImageMirrors } from './image-digest-mirror-set';

export interface ImageTagMirrorSetProps {
  /** `metadata.name`. */
  readonly name: string;
  /** Mirrors for pulls by tag, in the order given. */
  readonly imageTagMirrors: readonly ImageMirrors[];
}

/** An `ImageTagMirrorSet`: pulls by tag from a source repository may be served by its mirrors. */
export class ImageTagMirrorSet extends Construct {
  public readonly resource: itms.ImageTagMirrorSet;

  constructor(scope: Construct, id: string, props: ImageTagMirrorSetProps) {
    super(scope, id);
    this.resource = new itms.ImageTagMirrorSet(this, 'Resource', {
      metadata: { name: props.name },
      spec: { imageTagMirrors: props.imageTagMirrors.map((rule) => mirrorEntry<itms.ImageTagMirrorSetSpecImageTagMirrorsMirrorSourcePolicy>(rule)) },
    });
  }
}
