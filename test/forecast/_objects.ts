import type { ManifestObject } from '../../src/output';

/** A manifest object for forecast tests. */
export function object(
  apiVersion: string,
  kind: string,
  name: string,
  fields: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): ManifestObject {
  return { apiVersion, kind, metadata: { name, ...metadata }, ...fields };
}

export function digestMirrorSet(name: string, rules: { source: string; mirrors: string[]; mirrorSourcePolicy?: string }[]): ManifestObject {
  return object(
    'config.openshift.io/v1',
    'ImageDigestMirrorSet',
    name,
    { spec: { imageDigestMirrors: rules } },
    { annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
  );
}

export function tagMirrorSet(name: string, rules: { source: string; mirrors: string[] }[]): ManifestObject {
  return object(
    'config.openshift.io/v1',
    'ImageTagMirrorSet',
    name,
    { spec: { imageTagMirrors: rules } },
    { annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
  );
}

export function imageConfig(spec: Record<string, unknown>): ManifestObject {
  return object(
    'config.openshift.io/v1',
    'Image',
    'cluster',
    { spec },
    { annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false', 'argocd.argoproj.io/sync-wave': '1' } },
  );
}

/** A bundle keyed by the output's path scheme. */
export function bundle(...objects: ManifestObject[]): Map<string, ManifestObject> {
  return new Map(objects.map((o) => [`${o.metadata.namespace ?? '_cluster'}/${o.kind.toLowerCase()}_${o.metadata.name}.yaml`, o]));
}
