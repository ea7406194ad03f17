import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

/** The namespace the `Image` config reads `additionalTrustedCA` from. */
export const OPENSHIFT_CONFIG_NAMESPACE = 'openshift-config';

/** The ConfigMap's name unless given. */
export const DEFAULT_REGISTRY_CAS_NAME = 'registry-cas';

export interface TrustedRegistryCAsProps {
  /** @default DEFAULT_REGISTRY_CAS_NAME */
  readonly name?: string;
  /** PEM certificates keyed by the registry's `host[:port]`. */
  readonly certificates: Readonly<Record<string, string>>;
}

/**
 * The ConfigMap in `openshift-config` that `Image.spec.additionalTrustedCA` names: one key per
 * registry, its `host[:port]` written `host..port` (a ConfigMap key cannot hold ':').
 */
export class TrustedRegistryCAs extends Construct {
  public readonly resource: kplus.ConfigMap;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: TrustedRegistryCAsProps) {
    super(scope, id);
    this.name = props.name ?? DEFAULT_REGISTRY_CAS_NAME;
    const data: Record<string, string> = {};
    for (const registry of Object.keys(props.certificates).sort()) data[registry.replace(':', '..')] = props.certificates[registry];
    this.resource = new kplus.ConfigMap(this, 'Resource', { metadata: { name: this.name, namespace: OPENSHIFT_CONFIG_NAMESPACE }, data });
  }
}
