import type { ManifestObject } from '../output';

/** `<group>/<kind>`, `core` for the core group. */
export function groupKind(object: Pick<ManifestObject, 'apiVersion' | 'kind'>): string {
  return `${object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : 'core'}/${object.kind}`;
}

export function nameOf(object: ManifestObject): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}

/** The value at a dotted path (`spec.registrySources.allowedRegistries`), undefined when absent. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function listAt<T>(value: unknown, path: string): T[] {
  const list = at(value, path);
  return Array.isArray(list) ? (list as T[]) : [];
}

export function stringsAt(value: unknown, path: string): string[] {
  return listAt<unknown>(value, path).filter((v): v is string => typeof v === 'string');
}

/**
 * The value of one option in a comma-separated options annotation, as gitops-engine
 * `pkg/sync/resource` `GetAnnotationOptionValue` reads `argocd.argoproj.io/sync-options`
 * (`Prune=false,Delete=false`); undefined when the option is absent.
 */
export function annotationOption(object: ManifestObject | undefined, annotation: string, option: string): string | undefined {
  const value = object?.metadata.annotations?.[annotation];
  if (typeof value !== 'string') return undefined;
  for (const item of value.split(',')) {
    const [key, ...rest] = item.trim().split('=');
    if (key === option) return rest.join('=');
  }
  return undefined;
}

/** The same option in an Application's `spec.syncPolicy.syncOptions` list (`SyncOptions.GetOptionValue`). */
export function listOption(options: readonly string[], option: string): string | undefined {
  for (const item of options) {
    const [key, ...rest] = item.trim().split('=');
    if (key === option) return rest.join('=');
  }
  return undefined;
}

export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** gitops-engine `pkg/sync/syncwaves` `Wave`: the annotation as an integer, 0 when absent or not a number. */
export function waveOf(object: ManifestObject): number {
  const value = Number.parseInt(object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0', 10);
  return Number.isNaN(value) ? 0 : value;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
