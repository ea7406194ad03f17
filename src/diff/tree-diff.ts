import { isDeepStrictEqual } from 'node:util';
import { ARGOCD_FOLDER, folderObjects, kindCounts, type ManifestObject, objectName, REPORTS_FOLDER, topFolder } from '../output';
import { type Cluster, ENVIRONMENTS } from '../model';
import { compareStrings } from '../shared';
import { listElements } from './application-set';
import { kindSummary } from './kinds';
import { diffValues, fieldDetails, isPlainObject, omit } from './_values';
import type { ChangeGroup, ClusterStatus, ClusterSummary, Detail, DiffSummary, ObjectChange } from './summary';

/** Environments in the order a reviewer reads them: production first, the fleet's order reversed. */
export const ENVIRONMENT_ORDER: readonly string[] = [...ENVIRONMENTS].reverse();

export const UNKNOWN_ENVIRONMENT = 'unknown';

function environmentRank(environment: string): number {
  const i = ENVIRONMENT_ORDER.indexOf(environment);
  return i === -1 ? ENVIRONMENT_ORDER.length : i;
}

/**
 * Cluster → environment from the ApplicationSet list elements (`cluster`, `environment`) of an
 * output tree: how the diff learns the environment of a cluster only the base has.
 */
export function environmentsFromOutput(files: ReadonlyMap<string, string>): Map<string, string> {
  const environments = new Map<string, string>();
  for (const object of folderObjects(files, ARGOCD_FOLDER).values()) {
    if (object.kind !== 'ApplicationSet') continue;
    for (const element of listElements(object)) {
      if (typeof element.cluster === 'string' && typeof element.environment === 'string') environments.set(element.cluster, element.environment);
    }
  }
  return environments;
}

/** How one object differs; undefined when its content is equal on both sides. */
export function objectChange(path: string, before: ManifestObject | undefined, after: ManifestObject | undefined): ObjectChange | undefined {
  const object = after ?? before;
  if (!object) return undefined;
  const identity = { path, apiVersion: object.apiVersion, kind: object.kind, name: objectName(object) };
  if (!after) return { ...identity, change: 'removed', details: [] };
  const kind = kindSummary(after.apiVersion, after.kind);
  const fields = kind?.fields ?? [];
  if (!before) {
    // What the new object holds, without the metadata every object carries.
    const specFields = fields.filter((f) => f.startsWith('spec.')).map((f) => f.slice('spec.'.length));
    const spec = isPlainObject(after.spec) ? fieldDetails(diffValues({}, omit(after.spec, specFields), ['spec'])) : [];
    return { ...identity, change: 'added', details: [...(kind?.details(undefined, after) ?? []), ...spec] };
  }
  if (isDeepStrictEqual(before, after)) return undefined;
  const details = [...(kind?.details(before, after) ?? []), ...fieldDetails(diffValues(omit(before, fields), omit(after, fields)))];
  return { ...identity, change: 'changed', details };
}

interface FolderDiff {
  readonly changes: ObjectChange[];
  readonly formattingOnly: string[];
  readonly before: number;
  readonly after: number;
  readonly objects: Map<string, ManifestObject>;
}

function diffFolder(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, folder: string): FolderDiff {
  const old = folderObjects(before, folder);
  const now = folderObjects(after, folder);
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort(compareStrings);
  const changes: ObjectChange[] = [];
  const formattingOnly: string[] = [];
  for (const path of paths) {
    const change = objectChange(path, old.get(path), now.get(path));
    if (change) changes.push(change);
    else if (before.get(`${folder}/${path}`) !== after.get(`${folder}/${path}`)) formattingOnly.push(`${folder}/${path}`);
  }
  return { changes, formattingOnly, before: old.size, after: now.size, objects: now.size > 0 ? now : old };
}

/** One line of the summary: an object as a whole, or one detail of a changed object, and the clusters it appears on. */
interface Line {
  readonly object: ObjectChange;
  readonly detail?: Detail;
  /** Where the detail comes in its object's details, for putting them back in order. */
  readonly position: number;
  readonly clusters: string[];
}

/**
 * Groups of the changes that are identical on the same set of clusters. A changed object folds
 * detail by detail, so each line names exactly the clusters it applies to; an object added or
 * removed (or changed with nothing to detail) folds as a whole. Within a group, an object's details
 * come in the order its kind gives them.
 */
function foldAcrossClusters(changes: readonly [string, readonly ObjectChange[]][]): ChangeGroup[] {
  const lines = new Map<string, Line>();
  for (const [cluster, objects] of changes) {
    for (const change of objects) {
      const whole = change.change !== 'changed' || change.details.length === 0;
      const units: Omit<Line, 'clusters'>[] = whole
        ? [{ object: change, position: 0 }]
        : change.details.map((detail, position) => ({ object: { ...change, details: [] }, detail, position }));
      for (const unit of units) {
        const key = JSON.stringify([unit.object, unit.detail]);
        const line = lines.get(key) ?? { ...unit, clusters: [] };
        line.clusters.push(cluster);
        lines.set(key, line);
      }
    }
  }
  const sets = new Map<string, Map<string, { object: ObjectChange; details: { detail: Detail; position: number }[] }>>();
  for (const line of lines.values()) {
    const objects = sets.get(line.clusters.join(',')) ?? new Map<string, { object: ObjectChange; details: { detail: Detail; position: number }[] }>();
    sets.set(line.clusters.join(','), objects);
    const entry = objects.get(JSON.stringify(line.object)) ?? { object: line.object, details: [] };
    objects.set(JSON.stringify(line.object), entry);
    if (line.detail) entry.details.push({ detail: line.detail, position: line.position });
  }
  return [...sets].map(([key, objects]) => ({
    clusters: key.split(','),
    changes: [...objects.values()]
      .map(({ object, details }) =>
        details.length === 0 ? object : { ...object, details: details.sort((a, b) => a.position - b.position).map((d) => d.detail) },
      )
      .sort((a, b) => compareStrings(a.path, b.path) || compareStrings(JSON.stringify(a), JSON.stringify(b))),
  }));
}

/**
 * The semantic diff of two output trees (path under `dist/` → bytes): per cluster, the objects
 * added, removed and changed; changes equal on several clusters folded into one group; production first.
 * `environments` gives each cluster's environment (the working tree's fleet, then the base's ApplicationSet).
 */
export function diffOutputs(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  environments: ReadonlyMap<string, string>,
): DiffSummary {
  const folders = [...new Set([...before.keys(), ...after.keys()].map(topFolder))].filter((f) => f !== REPORTS_FOLDER && f !== ARGOCD_FOLDER);
  const environment = (cluster: string) => environments.get(cluster) ?? UNKNOWN_ENVIRONMENT;
  const clusterOrder = (a: string, b: string) => environmentRank(environment(a)) - environmentRank(environment(b)) || compareStrings(a, b);
  folders.sort(clusterOrder);

  const clusters: ClusterSummary[] = [];
  const groups: ChangeGroup[] = [];
  const formattingOnly: string[] = [];
  const changed: [string, ObjectChange[]][] = [];
  for (const folder of folders) {
    const diff = diffFolder(before, after, folder);
    formattingOnly.push(...diff.formattingOnly);
    const status: ClusterStatus = diff.before === 0 ? 'added' : diff.after === 0 ? 'removed' : diff.changes.length > 0 ? 'changed' : 'unchanged';
    const count = (change: ObjectChange['change']) => diff.changes.filter((c) => c.change === change).length;
    clusters.push({
      name: folder,
      environment: environment(folder),
      status,
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
    });
    if (status === 'added' || status === 'removed')
      groups.push({ clusters: [folder], clusterChange: status, objectCounts: kindCounts(diff.objects.values()), changes: [] });
    else changed.push([folder, diff.changes]);
  }
  groups.push(...foldAcrossClusters(changed));
  groups.sort(
    (a, b) =>
      environmentRank(environment(a.clusters[0])) - environmentRank(environment(b.clusters[0])) ||
      b.clusters.length - a.clusters.length ||
      compareStrings(a.clusters.join(','), b.clusters.join(',')),
  );

  const argocd = diffFolder(before, after, ARGOCD_FOLDER);
  formattingOnly.push(...argocd.formattingOnly);
  const otherFiles = [...new Set([...before.keys(), ...after.keys()])]
    .filter((p) => !p.endsWith('.yaml') && topFolder(p) !== REPORTS_FOLDER && before.get(p) !== after.get(p))
    .sort(compareStrings)
    .map((path) => ({ path, change: !before.has(path) ? ('added' as const) : !after.has(path) ? ('removed' as const) : ('changed' as const) }));
  return { clusters, groups, argocd: argocd.changes, formattingOnly: formattingOnly.sort(compareStrings), otherFiles };
}

/** Each cluster's environment: the working tree's fleet, and for clusters only the base has, the base's ApplicationSet. */
export function clusterEnvironments(
  fleet: { readonly clusters: readonly Pick<Cluster, 'name' | 'environment'>[] },
  baseFiles: ReadonlyMap<string, string>,
): Map<string, string> {
  return new Map([...environmentsFromOutput(baseFiles), ...fleet.clusters.map((c): [string, string] => [c.name, c.environment])]);
}
