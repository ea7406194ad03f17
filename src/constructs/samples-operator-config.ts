import { Construct } from 'constructs';
import { Config } from '../imports/samples-samples.operator.openshift.io';

export interface SamplesOperatorConfigProps {
  /** `Managed`, `Unmanaged` or `Removed`. */
  readonly managementState: 'Managed' | 'Unmanaged' | 'Removed';
  /** Architectures in the operator's spelling (`x86_64`, `arm64`, `ppc64le`, `s390x`). */
  readonly architectures: readonly string[];
  /** Registry the sample images are imported from. @default - none: the registries the samples' own tags name */
  readonly samplesRegistry?: string;
  /** Image streams the operator neither creates nor updates. @default - none */
  readonly skippedImagestreams?: readonly string[];
  /** Templates the operator neither creates nor updates. @default - none */
  readonly skippedTemplates?: readonly string[];
}

/**
 * The Cluster Samples Operator's singleton `Config` named `cluster`, which decides what the operator
 * manages in the `openshift` namespace. Empty lists are left out: the operator writes the object back
 * without them (`omitempty`), and Argo CD would see an empty list as drift.
 */
export class SamplesOperatorConfig extends Construct {
  public readonly resource: Config;

  constructor(scope: Construct, id: string, props: SamplesOperatorConfigProps) {
    super(scope, id);
    const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? [...values] : undefined);
    this.resource = new Config(this, 'Resource', {
      metadata: { name: 'cluster' },
      spec: {
        managementState: props.managementState,
        architectures: list(props.architectures),
        samplesRegistry: props.samplesRegistry,
        skippedImagestreams: list(props.skippedImagestreams),
        skippedTemplates: list(props.skippedTemplates),
      },
    });
  }
}
