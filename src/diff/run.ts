import { loadCatalog } from '../model';
import { ARGOCD_FOLDER, readTree, REPORTS_FOLDER, withLock } from '../output';
import { type Compilation, compile, outputPaths, UsageError } from '../pipeline';
import { locateInRepository, readGitTree, resolveBase } from './git-tree';
import type { DiffBase } from './markdown';
import type { FleetForecast } from '../forecast';
import { forecastOutputs } from './forecast';
import type { DiffSummary } from './summary';
import { clusterEnvironments, diffOutputs } from './tree-diff';

export interface DiffOptions {
  readonly catalogDir: string;
  readonly distDir: string;
  /** Git ref to compare with. @default - the merge base of HEAD and `main` (or `origin/main`) */
  readonly base?: string;
  /** Only these clusters' folders (no ApplicationSet). @default - every cluster and `argocd/` */
  readonly clusters?: readonly string[];
}

export interface DiffOutcome {
  readonly base: DiffBase;
  readonly compilation: Compilation;
  /** Undefined when the working tree's catalog fails its checks. */
  readonly summary?: DiffSummary;
  /** What applying the change does to each cluster; undefined with `summary`. */
  readonly forecast?: FleetForecast;
}

/**
 * Compares the output folder at the base commit (read from git: no checkout, no writes) with what
 * the working tree's catalog produces (compiled in memory, not the folder on disk).
 */
export async function diff(options: DiffOptions): Promise<DiffOutcome> {
  const { root, relative } = locateInRepository(options.distDir);
  const base = resolveBase(root, options.base);
  const before = readGitTree(root, base.commit, relative);
  const catalog = loadCatalog(options.catalogDir);
  const paths = outputPaths(options.distDir);
  const compilation = await withLock(paths, () => compile(catalog, readTree(paths.dist)));
  if (!compilation.files) return { base, compilation };
  const only = clusterFilter(
    options.clusters,
    catalog.fleet.clusters.map((c) => c.name),
    before,
  );
  const [from, to] = [only(before), only(compilation.files)];
  const summary = diffOutputs(from, to, clusterEnvironments(catalog.fleet, before));
  const versions = new Map(catalog.fleet.clusters.map((c) => [c.name, c.openshiftVersion]));
  return { base, compilation, summary, forecast: forecastOutputs(from, to, summary, versions) };
}

/** The trees cut to the given clusters' folders; a cluster only the base has (being removed) counts as known. */
function clusterFilter(clusters: readonly string[] | undefined, fleet: readonly string[], before: ReadonlyMap<string, string>) {
  if (!clusters) return (tree: ReadonlyMap<string, string>) => tree;
  const known = new Set([...fleet, ...[...before.keys()].map((p) => p.split('/')[0])]);
  const unknown = clusters.filter((c) => !fleet.includes(c) && !(known.has(c) && c !== ARGOCD_FOLDER && c !== REPORTS_FOLDER));
  if (unknown.length > 0) throw new UsageError(`unknown cluster ${unknown.join(', ')}; the fleet has ${fleet.join(', ')}`);
  return (tree: ReadonlyMap<string, string>) => new Map([...tree].filter(([p]) => clusters.some((c) => p.startsWith(`${c}/`))));
}
