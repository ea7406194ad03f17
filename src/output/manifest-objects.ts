import { parse } from 'yaml';
import { compareStrings } from '../plan';

/** A Kubernetes object as read back from a manifest file of the output. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

export function parseManifest(content: string): ManifestObject {
  return parse(content) as ManifestObject;
}

/** The first folder of an output path: a cluster, `argocd` or `reports`. */
export function topFolder(path: string): string {
  return path.split('/')[0];
}

/** The manifests under one top-level folder: path inside the folder → object, in path order. */
export function folderObjects(files: ReadonlyMap<string, string>, folder: string): Map<string, ManifestObject> {
  const prefix = `${folder}/`;
  const objects = new Map<string, ManifestObject>();
  const paths = [...files.keys()].filter((p) => p.startsWith(prefix) && p.endsWith('.yaml')).sort(compareStrings);
  for (const path of paths) objects.set(path.slice(prefix.length), parseManifest(files.get(path)!));
  return objects;
}

/** `namespace/name`, or `name` for a cluster-scoped object. */
export function objectName(object: { readonly metadata: { readonly name: string; readonly namespace?: string } }): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}

/** The API group of an apiVersion; `core` for the core group. */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core';
}
