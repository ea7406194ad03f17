import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentError, isErrnoError } from '../shared/environment-error';
import { atomicExchange } from './_atomic-exchange';
import { compareStrings, inStringOrder, isCheapKey } from '../shared';
import { type HeldContent, rawContent, rawEntries } from './encoded-files';
import { statTreeAddon } from './_stat-tree-addon';
import type { TreeScan } from './tree-scan';

/**
 * The output folder is replaced as a whole, never edited in place:
 *
 *   1. the new tree is built in `.<dist>.staging` beside it, starting from `.<dist>.spare` (the tree
 *      the previous write swapped out) when there is one: a file the spare holds as the very inode
 *      of `<dist>`'s unchanged file is kept, any other is replaced by a hard link to `<dist>`'s file
 *      (so its inode and modification time survive) or written anew, and what is not wanted goes;
 *   2. `.<dist>.staging` is renamed `.<dist>.ready`: the new tree is complete;
 *   3. `.<dist>.ready` and `<dist>` are exchanged in one atomic system call (renameat2
 *      RENAME_EXCHANGE, see native/), and `.<dist>.ready`, now the old tree, becomes the spare.
 *
 * So `<dist>` is at every instant the complete old or the complete new tree, and a write costs what
 * changed since the spare's tree, not the whole tree. The spare is scratch, never trusted: staging
 * only ever unlinks, renames over or creates (`wx`) names in it, never opens an existing file for
 * writing, so a file it shares with `<dist>` is never modified. Where the exchange addon could not
 * be built, step 3 is two renames through `.<dist>.retired`; a run killed between them leaves no
 * `<dist>` but a complete `.<dist>.ready`, which `recover()` (run by every command before it reads
 * the output) moves into place. A lock file serializes concurrent runs.
 */
export interface TreePaths {
  readonly dist: string;
  readonly staging: string;
  readonly ready: string;
  readonly retired: string;
  readonly spare: string;
  readonly lock: string;
}

/**
 * A file's identity on disk, `dev:ino:size:mtimeNs:ctimeNs`: any write, link, unlink, chmod or utimes
 * changes ctime, which no user can set.
 */
export type StatTuple = string;

export function statTuple(stat: fs.BigIntStats): StatTuple {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

export function treePaths(dist: string): TreePaths {
  const absolute = path.resolve(dist);
  const sibling = (suffix: string) => path.join(path.dirname(absolute), `.${path.basename(absolute)}.${suffix}`);
  return {
    dist: absolute,
    staging: sibling('staging'),
    ready: sibling('ready'),
    retired: sibling('retired'),
    spare: sibling('spare'),
    lock: sibling('lock'),
  };
}

/** Relative POSIX paths of every file (anything not a folder) under `dir`, sorted; an absent folder has none. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const visit = (relative: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch (error) {
      if (relative === '' && isErrnoError(error) && error.code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(child);
      else out.push(child);
    }
  };
  visit('');
  return out.sort(compareStrings);
}

/** Reads every file under `dir` (relative POSIX path → content); an absent folder is empty. */
export function readTree(dir: string): Map<string, string> {
  return new Map(listTree(dir).map((file): [string, string] => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
}

/**
 * The output folder as it is on disk, read only where needed: its paths are listed up front, a
 * file's bytes only when asked for, and `same` reads a file only when its size matches.
 */
export interface PreviousTree {
  keys(): Iterable<string>;
  has(path: string): boolean;
  get(path: string): string | undefined;
  /** Whether the file at `path` holds exactly `content` (a string, or its UTF-8 bytes in chunks). */
  same(path: string, content: HeldContent): boolean;
  /** The file's stat tuple when its content was compared, if known (else the writer takes it itself). */
  tuple?(path: string): StatTuple | undefined;
}

/** Content hashes of every file of `dir`, known to be current (checked against their stat), and the hash function they used. */
export interface KnownHashes {
  /** Every file, in path order. */
  readonly paths: readonly string[];
  /** Its hash, undefined for a path that is not a file there. */
  hashOf(file: string): string | undefined;
  readonly hash: (content: HeldContent) => string;
  /** Each file's stat tuple, taken before its hash was known. */
  readonly tuples?: ReadonlyMap<string, StatTuple>;
}

/**
 * `dir` as a `PreviousTree`; an absent folder is empty. Reads nothing but the listing until asked;
 * `same` compares a file whose hash is known by hash, without reading it.
 */
export function diskTree(dir: string, known?: KnownHashes, listing?: readonly string[]): PreviousTree {
  // The known hashes were taken from a listing of `dir` just made (`listing`, when given): it is not listed twice.
  const sorted = inStringOrder(listing ?? known?.paths ?? listTree(dir));
  // Known hashes are those of every file: they tell which files there are.
  const paths: { has(file: string): boolean } = known ? { has: (file) => known.hashOf(file) !== undefined } : new Set(sorted);
  // Files are compared as bytes, never decoded. A content seen twice (most manifests recur across
  // clusters) keeps its encoding.
  const seen = new Set<string>();
  const encoded = new Map<string, Buffer>();
  const bytesOf = (content: string) => {
    if (!isCheapKey(content)) return Buffer.from(content);
    let bytes = encoded.get(content);
    if (bytes !== undefined) return bytes;
    bytes = Buffer.from(content);
    if (seen.has(content)) encoded.set(content, bytes);
    else seen.add(content);
    return bytes;
  };
  return {
    keys: () => sorted.values(),
    has: (file) => paths.has(file),
    get: (file) => (paths.has(file) ? fs.readFileSync(path.join(dir, file), 'utf8') : undefined),
    same: (file, content) => {
      if (known) {
        // Every file has a known hash: one lookup says whether it is there and what it holds.
        const hash = known.hashOf(file);
        return hash !== undefined && known.hash(content) === hash;
      }
      if (!paths.has(file)) return false;
      return fs.readFileSync(path.join(dir, file)).equals(typeof content === 'string' ? bytesOf(content) : Buffer.concat(content));
    },
    tuple: (file) => known?.tuples?.get(file),
  };
}

/**
 * Finishes or rolls back a swap a killed run left behind. Call with the lock held.
 * With `<dist>` present, `.ready` is either an unswapped new tree or the swapped-out old one:
 * either way it goes.
 */
export function recover(paths: TreePaths): void {
  if (fs.existsSync(paths.ready)) {
    if (fs.existsSync(paths.dist)) keepAsSpare(paths, paths.ready);
    else fs.renameSync(paths.ready, paths.dist);
  }
  if (!fs.existsSync(paths.dist) && fs.existsSync(paths.retired)) fs.renameSync(paths.retired, paths.dist);
  // A killed run's staging folder (a spare partly reshaped) or swapped-out tree is as good a spare as any.
  keepAsSpare(paths, paths.staging);
  keepAsSpare(paths, paths.retired);
}

/** Keeps the tree at `dir` as the next write's spare, or deletes it when there is one already. */
function keepAsSpare(paths: TreePaths, dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (fs.existsSync(paths.spare)) removeTree(dir);
  else fs.renameSync(dir, paths.spare);
}

/**
 * Moves the spare (if it is a folder) to `paths.staging`, removes from it what is not wanted and
 * returns the wanted files it holds (relative paths). Anything else at the spare's path is removed.
 */
function takeSpare(paths: TreePaths, wantedFile: (file: string) => boolean, wantedDir: (dir: string) => boolean): Set<string> {
  const files = new Set<string>();
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(paths.spare);
  } catch (error) {
    if (isErrnoError(error) && error.code === 'ENOENT') return files;
    throw error;
  }
  if (!stat.isDirectory()) {
    fs.unlinkSync(paths.spare);
    return files;
  }
  fs.renameSync(paths.spare, paths.staging);
  // What is not wanted goes now: a folder where a file is wanted, or a file (or link) where a folder is.
  const visit = (relative: string) => {
    for (const entry of fs.readdirSync(relative ? `${paths.staging}/${relative}` : paths.staging, { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      const absolute = `${paths.staging}/${child}`;
      if (entry.isDirectory()) {
        if (wantedDir(child)) visit(child);
        else removeTree(absolute);
      } else if (entry.isFile() && wantedFile(child)) files.add(child);
      else fs.unlinkSync(absolute);
    }
  };
  visit('');
  return files;
}

export interface WriteOptions {
  /** Paths (relative to dist) this run owns; files outside it are carried over as they are. @default - everything */
  readonly owns?: (relativePath: string) => boolean;
  /**
   * Called after each file is staged: written anew (with its stat tuple as staged), a link to (copy
   * of) the current file, or kept: the spare already held the current file's inode, untouched since
   * `previous` compared it.
   */
  readonly onStaged?: (relativePath: string, how: 'written' | 'linked' | 'kept', tuple?: StatTuple) => void;
  /**
   * Work for this thread while a thread of libuv's pool writes the changed files into the spare (the
   * `stat-tree` addon's `writeFiles`), told what the new tree will be: the files written anew (the
   * others kept) and those carried over from `<dist>` (not owned). Called at most once. @default - nothing
   */
  readonly meanwhile?: (plan: StagingPlan) => void;
  /**
   * The scan of `<dist>` that made the spare its mirror (`startTreeScan` with `spare`): the new tree is
   * then the spare with only what changed written, unlinked or removed, and nothing else looked at.
   * Must be the scan `previous` was built from, with nothing written to `<dist>` since.
   */
  readonly mirror?: TreeScan;
  /** What `planWrite(previous, files, owns)` returns, when the caller knows it from content hashes. @default - compared here */
  readonly plan?: WriteResult;
}

/** What a write stages besides the files given: which of them it writes anew, and the files it carries over. */
export interface StagingPlan {
  readonly written: ReadonlySet<string>;
  readonly carried: readonly string[];
}

export interface WriteResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** What a write would do, without doing it. */
export function planWrite(previous: PreviousTree, files: ReadonlyMap<string, string>, owns: (p: string) => boolean = () => true): WriteResult {
  const written: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  for (const [file, content] of rawEntries(files)) {
    if (previous.same(file, content)) unchanged++;
    else written.push(file);
  }
  for (const file of previous.keys()) if (owns(file) && !files.has(file)) removed.push(file);
  return { written, removed, unchanged };
}

/**
 * Replaces the tree at `paths.dist` so it holds `files` (within what this run owns).
 * Call with the lock held and `previous` read under it. Does nothing when nothing changed.
 */
export async function writeTree(
  paths: TreePaths,
  previous: PreviousTree,
  files: ReadonlyMap<string, string>,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const owns = options.owns ?? (() => true);
  const result = options.plan ?? planWrite(previous, files, owns);
  if (result.written.length === 0 && result.removed.length === 0) return result;
  const written = new Set(result.written);

  // Every file of the new tree: the owned ones as given, the others carried over from `<dist>`.
  const carried = [...previous.keys()].filter((file) => !owns(file) && !files.has(file));
  const carriedSet = new Set(carried);
  const wantedFile = (file: string) => files.has(file) || carriedSet.has(file);
  const wantedDirs = new Set<string>();
  let lastParent: string | undefined;
  const addParents = (file: string) => {
    const end = file.lastIndexOf('/');
    if (end < 0) return;
    // Files come in path order: most share the folder of the one before.
    if (lastParent !== undefined && end === lastParent.length && file.startsWith(lastParent)) return;
    lastParent = file.slice(0, end);
    for (let dir = lastParent; !wantedDirs.has(dir);) {
      wantedDirs.add(dir);
      const up = dir.lastIndexOf('/');
      if (up < 0) break;
      dir = dir.slice(0, up);
    }
  };
  for (const file of files.keys()) addParents(file);
  for (const file of carried) addParents(file);

  let doing = `create ${paths.staging}`;
  try {
    removeTree(paths.staging);
    if (options.mirror?.mirrored && fs.existsSync(paths.spare)) {
      doing = `reuse ${paths.spare}`;
      fs.renameSync(paths.spare, paths.staging);
      await stageFromMirror(paths, options.mirror, {
        files,
        carried,
        written,
        removed: result.removed,
        wantedFile,
        wantedDirs,
        onStaged: options.onStaged,
        meanwhile: options.meanwhile,
        doing: (what) => (doing = what),
      });
    } else {
      doing = `reuse ${paths.spare}`;
      // With no `<dist>` (a first run, or one deleted by hand) every file is written: the spare would only add unlinks.
      const inSpare = fs.existsSync(paths.dist) ? takeSpare(paths, wantedFile, (dir) => wantedDirs.has(dir)) : new Set<string>();
      const made = new Set<string>();
      const ensureDir = (dir: string) => {
        if (made.has(dir)) return;
        doing = `create the folder ${dir}`;
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      };
      ensureDir(paths.staging);
      const stage = (file: string, content: HeldContent | undefined) => {
        const target = `${paths.staging}/${file}`;
        ensureDir(path.dirname(target));
        doing = `write ${target}`;
        const linked = content === undefined || !written.has(file);
        if (inSpare.has(file)) {
          // The very inode `<dist>` holds, unchanged since it was compared (same ctime): nothing to do.
          if (linked && sameFile(paths, previous, file)) {
            options.onStaged?.(file, 'kept');
            return;
          }
          // Never written through: the spare's file may be a link to `<dist>`'s.
          fs.unlinkSync(target);
        }
        if (linked) {
          linkOrCopy(`${paths.dist}/${file}`, target);
          options.onStaged?.(file, 'linked');
        } else {
          writeNewFile(target, content);
          options.onStaged?.(file, 'written', statTuple(fs.lstatSync(target, { bigint: true })));
        }
      };
      for (const [file, content] of rawEntries(files)) stage(file, content);
      for (const file of carried) stage(file, undefined);
    }

    doing = `rename ${paths.staging} to ${paths.ready}`;
    fs.renameSync(paths.staging, paths.ready);
    doing = `put ${paths.ready} in place of ${paths.dist}`;
    swapIntoPlace(paths);
  } catch (error) {
    cleanUp(paths);
    if (isErrnoError(error)) throw EnvironmentError.fromErrno(error, `write the output folder: ${doing}`, paths.dist);
    throw error;
  }
  // The swapped-out tree is the next write's spare; a failure here only costs the next write its head start.
  try {
    keepAsSpare(paths, paths.ready);
    keepAsSpare(paths, paths.retired);
  } catch {
    // recover() tidies up before the next run reads anything.
  }
  return result;
}

/**
 * Turns the staging folder, a mirror of `<dist>` as scanned, into the new tree: what is no longer
 * wanted goes, what changed is written anew or over a file the scan moved aside (`TreeScan.reusable`),
 * then renamed over its link (a file shared with `<dist>` is never written through), and every other
 * file is kept as the very inode `<dist>` holds.
 */
async function stageFromMirror(
  paths: TreePaths,
  mirror: TreeScan,
  plan: {
    files: ReadonlyMap<string, string>;
    carried: readonly string[];
    written: ReadonlySet<string>;
    /** The files of the mirror no longer wanted: `planWrite`'s removed, from the same scan. */
    removed: readonly string[];
    wantedFile: (file: string) => boolean;
    wantedDirs: ReadonlySet<string>;
    onStaged?: WriteOptions['onStaged'];
    meanwhile?: WriteOptions['meanwhile'];
    doing: (what: string) => void;
  },
): Promise<void> {
  const { staging } = paths;
  for (const file of plan.removed) {
    plan.doing(`remove ${staging}/${file}`);
    fs.unlinkSync(`${staging}/${file}`);
  }
  const made = new Set<string>();
  for (const folder of mirror.folders) {
    const parent = path.posix.dirname(folder);
    if (plan.wantedDirs.has(folder)) made.add(`${staging}/${folder}`);
    // The topmost folder no wanted file needs goes whole.
    else if (parent === '.' || plan.wantedDirs.has(parent)) {
      plan.doing(`remove ${staging}/${folder}`);
      removeTree(`${staging}/${folder}`);
    }
  }
  const targets: string[] = [];
  const contents: HeldContent[] = [];
  for (const file of plan.written) {
    const content = rawContent(plan.files, file);
    if (content === undefined) throw new Error(`${file} is to be written but is no file of the new tree`);
    const dir = path.dirname(`${staging}/${file}`);
    if (!made.has(dir)) {
      plan.doing(`create the folder ${dir}`);
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    targets.push(file);
    contents.push(content);
  }
  const tuples =
    targets.length > 0 ? await createFiles(paths, targets, contents, { ...plan, reusable: mirror.reusable, reuseFolder: mirror.reuseFolder }) : [];
  // What was not written over goes: it is no file of the new tree.
  if (mirror.reuseFolder !== undefined) {
    plan.doing(`remove ${staging}/${mirror.reuseFolder}`);
    removeTree(`${staging}/${mirror.reuseFolder}`);
  }
  const tupleOf = new Map(targets.map((file, i) => [file, tuples[i]]));
  for (const file of plan.files.keys()) {
    const tuple = tupleOf.get(file);
    if (tuple !== undefined) plan.onStaged?.(file, 'written', tuple);
    else plan.onStaged?.(file, 'kept');
  }
  for (const file of plan.carried) plan.onStaged?.(file, 'kept');
}

/**
 * Creates each of `targets` (paths under the staging folder, whose folders exist) with its content:
 * the new files' stat tuples. Each is created in one folder (or, with the `stat-tree` addon, written
 * over the file `reusable` names for it) and moved into place, replacing the link to `<dist>`'s file:
 * ext4 creates a file in a folder of its own (a cluster's) three times as slowly as beside others.
 * With the addon, a thread of libuv's pool does it while this one does `meanwhile`.
 */
async function createFiles(
  paths: TreePaths,
  targets: readonly string[],
  contents: readonly HeldContent[],
  plan: StagingPlan & {
    wantedFile: (file: string) => boolean;
    wantedDirs: ReadonlySet<string>;
    meanwhile?: WriteOptions['meanwhile'];
    doing: (what: string) => void;
  } & Pick<TreeScan, 'reusable' | 'reuseFolder'>,
): Promise<StatTuple[]> {
  const { staging } = paths;
  let incoming = '.incoming';
  // No output begins with a dot; a file carried over from `<dist>` might.
  for (let n = 1; plan.wantedFile(incoming) || plan.wantedDirs.has(incoming) || incoming === plan.reuseFolder; n++) incoming = `.incoming-${n}`;
  plan.doing(`create the folder ${staging}/${incoming}`);
  fs.mkdirSync(`${staging}/${incoming}`);
  let tuples: StatTuple[];
  const writeFiles = statTreeAddon?.writeFiles;
  if (writeFiles) {
    plan.doing(`write ${targets.length} file(s) in ${staging}`);
    // A file the spare held where a target goes is written over: ext4 frees and allocates blocks
    // (and trims them, mounted with discard) far more slowly.
    const reuse = plan.reusable.size > 0 ? targets.map((file) => `${plan.reusable.get(file) ?? ''}\0`).join('') : undefined;
    const pending = writeFiles(staging, incoming, targets.map((file) => `${file}\0`).join(''), contents, reuse);
    let meanwhile: { readonly error: unknown } | undefined;
    try {
      plan.meanwhile?.({ written: plan.written, carried: plan.carried });
    } catch (error) {
      meanwhile = { error };
    }
    // Settled before anything else, even when `meanwhile` failed: nothing may touch the staging folder while the pool writes in it.
    try {
      tuples = (await pending).split('\0', targets.length);
    } catch (error) {
      plan.doing(`write ${(error as { path?: string }).path ?? staging}`);
      throw error;
    }
    if (meanwhile) throw meanwhile.error;
  } else {
    tuples = targets.map((file, i) => {
      const target = `${staging}/${file}`;
      plan.doing(`write ${target}`);
      const created = `${staging}/${incoming}/${i}`;
      writeNewFile(created, contents[i]);
      fs.renameSync(created, target);
      return statTuple(fs.lstatSync(target, { bigint: true }));
    });
  }
  fs.rmdirSync(`${staging}/${incoming}`);
  return tuples;
}

/** Creates the file `target` (none may be there) holding `content`: a report's chunks in one `writev`, not joined first. */
export function writeNewFile(target: string, content: HeldContent): void {
  if (typeof content === 'string') {
    fs.writeFileSync(target, content, { flag: 'wx' });
    return;
  }
  const fd = fs.openSync(target, 'wx');
  try {
    // A write may take less than it was given (and at most IOV_MAX chunks): the rest goes again.
    const pending = [...content];
    while (pending.length > 0) {
      let written = fs.writevSync(fd, pending);
      while (pending.length > 0 && written >= pending[0].length) written -= pending.shift()!.length;
      if (written > 0) pending[0] = pending[0].subarray(written);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether the spare's file at `file` is `<dist>`'s file itself, untouched since `previous` compared it. */
function sameFile(paths: TreePaths, previous: PreviousTree, file: string): boolean {
  const spare = statTuple(fs.lstatSync(`${paths.staging}/${file}`, { bigint: true }));
  let current = previous.tuple?.(file);
  if (current === undefined) {
    try {
      current = statTuple(fs.lstatSync(`${paths.dist}/${file}`, { bigint: true }));
    } catch {
      return false;
    }
  }
  return spare === current;
}

/**
 * Deletes a tree this run made or swapped out: one readdir per folder, one unlink per file, links
 * never followed. `fs.rmSync` tries `rmdir` on every path first and took 2.5× as long on 58,000 files.
 */
function removeTree(dir: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrnoError(error) && error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) removeTree(child);
    else fs.unlinkSync(child);
  }
  fs.rmdirSync(dir);
}

/**
 * The errors of a hard link refused where a copy still works: another user's file under
 * `fs.protected_hardlinks`, another file system, too many links, a file system without links.
 */
export const LINK_REFUSED: readonly string[] = ['EPERM', 'EXDEV', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'];

/** Keeps an unchanged file's inode with a hard link; where links are refused (`LINK_REFUSED`), copies it instead. */
function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (error) {
    if (!isErrnoError(error) || !LINK_REFUSED.includes(error.code)) throw error;
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
  }
}

/** After a failed write: `<dist>` back to the complete old tree, no staging folder left (best effort: the first error is the one reported). */
function cleanUp(paths: TreePaths): void {
  try {
    // A write that failed (a full disk, an I/O error) keeps no spare: it would hold space, and its state is unknown.
    removeTree(paths.staging);
  } catch {
    // Reported by the next run's recover().
  }
  try {
    recover(paths);
  } catch {
    // The next run's recover() finishes it.
  }
}

/** Puts the complete tree at `ready` in place of `dist`. */
function swapIntoPlace(paths: TreePaths): void {
  if (!fs.existsSync(paths.dist)) {
    fs.renameSync(paths.ready, paths.dist);
  } else if (atomicExchange) {
    atomicExchange(paths.ready, paths.dist);
  } else {
    fs.renameSync(paths.dist, paths.retired);
    fs.renameSync(paths.ready, paths.dist);
  }
}

/** Whether replacing the output folder is a single atomic exchange on this machine. */
export const ATOMIC_EXCHANGE = atomicExchange !== undefined;

/** How long a run waits for another run's lock before it gives up, unless `OCP_IMAGE_CATALOG_LOCK_TIMEOUT` (seconds) says otherwise. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

export interface LockOptions {
  /** @default - `OCP_IMAGE_CATALOG_LOCK_TIMEOUT` seconds, else DEFAULT_LOCK_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Told once when the run starts waiting, with who holds the lock. @default - a line on stderr */
  readonly onWait?: (message: string) => void;
}

/** What the lock file holds: the owner's pid, its process start time (to tell a reused pid) and when it took the lock. */
interface LockOwner {
  readonly pid: number;
  readonly start?: string;
  readonly since?: string;
}

export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.OCP_IMAGE_CATALOG_LOCK_TIMEOUT);
  return env.OCP_IMAGE_CATALOG_LOCK_TIMEOUT !== undefined && env.OCP_IMAGE_CATALOG_LOCK_TIMEOUT !== '' && Number.isFinite(seconds) && seconds >= 0
    ? seconds * 1000
    : DEFAULT_LOCK_TIMEOUT_MS;
}

/**
 * Holds the lock while `work` runs. Waits for a concurrent run, saying who holds the lock, and gives
 * up after the timeout with an EnvironmentError; takes over a lock whose owner died or whose pid now
 * belongs to another process (its start time differs).
 */
export async function withLock<T>(paths: TreePaths, work: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? lockTimeoutMs();
  const onWait = options.onWait ?? ((message: string) => process.stderr.write(`${message}\n`));
  const started = Date.now();
  let told = false;
  const me: LockOwner = { pid: process.pid, start: processStart(process.pid), since: new Date().toISOString() };
  for (;;) {
    try {
      fs.writeFileSync(paths.lock, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (error) {
      if (!isErrnoError(error)) throw error;
      if (error.code !== 'EEXIST') {
        // `wx` may have created the file before the write failed (a full disk): it is ours to remove.
        fs.rmSync(paths.lock, { force: true });
        throw EnvironmentError.fromErrno(error, 'create the lock file', paths.lock);
      }
      const owner = readLock(paths.lock);
      if (owner === 'gone') {
        fs.rmSync(paths.lock, { force: true });
        continue;
      }
      const who = owner === 'unknown' ? 'another run' : `another run (pid ${owner.pid}${owner.since ? `, since ${owner.since}` : ''})`;
      if (Date.now() - started >= timeoutMs) {
        throw new EnvironmentError(
          `gave up after waiting ${Math.round(timeoutMs / 1000)} s for ${who}, which holds the output lock`,
          paths.lock,
          'wait for that run to finish, or stop it; if no run is active, delete the lock file. ' +
            'OCP_IMAGE_CATALOG_LOCK_TIMEOUT=<seconds> sets how long to wait',
        );
      }
      if (!told) {
        onWait(`waiting for ${who}, which holds ${paths.lock} (giving up after ${Math.round(timeoutMs / 1000)} s)`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    try {
      recover(paths);
    } catch (error) {
      if (isErrnoError(error)) throw EnvironmentError.fromErrno(error, 'tidy up after an interrupted run', paths.dist);
      throw error;
    }
    return await work();
  } finally {
    fs.rmSync(paths.lock, { force: true });
  }
}

/** The start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), where /proc exists. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Who holds the lock, or 'gone' when its owner died (or its pid was reused), or 'unknown' while it is being written. */
function readLock(lock: string): LockOwner | 'gone' | 'unknown' {
  let content: string;
  let ageMs: number;
  try {
    content = fs.readFileSync(lock, 'utf8');
    ageMs = Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 'unknown'; // just removed: look again
  }
  // An empty lock is being written, unless its writer died between creating and writing it.
  if (content === '') return ageMs > 5_000 ? 'gone' : 'unknown';
  let owner: LockOwner;
  try {
    // Older runs wrote the pid alone.
    owner = /^\d+$/.test(content.trim()) ? { pid: Number(content) } : (JSON.parse(content) as LockOwner);
  } catch {
    return 'gone';
  }
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return 'gone';
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  // The pid is alive: the same process only if it started when the lock's owner did.
  if (owner.start !== undefined) {
    const start = processStart(owner.pid);
    if (start !== undefined && start !== owner.start) return 'gone';
  }
  return owner;
}
