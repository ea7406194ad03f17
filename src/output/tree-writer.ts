import * as fs from 'node:fs';
import * as path from 'node:path';
import { atomicExchange } from './_atomic-exchange';
import { compareStrings } from '../shared';

/**
 * The output folder is replaced as a whole, never edited in place:
 *
 *   1. the new tree is built in `.<dist>.staging` beside it (unchanged files are hard links to the
 *      current ones, so their inode and modification time survive);
 *   2. `.<dist>.staging` is renamed `.<dist>.ready`: the new tree is complete;
 *   3. `.<dist>.ready` and `<dist>` are exchanged in one atomic system call (renameat2
 *      RENAME_EXCHANGE, see native/), and `.<dist>.ready`, now the old tree, is deleted.
 *
 * So `<dist>` is at every instant the complete old or the complete new tree. Where the exchange
 * addon could not be built, step 3 is two renames through `.<dist>.retired`; a run killed between
 * them leaves no `<dist>` but a complete `.<dist>.ready`, which `recover()` (run by every command
 * before it reads the output) moves into place. A lock file serializes concurrent runs.
 */
export interface TreePaths {
  readonly dist: string;
  readonly staging: string;
  readonly ready: string;
  readonly retired: string;
  readonly lock: string;
}

export function treePaths(dist: string): TreePaths {
  const absolute = path.resolve(dist);
  const sibling = (suffix: string) => path.join(path.dirname(absolute), `.${path.basename(absolute)}.${suffix}`);
  return { dist: absolute, staging: sibling('staging'), ready: sibling('ready'), retired: sibling('retired'), lock: sibling('lock') };
}

/** Reads every file under `dir` (relative POSIX path → content); an absent folder is empty. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    const absolute = path.join(dir, relative);
    for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)));
}

/**
 * Finishes or rolls back a swap a killed run left behind. Call with the lock held.
 * With `<dist>` present, `.ready` is either an unswapped new tree or the swapped-out old one:
 * either way it goes.
 */
export function recover(paths: TreePaths): void {
  if (fs.existsSync(paths.ready)) {
    if (fs.existsSync(paths.dist)) fs.rmSync(paths.ready, { recursive: true, force: true });
    else fs.renameSync(paths.ready, paths.dist);
  }
  if (!fs.existsSync(paths.dist) && fs.existsSync(paths.retired)) fs.renameSync(paths.retired, paths.dist);
  fs.rmSync(paths.staging, { recursive: true, force: true });
  fs.rmSync(paths.retired, { recursive: true, force: true });
}

export interface WriteOptions {
  /** Paths (relative to dist) this run owns; files outside it are carried over as they are. @default - everything */
  readonly owns?: (relativePath: string) => boolean;
  /** Test hook: called after each file is staged. */
  readonly onStaged?: (relativePath: string) => void;
}

export interface WriteResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** What a write would do, without doing it. */
export function planWrite(previous: ReadonlyMap<string, string>, files: ReadonlyMap<string, string>, owns: (p: string) => boolean = () => true): WriteResult {
  const written: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  for (const [file, content] of files) {
    if (previous.get(file) === content) unchanged++;
    else written.push(file);
  }
  for (const file of previous.keys()) if (owns(file) && !files.has(file)) removed.push(file);
  return { written, removed, unchanged };
}

/**
 * Replaces the tree at `paths.dist` so it holds `files` (within what this run owns).
 * Call with the lock held and `previous` read under it. Does nothing when nothing changed.
 */
export function writeTree(paths: TreePaths, previous: ReadonlyMap<string, string>, files: ReadonlyMap<string, string>, options: WriteOptions = {}): WriteResult {
  const owns = options.owns ?? (() => true);
  const result = planWrite(previous, files, owns);
  if (result.written.length === 0 && result.removed.length === 0) return result;

  fs.rmSync(paths.staging, { recursive: true, force: true });
  const made = new Set<string>();
  const ensureDir = (dir: string) => {
    if (made.has(dir)) return;
    fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
  };
  ensureDir(paths.staging);
  try {
    const stage = (file: string, content: string | undefined) => {
      const target = path.join(paths.staging, file);
      ensureDir(path.dirname(target));
      if (content === undefined || previous.get(file) === content) fs.linkSync(path.join(paths.dist, file), target);
      else fs.writeFileSync(target, content);
      options.onStaged?.(file);
    };
    for (const [file, content] of files) stage(file, content);
    for (const file of previous.keys()) if (!owns(file) && !files.has(file)) stage(file, undefined);

    fs.renameSync(paths.staging, paths.ready);
    swapIntoPlace(paths);
  } catch (error) {
    recover(paths);
    throw error;
  }
  fs.rmSync(paths.ready, { recursive: true, force: true });
  fs.rmSync(paths.retired, { recursive: true, force: true });
  return result;
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

/** Holds the lock while `work` runs. Waits for a concurrent run; takes over a lock whose owner died. */
export async function withLock<T>(paths: TreePaths, work: () => T, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(paths.lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockOwnerIsGone(paths.lock)) {
        fs.rmSync(paths.lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another run holds ${paths.lock}; wait for it or delete the file if no run is active`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    recover(paths);
    return work();
  } finally {
    fs.rmSync(paths.lock, { force: true });
  }
}

function lockOwnerIsGone(lock: string): boolean {
  let content: string;
  let ageMs: number;
  try {
    content = fs.readFileSync(lock, 'utf8');
    ageMs = Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return false; // just removed: look again
  }
  // An empty lock is being written, unless its writer died between creating and writing it.
  if (content === '') return ageMs > 5_000;
  const pid = Number(content);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
