import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { readTree, treePaths } from '../../src/output';
import { check } from '../../src/pipeline';
import { catalogFiles, smallFleet, workspace } from '../support/fixtures';

const REPO = path.resolve(__dirname, '../..');
/** `npm test` kills 8 synths; `npm run fuzz` kills 50 (CRASH_KILLS). */
const KILLS = Number(process.env.CRASH_KILLS ?? 8);

/** A fleet big enough that a synth spends real time writing. */
function bigFleet(namespace: string) {
  const base = smallFleet();
  const clusters = Array.from({ length: 60 }, (_, i) => ({
    ...base.clusters[1],
    name: `c${String(i).padStart(2, '0')}`,
    destination: { name: `c${i}` },
  }));
  return { ...base, curatedNamespace: namespace, clusters: [base.clusters[0], ...clusters] };
}

/** `npm run synth` as the npm scripts run it: the bundled command line through scripts/run.js (starts in a fraction of tsx's time). */
function startSynth(catalogDir: string, distDir: string) {
  return spawn(process.execPath, [path.join(REPO, 'scripts/run.js'), 'synth', '--catalog', catalogDir, '--dist', distDir], {
    cwd: REPO,
    stdio: 'ignore',
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function synthOnce(catalogDir: string, distDir: string): Promise<Map<string, string>> {
  expect(await exited(startSynth(catalogDir, distDir))).toBe(0);
  return readTree(distDir);
}

describe('crash safety', () => {
  // GIVEN two catalogs whose outputs differ in every cluster folder
  const ws = workspace({
    ...catalogFiles('old', { 'fleet.ts': bigFleet('images-old') }),
    ...catalogFiles('new', { 'fleet.ts': bigFleet('images-new') }),
  });
  const oldCatalog = path.join(ws.root, 'old');
  const newCatalog = path.join(ws.root, 'new');
  let oldTree: Map<string, string>;
  let newTree: Map<string, string>;
  let runMs: number;

  beforeAll(async () => {
    oldTree = await synthOnce(oldCatalog, path.join(ws.root, 'expected-old'));
    const started = Date.now();
    newTree = await synthOnce(newCatalog, path.join(ws.root, 'expected-new'));
    runMs = Date.now() - started;
    expect(oldTree).not.toStrictEqual(newTree);
  }, 60_000);

  test(`a synth killed with SIGKILL at ${KILLS} random moments leaves dist/ complete old or complete new`, async () => {
    const outcomes = { old: 0, new: 0 };
    for (let i = 0; i < KILLS; i++) {
      // GIVEN dist/ holding the complete old tree
      const dist = path.join(ws.root, `dist-${i}`);
      fs.cpSync(path.join(ws.root, 'expected-old'), dist, { recursive: true });
      // AND its run record, so that the killed run can leave a record that no longer matches
      expect((await check({ catalogDir: oldCatalog, distDir: dist })).stale).toMatchObject({ written: [], removed: [] });
      // AND, every other kill, a spare the run reshapes into its staging tree: dist/'s own files (hard
      // links), some replaced by new content, one missing, one foreign, so that a kill can land mid-reshape
      if (i % 2 === 1) makeSpare(dist, treePaths(dist).spare, path.join(ws.root, 'expected-new'));
      // WHEN a synth of the new catalog is killed at a random moment
      const delay = Math.floor(Math.random() * runMs * 1.2);
      const child = startSynth(newCatalog, dist);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await exited(child);
      clearTimeout(timer);
      // THEN dist/ is exactly one of the two complete trees, before any recovery runs
      const tree = readTree(dist);
      const which = sameTree(tree, oldTree) ? 'old' : sameTree(tree, newTree) ? 'new' : undefined;
      if (!which) throw new Error(`torn dist/ after a kill at ${delay} ms: ${tree.size} files`);
      outcomes[which]++;
      // AND a check of the new catalog, from whatever record the kill left, says exactly whether dist/ is the new tree
      const stale = (await check({ catalogDir: newCatalog, distDir: dist })).stale!;
      expect(stale.written.length + stale.removed.length === 0).toBe(which === 'new');
      // AND the next run recovers and completes (checked on every fifth kill, to keep the suite quick)
      if (i % 5 === 0) {
        expect(sameTree(await synthOnce(newCatalog, dist), newTree)).toBe(true);
        // Nothing left beside dist/ but its run record and the spare for the next write (no staging, ready or retired tree, no lock)
        const beside = fs.readdirSync(ws.root).filter((f) => f.startsWith(`.dist-${i}.`));
        expect(beside.filter((f) => f !== `.dist-${i}.spare`)).toStrictEqual([`.dist-${i}.cache`]);
      }
    }
    expect(outcomes.old + outcomes.new).toBe(KILLS);
  }, 180_000);

  test('two synths started at once never interleave their writes', async () => {
    // GIVEN an empty output folder and two runs of different catalogs started together
    const dist = path.join(ws.root, 'dist-concurrent');
    const [a, b] = [startSynth(oldCatalog, dist), startSynth(newCatalog, dist)];
    // WHEN both finish
    expect(await Promise.all([exited(a), exited(b)])).toStrictEqual([0, 0]);
    // THEN dist/ is one complete tree, and the lock is released
    const tree = readTree(dist);
    expect(sameTree(tree, oldTree) || sameTree(tree, newTree)).toBe(true);
    expect(fs.existsSync(treePaths(dist).lock)).toBe(false);
  }, 60_000);
});

/** A spare beside `dist`: hard links to its files, every third replaced by `other`'s content, one removed, one foreign file added. */
function makeSpare(dist: string, spare: string, other: string): void {
  const files = [...readTree(dist).keys()];
  files.forEach((file, n) => {
    if (n === 0) return;
    const target = path.join(spare, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const replacement = path.join(other, file);
    if (n % 3 === 0 && fs.existsSync(replacement)) fs.copyFileSync(replacement, target);
    else fs.linkSync(path.join(dist, file), target);
  });
  fs.writeFileSync(path.join(spare, 'foreign.yaml'), 'kind: NotOurs\n');
}

function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, content] of a) if (b.get(file) !== content) return false;
  return true;
}
