import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ATOMIC_EXCHANGE, NATIVE_STAT_TREE, scanTree, startTreeScan, statTuple, type TreeScan } from '../../src/output';
import { tempDir } from '../support/fixtures';

/**
 * The scan of the output folder (and the spare made its mirror), run in a worker thread beside the
 * compile or in-process: the same function either way.
 */
const sha256 = (content: string) => crypto.createHash('sha256').update(content).digest('hex');
const tuple = (file: string) => statTuple(fs.lstatSync(file, { bigint: true }));

/** A dist/ of two cluster folders and an empty folder, beside an empty root. */

/** The scan file by file: each path with its stat tuple, its link's tuple and its hash when known. */
function filesOf(scan: TreeScan): Map<string, { tuple: string; staged: string; hash?: string }> {
  return new Map(
    scan.paths.map((file, i) => [
      file,
      { tuple: scan.tuples[i], staged: scan.staged[i], ...(scan.hashes[i] === undefined ? {} : { hash: scan.hashes[i] }) },
    ]),
  );
}

/** A record's files as the scan takes them: paths, hashes and stat tuples in columns. */
function columns(entries: ReadonlyArray<readonly [string, string, string]>) {
  return { paths: entries.map(([file]) => file), hashes: entries.map(([, hash]) => hash), tuples: entries.map(([, , t]) => t) };
}
function distTree() {
  const root = tempDir('ocp-image-catalog-scan-');
  const dist = path.join(root, 'dist');
  const files: Record<string, string> = {
    'a/one.yaml': 'kind: One\n',
    'a/deep/two.yaml': 'kind: Two\n',
    'b/three.yaml': 'kind: Three\n',
    'top.md': '# top\n',
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    fs.writeFileSync(path.join(dist, file), content);
  }
  fs.mkdirSync(path.join(dist, 'empty'));
  return { root, dist, spare: path.join(root, '.dist.spare'), files };
}

/** Every entry under `dir`: path → 'folder', or the inode of a file. */
function entries(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        out.set(child, 'folder');
        visit(child);
      } else out.set(child, String(fs.lstatSync(path.join(dir, child)).ino));
    }
  };
  visit('');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe.each([
  ['with the stat-tree addon', false],
  ["with Node's lstat", true],
])('scanTree %s', (_, nodeOnly) => {
  test('lists every file with its stat tuple, in path order, and every folder', () => {
    // GIVEN a dist/ tree
    const { dist, files } = distTree();
    // WHEN it is scanned without a record
    const scan = scanTree({ dist, nodeOnly });
    // THEN every file is listed with its tuple (the same after the scan: nothing was mirrored), no hash, and the folders
    expect([...filesOf(scan).keys()]).toStrictEqual(Object.keys(files).sort());
    for (const [file, scanned] of filesOf(scan))
      expect(scanned).toStrictEqual({ tuple: tuple(path.join(dist, file)), staged: tuple(path.join(dist, file)) });
    expect(scan.folders).toStrictEqual(['a', 'a/deep', 'b', 'empty']);
    expect(scan.mirrored).toBe(false);
  });

  test("keeps a recorded hash while the file's stat tuple is the recorded one, and hashes any other file", () => {
    // GIVEN a record whose hashes are made up, one tuple current, one stale, one file unrecorded
    const { dist, files } = distTree();
    const known = [
      ['a/one.yaml', 'recorded-one', tuple(path.join(dist, 'a/one.yaml'))],
      ['b/three.yaml', 'recorded-three', 'stale'],
    ] as const;
    // WHEN it is scanned with that record
    const scan = scanTree({ dist, known: columns(known), nodeOnly });
    // THEN the current tuple keeps its recorded hash, and every other file is hashed from its bytes
    expect(filesOf(scan).get('a/one.yaml')!.hash).toBe('recorded-one');
    expect(filesOf(scan).get('b/three.yaml')!.hash).toBe(sha256(files['b/three.yaml']));
    expect(filesOf(scan).get('a/deep/two.yaml')!.hash).toBe(sha256(files['a/deep/two.yaml']));
  });

  test('says dist/ is as recorded only when the record lists exactly its files, each with its tuple, in any order', () => {
    // GIVEN a record of every file with its current tuple, in path order and reversed, and one lacking a file
    const { dist, files } = distTree();
    const known = Object.keys(files)
      .sort()
      .map((file) => [file, `recorded-${file}`, tuple(path.join(dist, file))] as const);
    // WHEN dist/ is scanned with each
    const inOrder = scanTree({ dist, known: columns(known), nodeOnly });
    const reversed = scanTree({ dist, known: columns([...known].reverse()), nodeOnly });
    const lacking = scanTree({ dist, known: columns(known.slice(1)), nodeOnly });
    // THEN the full record vouches for every file in either order, and the one lacking a file does not
    expect(inOrder.asRecorded).toBe(true);
    expect(reversed.asRecorded).toBe(true);
    for (const scan of [inOrder, reversed]) for (const [file, scanned] of filesOf(scan)) expect(scanned.hash).toBe(`recorded-${file}`);
    expect(lacking.asRecorded).toBe(false);
    expect(filesOf(lacking).get(known[0][0])!.hash).toBe(sha256(files[known[0][0]]));
    expect(filesOf(lacking).get(known[1][0])!.hash).toBe(`recorded-${known[1][0]}`);
  });

  test('makes any spare the mirror of dist/: its very inodes, its folders, nothing else', () => {
    // GIVEN a spare holding a copy of one file (another inode), dist/'s own inode of another, a foreign
    // file, a folder where a file is, a file where a folder is, a symbolic link, and a missing file
    const { dist, spare } = distTree();
    fs.mkdirSync(path.join(spare, 'a/deep'), { recursive: true });
    fs.copyFileSync(path.join(dist, 'a/one.yaml'), path.join(spare, 'a/one.yaml'));
    fs.linkSync(path.join(dist, 'a/deep/two.yaml'), path.join(spare, 'a/deep/two.yaml'));
    fs.writeFileSync(path.join(spare, 'a/foreign.yaml'), 'kind: Foreign\n');
    fs.mkdirSync(path.join(spare, 'top.md'));
    fs.writeFileSync(path.join(spare, 'top.md/inside'), 'x');
    fs.writeFileSync(path.join(spare, 'b'), 'not a folder');
    fs.symlinkSync('/etc/hostname', path.join(spare, 'empty'));
    const kept = tuple(path.join(spare, 'a/deep/two.yaml'));
    const copy = String(fs.lstatSync(path.join(spare, 'a/one.yaml')).ino);
    // WHEN dist/ is scanned with the spare
    const scan = scanTree({ dist, spare, nodeOnly });
    // THEN the spare holds exactly dist/'s entries, each file as dist/'s inode, and one folder more
    expect(scan.mirrored).toBe(true);
    const mirror = entries(spare);
    expect(new Map([...mirror].filter(([entry]) => !entry.startsWith('.reuse')))).toStrictEqual(entries(dist));
    // AND the copy at a path of dist/ was moved into that folder, not freed, for the write to write over; the rest went
    expect(scan.reuseFolder).toBe('.reuse');
    expect(scan.reusable).toStrictEqual(new Map([['a/one.yaml', '.reuse/0']]));
    expect([...mirror].filter(([entry]) => entry.startsWith('.reuse'))).toStrictEqual([
      ['.reuse', 'folder'],
      ['.reuse/0', copy],
    ]);
    // AND each file's staged tuple is the spare's file as it now is; the one already shared was left alone
    for (const [file, scanned] of filesOf(scan)) expect(scanned.staged).toBe(tuple(path.join(spare, file)));
    expect(filesOf(scan).get('a/deep/two.yaml')!.staged).toBe(kept);
    // AND a newly linked file's tuple differs from its scanned one by its ctime alone
    const { tuple: before, staged } = filesOf(scan).get('a/one.yaml')!;
    expect(staged).not.toBe(before);
    expect(staged.split(':').slice(0, 4)).toStrictEqual(before.split(':').slice(0, 4));
  });

  test('names the folder of moved files after no entry of dist/, and empties it of what an earlier run left', () => {
    // GIVEN a dist/ with a file named .reuse, and a spare with a stale copy of a file and a .reuse-1 folder left by a killed run
    const { dist, spare } = distTree();
    fs.writeFileSync(path.join(dist, '.reuse'), 'carried over\n');
    fs.mkdirSync(path.join(spare, '.reuse-1'), { recursive: true });
    fs.writeFileSync(path.join(spare, '.reuse-1/0'), 'left by a killed run\n');
    fs.mkdirSync(path.join(spare, 'b'));
    fs.writeFileSync(path.join(spare, 'b/three.yaml'), 'kind: Old\n');
    fs.linkSync(path.join(dist, 'top.md'), path.join(spare, 'top.md'));
    // WHEN dist/ is scanned with the spare
    const scan = scanTree({ dist, spare, nodeOnly });
    // THEN the moved file is in .reuse-1, alone, and .reuse is dist/'s file
    expect(scan.reuseFolder).toBe('.reuse-1');
    expect(scan.reusable).toStrictEqual(new Map([['b/three.yaml', '.reuse-1/0']]));
    expect(fs.readdirSync(path.join(spare, '.reuse-1'))).toStrictEqual(['0']);
    expect(fs.readFileSync(path.join(spare, '.reuse-1/0'), 'utf8')).toBe('kind: Old\n');
    expect(fs.lstatSync(path.join(spare, '.reuse')).ino).toBe(fs.lstatSync(path.join(dist, '.reuse')).ino);
  });

  test('moves nothing aside from a spare that shares no inode with dist/ (copies, or another tree): it is freed', () => {
    // GIVEN a spare holding a copy of every file of dist/
    const { dist, spare, files } = distTree();
    for (const file of Object.keys(files)) {
      fs.mkdirSync(path.dirname(path.join(spare, file)), { recursive: true });
      fs.copyFileSync(path.join(dist, file), path.join(spare, file));
    }
    // WHEN dist/ is scanned with the spare
    const scan = scanTree({ dist, spare, nodeOnly });
    // THEN the spare is dist/'s mirror and nothing more
    expect(scan.reusable).toStrictEqual(new Map());
    expect(scan.reuseFolder).toBeUndefined();
    expect(entries(spare)).toStrictEqual(entries(dist));
  });

  test('replaces a file at the spare path with a folder, and creates a missing one', () => {
    // GIVEN a file where the spare would be
    const { dist, spare } = distTree();
    fs.writeFileSync(spare, 'not a folder\n');
    // WHEN dist/ is scanned with the spare, and again after the spare is deleted
    scanTree({ dist, spare, nodeOnly });
    const first = entries(spare);
    fs.rmSync(spare, { recursive: true });
    scanTree({ dist, spare, nodeOnly });
    // THEN both times the spare is dist/'s mirror
    expect(first).toStrictEqual(entries(dist));
    expect(entries(spare)).toStrictEqual(entries(dist));
  });

  test('an absent dist/ is empty, and no spare is made for it', () => {
    const root = tempDir('ocp-image-catalog-scan-');
    const scan = scanTree({ dist: path.join(root, 'dist'), spare: path.join(root, '.dist.spare'), nodeOnly });
    expect(scan).toStrictEqual({
      paths: [],
      tuples: [],
      hashes: [],
      staged: [],
      folders: [],
      mirrored: false,
      asRecorded: false,
      reusable: new Map(),
    });
    expect(fs.readdirSync(root)).toStrictEqual([]);
  });
});

describe('the stat-tree addon', () => {
  test('is built where the exchange addon is, and lists and stats exactly what Node does, odd names, links and empty folders included', () => {
    // GIVEN a tree with names holding a tab, a newline, non-ASCII and spaces, a character past U+FFFF beside one
    // above U+E000 (UTF-8 and JavaScript order them differently), a symbolic link to a folder and a dangling one
    // (built by the same compiler as the exchange addon: where one is, so is the other)
    expect(NATIVE_STAT_TREE).toBe(ATOMIC_EXCHANGE);
    const { dist } = distTree();
    for (const name of ['a/tab\there.yaml', 'a/new\nline.yaml', 'a/ünïcødé ✓.yaml', 'b/with space/x.yaml', 'c/\u{1F600}.yaml', 'c/\uFF21.yaml']) {
      fs.mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
      fs.writeFileSync(path.join(dist, name), name);
    }
    fs.symlinkSync(path.join(dist, 'a'), path.join(dist, 'b/link-to-a'));
    fs.symlinkSync('/nonexistent', path.join(dist, 'b/dangling'));
    // WHEN it is scanned with the addon and with Node's lstat
    const native = scanTree({ dist });
    const node = scanTree({ dist, nodeOnly: true });
    // THEN both give the same files, tuples and folders, in the same order
    expect([...filesOf(native)]).toStrictEqual([...filesOf(node)]);
    expect(native.folders).toStrictEqual(node.folders);
    expect(filesOf(native).has('b/link-to-a')).toBe(true);
    // AND its listing by inode number alone (the spare's) gives each file's lstat inode, statting nothing
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require('../../native/build/stat_tree.node') as { statTree: (root: string, inodes: boolean) => [string, string, string] };
    const [files, numbers] = addon.statTree(dist, true).map((text) => text.split('\0').slice(0, -1));
    expect(numbers).toHaveLength(files.length);
    const inodes = new Map(files.map((file, k) => [file, numbers[k]] as const));
    expect(new Map([...inodes].sort(([a], [b]) => (a < b ? -1 : 1)))).toStrictEqual(
      new Map([...filesOf(node).keys()].map((file) => [file, String(fs.lstatSync(path.join(dist, file)).ino)])),
    );
  });
});

describe('startTreeScan', () => {
  test('gives in a worker thread what scanTree gives in this one', async () => {
    // GIVEN two equal trees with equal, damaged spares
    const one = distTree();
    const two = distTree();
    for (const { dist, spare } of [one, two]) {
      fs.mkdirSync(spare);
      fs.writeFileSync(path.join(spare, 'foreign'), 'x');
      fs.linkSync(path.join(dist, 'top.md'), path.join(spare, 'top.md'));
    }
    // WHEN one is scanned in a worker and the other here
    const inWorker = await startTreeScan({
      dist: one.dist,
      spare: one.spare,
      known: columns([['top.md', 'h', tuple(path.join(one.dist, 'top.md'))]]),
    });
    const here = scanTree({ dist: two.dist, spare: two.spare, known: columns([['top.md', 'h', tuple(path.join(two.dist, 'top.md'))]]) });
    // THEN both are the same scan of their own tree: same files, hashes and folders, and both spares mirrors
    const shape = (scan: typeof here) => [...filesOf(scan)].map(([file, { hash }]) => [file, hash]);
    expect(shape(inWorker!)).toStrictEqual(shape(here));
    expect(inWorker!.folders).toStrictEqual(here.folders);
    for (const [file, scanned] of filesOf(inWorker!)) expect(scanned.staged).toBe(tuple(path.join(one.spare, file)));
    expect(entries(one.spare)).toStrictEqual(entries(one.dist));
  });

  test("shares the mirror's links with this thread while it waits, and the two halves make one mirror", async () => {
    // GIVEN a dist/ of 600 top-level folders (the units the threads claim), and Node's link counted in this thread
    const root = tempDir('ocp-image-catalog-scan-');
    const dist = path.join(root, 'dist');
    const spare = path.join(root, '.dist.spare');
    for (let i = 0; i < 600; i++) {
      fs.mkdirSync(path.join(dist, `c${i}`, 'curated'), { recursive: true });
      fs.writeFileSync(path.join(dist, `c${i}`, 'curated', 'stream.yaml'), `kind: ImageStream # ${i}\n`);
    }
    fs.writeFileSync(path.join(dist, 'top.md'), '# top\n');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('node:fs') as typeof fs;
    const links = jest.spyOn(nodeFs, 'linkSync');
    try {
      // WHEN it is scanned with the spare in a worker, with this thread idle
      const scan = await startTreeScan({ dist, spare, nodeOnly: true });
      // THEN this thread linked a share of the files, and the worker the rest
      expect(links.mock.calls.length).toBeGreaterThan(0);
      expect(links.mock.calls.length).toBeLessThan(601);
      // AND the spare is dist/'s mirror, and every staged tuple is the spare's file as it is, whichever thread linked it
      expect(entries(spare)).toStrictEqual(entries(dist));
      expect(filesOf(scan!).size).toBe(601);
      for (const [file, scanned] of filesOf(scan!)) expect(scanned.staged).toBe(tuple(path.join(spare, file)));
    } finally {
      links.mockRestore();
    }
  }, 30_000);

  test('resolves to nothing when the scan fails, so the run does the work itself', async () => {
    // GIVEN a dist/ path that is a file
    const root = tempDir('ocp-image-catalog-scan-');
    fs.writeFileSync(path.join(root, 'dist'), 'a file');
    // WHEN it is scanned in a worker THEN there is no scan
    await expect(startTreeScan({ dist: path.join(root, 'dist') })).resolves.toBeUndefined();
    expect(() => scanTree({ dist: path.join(root, 'dist') })).toThrow(/ENOTDIR/);
  });
});
