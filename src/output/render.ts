import { App, type Chart } from 'cdk8s';
import { ArgoCdChart, ClusterChart } from '../charts';
import type { Catalog } from '../model';
import type { ClusterPlan } from '../plan';
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
  // Each chart in an App of its own, rendered before the next is built: cdk8s resolves and validates
  // a chart's whole App on every `toJson()` (one shared App makes rendering quadratic in the
  // clusters), and a rendered chart's construct tree can be freed.
  for (const plan of plans)
    addChart(files, plan.cluster.name, new ClusterChart(new App({ outdir: 'cdk8s.out' }), plan.cluster.name, { plan }), serialize);
  addChart(files, ARGOCD_FOLDER, new ArgoCdChart(new App({ outdir: 'cdk8s.out' }), ARGOCD_FOLDER, { fleet: catalog.fleet }), serialize);
  for (const [path, content] of healthCheckFiles()) files.set(path, content);
  for (const [path, content] of imageSetConfigurationFiles(plans)) files.set(path, content);
  return sortFiles(files);
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

function addChart(files: OutputFiles, folder: string, chart: Chart, serialize: (object: unknown) => string): void {
  for (const object of chart.toJson()) {
    const path = `${folder}/${manifestPath(object)}`;
    if (files.has(path)) throw new Error(`two objects render to ${path}: ${object.kind} ${object.metadata.name}`);
    files.set(path, serialize(object));
  }
}

export function sortFiles(files: OutputFiles): OutputFiles {
  return new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)));
}
