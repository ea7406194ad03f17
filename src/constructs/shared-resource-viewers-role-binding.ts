import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export interface SharedResourceViewersRoleBindingProps {
  readonly namespace: string;
  /** The Role bound, in `namespace`. */
  readonly roleName: string;
  /** @default 'system:authenticated' (every logged-in user and service account) */
  readonly group?: string;
  /** @default 'shared-resource-viewers' (the name OpenShift gives this binding in `openshift`) */
  readonly name?: string;
}

/** Binds a namespace's shared-resource viewer Role to every authenticated user, as OpenShift does in `openshift`. */
export class SharedResourceViewersRoleBinding extends Construct {
  public readonly resource: kplus.RoleBinding;

  constructor(scope: Construct, id: string, props: SharedResourceViewersRoleBindingProps) {
    super(scope, id);
    this.resource = new kplus.RoleBinding(this, 'Resource', {
      metadata: { name: props.name ?? 'shared-resource-viewers', namespace: props.namespace },
      role: kplus.Role.fromRoleName(this, 'Role', props.roleName),
    });
    this.resource.addSubjects(kplus.Group.fromName(this, 'Group', props.group ?? 'system:authenticated'));
  }
}
