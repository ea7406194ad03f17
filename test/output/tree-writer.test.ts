import * as path from 'node:path';
// The module object itself, so spies reach the code under test (an `import * as` copy cannot be spied on).
const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
import { readTree, treePaths } from '../../src/output';
import { statTreeAddon } from '../../src/output/_stat-tree-addon';
import { check, synth } from '../../src/pipeline';
import { SMALL_CURATION, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, smallImage, snapshot, tempDir, workspace } from '../support/fixtures';

/**
 * The spare: the tree a write swapped out, kept as the next write's staging. It is untrusted scratch:
 * whatever it holds, dist/ ends up exactly what a synth into an empty folder writes.
 */
const IMAGE = 'catalogs/images/patroni.ts';
const imageWith = (description: string) => smallImage({ description });
const imageStreams = (tree: ReadonlyMap<string, unknown>) => [...tree.keys()].filter((f) => f.includes('imagestream.image.openshift.io_patroni'));

function fleetWorkspace(description = 'Highly available PostgreSQL.') {
  return workspace({
    'catalogs/fleet.ts': smallFleet({ curation: SMALL_CURATION }),
    'catalogs/registries.ts': SMALL_REGISTRIES,
    'catalogs/samples.ts': SMALL_SAMPLES,
    [IMAGE]: imageWith(description),
  });
}

type How = 'written' | 'linked' | 'kept';

/** Synthesizes, counting how each file was staged. */
async function synthCounting(ws: ReturnType<typeof workspace>) {
  const staged = new Map<string, How>();
  const outcome = await synth({ catalogDir: ws.catalogDir, distDir: ws.distDir }, { onStaged: (file, how) => staged.set(file, how) });
  const count = (how: How) => [...staged.values()].filter((h) => h === how).length;
  return { outcome, staged, written: count('written'), linked: count('linked'), kept: count('kept') };
}

/** What a synth of the same catalog writes into an empty folder: the oracle. */
async function fresh(ws: ReturnType<typeof workspace>): Promise<Map<string, string>> {
  const dist = path.join(tempDir('ocp-image-catalog-fresh-'), 'dist');
  await synth({ catalogDir: ws.catalogDir, distDir: dist });
  return readTree(dist);
}

/** A workspace synthesized twice (descriptions A, then B): dist/ holds B's tree, the spare A's. */
async function withSpare() {
  const ws = fleetWorkspace('A');
  await synth({ catalogDir: ws.catalogDir, distDir: ws.distDir });
  ws.write(IMAGE, imageWith('B'));
  const second = await synthCounting(ws);
  return { ws, paths: treePaths(ws.distDir), second };
}

describe('writing reports', () => {
  test('a report is written from its chunks whole, however short each write falls', async () => {
    // GIVEN a synthesized catalog, then a changed image (every report changes), and writes of at most 7 bytes at a time
    // by this thread (where the `stat-tree` addon is built, its pool writes with the same loop in C: test/output/stat-tree-addon.test.ts)
    const ws = fleetWorkspace('A');
    await synth({ catalogDir: ws.catalogDir, distDir: ws.distDir });
    ws.write(IMAGE, imageWith('B'));
    const addon = statTreeAddon as { writeFiles?: unknown } | undefined;
    const pool = addon?.writeFiles;
    if (addon) addon.writeFiles = undefined;
    const writev = jest.spyOn(fs, 'writevSync').mockImplementation(((fd: number, buffers: readonly NodeJS.ArrayBufferView[]) => {
      const first = Buffer.from(buffers[0].buffer, buffers[0].byteOffset, buffers[0].byteLength);
      return fs.writeSync(fd, first.subarray(0, 7));
    }) as typeof fs.writevSync);
    let written: readonly string[];
    let shortWrites: number;
    try {
      // WHEN it is synthesized again
      written = (await synth({ catalogDir: ws.catalogDir, distDir: ws.distDir })).write!.written;
    } finally {
      shortWrites = writev.mock.calls.length;
      writev.mockRestore();
      if (addon) addon.writeFiles = pool;
    }
    // THEN the reports were written in short writes, and dist/ is what a synth into an empty folder writes
    const reports = written.filter((file) => file.startsWith('reports/'));
    expect(reports.length).toBeGreaterThan(0);
    expect(shortWrites).toBeGreaterThan(reports.length);
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
  });
});

describe('the spare tree', () => {
  test('a write keeps the swapped-out tree as the spare, sharing the unchanged files with dist/', async () => {
    // GIVEN a synthesized catalog
    const ws = fleetWorkspace('A');
    await synth({ catalogDir: ws.catalogDir, distDir: ws.distDir });
    const before = snapshot(ws.distDir);
    expect(fs.existsSync(treePaths(ws.distDir).spare)).toBe(false);
    // WHEN one image's description changes and it is synthesized again
    ws.write(IMAGE, imageWith('B'));
    await synth({ catalogDir: ws.catalogDir, distDir: ws.distDir });
    // THEN the spare is the old tree, whose unchanged files are dist/'s very inodes, and nothing else is left beside dist/
    const paths = treePaths(ws.distDir);
    const spare = snapshot(paths.spare);
    expect([...spare.keys()]).toStrictEqual([...before.keys()]);
    const after = snapshot(ws.distDir);
    const changed = [...after.keys()].filter((f) => after.get(f)!.content !== before.get(f)!.content);
    expect(imageStreams(new Map(changed.map((f) => [f, 1])))).toHaveLength(3);
    for (const [file, old] of before) {
      expect(spare.get(file)!.content).toBe(old.content);
      expect(spare.get(file)!.ino === after.get(file)!.ino).toBe(!changed.includes(file));
    }
    expect(fs.readdirSync(ws.root).sort()).toStrictEqual(['.dist.cache', '.dist.spare', 'catalogs', 'dist']);
  });

  test('the next write starts from the spare, mirrored meanwhile: it writes only what changed and keeps every other file', async () => {
    // GIVEN dist/ with B's tree and the spare with A's
    const { ws, paths, second } = await withSpare();
    expect(second.linked).toBe(0); // no spare yet: the scan linked every file into a new one, beside the compile
    const before = snapshot(ws.distDir);
    // WHEN the description changes again and it is synthesized
    ws.write(IMAGE, imageWith('C'));
    const third = await synthCounting(ws);
    // THEN only the changed files were written, none linked, the rest kept as they were in the spare
    const after = snapshot(ws.distDir);
    const changed = [...after.keys()].filter((f) => after.get(f)!.content !== before.get(f)!.content);
    expect(third.outcome.write!.written).toStrictEqual(changed);
    expect(changed.length).toBeGreaterThan(0);
    expect(third.written).toBe(changed.length);
    expect(third.linked).toBe(0);
    expect(third.kept).toBe(after.size - changed.length);
    // AND unchanged files keep their inode and modification time; dist/ is what an empty folder gets
    for (const [file, old] of before) if (!changed.includes(file)) expect(after.get(file)).toStrictEqual(old);
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    expect(fs.readdirSync(ws.distDir).filter((name) => name.startsWith('.'))).toStrictEqual([]);
    // AND the spare is now B's tree, and the record sees dist/ as current
    expect([...snapshot(paths.spare).values()].map((f) => f.content)).toStrictEqual([...before.values()].map((f) => f.content));
    expect((await check({ catalogDir: ws.catalogDir, distDir: ws.distDir })).stale).toMatchObject({ written: [], removed: [] });
  });

  (statTreeAddon?.writeFiles ? test : test.skip)(
    "a changed file is written over the spare's own file at its path (what the last write replaced), never over one dist/ has",
    async () => {
      // GIVEN dist/ with B's tree, the spare with A's, and in the spare a copy of a file that will not change
      const { ws, paths } = await withSpare();
      const spareBefore = snapshot(paths.spare);
      const before = snapshot(ws.distDir);
      const unchanged = [...before.keys()].find((file) => file.startsWith('argocd/'))!;
      fs.unlinkSync(path.join(paths.spare, unchanged));
      fs.writeFileSync(path.join(paths.spare, unchanged), 'a copy, not dist/\u2019s file\n');
      // WHEN the description changes again and it is synthesized
      ws.write(IMAGE, imageWith('C'));
      const third = await synthCounting(ws);
      // THEN each file the last write replaced is written over A's inode, not a new one
      const after = snapshot(ws.distDir);
      const replaced = third.outcome.write!.written.filter((file) => spareBefore.get(file)!.ino !== before.get(file)!.ino);
      expect(replaced.length).toBeGreaterThan(0);
      for (const file of replaced) expect(after.get(file)!.ino).toBe(spareBefore.get(file)!.ino);
      // AND dist/ is what an empty folder gets, with the unchanged file as dist/'s very inode; B's tree, now the spare, is untouched
      expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
      expect(after.get(unchanged)).toStrictEqual(before.get(unchanged));
      for (const [file, old] of snapshot(paths.spare)) expect(old).toStrictEqual(before.get(file));
      // AND the folder of files moved aside is in neither tree
      expect(fs.readdirSync(ws.distDir).filter((name) => name.startsWith('.'))).toStrictEqual([]);
      expect(fs.readdirSync(paths.spare).filter((name) => name.startsWith('.'))).toStrictEqual([]);
    },
  );

  test('changed files are created aside and moved into place, even past a file of dist/ at that very path', async () => {
    // GIVEN dist/ with B's tree, the spare with A's, and a file named as the write's folder for new files, put in dist/ by hand
    const { ws } = await withSpare();
    fs.writeFileSync(path.join(ws.distDir, '.incoming'), 'by hand\n');
    // WHEN the description changes and only the test cluster is synthesized (the file, owned by no cluster, is carried over)
    ws.write(IMAGE, imageWith('The third description.'));
    const outcome = await synth({ catalogDir: ws.catalogDir, distDir: ws.distDir, clusters: ['test'] });
    // THEN the test cluster's image stream is written, the hand-made file kept, and nothing else new is in dist/
    expect(outcome.write!.written.filter((f) => f.startsWith('test/'))).toHaveLength(1);
    expect(fs.readFileSync(path.join(ws.distDir, '.incoming'), 'utf8')).toBe('by hand\n');
    expect(fs.readdirSync(ws.distDir).filter((name) => name.startsWith('.'))).toStrictEqual(['.incoming']);
    const stream = imageStreams(readTree(ws.distDir)).find((f) => f.startsWith('test/'))!;
    expect(readTree(ws.distDir).get(stream)).toContain('The third description.');
  });

  test('the main thread stats in dist/ only what it wrote, and the record still finds a later edit', async () => {
    // GIVEN dist/ with B's tree and the spare with A's
    const { ws } = await withSpare();
    ws.write(IMAGE, imageWith('C'));
    // WHEN it is synthesized, counting this thread's stats of files in dist/ (the scan's run in a worker thread)
    const lstat = jest.spyOn(fs, 'lstatSync');
    let third: Awaited<ReturnType<typeof synthCounting>>;
    let statted: string[];
    try {
      third = await synthCounting(ws);
    } finally {
      statted = lstat.mock.calls.map(([p]) => String(p));
      lstat.mockRestore();
    }
    const inDist = statted.filter((p) => p.startsWith(`${path.resolve(ws.distDir)}/`)).length;
    // THEN dist/ was statted here once per file written, for the record
    expect(inDist).toBe(third.written);
    // AND the record it left still finds a file edited afterwards
    const edited = third.outcome.write!.written[0];
    fs.appendFileSync(path.join(ws.distDir, edited), '# edited\n');
    expect((await check({ catalogDir: ws.catalogDir, distDir: ws.distDir })).stale!.written).toStrictEqual([edited]);
  });

  test('a hand-edited spare never reaches dist/: foreign files, edits and replaced files are all undone', async () => {
    // GIVEN dist/ with B's tree and the spare with A's
    const { ws, paths } = await withSpare();
    const before = snapshot(ws.distDir);
    const spareFiles = [...readTree(paths.spare).keys()];
    const [changedFile] = imageStreams(readTree(paths.spare));
    const unchanged = spareFiles.filter((f) => f !== changedFile && !f.startsWith('reports/'));
    // AND the spare edited by hand: a file of A's appended to, an unchanged file replaced (a new inode),
    // a foreign file, a folder where a file is expected, a symbolic link, and a file removed
    fs.appendFileSync(path.join(paths.spare, changedFile), 'edited: true\n');
    fs.rmSync(path.join(paths.spare, unchanged[0]));
    fs.writeFileSync(path.join(paths.spare, unchanged[0]), 'kind: Edited\n');
    fs.writeFileSync(path.join(paths.spare, 'lab/foreign.yaml'), 'kind: Foreign\n');
    fs.rmSync(path.join(paths.spare, unchanged[1]));
    fs.mkdirSync(path.join(paths.spare, unchanged[1]));
    fs.writeFileSync(path.join(paths.spare, unchanged[1], 'inside.yaml'), 'kind: Inside\n');
    fs.rmSync(path.join(paths.spare, unchanged[2]));
    fs.symlinkSync('/etc/hostname', path.join(paths.spare, unchanged[2]));
    fs.rmSync(path.join(paths.spare, unchanged[3]));
    // WHEN A's description comes back and it is synthesized
    ws.write(IMAGE, imageWith('A'));
    const third = await synthCounting(ws);
    // THEN dist/ is exactly what an empty folder gets, and the damaged unchanged files are dist/'s own inodes again
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    expect(third.linked).toBe(0);
    const after = snapshot(ws.distDir);
    for (const file of unchanged.slice(0, 4)) expect(after.get(file)!.ino).toBe(before.get(file)!.ino);
    expect((await check({ catalogDir: ws.catalogDir, distDir: ws.distDir })).stale).toMatchObject({ written: [], removed: [] });
  });

  test('dist/ edited by hand with the catalog unchanged: the write reshapes the spare in this thread, linking what it lacks', async () => {
    // GIVEN dist/ with B's tree, the spare with A's, and one file of dist/ edited by hand
    const { ws, paths } = await withSpare();
    const [file] = imageStreams(readTree(ws.distDir));
    const expected = fs.readFileSync(path.join(ws.distDir, file), 'utf8');
    fs.appendFileSync(path.join(ws.distDir, file), '# edited\n');
    const spareDiffers = [...readTree(paths.spare)].filter(([f, content]) => f !== file && content !== readTree(ws.distDir).get(f)).length;
    // WHEN it is synthesized (the record shows the catalog unchanged: dist/ is scanned at once, nothing runs beside)
    const third = await synthCounting(ws);
    // THEN the edit is undone, the spare's stale files replaced by links, and dist/ is what an empty folder gets
    expect(third.written).toBe(1);
    expect(third.staged.get(file)).toBe('written');
    expect(third.linked).toBe(spareDiffers);
    expect(spareDiffers).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(ws.distDir, file), 'utf8')).toBe(expected);
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
  });

  test('an edit made in the spare to a file it shares with dist/ is an edit of dist/, found and undone', async () => {
    // GIVEN dist/ with B's tree and the spare with A's, sharing the unchanged files
    const { ws, paths } = await withSpare();
    const file = 'lab/_cluster/namespace_bcgov.yaml';
    expect(fs.statSync(path.join(paths.spare, file)).ino).toBe(fs.statSync(path.join(ws.distDir, file)).ino);
    const expected = fs.readFileSync(path.join(ws.distDir, file), 'utf8');
    // WHEN that file is edited in place through the spare, and the catalog synthesized again (changed)
    fs.appendFileSync(path.join(paths.spare, file), '# edited\n');
    ws.write(IMAGE, imageWith('C'));
    const third = await synthCounting(ws);
    // THEN the run found it changed and wrote it anew: dist/ is what an empty folder gets
    expect(third.staged.get(file)).toBe('written');
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    expect(fs.readFileSync(path.join(ws.distDir, file), 'utf8')).toBe(expected);
  });

  test('a deleted spare, or something else at its path, costs only the head start', async () => {
    // GIVEN dist/ with B's tree and no spare
    const { ws, paths } = await withSpare();
    fs.rmSync(paths.spare, { recursive: true });
    // WHEN it is synthesized with a change
    ws.write(IMAGE, imageWith('C'));
    const third = await synthCounting(ws);
    // THEN every unchanged file was linked into a new spare beside the compile and kept, and dist/ is what an empty folder gets
    expect(third.linked).toBe(0);
    expect(third.kept).toBe(readTree(ws.distDir).size - third.written);
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    // AND a file where the spare would be is replaced by the next spare
    fs.rmSync(paths.spare, { recursive: true });
    fs.writeFileSync(paths.spare, 'not a folder\n');
    ws.write(IMAGE, imageWith('D'));
    await synthCounting(ws);
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    expect(fs.statSync(paths.spare).isDirectory()).toBe(true);
  });

  test('with dist/ deleted by hand, the spare is left alone and every file written', async () => {
    // GIVEN the spare with A's tree and no dist/
    const { ws, paths } = await withSpare();
    const spare = snapshot(paths.spare);
    fs.rmSync(ws.distDir, { recursive: true });
    // WHEN it is synthesized
    const third = await synthCounting(ws);
    // THEN every file was written, dist/ is what an empty folder gets, and the spare is as it was
    expect(third.written).toBe(third.staged.size);
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    expect(snapshot(paths.spare)).toStrictEqual(spare);
  });

  test('a staging folder a killed run left mid-reshape becomes the spare, and the next run is correct', async () => {
    // GIVEN dist/ with B's tree, and the spare as a run killed while reshaping it leaves it: moved to
    // staging, a few files already replaced or removed
    const { ws, paths } = await withSpare();
    fs.renameSync(paths.spare, paths.staging);
    const staged = [...readTree(paths.staging).keys()];
    fs.rmSync(path.join(paths.staging, staged[0]));
    fs.writeFileSync(path.join(paths.staging, staged[0]), 'kind: HalfWritten');
    fs.rmSync(path.join(paths.staging, staged[1]));
    fs.rmSync(path.join(paths.staging, staged[2]));
    fs.linkSync(path.join(ws.distDir, staged[2]), path.join(paths.staging, staged[2]));
    // WHEN the catalog is synthesized with a change
    ws.write(IMAGE, imageWith('C'));
    const third = await synthCounting(ws);
    // THEN dist/ is what an empty folder gets, the staging folder was reused (files kept), and none is left
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    expect(third.kept).toBeGreaterThan(0);
    expect(fs.existsSync(paths.staging)).toBe(false);
    expect(fs.readdirSync(ws.root).sort()).toStrictEqual(['.dist.cache', '.dist.spare', 'catalogs', 'dist']);
  });

  test('without the atomic exchange (two renames through .retired), the swapped-out tree is the spare too', async () => {
    // GIVEN the tree writer loaded where the exchange addon is missing
    let isolated!: { synth: typeof synth; ATOMIC_EXCHANGE: boolean };
    jest.isolateModules(() => {
      jest.doMock('../../src/output/_atomic-exchange', () => ({ atomicExchange: undefined }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      isolated = { ...require('../../src/pipeline'), ...require('../../src/output') };
    });
    jest.dontMock('../../src/output/_atomic-exchange');
    expect(isolated.ATOMIC_EXCHANGE).toBe(false);
    const ws = fleetWorkspace('A');
    const run = () => isolated.synth({ catalogDir: ws.catalogDir, distDir: ws.distDir });
    await run();
    ws.write(IMAGE, imageWith('B'));
    await run();
    const paths = treePaths(ws.distDir);
    const before = snapshot(ws.distDir);
    // WHEN it is synthesized once more with a change
    ws.write(IMAGE, imageWith('C'));
    await run();
    // THEN dist/ is what an empty folder gets, unchanged files kept their inodes, and the old tree is the spare
    expect(readTree(ws.distDir)).toStrictEqual(await fresh(ws));
    const after = snapshot(ws.distDir);
    const unchanged = [...before.keys()].filter((f) => before.get(f)!.content === after.get(f)!.content);
    for (const file of unchanged) expect(after.get(file)!.ino).toBe(before.get(file)!.ino);
    expect([...snapshot(paths.spare).values()].map((f) => f.content)).toStrictEqual([...before.values()].map((f) => f.content));
    expect(fs.readdirSync(ws.root).sort()).toStrictEqual(['.dist.cache', '.dist.spare', 'catalogs', 'dist']);
  });
});
