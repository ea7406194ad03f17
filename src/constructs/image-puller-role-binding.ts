import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export interface ImagePullerRoleBindingProps {
  /** Namespace whose images become pullable. */
  readonly namespace: string;
  /** Group granted `system:image-puller`. @default 'system:authenticated' (every logged-in user and service account) */
  readonly group?: string;
  /** @default 'image-pullers-authenticated' */
  readonly name?: string;
}

/** Grants the ClusterRole `system:image-puller` in a namespace, so other namespaces can pull its images. */
export class ImagePullerRoleBinding extends Construct {
  public readonly resource: kplus.RoleBinding;

  constructor(scope: Construct, id: string, props: ImagePullerRoleBindingProps) {
    super(scope, id);
    this.resource = new kplus.RoleBinding(this, 'Resource', {
      metadata: { name: props.name ?? 'image-pullers-authenticated', namespace: props.namespace },
      role: kplus.ClusterRole.fromClusterRoleName(this, 'ImagePuller', 'system:image-puller'),
    });
    this.resource.addSubjects(kplus.Group.fromName(this, 'Group', props.group ?? 'system:authenticated'));
  }
}
