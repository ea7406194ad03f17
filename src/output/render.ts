import { App, type Chart } from 'cdk8s';
import { ArgoCdChart, type BundlePlan, ClusterChart } from '../charts';
import type { Catalog } from '../model';
import type { ClusterPlan, MirrorSet } from '../plan';
import { healthCheckFiles } from './argocd-health-checks';
import { imageSetConfigurationFiles } from './imageset-configuration';
import { manifestPath, compareStrings } from '../shared';
import { manifestFile } from './serialize';

/** Output files: path relative to `dist/` → bytes. Insertion order is path order. */
export type OutputFiles = Map<string, string>;

export const ARGOCD_FOLDER = 'argocd';

/** Builds every chart and serializes every object, one file each. Throws only on programming errors. */
export function renderFleet(catalog: Catalog, plans: readonly ClusterPlan[]): OutputFiles {
  const files: OutputFiles = new Map();
  const serialize = memoizedManifestFile();
  // A cluster's manifests are a function of its bundle plan alone (the chart cannot read the rest),
  // and most clusters share one: each distinct bundle is rendered once.
  const bundles = new Map<string, ReadonlyMap<string, string>>();
  const ids = new Map<object, number>();
  const idOf = (value: object) => {
    if (!ids.has(value)) ids.set(value, ids.size);
    return ids.get(value)!;
  };
  for (const plan of plans) {
    const { cluster } = plan;
    const bundle = bundlePlan(plan);
    // The image streams, the bulk of a bundle, are shared arrays (src/plan/images.ts): keyed by identity.
    const key = `${idOf(bundle.imageStreams)}\n${JSON.stringify(withoutLocations(bundle))}`;
    let rendered = bundles.get(key);
    if (rendered === undefined) {
      // Each chart in an App of its own, rendered before the next is built: cdk8s resolves and
      // validates a chart's whole App on every `toJson()` (one shared App makes rendering quadratic
      // in the clusters), and a rendered chart's construct tree can be freed.
      rendered = renderChart(new ClusterChart(new App({ outdir: 'cdk8s.out' }), cluster.name, { plan: bundle }), serialize);
      bundles.set(key, rendered);
    }
    for (const [path, content] of rendered) files.set(`${cluster.name}/${path}`, content);
  }
  for (const [path, content] of renderChart(new ArgoCdChart(new App({ outdir: 'cdk8s.out' }), ARGOCD_FOLDER, { fleet: catalog.fleet }), serialize)) {
    files.set(`${ARGOCD_FOLDER}/${path}`, content);
  }
  for (const [path, content] of healthCheckFiles()) files.set(path, content);
  for (const [path, content] of imageSetConfigurationFiles(plans)) files.set(path, content);
  return sortFiles(files);
}

/**
 * A bundle without its image streams (keyed apart) and without the catalog locations its plans keep
 * for the checks' messages (which field set a value). A cluster's override names the cluster there
 * (`clusters.c010.imageDigestMirrors[0]`), so with them every cluster with an override rendered alone;
 * no chart or construct reads them (test/output/render.test.ts renders such clusters alone and together).
 */
function withoutLocations(bundle: BundlePlan): object {
  const { samples, registries, admission } = bundle;
  const mirrorSets = (sets: readonly MirrorSet[]) => sets.map((set) => ({ ...set, rules: set.rules.map((rule) => ({ ...rule, field: undefined })) }));
  return {
    ...bundle,
    imageStreams: undefined,
    samples: samples && { ...samples, managementStateField: undefined, samplesRegistryField: undefined },
    registries: {
      ...registries,
      fields: undefined,
      imageDigestMirrorSets: mirrorSets(registries.imageDigestMirrorSets),
      imageTagMirrorSets: mirrorSets(registries.imageTagMirrorSets),
      pullSecrets: registries.pullSecrets.map((p) => (p.secret ? { ...p, secret: { ...p.secret, field: undefined } } : p)),
    },
    admission: admission && { ...admission, validationActionsField: undefined },
  };
}

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
function memoizedManifestFile(): (object: unknown) => string {
  const files = new Map<string, string>();
  return (object) => {
    const key = JSON.stringify(object);
    let file = files.get(key);
    if (file === undefined) {
      file = manifestFile(object);
      files.set(key, file);
    }
    return file;
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

function sortFiles(files: OutputFiles): OutputFiles {
  return new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)));
}
