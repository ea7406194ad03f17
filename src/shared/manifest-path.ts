/** Folder for objects without a namespace; `_` cannot start a namespace name, so it never collides. */
export const CLUSTER_SCOPED_FOLDER = '_cluster';

interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/**
 * `<namespace|_cluster>/<kind>[.<group>]_<name>.yaml`, e.g. `bcgov/imagestream.image.openshift.io_patroni.yaml`.
 * `_` cannot appear in a Kubernetes name or kind, so the path names one object unambiguously.
 */
export function manifestPath(object: ObjectIdentity): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  const kind = object.kind.toLowerCase() + (group ? `.${group}` : '');
  const folder = object.metadata.namespace ?? CLUSTER_SCOPED_FOLDER;
  return `${folder}/${kind}_${object.metadata.name}.yaml`;
}
