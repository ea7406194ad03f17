import { App, Chart } from 'cdk8s';
import { ArgoCdChart, ClusterChart } from '../charts';
import type { Catalog } from '../model';
import type { ClusterPlan } from '../plan';
import { imageSetConfigurationFiles } from './imageset-configuration';
import { manifestPath } from './manifest-path';
import { manifestFile } from './serialize';

/** Output files: path relative to `dist/` → bytes. Insertion order is path order. */
export type OutputFiles = Map<string, string>;

export const ARGOCD_FOLDER = 'argocd';

/** Builds every chart and serializes every object, one file each. Throws only on programming errors. */
export function renderFleet(catalog: Catalog, plans: readonly ClusterPlan[]): OutputFiles {
  const app = new App({ outdir: 'cdk8s.out' });
  const folders: Array<[string, Chart]> = [];
  for (const plan of plans) folders.push([plan.cluster.name, new ClusterChart(app, plan.cluster.name, { plan })]);
  folders.push([ARGOCD_FOLDER, new ArgoCdChart(app, ARGOCD_FOLDER, { fleet: catalog.fleet })]);

  const files: OutputFiles = new Map();
  for (const [folder, chart] of folders) addChart(files, folder, chart);
  for (const [path, content] of imageSetConfigurationFiles(plans)) files.set(path, content);
  return sortFiles(files);
}

function addChart(files: OutputFiles, folder: string, chart: Chart): void {
  for (const object of chart.toJson()) {
    const path = `${folder}/${manifestPath(object)}`;
    if (files.has(path)) throw new Error(`two objects render to ${path}: ${object.kind} ${object.metadata.name}`);
    files.set(path, manifestFile(object));
  }
}

export function sortFiles(files: OutputFiles): OutputFiles {
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
