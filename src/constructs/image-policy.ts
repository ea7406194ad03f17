import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { imagePolicySpecPolicy, type RootOfTrust } from './_root-of-trust';

export interface ImagePolicyProps {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly scopes: readonly string[];
  readonly rootOfTrust: RootOfTrust;
}

/**
 * A `config.openshift.io/v1` ImagePolicy: the signature pods of one namespace need for images of
 * the scopes. A scope equal to or under a ClusterImagePolicy scope is ignored (policy rule
 * `signatures/image-policy-overridden`).
 */
export class ImagePolicy extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ImagePolicyProps) {
    super(scope, id);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'config.openshift.io/v1',
      kind: 'ImagePolicy',
      metadata: { name: props.metadata.name, namespace: props.metadata.namespace },
      spec: { scopes: props.scopes, policy: imagePolicySpecPolicy(props.rootOfTrust) },
    });
  }
}
