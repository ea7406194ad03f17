import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { SignatureRootOfTrust } from '../model';

export interface ClusterImagePolicyProps {
  readonly name: string;
  /** Repositories whose images must carry the signature. */
  readonly scopes: readonly string[];
  readonly rootOfTrust: SignatureRootOfTrust;
}

const base64 = (pem: string) => Buffer.from(pem.trim() + '\n', 'utf8').toString('base64');

/**
 * A `config.openshift.io/v1` ClusterImagePolicy (OpenShift 4.20 and later): CRI-O on every node
 * refuses images of the scopes without a sigstore signature from the root of trust. The Machine
 * Config Operator writes it into each node's `policy.json`, so changing it rolls out to the nodes.
 */
export class ClusterImagePolicy extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ClusterImagePolicyProps) {
    super(scope, id);
    const trust = props.rootOfTrust;
    const rootOfTrust = 'publicKey' in trust
      ? {
        policyType: 'PublicKey',
        publicKey: { keyData: base64(trust.publicKey.keyData), ...(trust.publicKey.rekorKeyData ? { rekorKeyData: base64(trust.publicKey.rekorKeyData) } : {}) },
      }
      : {
        policyType: 'FulcioCAWithRekor',
        fulcioCAWithRekor: {
          fulcioCAData: base64(trust.fulcioCAWithRekor.fulcioCAData),
          rekorKeyData: base64(trust.fulcioCAWithRekor.rekorKeyData),
          fulcioSubject: trust.fulcioCAWithRekor.fulcioSubject,
        },
      };
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'config.openshift.io/v1',
      kind: 'ClusterImagePolicy',
      metadata: { name: props.name },
      spec: {
        scopes: props.scopes,
        // MatchRepoDigestOrExact is what the Machine Config Operator applies when none is given; written so the object says it.
        policy: { rootOfTrust, signedIdentity: { matchPolicy: 'MatchRepoDigestOrExact' } },
      },
    });
  }
}
