import { parse } from 'yaml';
import { compareStrings } from '../shared';

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

/**
 * The object a manifest file holds. A file that is not one Kubernetes object (edited by hand, say)
 * becomes a `File` object named by its path and holding its text, so readers can still report it.
 */
export function parseManifest(content: string, path: string): ManifestObject {
  let object: Partial<ManifestObject> | undefined;
  try {
    object = parse(content) as Partial<ManifestObject> | undefined;
  } catch {
    object = undefined;
  }
  const valid =
    typeof object === 'object' &&
    object !== null &&
    typeof object.kind === 'string' &&
    typeof object.apiVersion === 'string' &&
    typeof object.metadata?.name === 'string';
  return valid ? (object as ManifestObject) : { apiVersion: 'v1', kind: 'File', metadata: { name: path }, content };
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
  for (const path of paths) objects.set(path.slice(prefix.length), parseManifest(files.get(path)!, path.slice(prefix.length)));
  return objects;
}

/** `namespace/name`, or `name` for a cluster-scoped object. */
export function objectName(object: { readonly metadata: { readonly name: string; readonly namespace?: string } }): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}

export interface KindCount {
  readonly kind: string;
  readonly count: number;
}

/** How many objects of each kind, by kind name. */
export function kindCounts(objects: Iterable<{ readonly kind: string }>): KindCount[] {
  const counts = new Map<string, number>();
  for (const object of objects) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
  return sortedCounts(counts);
}

function sortedCounts(counts: ReadonlyMap<string, number>): KindCount[] {
  return [...counts].sort(([a], [b]) => compareStrings(a, b)).map(([kind, count]) => ({ kind, count }));
}

/**
 * `kindCounts` of the manifests under one top-level folder, read from each file's first top-level
 * `kind:` line (the canonical YAML writes it second) instead of parsing every file.
 */
export function folderKindCounts(files: ReadonlyMap<string, string>, folder: string): KindCount[] {
  return kindCountsByFolder(files).get(folder) ?? [];
}

/** `folderKindCounts` of every top-level folder, in one pass (the files of a fleet share few distinct contents). */
export function kindCountsByFolder(files: ReadonlyMap<string, string>): Map<string, KindCount[]> {
  const kindOf = new Map<string, string>();
  const counts = new Map<string, Map<string, number>>();
  // The folder of the previous path: files come folder by folder.
  let prefix: string | undefined;
  let byKind = new Map<string, number>();
  for (const [path, content] of files) {
    if (!path.endsWith('.yaml')) continue;
    let kind = kindOf.get(content);
    if (kind === undefined) {
      kind = /^kind: (\S+)$/m.exec(content)?.[1] ?? 'File';
      kindOf.set(content, kind);
    }
    if (prefix === undefined || !path.startsWith(prefix)) {
      const folder = topFolder(path);
      prefix = `${folder}/`;
      let folderCounts = counts.get(folder);
      if (folderCounts === undefined) counts.set(folder, (folderCounts = new Map()));
      byKind = folderCounts;
    }
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return new Map([...counts].map(([folder, byKind]) => [folder, sortedCounts(byKind)]));
}
