import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The secret store an `ExternalSecret` reads from (`spec.secretStoreRef`). */
export interface SecretStoreRef {
  readonly kind: 'SecretStore' | 'ClusterSecretStore';
  readonly name: string;
}

/** Where in the store the docker config JSON is (`spec.data[].remoteRef`). */
export interface ExternalSecretRemoteRef {
  readonly key: string;
  /** @default - the whole value of `key` */
  readonly property?: string;
}

export interface DockerConfigExternalSecretProps {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly secretStoreRef: SecretStoreRef;
  readonly remoteRef: ExternalSecretRemoteRef;
  /** Go duration, e.g. `1h0m0s`. */
  readonly refreshInterval: string;
  /** The Secret the operator writes: `spec.target.name`. */
  readonly targetName: string;
}

/** The key the store's value is bound to inside the template. */
const SECRET_KEY = 'dockerconfigjson';

/**
 * An external-secrets.io/v1 `ExternalSecret` that writes a `kubernetes.io/dockerconfigjson` Secret
 * from a docker config JSON held in a secret store. Holds no secret value: the template only
 * copies the store's value into `.dockerconfigjson`. Written as a plain ApiObject, as the
 * ApplicationSet is; tests validate it against the vendored CRD. Fields the CRD defaults are
 * written out, so the object Argo CD compares with the live one is the one the server stores.
 */
export class DockerConfigExternalSecret extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: DockerConfigExternalSecretProps) {
    super(scope, id);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: props.metadata.name, namespace: props.metadata.namespace },
      spec: {
        refreshInterval: props.refreshInterval,
        secretStoreRef: { kind: props.secretStoreRef.kind, name: props.secretStoreRef.name },
        target: {
          name: props.targetName,
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: {
            type: 'kubernetes.io/dockerconfigjson',
            engineVersion: 'v2',
            mergePolicy: 'Replace',
            data: { '.dockerconfigjson': `{{ .${SECRET_KEY} | toString }}` },
          },
        },
        data: [
          {
            secretKey: SECRET_KEY,
            remoteRef: {
              key: props.remoteRef.key,
              ...(props.remoteRef.property === undefined ? {} : { property: props.remoteRef.property }),
              conversionStrategy: 'Default',
              decodingStrategy: 'None',
              metadataPolicy: 'None',
            },
          },
        ],
      },
    });
  }
}
