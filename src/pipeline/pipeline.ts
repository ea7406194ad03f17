import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Catalog, loadCatalog } from '../model';
import { didYouMean } from '../model/_closest';
import { type ClusterPlan, planFleet } from '../plan';
import { type Finding, outputFindings, type PolicyContext, type PreviousOutput, type Rule, RULES, sortFindings } from '../policy';
import {
  type EncodedFiles,
  type HeldContent,
  listTree,
  type StatTuple,
  statTuple,
  type OutputFiles,
  type SerializedManifests,
  rawEntries,
  planWrite,
  diskTree,
  distinctContents,
  eachRaw,
  renderFleetParts,
  scanTree,
  startTreeScan,
  type TreeScan,
  REPORTS_FOLDER,
  reportPath,
  type TreePaths,
  treePaths,
  withLock,
  withReports,
  writeTree,
  type StagingPlan,
  type WriteResult,
} from '../output';
import { inStringOrder, sortedIndex, type TextMemo } from '../shared';
import { UsageError } from './usage-error';
import {
  cachedManifests,
  cachedTransform,
  RECORD_FORMAT,
  catalogRoot,
  contentHasher,
  type DistFiles,
  type FileHashes,
  type DistState,
  distState,
  draftRecord,
  type DraftRecord,
  readRecord,
  removeRecord,
  type RunRecord,
  sameCatalog,
  sha256,
  tool,
  writeRecord,
} from './run-cache';

/** The whole compilation of one catalog: nothing here touches the output folder. */
export interface Compilation {
  readonly catalog: Catalog;
  readonly plans: readonly ClusterPlan[];
  readonly findings: readonly Finding[];
  /** Undefined when a finding is an error: nothing is rendered from a catalog that fails its checks. */
  readonly files?: OutputFiles;
}

/** A compilation whose reports are held encoded (synth and check stream them through the checks and the write). */
interface EncodedCompilation extends Compilation {
  readonly files?: EncodedFiles;
}

/** catalog → plans → findings → files (manifests and reports). Pure apart from what `previous` holds. */
export function compile(catalog: Catalog, previous: PreviousOutput): Compilation {
  const { compilation } = compileTracked(catalog, previous);
  // A plain map of strings for callers that compare or keep it.
  return compilation.files ? { ...compilation, files: new Map(compilation.files) } : compilation;
}

/** A policy rule that read the committed output: what it read (content, or undefined when absent) and what it found. */
interface Reader {
  readonly rule: Rule;
  readonly reads: ReadonlyMap<string, string | undefined>;
  readonly findings: readonly Finding[];
}

/** `compile`, also telling which rules read `previous` and what they read: the findings hold while that does not change. */
function compileTracked(
  catalog: Catalog,
  previous: PreviousOutput,
  serialized?: SerializedManifests,
): { compilation: EncodedCompilation; readers: Reader[] } {
  const plans = planFleet(catalog);
  // The checks' results share the manifests' cache: both are texts by the SHA-256 of what they came from.
  const memo: TextMemo | undefined = serialized;
  const ruled = RULES.map((rule) => runRule(rule, { catalog, plans, memo }, previous));
  const findings = sortFindings(ruled.flatMap((r) => r.findings));
  const readers = ruled.filter((r) => r.reads.size > 0);
  if (findings.some((f) => f.severity === 'error')) return { compilation: { catalog, plans, findings }, readers };
  const rendered = renderFleetParts(catalog, plans, serialized);
  const files = withReports(rendered, plans, findings);
  // Checked once per distinct content; file by file only to say where, when that finds something.
  const found = outputFindings(catalog, distinctContents(rendered, plans, files));
  const refused = found.length === 0 ? found : outputFindings(catalog, rawEntries(files));
  if (refused.length > 0) return { compilation: { catalog, plans, findings: [...findings, ...refused] }, readers };
  return { compilation: { catalog, plans, findings, files }, readers };
}

function runRule(rule: Rule, context: Omit<PolicyContext, 'previous'>, previous: PreviousOutput): Reader {
  const reads = new Map<string, string | undefined>();
  const watched: PreviousOutput = {
    get: (path) => {
      const content = previous.get(path);
      reads.set(path, content);
      return content;
    },
  };
  return { rule, reads, findings: rule({ ...context, previous: watched }) };
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
  return ownershipOf(
    catalog.fleet.clusters.map((c) => c.name),
    clusters,
    reportsOnly,
  );
}

/** `ownership` by the fleet's cluster names. */
function ownershipOf(names: readonly string[], clusters: readonly string[] | undefined, reportsOnly = false): (path: string) => boolean {
  if (reportsOnly) {
    const cluster = ownershipOf(names, clusters);
    return (path) => path.startsWith(`${REPORTS_FOLDER}/`) && cluster(path);
  }
  if (!clusters) return () => true;
  const unknown = clusters.filter((c) => !names.includes(c));
  if (unknown.length > 0) {
    const hint = unknown.length === 1 ? `; ${didYouMean(unknown[0], names, 'pass one of those')}` : '';
    throw new UsageError(`unknown cluster ${unknown.join(', ')}; the fleet has ${names.join(', ')}${hint}`);
  }
  const prefixes = clusters.flatMap((c) => [`${c}/`, reportPath(c), `${REPORTS_FOLDER}/${c}/`]);
  return (path) => prefixes.some((p) => path.startsWith(p));
}

export interface SynthOutcome {
  readonly findings: readonly Finding[];
  /** Undefined when the run's record showed nothing changed: nothing was loaded or compiled. */
  readonly compilation?: Compilation;
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

export async function synth(
  options: RunOptions,
  hooks: RunHooks & { onStaged?: (path: string, how: 'written' | 'linked' | 'kept') => void } = {},
): Promise<SynthOutcome> {
  const paths = outputPaths(options.distDir);
  return withLock(paths, async () => {
    const cached = lookup(paths, options.catalogDir, { mirror: true });
    try {
      if (cached.current) {
        const { record, state } = cached;
        if (record.outputs === null) return { findings: record.findings };
        const owns = ownershipOf(record.clusters, options.clusters, options.reportsOnly);
        const located = recordedInPlace(record, state);
        const write = planFromHashes(record.outputs, state, owns, located);
        if (write.written.length === 0 && write.removed.length === 0) {
          if (state.restat) writeRecord(paths.dist, { ...record, dist: state.dist });
          const others = (path: string) => !owns(path);
          return { findings: record.findings, write, leftStale: planFromHashes(record.outputs, state, others, located) };
        }
      }
      const { run, previous, compilation, readers, state, scan, outputs } = await compileRun(paths, options.catalogDir, hooks, cached);
      if (!compilation.files) return { findings: compilation.findings, compilation };
      const owns = ownership(run.catalog, options.clusters, options.reportsOnly);
      // A run that owns the whole output writes every file: no copy of the 58,000-entry map.
      const files = options.clusters || options.reportsOnly ? compilation.files.filter(owns) : compilation.files;
      hooks.onPhase?.(`writing ${options.distDir}/`);
      const staged: Staging = { order: [], how: new Map() };
      const onStaged = (file: string, how: 'written' | 'linked' | 'kept', tuple?: StatTuple) => {
        hooks.onStaged?.(file, how);
        staged.order.push(file);
        if (how !== 'kept')
          staged.how.set(file, how === 'written' ? (tuple ?? statTuple(fs.lstatSync(`${paths.staging}/${file}`, { bigint: true }))) : how);
      };
      // After the write, `dist/` holds the owned files as compiled and the others as they were.
      const now: PreviousOutput = { get: (p) => (owns(p) ? files.get(p) : previous.get(p)) };
      // Compared by hash, in path order, where `previous` knows every file's hash (from `state`).
      const located = state && outputs ? locate(outputs, state) : undefined;
      const plan = located && planFromHashes(outputs!, state!, owns, located);
      // The record is drafted while the changed files are written, when the writer leaves that to another thread.
      let compiled: { readonly value: RecordedCompile } | undefined;
      let drafted: DraftedRun | undefined;
      const meanwhile = (staging: StagingPlan) => {
        compiled = { value: recordedCompile(compilation, readers, outputs, now) };
        // Owning every file, the new tree is the outputs: each file known by its index.
        const whole = !options.clusters && !options.reportsOnly && staging.carried.length === 0 ? located : undefined;
        drafted = draftRun(paths, run, compilation, compiled.value, state, whole ?? [...files.keys(), ...staging.carried], staging.written);
      };
      const write = await writeTree(paths, previous, files, { owns, onStaged, meanwhile, mirror: scan?.mirrored ? scan : undefined, plan });
      const others = (path: string) => !owns(path);
      // Read after the swap: the paths this run does not own were carried over unchanged.
      const leftStale = options.clusters || options.reportsOnly ? planWrite(previous, compilation.files.filter(others), others) : NOTHING_WRITTEN;
      if (!drafted || !finishDraft(paths, drafted, staged)) {
        const differs = new Set([...write.written, ...leftStale.written]);
        recordRun(
          paths,
          run,
          compilation,
          { state, staged, same: (p) => compilation.files!.has(p) && !differs.has(p) },
          (compiled ?? { value: recordedCompile(compilation, readers, outputs, now) }).value,
        );
      }
      return { findings: compilation.findings, compilation, write, leftStale };
    } finally {
      // The scan may still be linking into the spare: nothing else may touch it once the lock is released.
      await cached.scan;
    }
  });
}

export interface CheckOutcome {
  readonly findings: readonly Finding[];
  /** Undefined when the run's record showed nothing changed: nothing was loaded or compiled. */
  readonly compilation?: Compilation;
  /** Files that differ from what the catalog produces: added, changed, or no longer produced. */
  readonly stale?: WriteResult;
}

/** Compiles in memory and compares with the output folder; writes nothing (but the run record). */
export async function check(options: RunOptions, hooks: RunHooks = {}): Promise<CheckOutcome> {
  const paths = outputPaths(options.distDir);
  return withLock(paths, async () => {
    const cached = lookup(paths, options.catalogDir, { mirror: false });
    try {
      if (cached.current) {
        // The record holds the hash of every file the catalog produces: `dist/` is compared by hash.
        const { record, state } = cached;
        if (state.restat) writeRecord(paths.dist, { ...record, dist: state.dist });
        if (record.outputs === null) return { findings: record.findings };
        const owns = ownershipOf(record.clusters, options.clusters);
        return { findings: record.findings, stale: planFromHashes(record.outputs, state, owns, recordedInPlace(record, state)) };
      }
      const { run, previous, compilation, readers, state, outputs } = await compileRun(paths, options.catalogDir, hooks, cached);
      if (!compilation.files) return { findings: compilation.findings, compilation };
      // With --cluster, only those clusters' folders and reports are compared.
      const owns = ownership(run.catalog, options.clusters);
      const stale = state && outputs ? planFromHashes(outputs, state, owns) : planWrite(previous, compilation.files.filter(owns), owns);
      const differs = new Set(stale.written);
      recordRun(
        paths,
        run,
        compilation,
        { state, same: (p) => owns(p) && compilation.files!.has(p) && !differs.has(p) },
        recordedCompile(compilation, readers, outputs),
      );
      return { findings: compilation.findings, compilation, stale };
    } finally {
      await cached.scan;
    }
  });
}

/**
 * Loads and compiles for synth or check, with `dist/` compared by the record's hashes where it still
 * holds; when error findings stopped the compilation, records them (nothing is written then). The
 * scan of `dist/` (and the spare's mirror) started by `lookup` runs meanwhile in a worker thread.
 */
async function compileRun(paths: TreePaths, catalogDir: string, hooks: RunHooks, cached: Lookup) {
  // What the last run serialized, parsed and checked: this run redoes only what changed.
  const manifests = cachedManifests(paths.dist);
  const run = await loadTracked(catalogDir, paths.dist, hooks, manifests);
  hooks.onPhase?.(`compiling and checking ${run.catalog.fleet.clusters.length} cluster(s)`);
  // The rules that read the committed output read it as it is; the listing is the scan's, not needed yet.
  const { compilation, readers } = compileTracked(run.catalog, { get: (file) => readOutputFile(paths.dist, file) }, manifests);
  if (compilation.files) manifests.save();
  // Hashed while the worker may still scan (or link): the write compares by these hashes (the hasher keeps them) and the record keeps them.
  const outputs = compilation.files ? outputHashes(run, compilation.files) : null;
  const scan = await cached.scan;
  let state = cached.state;
  if (!state && scan && cached.recorded) state = distState(paths.dist, scan);
  const previous = diskTree(
    paths.dist,
    state && {
      paths: state.paths,
      hashOf: state.hashOf,
      hash: run.hash,
      // Made into a map only if read (by a write without the spare's mirror).
      get tuples() {
        return state.tuples;
      },
    },
    scan?.paths,
  );
  if (!compilation.files) recordRun(paths, run, compilation, { state }, recordedCompile(compilation, readers, outputs));
  return { run, previous, compilation, readers, state, scan, outputs };
}

/** A file of the output folder, or undefined when there is none at that path. */
function readOutputFile(dist: string, file: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dist, file), 'utf8');
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/** The run record, if one fits, and `dist/` as it is: scanned now (the catalog is unchanged: the run may have nothing to do) or meanwhile. */
type Lookup =
  | { readonly current: true; readonly recorded: true; readonly record: RunRecord; readonly state: DistState; readonly scan?: undefined }
  | { readonly current: false; readonly recorded: boolean; readonly state?: DistState; readonly scan?: Promise<TreeScan | undefined> };

/**
 * The run record of this output folder and whether it is `current` (the catalog and what policy read
 * unchanged). When it is not, the compile is needed: `dist/` is scanned, and with `mirror` the spare
 * made its mirror for the write, in a worker thread while this one loads and compiles; the worker
 * also parses the record's files part, which this thread then never reads.
 */
function lookup(paths: TreePaths, catalogDir: string, options: { mirror: boolean }): Lookup {
  let read = readRecord(paths.dist);
  let files: Pick<RunRecord, 'outputs' | 'dist'> | undefined;
  try {
    if (read && sameCatalog(read.head, catalogDir)) files = read.files();
  } catch {
    read = undefined; // a files part not as its checksum says: no record
  }
  if (read && files) {
    try {
      const record: RunRecord = { ...read.head, ...files };
      const state = distState(paths.dist, scanTree({ dist: paths.dist, known: record.dist }), true);
      if (record.policyReads.every(([p, hash]) => (state.hashOf(p) ?? null) === hash)) return { current: true, recorded: true, record, state };
      return { current: false, recorded: true, state };
    } catch {
      // A folder that cannot be read is no record: the full run says what is wrong.
      return { current: false, recorded: false };
    }
  }
  const recorded = read !== undefined;
  if (!fs.existsSync(paths.dist) || (!read && !options.mirror)) return { current: false, recorded };
  const scan = startTreeScan({ dist: paths.dist, known: read?.filesPart, spare: options.mirror ? paths.spare : undefined });
  return { current: false, recorded, scan };
}

/** Where each output is in `dist/` as it is: its index in `current.paths`, -1 where there is none. */
function locate(outputs: FileHashes, current: Pick<DistState, 'indexOf'>): Int32Array {
  const located = new Int32Array(outputs.paths.length);
  outputs.paths.forEach((file, i) => (located[i] = current.indexOf(file)));
  return located;
}

/**
 * Where each recorded output is in `dist/`, when that needs no lookup: the outputs are the recorded
 * `dist/` (stored as `"dist"`) and the scan found `dist/` exactly as recorded, so output i is file i.
 */
function recordedInPlace(record: RunRecord, state: DistState): Int32Array | undefined {
  if (record.outputs !== record.dist || state.restat || state.paths.length !== record.dist.paths.length) return undefined;
  return Int32Array.from({ length: state.paths.length }, (_, i) => i);
}

/** A write that found everything as it should be. */
const NOTHING_WRITTEN: WriteResult = { written: [], removed: [], unchanged: 0 };

/** What a write would do, from content hashes: the record's outputs against `dist/` as it is. */
function planFromHashes(
  outputs: FileHashes,
  current: Pick<DistState, 'paths' | 'hashOf' | 'hashList'>,
  owns: (p: string) => boolean,
  located?: Int32Array,
): WriteResult {
  const written: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  // Outputs (distinct paths) found in `dist/`: when that is all of it, nothing there is unproduced.
  let found = 0;
  outputs.paths.forEach((file, i) => {
    const have = located ? (located[i] < 0 ? undefined : current.hashList[located[i]]) : current.hashOf(file);
    if (have !== undefined) found++;
    if (!owns(file)) return;
    if (have === outputs.hashes[i]) unchanged++;
    else written.push(file);
  });
  if (found < current.paths.length) {
    const produced = new Set(outputs.paths);
    for (const file of current.paths) if (owns(file) && !produced.has(file)) removed.push(file);
  }
  return { written, removed, unchanged };
}

/**
 * What a write staged: every file of the new tree, in the order staged, and how each was unless kept
 * from the spare (most are): written (its stat as staged) or linked to the current file.
 */
interface Staging {
  readonly order: string[];
  readonly how: Map<string, Exclude<Staged, 'kept'>>;
}

/** How a file was staged: written (its stat as staged), linked to the current file, or kept from the spare. */
type Staged = StatTuple | 'linked' | 'kept';

/** The catalog, loaded with a record of every file the load read. */
interface TrackedLoad {
  readonly catalog: Catalog;
  readonly catalogDir: string;
  readonly listing: readonly string[];
  readonly reads: ReadonlyArray<readonly [string, string]>;
  readonly hash: (content: HeldContent) => string;
}

async function loadTracked(catalogDir: string, distAbsolute: string, hooks: RunHooks, memo: TextMemo): Promise<TrackedLoad> {
  hooks.onPhase?.(`loading ${catalogDir}/`);
  // Listed before the load: a file added meanwhile makes the next run's listing differ, never the reverse.
  const listing = walkCatalog(catalogDir);
  const transforms = cachedTransform(distAbsolute);
  const modules = listing.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  await transforms.prefetch(modules.map((file) => path.resolve(catalogDir, file)));
  const reads: Array<[string, string]> = [];
  const catalog = loadCatalog(catalogDir, (file, bytes) => reads.push([file, sha256(bytes)]), transforms.transform, memo);
  transforms.save();
  return { catalog, catalogDir, listing, reads, hash: contentHasher() };
}

function walkCatalog(catalogDir: string): string[] {
  try {
    return listTree(path.resolve(catalogDir));
  } catch {
    return []; // the load reports an unreadable folder
  }
}

/**
 * What the record says of the compile: what the findings read (as `dist/` is after the run: `now`,
 * else as it was) and each output's hash. Null when a finding that read `dist/` would not hold for
 * `dist/` as the run leaves it: then the run keeps no record.
 */
type RecordedCompile = { readonly policyReads: RunRecord['policyReads']; readonly outputs: FileHashes | null } | null;

function recordedCompile(compilation: Compilation, readers: readonly Reader[], outputs: FileHashes | null, now?: PreviousOutput): RecordedCompile {
  try {
    // Findings that read `dist/` must still hold for `dist/` as this run leaves it.
    const policyReads = new Map<string, string | undefined>();
    for (const reader of readers) {
      let reads = reader.reads;
      if (now && [...reads].some(([p, seen]) => now.get(p) !== seen)) {
        const again = runRule(reader.rule, compilation, now);
        if (JSON.stringify(sortFindings([...again.findings])) !== JSON.stringify(sortFindings([...reader.findings]))) return null;
        reads = again.reads;
      }
      for (const [p, content] of reads) policyReads.set(p, content);
    }
    return { policyReads: [...policyReads].map(([p, content]) => [p, content === undefined ? null : sha256(content)]), outputs };
  } catch {
    return null;
  }
}

/** Each output's content hash, in the files' order. */
function outputHashes(run: TrackedLoad, files: ReadonlyMap<string, string>): FileHashes {
  const produced = { paths: [] as string[], hashes: [] as string[] };
  eachRaw(files, (p, content) => {
    produced.paths.push(p);
    produced.hashes.push(run.hash(content));
  });
  return produced;
}

/** What the record says of the run besides `dist/`. */
function recordHead(run: TrackedLoad, compilation: Compilation, compiled: NonNullable<RecordedCompile>): Omit<RunRecord, 'dist'> {
  return {
    format: RECORD_FORMAT,
    tool: tool(),
    catalogDir: path.resolve(run.catalogDir),
    root: catalogRoot(run.catalogDir),
    listing: run.listing,
    reads: run.reads,
    clusters: compilation.catalog.fleet.clusters.map((c) => c.name),
    findings: compilation.findings,
    outputs: compiled.outputs,
    policyReads: compiled.policyReads,
  };
}

/**
 * The record of a write, drafted while its changed files are written: `dist/` as the write will
 * leave it, each file kept from the spare as the scan found it (`currentDist` does the same) and each
 * written file with its content's hash, its stat tuple still to come (`finishDraft`). Undefined where
 * the draft cannot know a file (`recordRun` then reads it after the write).
 */
interface DraftedRun {
  readonly record: DraftRecord;
  readonly tuples: StatTuple[];
  /** The written files: each one's index in `tuples` and path. */
  readonly written: ReadonlyArray<readonly [number, string]>;
}

/** `staged`: every file of the new tree, or, when that is the outputs, where each is in `dist/` (`locate`). */
function draftRun(
  paths: TreePaths,
  run: TrackedLoad,
  compilation: Compilation,
  compiled: RecordedCompile,
  state: DistState | undefined,
  staged: readonly string[] | Int32Array,
  written: ReadonlySet<string>,
): DraftedRun | undefined {
  try {
    if (!compiled?.outputs || !state) return undefined;
    const { outputs } = compiled;
    const atStart = state.dist;
    if (staged instanceof Int32Array) return draftWhole(paths, recordHead(run, compilation, compiled), outputs, atStart, written, staged);
    const startIndex = sortedIndex(atStart.paths);
    const expected = sortedIndex(outputs.paths);
    const dist = { paths: [] as string[], hashes: [] as string[] };
    const tuples: StatTuple[] = [];
    const pending: Array<readonly [number, string]> = [];
    for (const file of inStringOrder(staged)) {
      if (written.has(file)) {
        const at = expected(file);
        if (at < 0) return undefined;
        pending.push([tuples.length, file]);
        dist.paths.push(file);
        dist.hashes.push(outputs.hashes[at]);
        tuples.push('');
        continue;
      }
      const start = startIndex(file);
      if (start < 0) return undefined;
      dist.paths.push(file);
      dist.hashes.push(atStart.hashes[start]);
      tuples.push(atStart.tuples[start]);
    }
    return { record: draftRecord(paths.dist, { ...recordHead(run, compilation, compiled), dist }), tuples, written: pending };
  } catch {
    return undefined;
  }
}

/**
 * `draftRun` of a write that owns every file and carries none over: the new tree is the outputs, each
 * file kept from the spare (where `located` finds it with the same hash) or written.
 */
function draftWhole(
  paths: TreePaths,
  head: Omit<RunRecord, 'dist'>,
  outputs: FileHashes,
  atStart: DistFiles,
  written: ReadonlySet<string>,
  located: Int32Array,
): DraftedRun | undefined {
  const tuples: StatTuple[] = new Array<StatTuple>(outputs.paths.length);
  const pending: Array<readonly [number, string]> = [];
  for (let i = 0; i < outputs.paths.length; i++) {
    const at = located[i];
    if (at >= 0 && atStart.hashes[at] === outputs.hashes[i]) tuples[i] = atStart.tuples[at];
    else {
      tuples[i] = '';
      pending.push([i, outputs.paths[i]]);
    }
  }
  // The writer's plan came from the same hashes: anything else is no tree this draft knows.
  if (pending.length !== written.size || pending.some(([, file]) => !written.has(file))) return undefined;
  return { record: draftRecord(paths.dist, { ...head, dist: outputs }), tuples, written: pending };
}

/**
 * Writes the drafted record once each written file is in `dist/` as staged (its stat tuple unchanged:
 * nothing touched it since). False when one is not: `recordRun` then reads what is there.
 */
function finishDraft(paths: TreePaths, drafted: DraftedRun, staged: Staging): boolean {
  try {
    for (const [index, file] of drafted.written) {
      const tuple = statTuple(fs.lstatSync(`${paths.dist}/${file}`, { bigint: true }));
      if (staged.how.get(file) !== tuple) return false;
      drafted.tuples[index] = tuple;
    }
    drafted.record.finish(drafted.tuples);
    return true;
  } catch {
    return false;
  }
}

/**
 * Records what this run compiled and `dist/` as it now is. A file's hash is the compiled content's when
 * this run knows it holds it: written by this run and untouched since (its stat as staged), or found the
 * same when compared and not modified since the run took the lock; any other file is read and hashed.
 */
function recordRun(
  paths: TreePaths,
  run: TrackedLoad,
  compilation: Compilation,
  after: { state?: DistState; staged?: Staging; same?: (p: string) => boolean },
  compiled: RecordedCompile,
): void {
  try {
    if (compiled === null) {
      removeRecord(paths.dist);
      return;
    }
    // Without a write, `dist/` is as the scan found it.
    const dist = after.state && !after.staged ? after.state.dist : currentDist(paths, compiled.outputs, after);
    writeRecord(paths.dist, { ...recordHead(run, compilation, compiled), dist });
  } catch {
    removeRecord(paths.dist);
  }
}

function currentDist(
  paths: TreePaths,
  outputs: FileHashes | null,
  after: { state?: DistState; staged?: Staging; same?: (p: string) => boolean },
): DistFiles {
  const expected = sortedIndex(outputs?.paths ?? []);
  // The file system's clock when this run took the lock: our own writes, links and unlinks came after.
  const since = fs.lstatSync(paths.lock, { bigint: true }).ctimeNs;
  const dist = { paths: [] as string[], hashes: [] as string[], tuples: [] as StatTuple[] };
  // What this run staged is the new tree; with nothing staged, the tree listed at the start. A file
  // added meanwhile is found by the next run's listing, which the record's must match.
  const staging = after.staged?.order.length ? after.staged : undefined;
  const listing = staging ? inStringOrder(staging.order) : after.state ? after.state.paths : listTree(paths.dist);
  const atStart = after.state?.dist;
  const startIndex = sortedIndex(atStart?.paths ?? []);
  for (const file of listing) {
    const absolute = `${paths.dist}/${file}`;
    const staged: Staged | undefined = staging && (staging.how.get(file) ?? 'kept');
    const start = atStart ? startIndex(file) : -1;
    // Kept from the spare: the inode the run found and compared, its stat unchanged then, not touched since by this run.
    if (staged === 'kept' && start >= 0) {
      dist.paths.push(file);
      dist.hashes.push(atStart!.hashes[start]);
      dist.tuples.push(atStart!.tuples[start]);
      continue;
    }
    let stat: fs.BigIntStats;
    try {
      stat = fs.lstatSync(absolute, { bigint: true });
    } catch {
      continue; // gone meanwhile: the next run's listing differs from the record's
    }
    const tuple = statTuple(stat);
    const at = expected(file);
    const known = at < 0 ? undefined : outputs!.hashes[at];
    let hash: string;
    if (known !== undefined && staged !== undefined && staged === tuple) hash = known;
    // Found the same, then linked or left in place: a link or unlink changes ctime but not mtime; an edit since the lock changes both.
    else if (known !== undefined && (staged === undefined || staged === 'linked' || staged === 'kept') && after.same?.(file) && stat.mtimeNs < since)
      hash = known;
    else hash = sha256(fs.readFileSync(absolute));
    dist.paths.push(file);
    dist.hashes.push(hash);
    dist.tuples.push(tuple);
  }
  return dist;
}
