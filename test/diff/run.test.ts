import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readGitTree } from '../../src/diff';
import { readTree } from '../../src/output';
import { runCli, smallFleet, workspace, type Workspace, catalogFiles } from '../support/fixtures';
import { joinRegExp } from '../support/regexp';

// Run inside a git hook, GIT_DIR and friends would point every git command at the outer repository.
for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) delete process.env[name];

function git(ws: Workspace, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: ws.root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A repository on `branch` with the small fleet synthesized and committed. */
async function committedWorkspace(branch = 'main'): Promise<Workspace> {
  const ws = workspace(catalogFiles('catalogs'));
  git(ws, 'init', '--quiet', '-b', branch);
  expect((await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir])).code).toBe(0);
  git(ws, 'add', '.');
  git(ws, 'commit', '--quiet', '-m', 'synth');
  return ws;
}

const diffIn = (ws: Workspace, ...extra: string[]) => runCli(['diff', '--catalog', ws.catalogDir, '--dist', ws.distDir, ...extra]);

describe('npm run diff', () => {
  test('compares the committed dist/ at the merge base with main with what the working tree catalog produces', async () => {
    // GIVEN a committed fleet, then a working tree that adds a cluster (not synthesized: dist/ on disk is stale)
    const ws = await committedWorkspace();
    git(ws, 'checkout', '--quiet', '-b', 'feature');
    const fleet = smallFleet();
    fleet.clusters.push({
      name: 'edge',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'test',
      destination: { server: 'https://api.edge.example.com:6443' },
    });
    ws.write('catalogs/fleet.ts', fleet);
    const onDisk = readTree(ws.distDir);
    const head = git(ws, 'rev-parse', 'HEAD').trim();
    // WHEN the diff runs with the default base
    const result = await diffIn(ws);
    // THEN it names the new cluster, against the merge base, and writes nothing
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Compared: the merge base of HEAD and \`main\` (\`${head.slice(0, 12)}\`) → the catalog in the working tree.`);
    expect(result.stdout).toContain('| edge | test | new cluster | 5 | 0 | 0 |');
    expect(result.stdout).toContain('Production untouched.');
    expect(readTree(ws.distDir)).toStrictEqual(onDisk);
    expect(git(ws, 'status', '--porcelain')).toBe(' M catalogs/fleet.ts\n');
  });

  test('--base takes any commit; --json gives the same summary as data', async () => {
    // GIVEN two commits, the second renaming the curated namespace
    const ws = await committedWorkspace();
    ws.write('catalogs/fleet.ts', smallFleet({ curatedNamespace: 'images' }));
    expect((await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir])).code).toBe(0);
    git(ws, 'add', '.');
    git(ws, 'commit', '--quiet', '-m', 'rename');
    // WHEN compared with the first commit as JSON
    const result = await diffIn(ws, '--base', 'HEAD~1', '--json');
    // THEN every cluster changed the same way: one group, production first
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      base: { ref: string; mergeBase: boolean };
      groups: { clusters: string[]; changes: { change: string; name: string }[] }[];
    };
    expect(summary.base).toMatchObject({ ref: 'HEAD~1', mergeBase: false });
    expect(summary.groups.map((g) => [g.clusters, g.changes.map((c) => `${c.change} ${c.name}`)])).toStrictEqual([
      [
        ['prod', 'test', 'lab'],
        [
          'removed bcgov',
          'added images',
          'removed bcgov/shared-resource-viewer',
          'removed bcgov/shared-resource-viewers',
          'added images/shared-resource-viewer',
          'added images/shared-resource-viewers',
        ],
      ],
    ]);
  });

  test('falls back to origin/main when there is no main branch', async () => {
    const ws = await committedWorkspace('trunk');
    git(ws, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    const result = await diffIn(ws);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('the merge base of HEAD and `origin/main`');
  });

  test('fails with exit 2 when neither main nor origin/main exists', async () => {
    const ws = await committedWorkspace('trunk');
    const result = await diffIn(ws);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no base to compare with: neither main nor origin\/main shares history with HEAD; pass --base <git-ref>/);
  });

  test('fails with exit 2 on an unknown --base', async () => {
    const ws = await committedWorkspace();
    const result = await diffIn(ws, '--base', 'no-such-branch');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --base no-such-branch: no such commit, branch or tag in /);
  });

  test('fails with exit 2 outside a git repository', async () => {
    const ws = workspace(catalogFiles('catalogs'));
    const result = await diffIn(ws, '--base', 'main');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not inside a git repository; diff compares it with a commit/);
  });

  test('fails with exit 1 and the findings when the working tree catalog fails its checks', async () => {
    const ws = await committedWorkspace();
    const fleet = smallFleet();
    fleet.clusters[1] = { ...fleet.clusters[1], destination: { name: 'prod' } };
    ws.write('catalogs/fleet.ts', fleet);
    const result = await diffIn(ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error fleet\/shared-destination \[prod\]/);
    // AND the pull request summary (stdout, all the workflow keeps) says why there is no comparison
    expect(result.stdout).toMatch(/^## Catalog changes\n\nThe catalog in the working tree fails its checks/);
    // (file paths are relative to the working directory, here the repository, not the temporary catalog)
    expect(result.stdout).toMatch(
      joinRegExp(
        /\n### Findings of the checks: 1 error\n\n/,
        /- \*\*error\*\* `fleet\/shared-destination` `[^`]*catalogs\/fleet.ts: clusters\[2\].destination` on prod: /,
      ),
    );
  });

  test('puts the warnings of the checks in the summary on stdout, which the workflow keeps, as markdown and as JSON', async () => {
    // GIVEN a working tree whose curated image points stable at a deprecated version (a warning, not an error)
    const ws = await committedWorkspace();
    const image = {
      name: 'patroni',
      owner: 'team-data',
      description: 'PostgreSQL.',
      source: 'https://git.example.com/patroni',
      rebuildSchedule: '0 3 * * 1',
      display: { displayName: 'Patroni' },
      versions: [{ version: '1.0.0', deprecated: true }, { version: '1.1.0' }],
      tracking: { stable: '1.0.0' },
    };
    ws.write('catalogs/fleet.ts', smallFleet({ curation: { buildNamespace: 'platform-tools', annotationDomain: 'images.example.com' } }));
    ws.write('catalogs/images/patroni.ts', image);
    // WHEN the diff runs
    const markdown = await diffIn(ws);
    const json = await diffIn(ws, '--json');
    // THEN it succeeds, and the warning is in the summary as well as on stderr
    expect(markdown.code).toBe(0);
    expect(markdown.stderr).toMatch(/warning images\/stable-deprecated/);
    expect(markdown.stdout).toMatch(
      joinRegExp(
        /\n### Findings of the checks: 1 warning\n\n/,
        /- \*\*warning\*\* `images\/stable-deprecated` `[^`]*catalogs\/images\/patroni.ts: tracking.stable`: .+\n  - fix: /,
      ),
    );
    const data = JSON.parse(json.stdout) as { clusters: unknown[]; findings: { severity: string; rule: string; file: string }[] };
    expect(data.clusters.length).toBe(3);
    expect(data.findings.map((f) => [f.severity, f.rule, f.file.replace(/^.*(?=catalogs\/)/, '')])).toStrictEqual([
      ['warning', 'images/stable-deprecated', 'catalogs/images/patroni.ts'],
    ]);
  });
});

describe('readGitTree', () => {
  test('reads every file of a folder at a commit, byte for byte, without touching the working tree', async () => {
    const ws = await committedWorkspace();
    const committed = readTree(ws.distDir);
    fs.rmSync(ws.distDir, { recursive: true });
    const head = git(ws, 'rev-parse', 'HEAD').trim();
    expect(readGitTree(ws.root, head, 'dist')).toStrictEqual(committed);
    expect(fs.existsSync(path.join(ws.root, 'dist'))).toBe(false);
  });
});
