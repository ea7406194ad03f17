import { loadCatalog } from '../model';
import { readTree, withLock } from '../output';
import { type Compilation, compile, outputPaths } from '../pipeline';
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
  const summary = diffOutputs(before, compilation.files, clusterEnvironments(catalog.fleet, before));
  const versions = new Map(catalog.fleet.clusters.map((c) => [c.name, c.openshiftVersion]));
  return { base, compilation, summary, forecast: forecastOutputs(before, compilation.files, summary, versions) };
}
