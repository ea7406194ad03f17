import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** What the API server does with a failed validation. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

export interface ValidatingAdmissionPolicyBindingProps {
  readonly name: string;
  readonly policyName: string;
  /** `Deny`, or `Warn` / `Audit` while rolling out. */
  readonly validationActions: readonly ValidationAction[];
}

/** An `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicyBinding for every namespace the policy matches. */
export class ValidatingAdmissionPolicyBinding extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ValidatingAdmissionPolicyBindingProps) {
    super(scope, id);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: props.name },
      spec: { policyName: props.policyName, validationActions: props.validationActions },
    });
  }
}
