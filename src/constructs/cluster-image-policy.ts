import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { imagePolicySpecPolicy, type RootOfTrust } from './_root-of-trust';

export interface ClusterImagePolicyProps {
  readonly name: string;
  /** Repositories whose images must carry the signature. */
  readonly scopes: readonly string[];
  readonly rootOfTrust: RootOfTrust;
}

/**
 * A `config.openshift.io/v1` ClusterImagePolicy (OpenShift 4.20 and later): CRI-O on every node
 * refuses images of the scopes without a sigstore signature from the root of trust. The Machine
 * Config Operator writes it into each node's `policy.json`, so changing it rolls out to the nodes.
 */
export class ClusterImagePolicy extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ClusterImagePolicyProps) {
    super(scope, id);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'config.openshift.io/v1',
      kind: 'ClusterImagePolicy',
      metadata: { name: props.name },
      spec: { scopes: props.scopes, policy: imagePolicySpecPolicy(props.rootOfTrust) },
    });
  }
}
