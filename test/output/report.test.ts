import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCatalog } from '../../src/model';
import { compile, ManifestObject, manifestPath, renderClusterReport } from '../../src/output';
import { imagesSection, samplesSection, warningsSection } from '../../src/output/_report-sections';
import { ClusterPlan, planFleet } from '../../src/plan';
import type { Finding } from '../../src/policy';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { runCli, smallSources, workspace, catalogFiles } from '../support/fixtures';
import { expectGolden } from '../support/golden';
import { aliasTag, configMap, digestMirrorSet, dockerTag, imageConfig, imageStream, pem, samplesConfig, tagMirrorSet } from '../support/openshift-objects';

const GOLDEN = path.join(__dirname, 'golden');

function prodPlan(): ClusterPlan {
  return planFleet(parseCatalog('catalogs', smallSources())).find((p) => p.cluster.name === 'prod')!;
}

function objects(list: readonly ManifestObject[]): Map<string, ManifestObject> {
  for (const o of list) expect(upstreamSchemas().validate(o)).toStrictEqual([]);
  return new Map(list.map((o) => [manifestPath(o), o]));
}

const warning: Finding = {
  severity: 'warning',
  rule: 'images/example-rule',
  cluster: 'prod',
  file: 'catalogs/images.ts',
  field: 'images[0].tags',
  message: 'an example warning',
  fix: 'do the example fix',
};

describe('cluster report', () => {
  test('for the foundation output: the cluster, and what the catalog does not manage yet', () => {
    // GIVEN the small fleet compiled
    const catalog = parseCatalog('catalogs', smallSources());
    const compilation = compile(catalog, new Map());
    // WHEN its reports are rendered
    // THEN each cluster has one, beside the cluster folders
    expect([...compilation.files!.keys()].filter((p) => p.startsWith('reports/'))).toStrictEqual(['reports/lab.md', 'reports/prod.md', 'reports/test.md']);
    expectGolden(path.join(GOLDEN, 'report-prod.md'), compilation.files!.get('reports/prod.md')!);
  });

  test('for every kind: curated images with their annotations and tags, samples, registry policy, mirrors, warnings', () => {
    // GIVEN a cluster's rendered objects of every kind and a warning
    const plan = prodPlan();
    const rendered = objects([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bcgov' } },
      imageStream('patroni', [dockerTag('3.2.1', 'artifacts.example.com/platform-images/patroni:3.2.1', true), aliasTag('3', 'patroni:3.2.1')], {
        annotations: { 'argocd.argoproj.io/sync-wave': '2', 'images.example.com/owner': 'db-team', 'images.example.com/rebuild-schedule': 'weekly', 'openshift.io/display-name': 'Patroni' },
      }),
      imageStream('nginx', [dockerTag('1.25', 'artifacts.example.com/platform-images/nginx:1.25')]),
      imageStream('elsewhere', [], { namespace: 'other' }),
      samplesConfig({ skippedImagestreams: ['nodejs', 'httpd'], skippedTemplates: ['jenkins-ephemeral'], architectures: ['x86_64'] }),
      imageConfig({
        allowedRegistriesForImport: [{ domainName: 'artifacts.example.com' }, { domainName: 'registry.local:5000', insecure: true }],
        registrySources: { allowedRegistries: ['artifacts.example.com', 'registry.redhat.io'], containerRuntimeSearchRegistries: ['artifacts.example.com'] },
        additionalTrustedCA: { name: 'registry-cas' },
      }),
      configMap('openshift-config', 'registry-cas', { 'registry.local..5000': pem('TA==') }),
      digestMirrorSet('redhat', [{ source: 'registry.redhat.io', mirrors: ['m1.example.com/rh', 'm2.example.com/rh'], mirrorSourcePolicy: 'NeverContactSource' }]),
      tagMirrorSet('quay', [{ source: 'quay.io/team', mirrors: ['m1.example.com/team'] }]),
    ]);
    // WHEN the report is rendered
    const report = renderClusterReport({ plan, objects: rendered, findings: [warning] });
    // THEN
    expectGolden(path.join(GOLDEN, 'report-kinds.md'), report);
  });

  test('images: only the curated namespace, and none said plainly', () => {
    const plan = prodPlan();
    expect(imagesSection({ plan, objects: objects([imageStream('x', [], { namespace: 'other' })]), findings: [] })).toBe('## Curated images\n\nNo curated ImageStreams in `bcgov`.');
  });

  test('samples: kept is the inventory without the skipped ones; a Removed operator keeps none', () => {
    const plan = prodPlan();
    const inventory = JSON.parse(fs.readFileSync(path.join(__dirname, '../../upstream/openshift/samples-inventory/inventory.json'), 'utf8')) as { imagestreams: string[] };
    const managed = samplesSection({ plan, objects: objects([samplesConfig({ skippedImagestreams: ['nodejs', 'httpd'] })]), findings: [] });
    const keptLine = managed.split('\n').find((l) => l.startsWith('Kept image streams'))!;
    expect(keptLine).toContain(`(${inventory.imagestreams.length - 2} of the ${inventory.imagestreams.length} in the x86_64 inventory)`);
    expect(keptLine).toContain('`python`');
    expect(keptLine).not.toMatch(/`nodejs`|`httpd`/);
    expect(managed).toContain('Skipped image streams: `httpd`, `nodejs`.');

    const removed = samplesSection({ plan, objects: objects([samplesConfig({ managementState: 'Removed' })]), findings: [] });
    expect(removed).toBe('## Samples\n\nSamples Operator `Config cluster`: managementState `Removed`.\n\nThe operator is `Removed`: it installs no samples.\n\nSkipped image streams: —.\n\nSkipped templates: —.');
  });

  test('warnings: each with its rule, location and fix; fleet-wide ones marked', () => {
    const fleetWide: Finding = { ...warning, cluster: undefined, rule: 'fleet/example', file: 'catalogs/fleet.ts', field: '' };
    expect(warningsSection({ plan: prodPlan(), objects: new Map(), findings: [warning, fleetWide] })).toBe(
      '## Warnings\n\n' +
        '- warning `images/example-rule` at `catalogs/images.ts: images[0].tags`: an example warning. Fix: do the example fix.\n' +
        '- warning `fleet/example` at `catalogs/fleet.ts` (fleet-wide): an example warning. Fix: do the example fix.',
    );
  });
});

describe('reports in the output', () => {
  function synthedWorkspace() {
    return workspace(catalogFiles('catalogs'));
  }

  test('npm run check fails when a report is stale', async () => {
    // GIVEN a synthesized fleet whose report was edited by hand
    const ws = synthedWorkspace();
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    fs.appendFileSync(path.join(ws.distDir, 'reports/prod.md'), 'hand edit\n');
    // WHEN checked
    const result = await runCli(['check', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    // THEN the report is listed as stale
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`differs or missing: ${ws.distDir}/reports/prod.md`);
  });

  test('npm run report rewrites only the reports', async () => {
    // GIVEN a synthesized fleet with a hand-edited manifest and report, and a stale report of a dropped cluster
    const ws = synthedWorkspace();
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    const manifest = path.join(ws.distDir, 'prod/_cluster/namespace_bcgov.yaml');
    fs.writeFileSync(manifest, 'edited by hand\n');
    fs.writeFileSync(path.join(ws.distDir, 'reports/prod.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(ws.distDir, 'reports/gone.md'), 'an old report\n');
    // WHEN only the reports are written
    const result = await runCli(['report', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    // THEN the reports are current and the manifest is left as it was
    expect(result.stdout).toBe(`${ws.distDir}/reports/: 1 written, 1 removed, 2 unchanged`);
    expect(fs.readFileSync(path.join(ws.distDir, 'reports/prod.md'), 'utf8')).toMatch(/^# prod\n/);
    expect(fs.existsSync(path.join(ws.distDir, 'reports/gone.md'))).toBe(false);
    expect(fs.readFileSync(manifest, 'utf8')).toBe('edited by hand\n');
  });

  test('npm run report --cluster rewrites only that cluster\'s report', async () => {
    const ws = synthedWorkspace();
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    fs.writeFileSync(path.join(ws.distDir, 'reports/prod.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(ws.distDir, 'reports/lab.md'), 'edited by hand\n');
    const result = await runCli(['report', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'prod']);
    expect(result.stdout).toBe(`${ws.distDir}/reports/: 1 written, 0 removed, 0 unchanged`);
    expect(fs.readFileSync(path.join(ws.distDir, 'reports/lab.md'), 'utf8')).toBe('edited by hand\n');
  });

  test('synth --cluster also writes that cluster\'s report, and only it', async () => {
    const ws = synthedWorkspace();
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    fs.writeFileSync(path.join(ws.distDir, 'reports/prod.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(ws.distDir, 'reports/lab.md'), 'edited by hand\n');
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'prod']);
    expect(result.stdout).toMatch(/1 written, 0 removed/);
    expect(fs.readFileSync(path.join(ws.distDir, 'reports/lab.md'), 'utf8')).toBe('edited by hand\n');
  });
});
