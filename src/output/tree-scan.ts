import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StatTuple } from './tree-writer';

/**
 * The output folder as it is on disk (listing, stat tuples, content hashes where a record says what
 * they were) and, for a write, the spare made a mirror of it: the file-system half of a run, which
 * needs nothing the compile computes. A run whose catalog changed scans in a worker thread while the
 * main thread loads and compiles (`startTreeScan`); a run that must know at once whether anything
 * changed scans in-process (`scanTree`). Both run the same function, `scanJob`.
 */
export interface ScanInput {
  readonly dist: string;
  /**
   * Makes this folder (the spare) a mirror of `dist`: afterwards it holds every file of `dist` as that
   * very inode (a hard link; a copy where links are refused), every folder of `dist`, and nothing else.
   * A write then changes in it only what the compile changed (`writeTree`'s `mirror`).
   */
  readonly spare?: string;
  /**
   * [path, hash, stat tuple] the last run recorded: a file whose tuple is unchanged keeps its hash;
   * any other is read and hashed. Or the record's files part as JSON, which the scan parses itself:
   * `{ paths: string[], hashes: string[], dist: [pathIndex, hashIndex, tuple][] }` (other keys ignored).
   */
  readonly known?: ReadonlyArray<readonly [string, string, StatTuple]> | { readonly json: string };
  /** Lists and stats with Node's `lstatSync` even where the `stat-tree` addon is built (the tests compare the two). */
  readonly nodeOnly?: boolean;
}

/** native/stat-tree.c: every file with its stat tuple and every folder under a root, as two NUL-separated strings. */
type StatTree = (root: string) => [files: string, folders: string];

const STAT_TREE_ADDON = path.resolve(__dirname, '../../native/build/stat_tree.node');

/** The compiled addon, or undefined where it could not be built. */
const statTreeAddon: StatTree | undefined = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { statTree } = require(STAT_TREE_ADDON) as { statTree: StatTree };
    return (root) => {
      try {
        return statTree(root);
      } catch (error) {
        // The addon throws the errno number: named as Node names it, so that the error reads like fs's.
        const errno = Number((error as { code?: string }).code);
        const name = Object.entries(os.constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
        throw Object.assign(new Error(`${name}: cannot list ${root}`), { code: name });
      }
    };
  } catch {
    return undefined;
  }
})();

/** Whether this build lists and stats `dist/` in native code. */
export const NATIVE_STAT_TREE = statTreeAddon !== undefined;

export interface ScannedFile {
  /** Its stat tuple when scanned, before its hash was known. */
  readonly tuple: StatTuple;
  /** SHA-256 of its content (hex), when `known` was given and the content is known to be current. */
  readonly hash?: string;
  /** The stat tuple of the file a write built from the mirror holds at this path (after the mirror's link changed its ctime). */
  readonly staged: StatTuple;
}

export interface TreeScan {
  /** Every file (anything not a folder) of `dist`, in path order (`compareStrings`). */
  readonly files: ReadonlyMap<string, ScannedFile>;
  /** Every folder of `dist`, in path order. */
  readonly folders: readonly string[];
  /** Whether the spare is now a mirror of `dist` (see `ScanInput.spare`). */
  readonly mirrored: boolean;
}

/** What `scanJob` returns: arrays, so that a worker posts it cheaply. */
interface RawScan {
  readonly files: string[];
  readonly folders: string[];
  readonly tuples: string[];
  readonly hashes: Array<string | null>;
  readonly staged: string[];
  readonly mirrored: boolean;
}

/**
 * The scan itself. Self-contained (no imports; the modules come as arguments): a worker runs its
 * source text. Stats before reading: a write after the stat changes ctime, so the next run reads the
 * file again. Throws on any failed system call; the caller then does the work the slow way, which
 * reports it.
 */
function scanJob(nodeFs: typeof fs, nodeCrypto: typeof crypto, input: ScanInput, statTree?: StatTree): RawScan {
  const tupleOf = (stat: fs.BigIntStats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const code = (error: unknown) => (error as NodeJS.ErrnoException).code;
  // compareStrings's order (src/shared), which this self-contained function cannot import.
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  /** Every file of `dir` with its stat tuple, in path order, and every folder (an absent `dir` is empty). */
  const listTree = (dir: string): { files: string[]; tuples: string[]; folders: string[] } => {
    if (statTree && !input.nodeOnly) {
      const [fileText, folderText] = statTree(dir);
      const parts = fileText.split('\0');
      const order = Array.from({ length: (parts.length - 1) / 2 }, (_, i) => 2 * i).sort((a, b) => byPath(parts[a], parts[b]));
      return { files: order.map((i) => parts[i]), tuples: order.map((i) => parts[i + 1]), folders: folderText.split('\0').slice(0, -1).sort(byPath) };
    }
    const listed: string[] = [];
    const folders: string[] = [];
    const list = (relative: string) => {
      let entries: fs.Dirent[];
      try {
        entries = nodeFs.readdirSync(relative ? `${dir}/${relative}` : dir, { withFileTypes: true });
      } catch (error) {
        if (relative === '' && code(error) === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          folders.push(child);
          list(child);
        } else listed.push(child);
      }
    };
    list('');
    const files = listed.sort(byPath);
    return { files, tuples: files.map((file) => tupleOf(nodeFs.lstatSync(`${dir}/${file}`, { bigint: true }))), folders: folders.sort(byPath) };
  };
  const { files, tuples, folders } = listTree(input.dist);
  let recorded: ReadonlyArray<readonly [string, string, string]> = [];
  if (input.known && 'json' in input.known) {
    const { paths, hashes, dist } = JSON.parse(input.known.json) as { paths: string[]; hashes: string[]; dist: Array<[number, number, string]> };
    recorded = dist.map(([p, h, tuple]) => [paths[p], hashes[h], tuple]);
  } else if (input.known) recorded = input.known;
  const known = new Map(recorded.map(([file, hash, tuple]) => [file, { hash, tuple }]));
  const hashes = files.map((file, i) => {
    const entry = known.get(file);
    if (!input.known) return null;
    if (entry && entry.tuple === tuples[i]) return entry.hash;
    return nodeCrypto
      .createHash('sha256')
      .update(nodeFs.readFileSync(`${input.dist}/${file}`))
      .digest('hex');
  });
  const staged = [...tuples];
  if (input.spare === undefined || files.length + folders.length === 0) return { files, folders, tuples, hashes, staged, mirrored: false };

  const spare = input.spare;
  const removeTree = (dir: string) => {
    for (const entry of nodeFs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) removeTree(`${dir}/${entry.name}`);
      else nodeFs.unlinkSync(`${dir}/${entry.name}`);
    }
    nodeFs.rmdirSync(dir);
  };
  try {
    if (!nodeFs.lstatSync(spare).isDirectory()) {
      nodeFs.unlinkSync(spare);
      nodeFs.mkdirSync(spare);
    }
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
    nodeFs.mkdirSync(spare);
  }
  const index = new Map(files.map((file, i) => [file, i]));
  const wantedFolders = new Set(folders);
  const present = new Set<string>();
  const mirrored = new Set<number>();
  // What the spare holds that is not `dist`'s file at the same path goes: only `dist`'s very inode, unchanged since its stat, stays.
  const held = listTree(spare);
  held.files.forEach((file, k) => {
    const i = index.get(file);
    if (i !== undefined && held.tuples[k] === tuples[i]) mirrored.add(i);
    else nodeFs.unlinkSync(`${spare}/${file}`);
  });
  for (const folder of held.folders) {
    const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
    if (wantedFolders.has(folder)) present.add(folder);
    // The topmost folder `dist` lacks goes whole (its files went above).
    else if (parent === '' || wantedFolders.has(parent)) removeTree(`${spare}/${folder}`);
  }
  // Parents sort before their children.
  for (const folder of folders) if (!present.has(folder)) nodeFs.mkdirSync(`${spare}/${folder}`);
  const linked: number[] = [];
  const copied = new Set<number>();
  files.forEach((file, i) => {
    if (mirrored.has(i)) return;
    const from = `${input.dist}/${file}`;
    const to = `${spare}/${file}`;
    try {
      nodeFs.linkSync(from, to);
    } catch (error) {
      if (!['EPERM', 'EXDEV', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'].includes(code(error) ?? '')) throw error;
      nodeFs.copyFileSync(from, to, nodeFs.constants.COPYFILE_EXCL);
      copied.add(i);
    }
    linked.push(i);
  });
  // The new ctimes: one listing of the spare where it is native code (a tenth of the lstats), else one lstat per file linked.
  let nowByPath: Map<string, string> | undefined;
  if (statTree && !input.nodeOnly && linked.length > 0) {
    const parts = statTree(spare)[0].split('\0');
    nowByPath = new Map();
    for (let k = 0; k + 1 < parts.length; k += 2) nowByPath.set(parts[k], parts[k + 1]);
  }
  // A link changes only ctime: a changed size or mtime is an edit since the stat, so the hash is not known.
  const identity = (tuple: string) => tuple.slice(0, tuple.lastIndexOf(':'));
  for (const i of linked) {
    staged[i] = nowByPath?.get(files[i]) ?? tupleOf(nodeFs.lstatSync(`${spare}/${files[i]}`, { bigint: true }));
    if (!copied.has(i) && identity(staged[i]) !== identity(tuples[i])) hashes[i] = null;
  }
  return { files, folders, tuples, hashes, staged, mirrored: true };
}

function fromRaw(raw: RawScan): TreeScan {
  const files = new Map<string, ScannedFile>();
  raw.files.forEach((file, i) => {
    const hash = raw.hashes[i];
    files.set(file, { tuple: raw.tuples[i], staged: raw.staged[i], ...(hash === null ? {} : { hash }) });
  });
  return { files, folders: raw.folders, mirrored: raw.mirrored };
}

/** Scans (and mirrors) in this thread. Throws what the file system throws. */
export function scanTree(input: ScanInput): TreeScan {
  return fromRaw(scanJob(fs, crypto, input, statTreeAddon));
}

/**
 * Starts `scanTree(input)` in a worker thread, so that the file system's work overlaps the compile's:
 * the other core stats and links while this one computes. Resolves to undefined when the scan
 * failed (the caller then does the work itself, and meets the failure). Await it before anything else
 * touches `dist` or the spare, and on every path out of the run.
 */
export function startTreeScan(input: ScanInput): Promise<TreeScan | undefined> {
  const script = `
    const { parentPort, workerData } = require('node:worker_threads');
    let message;
    try {
      let statTree;
      try {
        statTree = require(${JSON.stringify(STAT_TREE_ADDON)}).statTree;
      } catch {}
      message = { scan: (${scanJob.toString()})(require('node:fs'), require('node:crypto'), workerData, statTree) };
    } catch (error) {
      message = { error: String(error && error.message) };
    }
    parentPort.postMessage(message);`;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script, { eval: true, workerData: input });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (message: { scan?: RawScan }) => resolve(message.scan && fromRaw(message.scan)));
    // A worker that could not start, or died, says nothing: then there is no scan.
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
