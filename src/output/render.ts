import { App, type Chart } from 'cdk8s';
import { ArgoCdChart, type BundlePlan, ClusterChart, CuratedImageStreamChart } from '../charts';
import type { Catalog } from '../model';
import type { ClusterPlan, MirrorSet } from '../plan';
import { healthCheckFiles } from './argocd-health-checks';
import { imageSetConfigurationFiles } from './imageset-configuration';
import { compareStrings, contentKey, getOrSet, manifestPath } from '../shared';
import { manifestFile } from './serialize';

/** Output files: path relative to `dist/` → bytes. Insertion order is path order. */
export type OutputFiles = Map<string, string>;

export const ARGOCD_FOLDER = 'argocd';

/**
 * The YAML of objects an earlier run serialized, by the object's JSON text (a manifest is JSON data:
 * equal JSON, equal YAML). The run record keeps one beside `dist/`, so that a run serializes only the
 * objects that changed since the last (`src/pipeline/run-cache.ts`); what a run reads there it keeps.
 */
export interface SerializedManifests {
  get(json: string): string | undefined;
  set(json: string, yaml: string): void;
}

/** Builds every chart and serializes every object, one file each. Throws only on programming errors. */
export function renderFleet(catalog: Catalog, plans: readonly ClusterPlan[], serialized?: SerializedManifests): OutputFiles {
  const files: OutputFiles = new Map();
  eachFileSorted(renderFleetParts(catalog, plans, serialized), (path, content) => files.set(path, content));
  return files;
}

/**
 * The fleet's files as rendered, before they are put in one map: each cluster's folder (clusters
 * that share a bundle share its file list) and the files outside them.
 */
export interface RenderedFleet {
  readonly folders: readonly ClusterFolder[];
  readonly others: OutputFiles;
}

/** `renderFleet`, its parts kept apart: the reports join them in one pass (`withReports`). */
export function renderFleetParts(catalog: Catalog, plans: readonly ClusterPlan[], serialized?: SerializedManifests): RenderedFleet {
  const serialize = memoizedManifestFile(serialized);
  // A cluster's manifests are a function of its bundle plan alone (the chart cannot read the rest),
  // and most clusters share one: each distinct bundle is rendered once, its files sorted by path.
  const bundles = new Map<string, ReadonlyArray<readonly [string, string]>>();
  const keyOf = renderKeys();
  const streamFile = streamFiles(serialize, serialized);
  const chartFile = chartFiles(serialize, serialized);
  const folders: ClusterFolder[] = [];
  for (const plan of plans) {
    const { cluster } = plan;
    const bundle = bundlePlan(plan);
    const key = keyOf(bundle);
    let rendered = bundles.get(key);
    if (rendered === undefined) {
      // The image streams, most of a bundle, each once (`streamFile`); the rest in the cluster's chart.
      const files = chartFile(cluster.name, bundle, keyOf.text(bundle));
      for (const stream of bundle.imageStreams) {
        const [path, content] = streamFile(stream);
        if (files.has(path)) throw new Error(`two objects render to ${cluster.name}/${path}: ImageStream ${stream.name}`);
        files.set(path, content);
      }
      rendered = [...files].sort(([a], [b]) => compareStrings(a, b));
      bundles.set(key, rendered);
    }
    folders.push({ prefix: `${cluster.name}/`, files: rendered });
  }
  const others: OutputFiles = new Map();
  for (const [path, content] of renderChart(new ArgoCdChart(new App({ outdir: 'cdk8s.out' }), ARGOCD_FOLDER, { fleet: catalog.fleet }), serialize)) {
    others.set(`${ARGOCD_FOLDER}/${path}`, content);
  }
  for (const [path, content] of healthCheckFiles()) others.set(path, content);
  for (const [path, content] of imageSetConfigurationFiles(plans, serialize)) others.set(path, content);
  return { folders, others };
}

/** A cluster's files: `<cluster>/` and its bundle's files (path inside the folder, bytes), sorted by path. */
export interface ClusterFolder {
  readonly prefix: string;
  readonly files: ReadonlyArray<readonly [string, string]>;
}

/**
 * The cluster folders' files and the others, in path order, without sorting the 58,000 paths of a
 * large fleet: each folder's files are sorted (once per distinct bundle) and a cluster name holds no
 * `/`, so all paths under `a/` sort before all under `b/` when `a/` sorts before `b/` (two such
 * prefixes differ before either ends), and a path that does not start with `a/` sorts before or after
 * all of them as it sorts before or after `a/`. The few other files are merged in. Where two entries
 * have one path, the later one's content wins, at the first one's place, as in a `Map` filled in the
 * order the folders and then the others come (a map filled in the order `visit` is called).
 */
export function eachFileSorted<Other = string>(
  { folders, others }: { readonly folders: readonly ClusterFolder[]; readonly others: ReadonlyMap<string, Other> },
  visit: (path: string, content: string | Other) => void,
): void {
  const rest = [...others].sort(([a], [b]) => compareStrings(a, b));
  let next = 0;
  for (const { prefix, files: inFolder } of [...folders].sort((a, b) => compareStrings(a.prefix, b.prefix))) {
    while (next < rest.length && compareStrings(rest[next][0], prefix) < 0) visit(...rest[next++]);
    // The next other file sorts after the whole folder unless it lies in it (it cannot: argocd/ and
    // reports/ are reserved names), then the folder is merged file by file.
    const inside = next < rest.length && rest[next][0].startsWith(prefix);
    for (const [name, content] of inFolder) {
      const path = prefix + name;
      if (inside) while (next < rest.length && compareStrings(rest[next][0], path) < 0) visit(...rest[next++]);
      visit(path, content);
    }
  }
  while (next < rest.length) visit(...rest[next++]);
}

/**
 * The render key of a bundle plan: equal keys, equal manifests. The image streams, the bulk of a
 * bundle, are shared arrays (src/plan/images.ts): keyed by identity. Every other part by its JSON
 * text without the catalog locations (`WITHOUT_LOCATIONS`), made once per distinct part object
 * (plans are read-only, and clusters share most parts): a number stands for each distinct text.
 */
function renderKeys(): ((bundle: BundlePlan) => string) & { readonly text: (bundle: BundlePlan) => string } {
  const ids = new Map<unknown, number>();
  /** By id, the JSON text it stands for (undefined for an identity). */
  const texts: Array<string | undefined> = [];
  const idOf = (value: unknown) => {
    let id = ids.get(value);
    if (id === undefined) {
      id = ids.size;
      ids.set(value, id);
      texts.push(typeof value === 'string' ? value : undefined);
    }
    return id;
  };
  const textIds = new Map<object, number>();
  const partId = (name: keyof BundlePlan, part: unknown): number => {
    if (part === undefined) return -1;
    const strip = WITHOUT_LOCATIONS[name] as 'identity' | ((part: unknown) => unknown);
    if (strip === 'identity') return idOf(part);
    if (typeof part !== 'object' || part === null) return idOf(JSON.stringify(strip(part)));
    let id = textIds.get(part);
    if (id === undefined) {
      id = idOf(JSON.stringify(strip(part)));
      textIds.set(part, id);
    }
    return id;
  };
  const key = (bundle: BundlePlan) => BUNDLE_PARTS.map((name) => `${name}:${partId(name, bundle[name])}`).join(',');
  // The same parts as texts, the image streams left out: equal texts, equal charts, in any run.
  const text = (bundle: BundlePlan) =>
    BUNDLE_PARTS.filter((name) => WITHOUT_LOCATIONS[name] !== 'identity')
      .map((name) => {
        const id = partId(name, bundle[name]);
        return `${name}:${id < 0 ? '' : texts[id]}`;
      })
      .join('\n');
  return Object.assign(key, { text });
}

/**
 * Each part of a bundle as its key reads it: without the catalog locations its plans keep for the
 * checks' messages (which field set a value). A cluster's override names the cluster there
 * (`clusters.c010.imageDigestMirrors[0]`), so with them every cluster with an override rendered alone;
 * no chart or construct reads them (test/output/render.test.ts renders such clusters alone and together).
 * A part added to `BundlePlan` fails to compile here until it is placed.
 */
const WITHOUT_LOCATIONS: { readonly [P in keyof BundlePlan]-?: 'identity' | ((part: NonNullable<BundlePlan[P]>) => unknown) } = {
  curatedNamespace: (namespace) => namespace,
  samples: (samples) => ({ ...samples, managementStateField: undefined, samplesRegistryField: undefined }),
  imageStreams: 'identity',
  registries: (registries) => {
    const mirrorSets = (sets: readonly MirrorSet[]) =>
      sets.map((set) => ({ ...set, rules: set.rules.map((rule) => ({ ...rule, field: undefined })) }));
    return {
      ...registries,
      fields: undefined,
      imageDigestMirrorSets: mirrorSets(registries.imageDigestMirrorSets),
      imageTagMirrorSets: mirrorSets(registries.imageTagMirrorSets),
      pullSecrets: registries.pullSecrets.map((p) => (p.secret ? { ...p, secret: { ...p.secret, field: undefined } } : p)),
    };
  },
  templates: (templates) => templates,
  builderImages: (builderImages) => builderImages,
  admission: (admission) => ({ ...admission, validationActionsField: undefined }),
  signatures: (signatures) => signatures,
};
const BUNDLE_PARTS = Object.keys(WITHOUT_LOCATIONS) as Array<keyof BundlePlan>;

/** The part of a plan the cluster's chart reads; a field added to `ClusterPlan` fails to compile here until it is placed. */
function bundlePlan(plan: ClusterPlan): BundlePlan {
  const { curatedNamespace, samples, imageStreams, registries, templates, builderImages, admission, signatures } = plan;
  return {
    curatedNamespace,
    ...(samples === undefined ? {} : { samples }),
    imageStreams,
    registries,
    templates,
    builderImages,
    ...(admission === undefined ? {} : { admission }),
    ...(signatures === undefined ? {} : { signatures }),
  };
}

/**
 * `manifestFile`, computed once per distinct object: most objects are the same on many clusters, and
 * YAML serialization is the costliest step of a synth. Manifests are JSON data (`toJson()`), so equal
 * JSON text means equal YAML.
 */
function memoizedManifestFile(serialized?: SerializedManifests): (object: unknown) => string {
  const files = new Map<string, string>();
  return (object) => {
    const key = JSON.stringify(object);
    let file = files.get(key);
    if (file === undefined) {
      file = serialized?.get(key);
      if (file === undefined) {
        file = manifestFile(object);
        serialized?.set(key, file);
      }
      files.set(key, file);
    }
    return file;
  };
}

/**
 * Each curated ImageStream's file (path inside the cluster folder, bytes), rendered once per plan
 * object (clusters share them) and kept in `serialized` by the plan's JSON for the next run: a run
 * whose one image changed renders one stream. Only plain data has a key (`contentKey`).
 */
function streamFiles(
  serialize: (object: unknown) => string,
  serialized: SerializedManifests | undefined,
): (stream: BundlePlan['imageStreams'][number]) => readonly [string, string] {
  const made = new WeakMap<object, readonly [string, string]>();
  return (stream) =>
    getOrSet(made, stream, () => {
      const plan = contentKey(stream);
      const key = plan === undefined ? undefined : `render/image-stream\0${plan}`;
      const kept = key === undefined ? undefined : serialized?.get(key);
      if (kept !== undefined) {
        const cut = kept.indexOf('\0');
        return [kept.slice(0, cut), kept.slice(cut + 1)];
      }
      const files = [...renderChart(new CuratedImageStreamChart(new App({ outdir: 'cdk8s.out' }), 'stream', { stream }), serialize)];
      if (files.length !== 1) throw new Error(`ImageStream ${stream.name} renders to ${files.length} files, not 1`);
      const [file] = files;
      if (key !== undefined) serialized?.set(key, `${file[0]}\0${file[1]}`);
      return file;
    });
}

/**
 * The files of a cluster's chart but its image streams (path inside the folder → bytes), rendered
 * once per distinct `text` (`renderKeys`' text of the bundle) and kept in `serialized` for the next
 * run: a run whose change reaches no chart builds none. Each chart in an App of its own, rendered
 * before the next is built: cdk8s resolves and validates a chart's whole App on every `toJson()` (one
 * shared App makes rendering quadratic in the clusters), and a rendered chart's construct tree can be freed.
 */
function chartFiles(
  serialize: (object: unknown) => string,
  serialized: SerializedManifests | undefined,
): (cluster: string, bundle: BundlePlan, text: string) => Map<string, string> {
  return (cluster, bundle, text) => {
    const key = `render/cluster-chart\0${text}`;
    const kept = serialized?.get(key);
    if (kept !== undefined) return new Map(JSON.parse(kept) as Array<[string, string]>);
    const files = renderChart(new ClusterChart(new App({ outdir: 'cdk8s.out' }), cluster, { plan: { ...bundle, imageStreams: [] } }), serialize);
    serialized?.set(key, JSON.stringify([...files]));
    return files;
  };
}

/** A chart's files: path inside its folder → bytes. */
function renderChart(chart: Chart, serialize: (object: unknown) => string): Map<string, string> {
  const files = new Map<string, string>();
  for (const object of chart.toJson()) {
    const path = manifestPath(object);
    if (files.has(path)) throw new Error(`two objects render to ${chart.node.id}/${path}: ${object.kind} ${object.metadata.name}`);
    files.set(path, serialize(object));
  }
  return files;
}
