import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** One `matchConstraints.resourceRules` entry. */
export interface AdmissionResourceRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly operations: ReadonlyArray<'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT'>;
  readonly resources: readonly string[];
}

export interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

export interface AdmissionValidation {
  readonly expression: string;
  readonly message: string;
  readonly messageExpression: string;
  readonly reason: 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';
}

export interface ValidatingAdmissionPolicyProps {
  readonly name: string;
  readonly resourceRules: readonly AdmissionResourceRule[];
  readonly matchConditions: readonly NamedExpression[];
  readonly variables: readonly NamedExpression[];
  readonly validations: readonly AdmissionValidation[];
}

/**
 * An `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy (Kubernetes 1.30, OpenShift 4.17).
 * The fields the API server defaults (`failurePolicy`, `matchPolicy`, the empty selectors, each
 * rule's `scope`; Kubernetes `pkg/apis/admissionregistration/v1/defaults.go`) are written out, so
 * what Argo CD compares is what the server stores.
 */
export class ValidatingAdmissionPolicy extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ValidatingAdmissionPolicyProps) {
    super(scope, id);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: props.name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          matchPolicy: 'Equivalent',
          namespaceSelector: {},
          objectSelector: {},
          resourceRules: props.resourceRules.map((r) => ({ ...r, scope: '*' })),
        },
        matchConditions: props.matchConditions,
        variables: props.variables,
        validations: props.validations,
      },
    });
  }
}
