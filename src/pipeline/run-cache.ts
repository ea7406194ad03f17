import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../package.json';
import { SAMPLES_INVENTORY_DIR } from '../model/samples-inventory';
import { type TransformModule, transformModule, transformModuleAsync } from '../model';
import type { Finding } from '../policy';
import { type HeldContent, listTree, type SerializedManifests, type StatTuple, type TreeScan, writeNewFile } from '../output';
import { isCheapKey, sortedIndex, type TextMemo } from '../shared';

/**
 * What the last run compiled, so that a run whose inputs did not change skips loading, planning,
 * policy and rendering (docs/ARCHITECTURE.md, "The run cache"). It lives in `.<dist>.cache/` beside
 * the output folder, like `.<dist>.lock`: outside every folder Argo CD reads, deleted with a temporary
 * output folder, and holding a `.gitignore` of `*` so that no repository commits it.
 *
 * A record is trusted only as far as it is checked: its own checksum, the format and the tool's
 * fingerprint, every catalog file the load read (by content), and `dist/` itself: every file's
 * (dev, ino, size, mtime, ctime) against what was recorded, and a file whose stat differs is read and
 * hashed. Anything missing, unreadable or different means "no cache": the run does the full work.
 */
const FORMAT = 3;
export const RECORD_FORMAT = FORMAT;
const RECORD_FILE = 'run.json';
const TRANSFORMS_FILE = 'transforms.json';
const MANIFESTS_FILE = 'manifests.json';
const PROJECT_ROOT = path.resolve(__dirname, '../..');

export const sha256 = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

/** Everything a compilation's result depends on besides `dist/`: the tool, and every file the catalog load read. */
export interface CatalogInputs {
  /** The catalog folder (absolute) and how messages name it (relative to the working directory). */
  readonly catalogDir: string;
  readonly root: string;
  /** Every path under the catalog folder, sorted (files added or removed change it). */
  readonly listing: readonly string[];
  /** [absolute path, SHA-256] of the bytes the load read, helpers and data files outside the folder included. */
  readonly reads: ReadonlyArray<readonly [string, string]>;
}

/** What the record says about one compilation: findings, and the output's hash per path. */
export interface RunRecord extends CatalogInputs {
  readonly format: typeof FORMAT;
  readonly tool: string;
  readonly clusters: readonly string[];
  readonly findings: readonly Finding[];
  /** Every file the compilation produces (all clusters) and its content hash, in path order; null when error findings stopped it. */
  readonly outputs: FileHashes | null;
  /** What policy rules read from `dist/` ([path, hash], the hash null when absent): the findings hold while these do. */
  readonly policyReads: ReadonlyArray<readonly [string, string | null]>;
  /** `dist/` as recorded: each file's content hash and stat tuple, in path order. */
  readonly dist: DistFiles;
}

/** Files in path order and, at the same index, each one's content hash: columns, not 58,000 small arrays. */
export interface FileHashes {
  readonly paths: readonly string[];
  readonly hashes: readonly string[];
}

/** `FileHashes` with each file's stat tuple. */
export interface DistFiles extends FileHashes {
  readonly tuples: readonly StatTuple[];
}

let toolFingerprint: string | undefined;

/**
 * The tool's own build and the data it reads at run time: the bundle it runs from (or, run from the
 * TypeScript sources, every source file), the samples inventories, the Argo CD health checks, the
 * package lock (packages a catalog may require), the package version and Node's.
 */
export function tool(): string {
  if (toolFingerprint !== undefined) return toolFingerprint;
  const hash = crypto.createHash('sha256').update(`${FORMAT}\0${version}\0${process.version}\0`);
  const code = __filename.endsWith('.ts') ? filesUnder(path.join(PROJECT_ROOT, 'src')) : [__filename];
  const data = [
    ...filesUnder(SAMPLES_INVENTORY_DIR),
    ...filesUnder(path.join(PROJECT_ROOT, 'src/output/argocd-health')),
    path.join(PROJECT_ROOT, 'package-lock.json'),
  ];
  for (const file of [...code, ...data]) {
    hash.update(`${path.relative(PROJECT_ROOT, file)}\0`);
    try {
      hash.update(fs.readFileSync(file));
    } catch {
      hash.update('\0absent');
    }
    hash.update('\0');
  }
  toolFingerprint = hash.digest('hex');
  return toolFingerprint;
}

/** Every file under `dir`, sorted, as absolute paths (an absent folder has none). */
function filesUnder(dir: string): string[] {
  return listTree(dir).map((relative) => path.join(dir, relative));
}

export function catalogRoot(catalogDir: string): string {
  return path.relative(process.cwd(), path.resolve(catalogDir)).split(path.sep).join('/') || '.';
}

/** Where the record of `dist` lives. */
export function cacheFolder(distAbsolute: string): string {
  return path.join(path.dirname(distAbsolute), `.${path.basename(distAbsolute)}.cache`);
}

/**
 * A record as read: its head parsed, its files part (58,000 paths and stat tuples at 1,000 clusters)
 * only when asked for. A run whose catalog changed never needs it on this thread: the scan's worker
 * checks and parses it (`filesPart`) while this thread compiles.
 */
export interface ReadRecord {
  readonly head: Omit<RunRecord, 'outputs' | 'dist'>;
  /** The files part; throws when it is not as its checksum says (the record is then no record). */
  files(): Pick<RunRecord, 'outputs' | 'dist'>;
  /** The files part as stored (`StoredFiles` as JSON, UTF-8), its checksum not yet checked: what `scanTree`'s `known` reads. */
  readonly filesPart: StoredPart;
}

/** The record for `dist`, if there is one whose head is intact and of this format and build; never throws. */
export function readRecord(distAbsolute: string): ReadRecord | undefined {
  try {
    const parts = readCacheParts(distAbsolute, RECORD_FILE, 2);
    if (parts === undefined || !isIntact(parts[0])) return undefined;
    const [headPart, filesPart] = parts;
    const head = JSON.parse(headPart.bytes.toString('utf8')) as Omit<RunRecord, 'outputs' | 'dist'>;
    if (head.format !== FORMAT || head.tool !== tool()) return undefined;
    let files: Pick<RunRecord, 'outputs' | 'dist'> | undefined;
    return {
      head,
      filesPart,
      files: () => {
        if (files) return files;
        if (!isIntact(filesPart)) throw new Error('the run record is damaged');
        const stored = JSON.parse(filesPart.bytes.toString('utf8')) as StoredFiles;
        const { paths, hashes } = stored;
        const dist: DistFiles = { paths, hashes: stored.dist.hash.map((h) => hashes[h]), tuples: stored.dist.tuple };
        const { outputs } = stored;
        files = {
          outputs: outputs === 'dist' ? dist : outputs && { paths: outputs.paths, hashes: outputs.hash.map((h) => hashes[h]) },
          dist,
        };
        return files;
      },
    };
  } catch {
    return undefined;
  }
}

/** Writes the record atomically (a killed run leaves the old one or none); a failure only costs the next run its shortcut. */
export function writeRecord(distAbsolute: string, record: RunRecord): void {
  draftRecord(distAbsolute, record).finish(record.dist.tuples);
}

/** A record serialized but for `dist/`'s stat tuples: `finish` adds them and writes it. */
export interface DraftRecord {
  finish(tuples: readonly StatTuple[]): void;
}

/**
 * The record, serialized and hashed but for `dist/`'s stat tuples, which come last in the files part
 * (its readers parse JSON: the order is not read): a write drafts it while its changed files are
 * still being written, whose tuples it learns only then.
 */
export function draftRecord(distAbsolute: string, record: Omit<RunRecord, 'dist'> & { readonly dist: FileHashes }): DraftRecord {
  const { outputs, dist, ...head } = record;
  const headText = JSON.stringify(head);
  const { hash, ...stored } = storedFiles(outputs, dist);
  // As UTF-8 now: the 7 MB of a large fleet's record are not joined and encoded again when it is written.
  const prefix = Buffer.from(`${JSON.stringify(stored).slice(0, -1)},"dist":{"hash":${JSON.stringify(hash)},"tuple":`);
  const checksum = crypto.createHash('sha256').update(prefix);
  const headPart = Buffer.from(`${sha256(headText)}\n${headText}\n`);
  return {
    finish: (tuples) => {
      const tail = Buffer.from(`${JSON.stringify(tuples)}}}\n`);
      checksum.update(tail.subarray(0, -1));
      writeCacheText(distAbsolute, RECORD_FILE, [headPart, Buffer.from(`${checksum.digest('hex')}\n`), prefix, tail]);
    },
  };
}

/** One JSON text of a cache file, as UTF-8, and the SHA-256 (hex) the line before it says it has. */
export interface StoredPart {
  readonly bytes: Buffer;
  readonly checksum: string;
}

/**
 * A file of the cache folder: `parts` JSON texts, each on a line after a line holding its SHA-256,
 * not yet checked (`isIntact`): a large part is checked only by whoever reads it. Undefined when
 * absent or not of that shape.
 */
function readCacheParts(distAbsolute: string, name: string, parts: number): StoredPart[] | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(path.join(cacheFolder(distAbsolute), name));
  } catch {
    return undefined;
  }
  const lines: Buffer[] = [];
  for (let at = 0; at < data.length;) {
    const end = data.indexOf(0x0a, at);
    if (end < 0 || lines.length === 2 * parts) return undefined;
    lines.push(data.subarray(at, end));
    at = end + 1;
  }
  if (lines.length !== 2 * parts) return undefined;
  const out: StoredPart[] = [];
  for (let i = 0; i < parts; i++) out.push({ checksum: lines[2 * i].toString('latin1'), bytes: lines[2 * i + 1] });
  return out;
}

function isIntact(part: StoredPart): boolean {
  return part.checksum.length === 64 && sha256(part.bytes) === part.checksum;
}

/** A file of the cache folder: its `parts` JSON texts, each checked. Undefined when absent, cut short or altered. */
function readCacheFile(distAbsolute: string, name: string, parts: number): string[] | undefined {
  const stored = readCacheParts(distAbsolute, name, parts);
  if (stored === undefined || !stored.every(isIntact)) return undefined;
  return stored.map((part) => part.bytes.toString('utf8'));
}

/** Writes a file of the cache folder atomically, each JSON text after its SHA-256; a failure leaves the old file or none. */
function writeCacheFile(distAbsolute: string, name: string, bodies: readonly string[]): void {
  writeCacheText(distAbsolute, name, bodies.map((body) => `${sha256(body)}\n${body}\n`).join(''));
}

/** Writes a cache file's text (its parts, each after its checksum line) atomically; a failure leaves none. */
function writeCacheText(distAbsolute: string, name: string, text: string | readonly Buffer[]): void {
  const folder = cacheFolder(distAbsolute);
  const file = path.join(folder, name);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(folder, { recursive: true });
    // Under the lock no other run writes here: a temporary file is a killed run's.
    for (const entry of fs.readdirSync(folder)) if (entry.endsWith('.tmp')) fs.rmSync(path.join(folder, entry), { force: true });
    fs.writeFileSync(path.join(folder, '.gitignore'), '# written by ocp-image-catalog: a cache, never committed\n*\n');
    if (typeof text === 'string') fs.writeFileSync(temporary, text);
    else writeNewFile(temporary, text);
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * A cache file beside the record: values by the SHA-256 of what they were made from, valid for this
 * build of the tool only (anything else reads as empty). `save` keeps what this run used, and writes
 * only when that differs from what was read.
 */
function contentCache(
  distAbsolute: string,
  name: string,
): { get(key: string): string | undefined; keep(key: string, value: string): void; save(): void } {
  let stored: Record<string, string> = {};
  try {
    const body = readCacheFile(distAbsolute, name, 1)?.[0];
    const parsed = body === undefined ? undefined : (JSON.parse(body) as { tool?: string; values?: Record<string, string> });
    if (parsed?.tool === tool() && parsed.values) stored = parsed.values;
  } catch {
    stored = {};
  }
  const used = new Map<string, string>();
  let changed = false;
  return {
    get: (key) => {
      const value = Object.hasOwn(stored, key) ? stored[key] : undefined;
      return typeof value === 'string' ? value : undefined;
    },
    keep: (key, value) => {
      if (!Object.hasOwn(stored, key) || stored[key] !== value) changed = true;
      used.set(key, value);
    },
    save: () => {
      if (!changed && used.size === Object.keys(stored).length) return;
      writeCacheFile(distAbsolute, name, [JSON.stringify({ tool: tool(), values: Object.fromEntries(used) })]);
    },
  };
}

/**
 * esbuild's JavaScript for each catalog module, by the SHA-256 of its source (`.<dist>.cache/transforms.json`):
 * a module whose bytes did not change is not transformed again.
 */
export function cachedTransform(distAbsolute: string): {
  transform: TransformModule;
  prefetch(files: readonly string[]): Promise<void>;
  save(): void;
} {
  const cache = contentCache(distAbsolute, TRANSFORMS_FILE);
  const prefetched = new Map<string, string>();
  return {
    transform: (source, absolute) => {
      const key = sha256(source);
      const code = cache.get(key) ?? prefetched.get(key) ?? transformModule(source, absolute);
      cache.keep(key, code);
      return code;
    },
    /**
     * Transforms the modules among `files` (absolute paths) that the cache lacks in esbuild's
     * service, for `transform` to find: its first answer comes in about 15 ms, where the synchronous
     * API, which starts a worker thread for its service, takes 70 ms. Never rejects: a file that
     * cannot be read or transformed here is transformed (and its error reported) by the load.
     */
    prefetch: async (files) => {
      const pending: Array<Promise<void>> = [];
      for (const file of files) {
        try {
          const source = fs.readFileSync(file, 'utf8');
          const key = sha256(source);
          if (cache.get(key) === undefined)
            pending.push(
              transformModuleAsync(source, file).then(
                (code) => void prefetched.set(key, code),
                () => undefined,
              ),
            );
        } catch {
          // The load reads it again, and says what is wrong.
        }
      }
      await Promise.all(pending);
    },
    save: cache.save,
  };
}

/**
 * The YAML of every object the last compile serialized, by the SHA-256 of its JSON text
 * (`.<dist>.cache/manifests.json`): a run serializes only the objects that changed since. It holds
 * the other texts a run keeps for the next (`TextMemo`: parsed catalog files, template checks) too.
 * What a run reads it keeps.
 */
export function cachedManifests(distAbsolute: string): SerializedManifests & TextMemo & { save(): void } {
  const cache = contentCache(distAbsolute, MANIFESTS_FILE);
  return {
    get: (json) => {
      const key = sha256(json);
      const value = cache.get(key);
      if (value !== undefined) cache.keep(key, value);
      return value;
    },
    set: (json, yaml) => cache.keep(sha256(json), yaml),
    save: cache.save,
  };
}

/**
 * The record's files part, in columns (58,000 rows at 1,000 clusters): one string per path and per
 * distinct hash, numbers and tuples in flat lists, so that writing and reading it builds no small
 * arrays. `scanJob` (src/output/tree-scan.ts) reads it too.
 */
interface StoredFiles {
  /** `dist/` as recorded, in path order: each file's path, the index of its hash, its stat tuple. */
  readonly paths: readonly string[];
  readonly dist: { readonly hash: readonly number[]; readonly tuple: readonly StatTuple[] };
  /** Each distinct content hash once. */
  readonly hashes: readonly string[];
  /** The outputs: `dist` when they are exactly `dist/`'s files and hashes (the usual case after a synth). */
  readonly outputs: { readonly paths: readonly string[]; readonly hash: readonly number[] } | 'dist' | null;
}

/** `StoredFiles` but `dist/`'s stat tuples (`draftRecord` adds them), with `dist.hash` as `hash`. */
function storedFiles(outputs: RunRecord['outputs'], dist: FileHashes): Omit<StoredFiles, 'dist'> & { readonly hash: readonly number[] } {
  const index = new Map<string, number>();
  const hashes: string[] = [];
  const of = (hash: string) => {
    let i = index.get(hash);
    if (i === undefined) index.set(hash, (i = hashes.push(hash) - 1));
    return i;
  };
  const stored = { paths: dist.paths, hash: dist.hashes.map(of), hashes };
  const same = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
  if (outputs && same(outputs.paths, dist.paths) && same(outputs.hashes, dist.hashes)) return { ...stored, outputs: 'dist' };
  return { ...stored, outputs: outputs && { paths: outputs.paths, hash: outputs.hashes.map(of) } };
}

export function removeRecord(distAbsolute: string): void {
  try {
    fs.rmSync(path.join(cacheFolder(distAbsolute), RECORD_FILE), { force: true });
  } catch {
    // Nothing to do: a record that cannot be removed is checked like any other.
  }
}

/** Whether the catalog still holds exactly the bytes the recorded load read. */
export function sameCatalog(record: CatalogInputs, catalogDir: string): boolean {
  const absolute = path.resolve(catalogDir);
  if (record.catalogDir !== absolute || record.root !== catalogRoot(catalogDir)) return false;
  try {
    const listing = listTree(absolute);
    if (listing.length !== record.listing.length || listing.some((p, i) => p !== record.listing[i])) return false;
    return record.reads.every(([file, hash]) => sha256(fs.readFileSync(file)) === hash);
  } catch {
    return false;
  }
}

/**
 * `dist/` now: every file in path order and its content hash (read only where its stat differs from
 * the record); `restat` when some did. Looked up in order, without a map of the 58,000 paths.
 */
export interface DistState {
  readonly paths: readonly string[];
  /** The content hash of each file of `paths`, at its index. */
  readonly hashList: readonly string[];
  /** The index of `file` in `paths`, -1 when there is none. */
  indexOf(file: string): number;
  /** The hash of the file at `file`, undefined when there is none. */
  hashOf(file: string): string | undefined;
  /** Each file's stat tuple, taken before its hash was known. */
  readonly tuples: ReadonlyMap<string, StatTuple>;
  /** What the record would say of `dist/` now: the stat tuples after the scan (a mirror's link changes ctime). */
  readonly dist: DistFiles;
  readonly restat: boolean;
}

/**
 * `dist/` as scanned (`scanTree`, given the record's `dist`): a file the scan could not vouch for is
 * read and hashed here. `restat` (whether the record's tuples are stale) is asked only `ofRecord`: a
 * compile follows any other scan, and records anew.
 */
export function distState(distAbsolute: string, scan: TreeScan, ofRecord = false): DistState {
  const { paths } = scan;
  const hashList = paths.map((file, i) => scan.hashes[i] ?? sha256(fs.readFileSync(`${distAbsolute}/${file}`)));
  const indexOf = sortedIndex(paths);
  // Made when read: by a write without the spare's mirror.
  let tuples: Map<string, StatTuple> | undefined;
  return {
    paths,
    hashList,
    indexOf,
    hashOf: (file) => {
      const i = indexOf(file);
      return i < 0 ? undefined : hashList[i];
    },
    get tuples() {
      tuples ??= new Map(paths.map((file, i) => [file, scan.tuples[i]]));
      return tuples;
    },
    dist: { paths, hashes: hashList, tuples: scan.staged },
    restat: ofRecord && !scan.asRecorded,
  };
}

/**
 * Content hashes of output files; a string seen again (most manifests recur across clusters) is hashed
 * once, and so is a report's chunk list (compared before the write and hashed again for the record).
 */
export function contentHasher(): (content: HeldContent) => string {
  const seen = new Map<string, string>();
  const chunked = new WeakMap<readonly Buffer[], string>();
  return (content) => {
    if (typeof content !== 'string') {
      let hash = chunked.get(content);
      if (hash === undefined) {
        const sha = crypto.createHash('sha256');
        for (const chunk of content) sha.update(chunk);
        chunked.set(content, (hash = sha.digest('hex')));
      }
      return hash;
    }
    if (!isCheapKey(content)) return sha256(content);
    let hash = seen.get(content);
    if (hash === undefined) {
      hash = sha256(content);
      seen.set(content, hash);
    }
    return hash;
  };
}
