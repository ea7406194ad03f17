import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { NATIVE_STAT_TREE, STAT_TREE_ADDON, STAT_TREE_API, type StatTreeAddon, statTreeAddon } from './_stat-tree-addon';
import { LINK_REFUSED, type StatTuple } from './tree-writer';

export { NATIVE_STAT_TREE };

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
   * The files the last run recorded, in columns (path, hash, stat tuple at one index): a file whose
   * tuple is unchanged keeps its hash; any other is read and hashed. Or the record's files part as
   * stored (JSON, UTF-8), which the scan checks against its SHA-256 (hex) and parses itself (a part
   * that fails the check knows nothing):
   * `{ paths: string[], hashes: string[], dist: { hash: hashIndex[], tuple: string[] } }` (other keys ignored).
   */
  readonly known?:
    | { readonly paths: readonly string[]; readonly hashes: readonly string[]; readonly tuples: readonly StatTuple[] }
    | { readonly bytes: Uint8Array; readonly checksum: string };
  /** Lists and stats with Node's `lstatSync` even where the `stat-tree` addon is built (the tests compare the two). */
  readonly nodeOnly?: boolean;
}

/** `dist` as scanned: every file's path, and what is known of it at the same index in the other lists. */
export interface TreeScan {
  /** Every file (anything not a folder) of `dist`, in path order (`compareStrings`). */
  readonly paths: readonly string[];
  /** Its stat tuple when scanned, before its hash was known. */
  readonly tuples: readonly StatTuple[];
  /** SHA-256 of its content (hex), when `known` was given and the content is known to be current. */
  readonly hashes: ReadonlyArray<string | undefined>;
  /** The stat tuple of the file a write built from the mirror holds at this path (after the mirror's link changed its ctime). */
  readonly staged: readonly StatTuple[];
  /** Every folder of `dist`, in path order. */
  readonly folders: readonly string[];
  /** Whether the spare is now a mirror of `dist` (see `ScanInput.spare`). */
  readonly mirrored: boolean;
  /**
   * Files the spare held at a path of `dist` that were not `dist`'s file: moved aside into one folder of
   * the spare, whose name no file or folder of `dist` has, for a write to write over (`writeFiles`'
   * `reuse`). By path of `dist`: the file's path under the spare. Empty without a mirror.
   */
  readonly reusable: ReadonlyMap<string, string>;
  /** That folder, when there is one: not part of the mirror; the write removes it. */
  readonly reuseFolder?: string;
  /** Whether `known` listed exactly these files, each with its stat tuple as scanned: `dist` is as recorded. */
  readonly asRecorded: boolean;
}

/** What `scanJob` returns: arrays, so that a worker posts it cheaply. */
interface RawScan {
  readonly files: string[];
  readonly folders: string[];
  readonly tuples: string[];
  readonly hashes: Array<string | null>;
  /** The tuple of each file's link in the spare; "" for the files the main thread linked (`mirrorClaimed`). */
  readonly staged: string[];
  readonly mirrored: boolean;
  readonly asRecorded: boolean;
  /** The spare's folder of files moved aside (`TreeScan.reusable`), "" when none; file k there was the spare's at `files[reused[k]]`. */
  readonly reuse: string;
  readonly reused: number[];
  /**
   * Indices of the files this thread linked into the spare whose link differs from the scan's stat in
   * more than ctime (a link changes only that): edited since, their hashes are not known.
   */
  readonly edited: number[];
}

/**
 * A share of the spare's mirror: the folders to make (parents first) and the files to link, of one
 * top-level folder of `dist`, each list NUL-separated, and each file's index in the scan's listing.
 */
type MirrorUnit = readonly [folders: string, files: string, indices: Int32Array];

/**
 * What `mirrorClaimed` linked: each file's index in the listing, the tuple of its link (or copy),
 * whether it is a copy, and, when the addon compared each link with the scan's tuple, whether they
 * differ in more than ctime (an edit since the scan).
 */
interface Linked {
  readonly indices: number[];
  readonly tuples: string[];
  readonly copied: boolean[];
  readonly edited?: boolean[];
}

/**
 * Makes the folders and links the files of the units this thread claims, one at a time, from the
 * count `claims[0]` that both threads share: the worker starts, and the main thread joins when its
 * compile is done and it would otherwise wait. A file the file system will not link is copied.
 * Self-contained, like `scanJob`. Throws on any failed system call.
 */
function mirrorClaimed(
  nodeFs: typeof fs,
  native: StatTreeAddon | undefined,
  linkRefused: readonly string[],
  dist: string,
  spare: string,
  units: readonly MirrorUnit[],
  claims: Int32Array,
  scanned?: readonly string[],
): Linked {
  const tupleOf = (stat: fs.BigIntStats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const refused = (error: unknown) => linkRefused.includes((error as NodeJS.ErrnoException).code ?? '');
  const list = (text: string) => (text === '' ? [] : text.split('\0'));
  /** The tuple of each new link, "" where the file system refused it; "!" first where the addon found it edited since `scanned`. */
  const link = (files: readonly string[], indices: Int32Array): string[] => {
    if (native) {
      const paths = files.map((file) => `${file}\0`).join('');
      const tuples = scanned
        ? native.linkFiles(dist, spare, paths, Array.from(indices, (i) => `${scanned[i]}\0`).join(''))
        : native.linkFiles(dist, spare, paths);
      return tuples.split('\0').slice(0, files.length);
    }
    return files.map((file) => {
      try {
        nodeFs.linkSync(`${dist}/${file}`, `${spare}/${file}`);
      } catch (error) {
        if (refused(error)) return '';
        throw error;
      }
      return tupleOf(nodeFs.lstatSync(`${spare}/${file}`, { bigint: true }));
    });
  };
  const edited: boolean[] = [];
  const done: Linked = { indices: [], tuples: [], copied: [], ...(native && scanned ? { edited } : {}) };
  for (let next = Atomics.add(claims, 0, 1); next < units.length; next = Atomics.add(claims, 0, 1)) {
    const [folders, files, indices] = units[next];
    for (const folder of list(folders)) nodeFs.mkdirSync(`${spare}/${folder}`);
    const chunk = list(files);
    link(chunk, indices).forEach((marked, k) => {
      const file = chunk[k];
      const tuple = marked.startsWith('!') ? marked.slice(1) : marked;
      if (tuple === '') nodeFs.copyFileSync(`${dist}/${file}`, `${spare}/${file}`, nodeFs.constants.COPYFILE_EXCL);
      done.indices.push(indices[k]);
      done.tuples.push(tuple || tupleOf(nodeFs.lstatSync(`${spare}/${file}`, { bigint: true })));
      done.copied.push(tuple === '');
      edited.push(tuple !== marked);
    });
  }
  return done;
}

/**
 * The scan itself. Self-contained (no imports; the modules come as arguments): a worker runs its
 * source text. Stats before reading: a write after the stat changes ctime, so the next run reads the
 * file again. Throws on any failed system call; the caller then does the work the slow way, which
 * reports it.
 */
function scanJob(
  nodeFs: typeof fs,
  nodeCrypto: typeof crypto,
  input: ScanInput & { readonly claims?: Int32Array; readonly linkRefused: readonly string[] },
  addon: StatTreeAddon | undefined,
  { mirror, sameButCtime }: { readonly mirror: typeof mirrorClaimed; readonly sameButCtime: (a: StatTuple, b: StatTuple) => boolean },
  share?: (units: readonly MirrorUnit[], listed: Listed) => void,
): RawScan {
  const native = input.nodeOnly ? undefined : addon;
  const tupleOf = (stat: fs.BigIntStats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const code = (error: unknown) => (error as NodeJS.ErrnoException).code;
  // compareStrings's order (src/shared), which this self-contained function cannot import.
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  /**
   * Every file of `dir` with its stat tuple, and every folder (an absent `dir` is empty); in path order
   * unless `inodes`, which gives each file's inode number instead, as the listing holds it, unsorted.
   */
  const listTree = (dir: string, inodes = false): { files: string[]; tuples: string[]; folders: string[]; texts?: ListedTexts } => {
    if (native) {
      const [fileText, tupleText, folderText] = native.statTree(dir, inodes);
      // Each item ends with a NUL: the last piece of a split is "".
      const list = (text: string) => {
        const items = text.split('\0');
        items.pop();
        return items;
      };
      const files = list(fileText);
      const tuples = list(tupleText);
      const folderList = list(folderText);
      // The addon sorts by UTF-8 bytes, which is this order unless a name holds a character past U+FFFF
      // (a surrogate pair here): only then is the order checked, and mended.
      const inOrder = (list: readonly string[]) => list.every((item, k) => k === 0 || byPath(list[k - 1], item) < 0);
      const pastFFFF = /[\uD800-\uDFFF]/;
      if (inodes || (!pastFFFF.test(fileText) && !pastFFFF.test(folderText)) || (inOrder(files) && inOrder(folderList)))
        return { files, tuples, folders: folderList, texts: { files: fileText, tuples: tupleText } };
      const order = files.map((_, i) => i).sort((a, b) => byPath(files[a], files[b]));
      return { files: order.map((i) => files[i]), tuples: order.map((i) => tuples[i]), folders: folderList.sort(byPath) };
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
    const tuples = files.map((file) => nodeFs.lstatSync(`${dir}/${file}`, { bigint: true })).map((stat) => (inodes ? `${stat.ino}` : tupleOf(stat)));
    return { files, tuples, folders: folders.sort(byPath) };
  };
  const { files, tuples, folders, texts } = listTree(input.dist);
  // The record's files as parallel lists: path, hash, stat tuple.
  let recorded: { paths: readonly string[]; hashes: readonly string[]; tuples: readonly string[] } = { paths: [], hashes: [], tuples: [] };
  if (input.known && 'bytes' in input.known) {
    const { bytes, checksum } = input.known;
    if (nodeCrypto.createHash('sha256').update(bytes).digest('hex') === checksum) {
      const text = new TextDecoder().decode(bytes);
      const { paths, hashes, dist } = JSON.parse(text) as { paths: string[]; hashes: string[]; dist: { hash: number[]; tuple: string[] } };
      recorded = { paths, hashes: dist.hash.map((h) => hashes[h]), tuples: dist.tuple };
    }
  } else if (input.known) recorded = input.known;
  // Where each file is in the record: one pass side by side when the record is in path order (as written), else by a map.
  const at = new Int32Array(files.length).fill(-1);
  if (recorded.paths.every((file, j) => j === 0 || byPath(recorded.paths[j - 1], file) < 0)) {
    for (let i = 0, j = 0; i < files.length && j < recorded.paths.length; i++) {
      while (j < recorded.paths.length && byPath(recorded.paths[j], files[i]) < 0) j++;
      if (j < recorded.paths.length && recorded.paths[j] === files[i]) at[i] = j;
    }
  } else {
    const index = new Map(recorded.paths.map((file, j) => [file, j]));
    files.forEach((file, i) => (at[i] = index.get(file) ?? -1));
  }
  let asRecorded = input.known !== undefined && recorded.paths.length === files.length;
  const hashes = files.map((file, i) => {
    if (!input.known) return null;
    if (at[i] >= 0 && recorded.tuples[at[i]] === tuples[i]) return recorded.hashes[at[i]];
    asRecorded = false;
    return nodeCrypto
      .createHash('sha256')
      .update(nodeFs.readFileSync(`${input.dist}/${file}`))
      .digest('hex');
  });
  const staged = [...tuples];
  if (input.spare === undefined || files.length + folders.length === 0)
    return { files, folders, tuples, hashes, staged, mirrored: false, asRecorded, reuse: '', reused: [], edited: [] };

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
  const wantedFolders = new Set(folders);
  const present = new Set<string>();
  const mirrored = new Set<number>();
  // What the spare holds that is not `dist`'s file at the same path goes: only `dist`'s very inode stays.
  // A file of the spare (whose folders are all on its device) is a link to the inode a file of `dist`
  // is when both are on that device and have its number: no stat needed, the listing tells.
  const held = listTree(spare, true);
  // By path: the spare's listing is in no order. An empty spare (the first write after a fresh one) needs none.
  const index = new Map(held.files.length === 0 ? [] : files.map((file, i) => [file, i]));
  const device = `${nodeFs.lstatSync(spare, { bigint: true }).dev}:`;
  const sameInode = (tuple: string, inode: string) =>
    tuple.startsWith(device) && tuple.slice(device.length, tuple.indexOf(':', device.length)) === inode;
  // A file of the spare at a path `dist` has, not `dist`'s inode: most are what the last write replaced,
  // and this one is likely to write them again. Moved aside (not freed) for the write to write over.
  const stale: number[] = [];
  const staleAt: string[] = [];
  held.files.forEach((file, k) => {
    const i = index.get(file);
    if (i !== undefined && sameInode(tuples[i], held.tuples[k])) mirrored.add(i);
    else if (i !== undefined) {
      stale.push(i);
      staleAt.push(file);
    } else nodeFs.unlinkSync(`${spare}/${file}`);
  });
  for (const folder of held.folders) {
    const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
    if (wantedFolders.has(folder)) present.add(folder);
    // The topmost folder `dist` lacks goes whole (its files went above).
    else if (parent === '' || wantedFolders.has(parent)) removeTree(`${spare}/${folder}`);
  }
  // Only from the tree the last write swapped out, which shares `dist`'s unchanged inodes: a spare of
  // copies (where links are refused) or another tree shares none, and would be moved only to be freed.
  const reused = mirrored.size > 0 ? stale : [];
  let reuse = '';
  if (reused.length === 0) staleAt.forEach((file) => nodeFs.unlinkSync(`${spare}/${file}`));
  else {
    // A folder no file or folder of `dist` is named like, made after the spare's own folders went: file k was at `files[reused[k]]`.
    const topLevel = new Set([...folders, ...files].filter((entry) => !entry.includes('/')));
    reuse = '.reuse';
    for (let n = 1; topLevel.has(reuse); n++) reuse = `.reuse-${n}`;
    nodeFs.mkdirSync(`${spare}/${reuse}`);
    staleAt.forEach((file, k) => nodeFs.renameSync(`${spare}/${file}`, `${spare}/${reuse}/${k}`));
  }
  // What the spare lacks, by top-level folder: the units both threads claim. Parents sort before their children.
  const grouped = new Map<string, [string[], string[], number[]]>();
  // A top-level folder is its own unit's first folder; the files at the top make one more unit.
  const unitOf = (relative: string, isFolder: boolean) => {
    const slash = relative.indexOf('/');
    const key = slash >= 0 ? relative.slice(0, slash) : isFolder ? relative : '';
    let unit = grouped.get(key);
    if (!unit) grouped.set(key, (unit = [[], [], []]));
    return unit;
  };
  for (const folder of folders) if (!present.has(folder)) unitOf(folder, true)[0].push(folder);
  files.forEach((file, i) => {
    if (mirrored.has(i)) return;
    const unit = unitOf(file, false);
    unit[1].push(file);
    unit[2].push(i);
    staged[i] = '';
  });
  const units: MirrorUnit[] = [...grouped.values()].map(([unitFolders, unitFiles, indices]) => [
    unitFolders.join('\0'),
    unitFiles.join('\0'),
    Int32Array.from(indices),
  ]);
  share?.(units, { files, tuples, hashes, folders, texts });
  const linked = mirror(nodeFs, native, input.linkRefused, input.dist, spare, units, input.claims ?? new Int32Array(1), tuples);
  // Checked for the links this thread made (`fromRaw` checks the other thread's), by the addon where
  // it linked; a file the spare already held is `dist`'s own (its tuple is the scan's). A copy, where
  // the file system refused a link, is a new file: its stat says nothing of an edit.
  const edited: number[] = [];
  linked.indices.forEach((i, j) => {
    const link = linked.tuples[j];
    staged[i] = link;
    if (linked.edited ? linked.edited[j] : !linked.copied[j] && !sameButCtime(link, tuples[i])) edited.push(i);
  });
  return { files, folders, tuples, hashes, staged, mirrored: true, asRecorded, reuse, reused, edited };
}

/** What a scan knows of `dist` before the mirror; `texts`, the native listing's own, when it lists the files in that order. */
type Listed = Pick<RawScan, 'files' | 'tuples' | 'hashes' | 'folders'> & { readonly texts?: ListedTexts };

/** The files and their tuples as the native listing gives them: each NUL-terminated. */
interface ListedTexts {
  readonly files: string;
  readonly tuples: string;
}

/** `Listed` as the worker posts it: each list joined by NUL, one string to copy instead of 58,000. */
interface PackedListed {
  readonly fileCount: number;
  readonly folderCount: number;
  /** files, tuples, hashes ("" where not known), folders */
  readonly lists: readonly string[];
}

/** A `RawScan` as the worker posts it; without `listed` when that went with the mirror's units, before the mirror. */
type PackedScan = Omit<RawScan, keyof Listed | 'staged'> & { readonly listed?: PackedListed; readonly staged: string };

/** Self-contained, like `scanJob`: the worker runs its source text. */
function packListed(listed: Listed): PackedListed {
  const { files, tuples, hashes, folders, texts } = listed;
  // The native listing's texts as they are (without the last NUL): not joined again.
  const lists = texts
    ? [texts.files.slice(0, -1), texts.tuples.slice(0, -1), hashes.map((hash) => hash ?? '').join('\0'), folders.join('\0')]
    : [files, tuples, hashes.map((hash) => hash ?? ''), folders].map((list) => list.join('\0'));
  return { fileCount: files.length, folderCount: folders.length, lists };
}

/** Self-contained, like `scanJob`. `posted`: the lists went earlier (with the mirror's units). */
function packScan(raw: RawScan, pack: typeof packListed, posted: boolean): PackedScan {
  const { files, tuples, hashes, folders, staged, ...rest } = raw;
  return { ...rest, staged: staged.join('\0'), ...(posted ? {} : { listed: pack({ files, tuples, hashes, folders }) }) };
}

function unpackScan(packed: PackedScan, listed: PackedListed): RawScan {
  const { fileCount, folderCount, lists } = listed;
  const split = (text: string, count: number) => (count === 0 ? [] : text.split('\0'));
  const [files, tuples, hashes] = lists.slice(0, 3).map((text) => split(text, fileCount));
  const { mirrored, asRecorded, staged, reuse, reused, edited } = packed;
  return {
    edited,
    mirrored,
    asRecorded,
    reuse,
    reused,
    files,
    tuples,
    hashes: hashes.map((hash) => hash || null),
    staged: split(staged, fileCount),
    folders: split(lists[3], folderCount),
  };
}

/**
 * The scan as the pipeline reads it, with the links the main thread made (`helped`: by each file's
 * index, its link's tuple and whether it is a copy) filled in. Undefined when a file the worker left to the main thread
 * was not linked.
 */
function fromRaw(raw: RawScan, helped: ReadonlyMap<number, { readonly tuple: string; readonly copied: boolean }> = new Map()): TreeScan | undefined {
  const { files: paths, tuples } = raw;
  const staged = raw.staged;
  const hashes: Array<string | undefined> = raw.hashes.map((hash) => hash ?? undefined);
  for (const i of raw.edited) hashes[i] = undefined;
  // The links the other thread made: checked as the worker checks its own (`RawScan.edited`).
  let unlinked = 0;
  for (let i = 0; i < paths.length; i++) if (staged[i] === '') unlinked++;
  if (unlinked !== helped.size) return undefined;
  for (const [i, help] of helped) {
    if (staged[i] !== '') return undefined;
    staged[i] = help.tuple;
    // A link changes only ctime: a changed size or mtime is an edit since the stat, so the hash is not known.
    if (!(help.tuple === tuples[i] || help.copied || sameButCtime(help.tuple, tuples[i]))) hashes[i] = undefined;
  }
  return {
    paths,
    tuples,
    hashes,
    staged,
    folders: raw.folders,
    mirrored: raw.mirrored,
    asRecorded: raw.asRecorded,
    reusable: new Map(raw.reused.map((i, k) => [paths[i], `${raw.reuse}/${k}`])),
    ...(raw.reuse ? { reuseFolder: raw.reuse } : {}),
  };
}

/** Whether two stat tuples differ at most in ctime (their last field). Self-contained, like `scanJob`, which it serves. */
function sameButCtime(a: StatTuple, b: StatTuple): boolean {
  const end = a.lastIndexOf(':');
  return end === b.lastIndexOf(':') && a.startsWith(b.slice(0, end));
}

/** Scans (and mirrors) in this thread. Throws what the file system throws. */
export function scanTree(input: ScanInput): TreeScan {
  const scan = fromRaw(scanJob(fs, crypto, { ...input, linkRefused: LINK_REFUSED }, statTreeAddon, { mirror: mirrorClaimed, sameButCtime }));
  if (!scan) throw new Error(`the scan of ${input.dist} left files unlinked`);
  return scan;
}

/**
 * Starts `scanTree(input)` in a worker thread, so that the file system's work overlaps the compile's:
 * the other core stats and links while this one computes, and this one takes a share of the links
 * once it waits for the scan. Resolves to undefined when the scan failed (the caller then does the
 * work itself, and meets the failure). Await it before anything else touches `dist` or the spare,
 * and on every path out of the run.
 */
export function startTreeScan(input: ScanInput): Promise<TreeScan | undefined> {
  const claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const script = `
    const { parentPort, workerData } = require('node:worker_threads');
    let message;
    try {
      let addon;
      try {
        addon = require(${JSON.stringify(STAT_TREE_ADDON)});
        if (addon.apiVersion !== ${STAT_TREE_API}) addon = undefined;
      } catch {}
      const packListed = ${packListed.toString()};
      // What is known before the mirror is posted then, packed while the other thread still compiles;
      // after the units, so that the other thread, done compiling, starts linking before it reads the
      // 58,000 listed files.
      let posted = false;
      const share = (units, listed) => {
        parentPort.postMessage({ units });
        parentPort.postMessage({ listed: packListed(listed) });
        posted = true;
      };
      const helpers = { mirror: ${mirrorClaimed.toString()}, sameButCtime: ${sameButCtime.toString()} };
      const scan = (${scanJob.toString()})(require('node:fs'), require('node:crypto'), workerData, addon, helpers, share);
      message = { scan: (${packScan.toString()})(scan, packListed, posted) };
    } catch (error) {
      message = { error: String(error && error.message) };
    }
    parentPort.postMessage(message);`;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script, { eval: true, workerData: { ...input, claims, linkRefused: LINK_REFUSED } });
    } catch {
      resolve(undefined);
      return;
    }
    const helped = new Map<number, { tuple: string; copied: boolean }>();
    let helpFailed = false;
    let listed: PackedListed | undefined;
    worker.on('message', (message: { units?: MirrorUnit[]; listed?: PackedListed; scan?: PackedScan }) => {
      if (message.listed) {
        listed = message.listed;
        return;
      }
      if (!message.units) {
        listed = message.scan?.listed ?? listed;
        resolve(message.scan && listed && !helpFailed ? fromRaw(unpackScan(message.scan, listed), helped) : undefined);
        return;
      }
      // The worker is making the spare's mirror: this thread, done compiling, takes its share.
      try {
        const native = input.nodeOnly ? undefined : statTreeAddon;
        const linked = mirrorClaimed(fs, native, LINK_REFUSED, input.dist, input.spare!, message.units, claims);
        linked.indices.forEach((i, j) => helped.set(i, { tuple: linked.tuples[j], copied: linked.copied[j] }));
      } catch {
        // The unit that failed stays unlinked: the scan then fails, and the write does the work the slow way.
        helpFailed = true;
      }
    });
    // A worker that could not start, or died, says nothing: then there is no scan.
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
