import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Catalog, loadCatalog } from '../model';
import { didYouMean } from '../model/_closest';
import { type ClusterPlan, planFleet } from '../plan';
import { checkFleet, type Finding, outputFindings, type PreviousOutput } from '../policy';
import {
  type OutputFiles,
  planWrite,
  diskTree,
  renderFleet,
  REPORTS_FOLDER,
  reportPath,
  type TreePaths,
  treePaths,
  withLock,
  withReports,
  writeTree,
  type WriteResult,
} from '../output';
import { UsageError } from './usage-error';

/** The whole compilation of one catalog: nothing here touches the output folder. */
export interface Compilation {
  readonly catalog: Catalog;
  readonly plans: readonly ClusterPlan[];
  readonly findings: readonly Finding[];
  /** Undefined when a finding is an error: nothing is rendered from a catalog that fails its checks. */
  readonly files?: OutputFiles;
}

/** catalog → plans → findings → files (manifests and reports). Pure apart from what `previous` holds. */
export function compile(catalog: Catalog, previous: PreviousOutput): Compilation {
  const plans = planFleet(catalog);
  const findings = checkFleet({ catalog, plans, previous });
  if (findings.some((f) => f.severity === 'error')) return { catalog, plans, findings };
  const files = withReports(renderFleet(catalog, plans), plans, findings);
  const refused = outputFindings(catalog, files);
  if (refused.length > 0) return { catalog, plans, findings: [...findings, ...refused] };
  return { catalog, plans, findings, files };
}

export interface RunOptions {
  readonly catalogDir: string;
  readonly distDir: string;
  /** Limit the run to these clusters' folders. @default - every cluster and `argocd/` */
  readonly clusters?: readonly string[];
  /** Write only the reports (`reports/`), leaving the manifests as they are. @default false */
  readonly reportsOnly?: boolean;
}

/** Which output paths a run owns (writes and prunes); the rest of `dist/` is left as it is. */
export function ownership(catalog: Catalog, clusters: readonly string[] | undefined, reportsOnly = false): (path: string) => boolean {
  if (reportsOnly) {
    const cluster = ownership(catalog, clusters);
    return (path) => path.startsWith(`${REPORTS_FOLDER}/`) && cluster(path);
  }
  if (!clusters) return () => true;
  const unknown = clusters.filter((c) => !catalog.fleet.clusters.some((k) => k.name === c));
  if (unknown.length > 0) {
    const names = catalog.fleet.clusters.map((c) => c.name);
    const hint = unknown.length === 1 ? `; ${didYouMean(unknown[0], names, 'pass one of those')}` : '';
    throw new UsageError(`unknown cluster ${unknown.join(', ')}; the fleet has ${names.join(', ')}${hint}`);
  }
  const prefixes = clusters.flatMap((c) => [`${c}/`, reportPath(c), `${REPORTS_FOLDER}/${c}/`]);
  return (path) => prefixes.some((p) => path.startsWith(p));
}

export interface SynthOutcome {
  readonly compilation: Compilation;
  /** Undefined when the checks failed and nothing was written. */
  readonly write?: WriteResult;
  /** Files outside what the run owns (`--cluster`) that are not what the catalog now produces: left stale. */
  readonly leftStale?: WriteResult;
}

/** What a long run tells a person watching it: the step it starts. */
export interface RunHooks {
  readonly onPhase?: (phase: string) => void;
}

/** Loads, compiles, checks, and only then writes, atomically, under the output lock. */
/** The output folder's paths, once it is known to be a folder (or nothing yet) whose parent can be written. */
export function outputPaths(distDir: string): TreePaths {
  const paths = treePaths(distDir);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(paths.dist);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UsageError(`cannot use ${distDir} as the output folder (${code})`);
  }
  if (stat && !stat.isDirectory()) throw new UsageError(`${distDir} is a file, not a folder; pass --dist <folder>`);
  const pseudo = pseudoFileSystem(paths.dist);
  if (pseudo) throw new UsageError(`${distDir} is on ${pseudo}, a file system the kernel makes up, not storage; pass --dist <folder> on a disk`);
  try {
    makeFolders(path.dirname(paths.dist));
    fs.accessSync(path.dirname(paths.dist), fs.constants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot write beside ${distDir} (${(error as NodeJS.ErrnoException).code}); pass --dist <folder> in a folder you can write`);
  }
  return paths;
}

/** The kernel's pseudo file system `folder` (or its nearest existing parent) lies on, if any: nothing can be stored there. */
function pseudoFileSystem(folder: string): string | undefined {
  let existing = folder;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real: string;
  try {
    real = fs.realpathSync(existing);
  } catch {
    real = existing;
  }
  return ['/proc', '/sys'].find((root) => real === root || real.startsWith(`${root}/`));
}

/** `mkdir -p`, one level at a time (Node's recursive mkdir spins forever under /proc). */
function makeFolders(folder: string): void {
  if (fs.existsSync(folder)) return;
  makeFolders(path.dirname(folder));
  fs.mkdirSync(folder);
}

export async function synth(options: RunOptions, hooks: RunHooks & { onStaged?: (path: string) => void } = {}): Promise<SynthOutcome> {
  const paths = outputPaths(options.distDir);
  hooks.onPhase?.(`loading ${options.catalogDir}/`);
  const catalog = loadCatalog(options.catalogDir);
  return withLock(paths, () => {
    const previous = diskTree(paths.dist);
    hooks.onPhase?.(`compiling and checking ${catalog.fleet.clusters.length} cluster(s)`);
    const compilation = compile(catalog, previous);
    if (!compilation.files) return { compilation };
    const owns = ownership(catalog, options.clusters, options.reportsOnly);
    const files = new Map([...compilation.files].filter(([path]) => owns(path)));
    hooks.onPhase?.(`writing ${options.distDir}/`);
    const write = writeTree(paths, previous, files, { owns, onStaged: hooks.onStaged });
    const others = (path: string) => !owns(path);
    // Read after the swap: the paths this run does not own were carried over unchanged.
    const leftStale = planWrite(previous, new Map([...compilation.files].filter(([p]) => others(p))), others);
    return { compilation, write, leftStale };
  });
}

export interface CheckOutcome {
  readonly compilation: Compilation;
  /** Files that differ from what the catalog produces: added, changed, or no longer produced. */
  readonly stale?: WriteResult;
}

/** Compiles in memory and compares with the output folder; writes nothing. */
export async function check(options: RunOptions, hooks: RunHooks = {}): Promise<CheckOutcome> {
  const paths = outputPaths(options.distDir);
  hooks.onPhase?.(`loading ${options.catalogDir}/`);
  const catalog = loadCatalog(options.catalogDir);
  return withLock(paths, () => {
    const previous = diskTree(paths.dist);
    hooks.onPhase?.(`compiling and checking ${catalog.fleet.clusters.length} cluster(s)`);
    const compilation = compile(catalog, previous);
    if (!compilation.files) return { compilation };
    // With --cluster, only those clusters' folders and reports are compared.
    const owns = ownership(catalog, options.clusters);
    const files = new Map([...compilation.files].filter(([p]) => owns(p)));
    return { compilation, stale: planWrite(previous, files, owns) };
  });
}
