import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export interface SharedResourceViewerRoleProps {
  /** Namespace whose templates and image streams become readable. */
  readonly namespace: string;
  /** @default 'shared-resource-viewer' (the name OpenShift gives this role in `openshift`) */
  readonly name?: string;
}

/** What OpenShift's `shared-resource-viewer` grants in `openshift`, for the image and template groups. */
const READ = ['get', 'list', 'watch'];
const RULES: ReadonlyArray<{ readonly apiGroup: string; readonly resources: readonly string[]; readonly verbs: readonly string[] }> = [
  { apiGroup: 'template.openshift.io', resources: ['templates'], verbs: READ },
  { apiGroup: 'image.openshift.io', resources: ['imagestreamimages', 'imagestreams', 'imagestreamtags'], verbs: READ },
  // Pulls through the integrated registry.
  { apiGroup: 'image.openshift.io', resources: ['imagestreams/layers'], verbs: ['get'] },
];

/**
 * Read access to a namespace's templates and image streams, and pulls of its images: the rules of
 * OpenShift's `shared-resource-viewer` Role in `openshift` (openshift-apiserver
 * `pkg/bootstrappolicy/namespace_policy.go` `buildNamespaceRolesAndBindings`), without its legacy
 * API groups, `imagetags` and `configmaps`.
 */
export class SharedResourceViewerRole extends Construct {
  public readonly resource: kplus.Role;

  constructor(scope: Construct, id: string, props: SharedResourceViewerRoleProps) {
    super(scope, id);
    this.resource = new kplus.Role(this, 'Resource', {
      metadata: { name: props.name ?? 'shared-resource-viewer', namespace: props.namespace },
    });
    for (const rule of RULES) {
      const resources = rule.resources.map((resourceType) => kplus.ApiResource.custom({ apiGroup: rule.apiGroup, resourceType }));
      this.resource.allow([...rule.verbs], ...resources);
    }
  }
}
