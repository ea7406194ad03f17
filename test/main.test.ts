import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readTree } from '../src/output';
import { catalogFiles, snapshot, workspace } from './support/fixtures';

const REPO = path.resolve(__dirname, '..');

describe('cdk8s synth (cdk8s.yaml)', () => {
  test('runs the atomic pipeline into dist/ and copies the manifests into the folder cdk8s empties', () => {
    // GIVEN a project with a catalog, a synthesized dist/ and a cdk8s.yaml like the repository's
    const ws = workspace(catalogFiles('catalogs'));
    ws.write('cdk8s.yaml', `language: typescript\napp: node --require ${require.resolve('tsx/cjs')} ${path.join(REPO, 'src/main.ts')} ` + `--catalog catalogs --dist dist\noutput: cdk8s.out\n`);
    const cdk8s = () => spawnSync(path.join(REPO, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], { cwd: ws.root, encoding: 'utf8' });
    expect(cdk8s().status).toBe(0);
    const before = snapshot(ws.distDir);
    // WHEN cdk8s synth runs again
    const run = cdk8s();
    // THEN it succeeds, dist/ is untouched (same bytes, inodes, mtimes), and cdk8s.out/ holds the same files
    expect(run.status).toBe(0);
    expect(snapshot(ws.distDir)).toStrictEqual(before);
    expect(readTree(path.join(ws.root, 'cdk8s.out'))).toStrictEqual(readTree(ws.distDir));
    expect(fs.existsSync(path.join(ws.distDir, 'argocd'))).toBe(true);
  }, 60_000);
});
