import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
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
}

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
function scanJob(nodeFs: typeof fs, nodeCrypto: typeof crypto, input: ScanInput): RawScan {
  const tupleOf = (stat: fs.BigIntStats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const code = (error: unknown) => (error as NodeJS.ErrnoException).code;
  const files: string[] = [];
  const folders: string[] = [];
  const list = (relative: string) => {
    let entries: fs.Dirent[];
    try {
      entries = nodeFs.readdirSync(relative ? `${input.dist}/${relative}` : input.dist, { withFileTypes: true });
    } catch (error) {
      if (relative === '' && code(error) === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        folders.push(child);
        list(child);
      } else files.push(child);
    }
  };
  list('');
  // compareStrings's order (src/shared), which this self-contained function cannot import.
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  files.sort(byPath);
  folders.sort(byPath);
  let recorded: ReadonlyArray<readonly [string, string, string]> = [];
  if (input.known && 'json' in input.known) {
    const { paths, hashes, dist } = JSON.parse(input.known.json) as { paths: string[]; hashes: string[]; dist: Array<[number, number, string]> };
    recorded = dist.map(([p, h, tuple]) => [paths[p], hashes[h], tuple]);
  } else if (input.known) recorded = input.known;
  const known = new Map(recorded.map(([file, hash, tuple]) => [file, { hash, tuple }]));
  const tuples: string[] = [];
  const hashes: Array<string | null> = [];
  for (const file of files) {
    const absolute = `${input.dist}/${file}`;
    const tuple = tupleOf(nodeFs.lstatSync(absolute, { bigint: true }));
    tuples.push(tuple);
    const entry = known.get(file);
    if (!input.known) hashes.push(null);
    else if (entry && entry.tuple === tuple) hashes.push(entry.hash);
    else hashes.push(nodeCrypto.createHash('sha256').update(nodeFs.readFileSync(absolute)).digest('hex'));
  }
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
  const visit = (relative: string) => {
    for (const entry of nodeFs.readdirSync(relative ? `${spare}/${relative}` : spare, { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      const absolute = `${spare}/${child}`;
      if (entry.isDirectory()) {
        if (wantedFolders.has(child)) {
          present.add(child);
          visit(child);
        } else removeTree(absolute);
        continue;
      }
      const i = index.get(child);
      if (i !== undefined && tupleOf(nodeFs.lstatSync(absolute, { bigint: true })) === tuples[i]) mirrored.add(i);
      else nodeFs.unlinkSync(absolute);
    }
  };
  visit('');
  // Parents sort before their children.
  for (const folder of folders) if (!present.has(folder)) nodeFs.mkdirSync(`${spare}/${folder}`);
  files.forEach((file, i) => {
    if (mirrored.has(i)) return;
    const from = `${input.dist}/${file}`;
    const to = `${spare}/${file}`;
    let linked = true;
    try {
      nodeFs.linkSync(from, to);
    } catch (error) {
      if (!['EPERM', 'EXDEV', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'].includes(code(error) ?? '')) throw error;
      nodeFs.copyFileSync(from, to, nodeFs.constants.COPYFILE_EXCL);
      linked = false;
    }
    staged[i] = tupleOf(nodeFs.lstatSync(to, { bigint: true }));
    // A link changes only ctime: a changed size or mtime is an edit since the stat, so the hash is not known.
    const identity = (tuple: string) => tuple.slice(0, tuple.lastIndexOf(':'));
    if (linked && identity(staged[i]) !== identity(tuples[i])) hashes[i] = null;
  });
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
  return fromRaw(scanJob(fs, crypto, input));
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
      message = { scan: (${scanJob.toString()})(require('node:fs'), require('node:crypto'), workerData) };
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
