import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTree } from '../../src/output';
import { synth } from '../../src/pipeline';
import { SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, tempDir, workspace } from '../support/fixtures';

const REPO = path.resolve(__dirname, '../..');

interface BundlePaths {
  readonly dir: string;
  readonly bundle: string;
  readonly stamp: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../scripts/build.js') as {
  ensureBuilt: () => string;
  isFresh: (paths: BundlePaths) => boolean;
  signature: (file: string) => string;
};

describe('bundled command line (scripts/build.js, scripts/run.js)', () => {
  test('synthesizes a catalog exactly as the TypeScript sources do, catalog helpers and the model API included', async () => {
    // GIVEN a catalog whose fleet file imports the model API by path and a helper of the catalog folder
    const ws = workspace({
      'catalogs/_gitops.ts': `export const gitops = ${JSON.stringify(smallFleet().gitops)};\n`,
      'catalogs/fleet.ts': [
        `import { defineFleet } from ${JSON.stringify(path.join(REPO, 'src/model'))};`,
        `import { gitops } from './_gitops';`,
        `export default defineFleet({ ...${JSON.stringify(smallFleet())}, gitops });`,
      ].join('\n'),
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SMALL_SAMPLES,
    });
    // WHEN the bundle synthesizes it as `npm run synth` does, and the sources synthesize it in-process
    build.ensureBuilt();
    const run = spawnSync(process.execPath, [path.join(REPO, 'scripts/run.js'), 'synth', '--catalog', ws.catalogDir, '--dist', ws.distDir], {
      cwd: REPO,
      encoding: 'utf8',
    });
    const fromSources = path.join(ws.root, 'dist-from-sources');
    await synth({ catalogDir: ws.catalogDir, distDir: fromSources });
    // THEN both write the same files
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readTree(ws.distDir).size).toBeGreaterThan(0);
    expect(readTree(ws.distDir)).toStrictEqual(readTree(fromSources));
  });

  test('is stale when a file it was built from changes or disappears, or when the bundle or its record is missing', () => {
    // GIVEN a bundle recorded as built from one input
    const dir = tempDir('bundle-');
    const paths = { dir, bundle: path.join(dir, 'cli.js'), stamp: path.join(dir, 'inputs.json') };
    const input = path.join(dir, 'input.ts');
    fs.writeFileSync(input, 'export const a = 1;\n');
    fs.writeFileSync(paths.bundle, '');
    fs.writeFileSync(paths.stamp, JSON.stringify({ inputs: { [input]: build.signature(input) } }));
    expect(build.isFresh(paths)).toBe(true);
    // WHEN the input changes THEN the bundle is stale
    fs.writeFileSync(input, 'export const a = 12;\n');
    expect(build.isFresh(paths)).toBe(false);
    // WHEN the input disappears THEN it is stale
    fs.writeFileSync(paths.stamp, JSON.stringify({ inputs: { [input]: build.signature(input) } }));
    fs.rmSync(input);
    expect(build.isFresh(paths)).toBe(false);
    // WHEN the bundle or the record is missing THEN it is stale
    fs.writeFileSync(paths.stamp, JSON.stringify({ inputs: {} }));
    expect(build.isFresh(paths)).toBe(true);
    fs.rmSync(paths.bundle);
    expect(build.isFresh(paths)).toBe(false);
    fs.writeFileSync(paths.bundle, '');
    fs.rmSync(paths.stamp);
    expect(build.isFresh(paths)).toBe(false);
  });
});
