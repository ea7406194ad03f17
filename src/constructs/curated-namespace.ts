import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export interface CuratedNamespaceProps {
  /** `metadata.name` of the namespace, e.g. `bcgov`. */
  readonly name: string;
  /** Shown in the OpenShift console. @default - none */
  readonly displayName?: string;
  /** @default - none */
  readonly description?: string;
}

/** The namespace that holds the curated images on a cluster. */
export class CuratedNamespace extends Construct {
  public readonly resource: kplus.Namespace;

  constructor(scope: Construct, id: string, props: CuratedNamespaceProps) {
    super(scope, id);
    const annotations: Record<string, string> = {};
    if (props.displayName) annotations['openshift.io/display-name'] = props.displayName;
    if (props.description) annotations['openshift.io/description'] = props.description;
    this.resource = new kplus.Namespace(this, 'Resource', { metadata: { name: props.name, annotations } });
  }
}
