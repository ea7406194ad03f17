import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { synth } from '../../src/pipeline';
import { runCli, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, snapshot, workspace, catalogFiles } from '../support/fixtures';
import { joinRegExp } from '../support/regexp';

const REPO = path.resolve(__dirname, '../..');

function synthedWorkspace() {
  const ws = workspace({ 'catalogs/fleet.ts': smallFleet(), 'catalogs/registries.ts': SMALL_REGISTRIES, 'catalogs/samples.ts': SMALL_SAMPLES });
  return ws;
}

async function synthIn(ws: ReturnType<typeof workspace>, ...extra: string[]) {
  return runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir, ...extra]);
}

describe('synth', () => {
  test('writes one folder per cluster, the ApplicationSet and the cluster reports, one object per file', async () => {
    // GIVEN a fleet of three clusters
    const ws = synthedWorkspace();
    // WHEN it is synthesized
    const result = await synthIn(ws);
    // THEN every cluster has its folder and argocd/ holds the ApplicationSet
    expect(result.code).toBe(0);
    expect([...snapshot(ws.distDir).keys()]).toStrictEqual([
      'argocd/_health-checks/argocd-cm.patch',
      'argocd/_health-checks/argocd-cr.patch',
      'argocd/_health-checks/image.openshift.io_ImageStream.lua',
      'argocd/openshift-gitops/applicationset.argoproj.io_ocp-image-catalog.yaml',
      'lab/_cluster/config.samples.operator.openshift.io_cluster.yaml',
      'lab/_cluster/image.config.openshift.io_cluster.yaml',
      'lab/_cluster/namespace_bcgov.yaml',
      'lab/bcgov/role.rbac.authorization.k8s.io_shared-resource-viewer.yaml',
      'lab/bcgov/rolebinding.rbac.authorization.k8s.io_shared-resource-viewers.yaml',
      'prod/_cluster/config.samples.operator.openshift.io_cluster.yaml',
      'prod/_cluster/image.config.openshift.io_cluster.yaml',
      'prod/_cluster/namespace_bcgov.yaml',
      'prod/bcgov/role.rbac.authorization.k8s.io_shared-resource-viewer.yaml',
      'prod/bcgov/rolebinding.rbac.authorization.k8s.io_shared-resource-viewers.yaml',
      'reports/lab.md',
      'reports/prod.md',
      'reports/test.md',
      'test/_cluster/config.samples.operator.openshift.io_cluster.yaml',
      'test/_cluster/image.config.openshift.io_cluster.yaml',
      'test/_cluster/namespace_bcgov.yaml',
      'test/bcgov/role.rbac.authorization.k8s.io_shared-resource-viewer.yaml',
      'test/bcgov/rolebinding.rbac.authorization.k8s.io_shared-resource-viewers.yaml',
    ]);
  });

  test('a second run rewrites nothing: same bytes, same inodes, same modification times', async () => {
    const ws = synthedWorkspace();
    await synthIn(ws);
    const before = snapshot(ws.distDir);
    const again = await synthIn(ws);
    expect(again.stdout).toMatch(/0 written, 0 removed, 22 unchanged/);
    expect(snapshot(ws.distDir)).toStrictEqual(before);
  });

  test('a change rewrites only the files it changes and prunes a dropped cluster', async () => {
    // GIVEN a synthesized fleet
    const ws = synthedWorkspace();
    await synthIn(ws);
    const before = snapshot(ws.distDir);
    // WHEN the test cluster is dropped from the fleet
    const fleet = smallFleet();
    fleet.clusters.splice(1, 1);
    ws.write('catalogs/fleet.ts', fleet);
    const result = await synthIn(ws);
    // THEN its folder is gone, the ApplicationSet is rewritten, and the other files are untouched
    expect(result.code).toBe(0);
    const after = snapshot(ws.distDir);
    expect([...after.keys()].some((f) => f.startsWith('test/'))).toBe(false);
    expect(after.get('lab/_cluster/namespace_bcgov.yaml')).toStrictEqual(before.get('lab/_cluster/namespace_bcgov.yaml'));
    expect(after.get('argocd/openshift-gitops/applicationset.argoproj.io_ocp-image-catalog.yaml')?.content).not.toContain('cluster: test');
  });

  test('--cluster writes only that cluster and leaves the rest of dist/ as it is', async () => {
    const ws = synthedWorkspace();
    await synthIn(ws);
    fs.writeFileSync(path.join(ws.distDir, 'lab/_cluster/namespace_bcgov.yaml'), 'edited by hand\n');
    fs.writeFileSync(path.join(ws.distDir, 'prod/_cluster/namespace_bcgov.yaml'), 'edited by hand\n');
    const result = await synthIn(ws, '--cluster', 'prod');
    expect(result.stdout).toMatch(/1 written, 0 removed/);
    expect(fs.readFileSync(path.join(ws.distDir, 'lab/_cluster/namespace_bcgov.yaml'), 'utf8')).toBe('edited by hand\n');
    expect(fs.readFileSync(path.join(ws.distDir, 'prod/_cluster/namespace_bcgov.yaml'), 'utf8')).toContain('kind: Namespace');
  });

  test('writes into an output folder whose parent does not exist yet', async () => {
    const ws = synthedWorkspace();
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', path.join(ws.root, 'out/nested/dist')]);
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(ws.root, 'out/nested/dist/argocd'))).toBe(true);
  });

  test('fails with exit 2 on an unknown --cluster', async () => {
    const ws = synthedWorkspace();
    const result = await synthIn(ws, '--cluster', 'nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown cluster nope; the fleet has lab, test, prod/);
  });

  test('fails midway leaves dist/ fully old and no staging folder behind', async () => {
    // GIVEN a synthesized fleet and a changed catalog
    const ws = synthedWorkspace();
    await synthIn(ws);
    const before = snapshot(ws.distDir);
    ws.write('catalogs/fleet.ts', smallFleet({ curatedNamespace: 'shared-images' }));
    // WHEN the write fails after three files have been staged
    let staged = 0;
    const run = synth(
      { catalogDir: ws.catalogDir, distDir: ws.distDir },
      {
        onStaged: () => {
          staged += 1;
          if (staged === 3) throw new Error('disk full (simulated)');
        },
      },
    );
    // THEN the error surfaces, dist/ is exactly as before, and nothing is left beside it
    await expect(run).rejects.toThrow(/disk full/);
    expect(snapshot(ws.distDir)).toStrictEqual(before);
    expect(fs.readdirSync(ws.root).sort()).toStrictEqual(['.dist.cache', 'catalogs', 'dist']);
    expect(fs.readdirSync(path.join(ws.root, '.dist.cache')).sort()).toStrictEqual(['.gitignore', 'manifests.json', 'run.json', 'transforms.json']);
  });
});

describe('bad input', () => {
  const cases: Array<[string, (fleet: ReturnType<typeof smallFleet>) => unknown, RegExp]> = [
    [
      'a bad cluster name',
      (f) => ({ ...f, clusters: [{ ...f.clusters[0], name: 'Lab!' }, ...f.clusters.slice(1)] }),
      /fleet.ts: clusters\[0\]\.name\n  expected: a DNS label/,
    ],
    [
      'a duplicate cluster',
      (f) => ({ ...f, clusters: [...f.clusters, { ...f.clusters[1], destination: { name: 'other' } }] }),
      /fleet.ts: clusters\[3\]\.name\n  expected: a unique cluster name\n  received: "test", already used at index 1/,
    ],
    [
      'an unknown field',
      (f) => ({ ...f, gitops: { ...f.gitops, branch: 'main' } }),
      /fleet.ts: gitops\.branch\n  expected: only the fields this catalog section defines\n  received: unknown field `branch`/,
    ],
    [
      'a wrong type',
      (f) => ({ ...f, clusters: [{ ...f.clusters[0], openshiftVersion: 4.16 }, ...f.clusters.slice(1)] }),
      /fleet.ts: clusters\[0\]\.openshiftVersion\n  expected: a string\n  received: 4.16/,
    ],
  ];

  test.each(cases)('fails on %s with exit 2, one readable error, and dist/ byte-identical', async (_name, mutate, message) => {
    // GIVEN a synthesized fleet
    const ws = synthedWorkspace();
    await synthIn(ws);
    const before = snapshot(ws.distDir);
    // WHEN the catalog is broken and synthesized again
    ws.write('catalogs/fleet.ts', mutate(smallFleet()) as object);
    const result = await synthIn(ws);
    // THEN exit 2, the message names file and field, and dist/ is untouched
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/ZodError|at .*\.ts:\d+/);
    expect(snapshot(ws.distDir)).toStrictEqual(before);
  });

  test('fails with exit 2 from the real command line, without a stack trace', () => {
    const ws = workspace({
      'catalogs/fleet.ts': 'export default { clusters: 3 };\n',
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SMALL_SAMPLES,
    });
    const run = spawnSync(
      process.execPath,
      ['--require', 'tsx/cjs', path.join(REPO, 'src/cli.ts'), 'synth', '--catalog', ws.catalogDir, '--dist', ws.distDir],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/clusters\n  expected: an array\n  received: 3/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(ws.distDir)).toBe(false);
  });

  test('fails with exit 2 on a catalog file that does not load', async () => {
    const ws = workspace({
      'catalogs/fleet.ts': 'export default { oops: ;\n',
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SMALL_SAMPLES,
    });
    const result = await synthIn(ws);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/fleet.ts\n  expected: a TypeScript module that loads/);
  });
});

describe('check', () => {
  test('exits 0 when dist/ is current and 1 with the file listed after a hand edit', async () => {
    const ws = synthedWorkspace();
    await synthIn(ws);
    const clean = await runCli(['check', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    expect(clean.code).toBe(0);
    fs.appendFileSync(path.join(ws.distDir, 'prod/_cluster/namespace_bcgov.yaml'), '# tweak\n');
    fs.writeFileSync(path.join(ws.distDir, 'prod/stray.yaml'), 'kind: Stray\n');
    const stale = await runCli(['check', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`differs or missing: ${ws.distDir}/prod/_cluster/namespace_bcgov.yaml`);
    expect(stale.stderr).toContain(`no longer produced: ${ws.distDir}/prod/stray.yaml`);
  });

  test('exits 1 after a hand edit that keeps the file size (files are compared byte for byte)', async () => {
    // GIVEN a current dist/ in which one byte of a manifest is changed, the size kept
    const ws = synthedWorkspace();
    await synthIn(ws);
    const file = path.join(ws.distDir, 'test/_cluster/namespace_bcgov.yaml');
    const content = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, content.replace('kind: Namespace', 'kind: Namespacf'));
    expect(fs.statSync(file).size).toBe(Buffer.byteLength(content));
    // WHEN it is checked
    const stale = await runCli(['check', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    // THEN the file is reported
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`differs or missing: ${file}`);
  });
});

describe('bad input around the catalog', () => {
  test('fails on a syntax error with its line, column and reason', async () => {
    const ws = workspace(catalogFiles('catalogs'));
    ws.write('catalogs/samples.ts', 'export default { managementState:: "Managed" };\n');
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      joinRegExp(
        /samples\.ts\n  expected: a TypeScript module that loads\n/,
        /  received: a syntax error: Unexpected ":" at line 1, column 34: export default \{ managementState:: "Managed" \};\n/,
        /  fix:      fix the error in this file/,
      ),
    );
  });

  test('fails with exit 2 when --dist is a file', async () => {
    const ws = workspace(catalogFiles('catalogs'));
    ws.write('afile', 'x');
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', path.join(ws.root, 'afile')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/afile is a file, not a folder; pass --dist <folder>/);
  });

  test('fails with exit 2 when --catalog is a file', async () => {
    const ws = workspace(catalogFiles('catalogs'));
    const result = await runCli(['synth', '--catalog', path.join(ws.catalogDir, 'fleet.ts'), '--dist', ws.distDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /fleet\.ts\n  expected: a catalog folder\n  received: a file\n  fix:      pass the folder that holds it: --catalog \S+catalogs/,
    );
  });
});
