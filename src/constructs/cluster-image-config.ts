import { Construct } from 'constructs';
import * as image from '../imports/images-config.openshift.io';

/** A registry normal users may import from. */
export interface RegistryLocation {
  /** `host[:port]`; `*` and `?` are globs. */
  readonly domainName: string;
  readonly insecure: boolean;
}

export interface ClusterImageConfigProps {
  /** @default - none: users may import from any registry */
  readonly allowedRegistriesForImport?: readonly RegistryLocation[];
  /** The only registries the runtime may pull from. @default - none: not set */
  readonly allowedRegistries?: readonly string[];
  /** Registries the runtime may not pull from. @default - none: not set */
  readonly blockedRegistries?: readonly string[];
  /** @default - none */
  readonly insecureRegistries?: readonly string[];
  /** Searched in this order for short names. @default - none */
  readonly containerRuntimeSearchRegistries?: readonly string[];
  /** Name of the ConfigMap in `openshift-config` holding extra registry CAs. @default - none */
  readonly additionalTrustedCA?: string;
}

/**
 * The cluster-wide image configuration, `Image` named `cluster` (the only name the API accepts).
 * Empty lists are left out: an empty `allowedRegistries` would still count as set.
 */
export class ClusterImageConfig extends Construct {
  public readonly resource: image.Image;

  constructor(scope: Construct, id: string, props: ClusterImageConfigProps) {
    super(scope, id);
    if (nonEmpty(props.allowedRegistries) && nonEmpty(props.blockedRegistries)) {
      throw new Error(
        'ClusterImageConfig: allowedRegistries and blockedRegistries are exclusive (the registries policy rules should have stopped this)',
      );
    }
    const registrySources: image.ImageSpecRegistrySources = {
      allowedRegistries: nonEmpty(props.allowedRegistries),
      blockedRegistries: nonEmpty(props.blockedRegistries),
      insecureRegistries: nonEmpty(props.insecureRegistries),
      containerRuntimeSearchRegistries: nonEmpty(props.containerRuntimeSearchRegistries),
    };
    this.resource = new image.Image(this, 'Resource', {
      metadata: { name: 'cluster' },
      spec: {
        allowedRegistriesForImport: nonEmpty(props.allowedRegistriesForImport)?.map((l) => ({ domainName: l.domainName, insecure: l.insecure })),
        additionalTrustedCa: props.additionalTrustedCA ? { name: props.additionalTrustedCA } : undefined,
        registrySources: Object.values(registrySources).some((v) => v !== undefined) ? registrySources : undefined,
      },
    });
  }
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}
