import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { catalogFiles, runCli, SMALL_REGISTRIES, smallFleet, workspace, type Workspace } from '../support/fixtures';

// Run inside a git hook, GIT_DIR and friends would point every git command at the outer repository.
for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) delete process.env[name];

const workspaces: Workspace[] = [];
afterAll(() => {
  for (const ws of workspaces) fs.rmSync(ws.root, { recursive: true, force: true });
});

function git(ws: Workspace, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: ws.root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The small fleet synthesized and committed on main, then a feature branch. */
async function feature(): Promise<Workspace> {
  const ws = workspace(catalogFiles('catalogs'));
  workspaces.push(ws);
  git(ws, 'init', '--quiet', '-b', 'main');
  expect((await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir])).code).toBe(0);
  git(ws, 'add', '.');
  git(ws, 'commit', '--quiet', '-m', 'synth');
  git(ws, 'checkout', '--quiet', '-b', 'feature');
  return ws;
}

const diffIn = (ws: Workspace, ...extra: string[]) => runCli(['diff', '--catalog', ws.catalogDir, '--dist', ws.distDir, ...extra]);

describe('npm run diff: the forecast', () => {
  test('an ImageTagMirrorSet on one production cluster: the risk line names it and its drain; --fail-on drain exits 1', async () => {
    // GIVEN a working tree that adds a tag mirror on prod only
    const ws = await feature();
    ws.write('catalogs/registries.ts', {
      ...SMALL_REGISTRIES,
      clusters: { prod: { imageTagMirrors: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }] } },
    });
    // WHEN the diff runs, gated on drains
    const result = await diffIn(ws, '--fail-on', 'drain,removal');
    // THEN the risk line comes first, the On apply section says what Argo CD and the MCO do, and the gate fails
    expect(result.stdout).toContain(
      '**Production on apply:**\n\n- **prod:** every node drained, CRI-O reloaded (ImageTagMirrorSet ' +
        'mirror-quay.io added)\n\n**Production touched:** prod.',
    );
    expect(result.stdout).toContain(
      '### prod (prod)\n\n- Machine Config Operator: every node drained, CRI-O reloaded (ImageTagMirrorSet ' +
        'mirror-quay.io added); a MachineConfiguration nodeDisruptionPolicy of the cluster may change ' +
        'this\n- Argo CD, wave 1: create ImageTagMirrorSet `mirror-quay.io`',
    );
    expect(result.stderr).toBe('--fail-on: applying this change does drain (prod); approve it explicitly');
    expect(result.code).toBe(1);
    // AND without the gate, or gated on something else, it exits 0
    expect((await diffIn(ws)).code).toBe(0);
    expect((await diffIn(ws, '--fail-on', 'reboot')).code).toBe(0);
  });

  test('a cluster removed: the risk line says what stays on it; --json carries the forecast', async () => {
    const ws = await feature();
    ws.write('catalogs/fleet.ts', smallFleet({ clusters: smallFleet().clusters.filter((c) => c.name !== 'prod') }));
    const result = await diffIn(ws, '--json', '--fail-on', 'removal');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as { forecast: { gates: string[]; clusters: { cluster: string; change: string; risk?: string }[] } };
    const prod = json.forecast.clusters.find((c) => c.cluster === 'prod')!;
    expect(prod.change).toBe('removed');
    // What stays depends on the ApplicationSet (preserveResourcesOnDeletion) and the objects' Delete=false, read from the output.
    // Today's ApplicationSet (no preserveResourcesOnDeletion) deletes; with it, everything stays.
    const settings = '1 Role, 1 RoleBinding and cluster settings (Config cluster, Image cluster)';
    expect([
      `removed from the fleet; its namespace bcgov, ${settings} stay on the cluster`,
      `removed from the fleet; nothing stays on the cluster; Argo CD deletes its namespace bcgov, ${settings}`,
    ]).toContain(prod.risk);
    expect(json.forecast.gates).toContain('removal');
  });

  test('fails with a usage error on an unknown --fail-on value', async () => {
    const ws = await feature();
    const result = await diffIn(ws, '--fail-on', 'drain,explode');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --fail-on "explode": not one of reboot, drain, crio-reload, removal, prune, tag-removal, repoint, samples-removal, refused/,
    );
  });
});
