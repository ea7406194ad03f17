import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseCatalog, type RegistriesInput } from '../../src/model';
import {
  distinctContents,
  folderKindCounts,
  kindCounts,
  parseManifest,
  rawEntries,
  renderFleetParts,
  REPORT_SECTIONS,
  reportPath,
  withReports,
} from '../../src/output';
import { compile } from '../../src/pipeline';
import { clusterSection, imagesSection, samplesSection, sectionText, templatesSection, warningsSection } from '../../src/output/_report-sections';
import { type ClusterPlan, planFleet } from '../../src/plan';
import type { Finding } from '../../src/policy';
import {
  catalogFiles,
  runCli,
  smallBuilderImage,
  SMALL_CURATION,
  SMALL_REGISTRIES,
  smallFleet,
  smallImage,
  smallJenkinsTemplate,
  smallSources,
  workspace,
} from '../support/fixtures';
import { expectGolden } from '../support/golden';

const GOLDEN = path.join(__dirname, 'golden');
const TEST_CA = fs.readFileSync(path.join(__dirname, '../fixtures/registries/test-ca.crt'), 'utf8');
const ICSP = parse(fs.readFileSync(path.join(__dirname, '../fixtures/icsp/ubi-and-payload.yaml'), 'utf8')) as object;

const IMPORT_FROM = [{ domainName: 'artifacts.example.com' }, { domainName: 'quay.io' }, { domainName: 'registry.redhat.io' }];

/** Registry policy with an override, an insecure registry waived on prod, a CA, a mirror and pull secrets (prod's provisioned out of band). */
const REGISTRIES: RegistriesInput = {
  ...SMALL_REGISTRIES,
  allowedRegistriesForImport: IMPORT_FROM,
  registriesRequiringCredentials: ['artifacts.example.com'],
  pullSecrets: {
    'artifacts.example.com': { secretName: 'artifacts-pull', externalSecret: { secretStoreRef: { name: 'vault' }, key: 'registry/artifacts' } },
  },
  additionalTrustedCAs: { 'mirror.example.com:5000': TEST_CA },
  imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com:5000/redhat'] }],
  clusters: {
    prod: {
      allowedRegistriesForImport: [...IMPORT_FROM, { domainName: 'vendor.example.com', insecure: true }],
      insecureWaivers: { 'vendor.example.com': 'vendor registry without TLS; accepted by J. Doe, INC-1234, until 2030-12-31' },
      pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', provisionedOutOfBand: 'namespace onboarding job (INC-2345)' } },
    },
  },
};

/**
 * A catalog with every kind a report shows: a community image with a deprecated version and a
 * stable tag, an image placed in `openshift` under a sample's name (a warning), a tracked builder
 * image in `openshift` (no warning: it exists to replace the sample), the Jenkins
 * image and a persistent template running its stable tag, a registry policy with an override,
 * a CA, a mirror and an ICSP converted for prod only.
 */
function fullSources(): Map<string, unknown> {
  return new Map<string, unknown>([
    ...smallSources(),
    ['catalogs/fleet.ts', smallFleet({ curation: SMALL_CURATION })],
    ['catalogs/registries.ts', REGISTRIES],
    ['catalogs/icsp/prod/ubi-and-payload.yaml', ICSP],
    [
      'catalogs/images/patroni.ts',
      smallImage({
        owner: 'Wade (community)',
        community: true,
        champion: 'Jason (platform team)',
        versions: [{ version: '1.0.0', deprecated: true }, { version: '1.1.0' }, { version: '1.2.0' }],
        tracking: { stable: '1.1.0' },
      }),
    ],
    [
      'catalogs/images/jenkins.ts',
      smallImage({
        name: 'jenkins',
        description: 'Jenkins for pipelines.',
        source: 'https://git.example.com/images/jenkins',
        display: { displayName: 'Jenkins', tags: ['jenkins'] },
        versions: [{ version: '2.440.1' }, { version: '2.452.0' }],
        tracking: { stable: '2.440.1' },
      }),
    ],
    [
      'catalogs/images/nodejs.ts',
      smallImage({
        name: 'nodejs',
        namespace: 'openshift',
        description: 'Node.js builder, replacing the sample.',
        source: 'https://git.example.com/images/nodejs',
        display: { displayName: 'Node.js', tags: ['nodejs'] },
        versions: [{ version: '20.12.0' }],
      }),
    ],
    [
      'catalogs/images/jenkins-agent-base.ts',
      smallImage({
        name: 'jenkins-agent-base',
        description: 'Jenkins agent.',
        source: 'https://git.example.com/images/jenkins',
        display: { displayName: 'Jenkins Agent', tags: ['jenkins'] },
        versions: [{ version: '2.440.1' }, { version: '2.452.0' }],
        tracking: { stable: '2.440.1' },
      }),
    ],
    [
      'catalogs/templates/jenkins.ts',
      smallJenkinsTemplate({ imageStreamTag: 'jenkins:stable', agentImageStreamTag: 'jenkins-agent-base:stable', volumeCapacity: '2Gi' }),
    ],
    // The keep-list no longer keeps nodejs and python: the catalog owns them (catalog/two-owners).
    ['catalogs/samples.ts', { keepImagestreams: ['ruby'], keepTemplates: ['nginx-example'] }],
    ['catalogs/builders/python.ts', smallBuilderImage()],
    [
      'catalogs/admission.ts',
      {
        validationActions: ['Warn', 'Audit'],
        exceptions: [{ image: 'registry.redhat.io/ubi9', reason: 'base images for debugging; J. Doe, INC-3456, until 2030-12-31' }],
        clusters: { prod: { validationActions: ['Deny'] } },
        signatures: { rootOfTrust: { publicKey: { keyData: SIGNING_KEY } } },
      },
    ],
  ]);
}

/** A P-256 public key (no private key exists for it). */
const SIGNING_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEstm3a0ltHkYcEoLgULbFF1amJPtF
nAc0zSt1mkgRdXfvcG/iHX+PcJojuRfLMHwCbJ+MHVfes1syqoeqXSd2nA==
-----END PUBLIC KEY-----`;

function plansOf(sources: Map<string, unknown>): Map<string, ClusterPlan> {
  return new Map(planFleet(parseCatalog('catalogs', sources)).map((p) => [p.cluster.name, p]));
}

const warning: Finding = {
  severity: 'warning',
  rule: 'images/latest-not-highest',
  cluster: 'prod',
  file: 'catalogs/images/patroni.ts',
  field: 'versions[0]',
  message: 'an example warning',
  fix: 'do the example fix',
};

describe('cluster report', () => {
  test('of a production cluster: curated images, samples, registry policy, mirrors, templates and the warnings', () => {
    // GIVEN a catalog with every kind, compiled
    const compilation = compile(parseCatalog('catalogs', fullSources()), new Map());
    // WHEN its reports are rendered
    // THEN each cluster has one beside the cluster folders, and prod's reads as the golden file
    expect(compilation.findings.map((f) => `${f.severity} ${f.rule} ${f.cluster}`)).toStrictEqual([
      'warning samples/auto-skipped lab',
      'warning samples/auto-skipped prod',
      'warning samples/auto-skipped test',
    ]);
    const files = compilation.files!;
    expect([...files.keys()].filter((p) => p.startsWith('reports/'))).toStrictEqual(['reports/lab.md', 'reports/prod.md', 'reports/test.md']);
    expectGolden(path.join(GOLDEN, 'report-prod.md'), files.get('reports/prod.md')!);
  });

  test('names CA registries only, never the certificates', () => {
    const files = compile(parseCatalog('catalogs', fullSources()), new Map()).files!;
    const report = files.get('reports/prod.md')!;
    expect(report).toContain(
      '| additionalTrustedCAs | `mirror.example.com:5000` (ConfigMap `openshift-config/registry-cas`) | `additionalTrustedCAs` |',
    );
    expect(report).not.toContain('CERTIFICATE');
  });

  test('counts the objects of a cluster folder by kind without parsing them, as parsing would', () => {
    const files = compile(parseCatalog('catalogs', fullSources()), new Map()).files!;
    const parsed = [...files].filter(([p]) => p.startsWith('prod/')).map(([p, content]) => parseManifest(content, p));
    expect(folderKindCounts(files, 'prod')).toStrictEqual(kindCounts(parsed));
    expect(folderKindCounts(files, 'prod').map((k) => k.kind)).toContain('ImageDigestMirrorSet');
  });

  test('images: every cluster, the build cluster included, imports each version tag on a schedule', () => {
    // GIVEN one curated image with one version
    const sources = smallSources({
      'catalogs/fleet.ts': smallFleet({ curation: SMALL_CURATION }),
      'catalogs/images/patroni.ts': smallImage({ versions: [{ version: '1.2.0' }] }),
    });
    // WHEN the build cluster's and a consumer's sections are rendered
    const plans = plansOf(sources);
    const section = (cluster: string) => sectionText(imagesSection, { plan: plans.get(cluster)!, objectCounts: [], findings: [] });
    // THEN both import from the distribution registry on a schedule
    const table = (from: string, importing: string) =>
      '| tag | from | import |\n|---|---|---|\n' +
      `| \`1.2.0\` | ${from} | ${importing} |\n` +
      '| `latest` | tag `1.2.0` of this stream | follows it |';
    const head = (mode: string) =>
      '## Curated images\n\n' +
      `1 ImageStream. Tags are pulled through the internal registry ` +
      `(referencePolicy \`Local\`) and import in mode \`${mode}\`.\n\n` +
      '| ImageStream | owner | version tags | tracking tags | rebuild schedule | source |\n|---|---|---|---|---|---|\n' +
      '| `bcgov/patroni` | team-data | `1.2.0` | `latest` → `1.2.0` | `0 3 * * 1` | https://git.example.com/images/patroni |\n\n' +
      '### patroni\n\nPatroni: Highly available PostgreSQL. (`catalogs/images/patroni.ts`)\n\n';
    expect(section('lab')).toBe(head('Legacy') + table('DockerImage `artifacts.example.com/platform-images/patroni:1.2.0`', 'on a schedule'));
    expect(section('prod')).toBe(head('Legacy') + table('DockerImage `artifacts.example.com/platform-images/patroni:1.2.0`', 'on a schedule'));
  });

  test('images and templates: none said plainly', () => {
    const plan = plansOf(smallSources()).get('prod')!;
    expect(sectionText(imagesSection, { plan, objectCounts: [], findings: [] })).toBe('## Curated images\n\nThe catalog curates no images.');
    expect(sectionText(templatesSection, { plan, objectCounts: [], findings: [] })).toBe('## Templates\n\nThe catalog publishes no templates.');
  });

  test('templates: the ImageStream tag a template runs, and the version a tracking tag follows', () => {
    const plan = plansOf(fullSources()).get('test')!;
    expect(sectionText(templatesSection, { plan, objectCounts: [], findings: [] }).split('\n').slice(-1)).toStrictEqual([
      '| `bcgov/jenkins` | Jenkins | `bcgov/jenkins:stable` → `2.440.1` | ' +
        '`bcgov/jenkins-agent-base:stable` | cpu `100m`, memory `512Mi` | memory `1Gi` | `2Gi` | ' +
        '`catalogs/templates/jenkins.ts` |',
    ]);
  });

  test("templates: without agentImageStreamTag, the agent column names the Jenkins image's default", () => {
    const sources = fullSources();
    sources.set('catalogs/templates/jenkins.ts', smallJenkinsTemplate({ agentImageStreamTag: undefined }));
    const plan = plansOf(sources).get('test')!;
    expect(sectionText(templatesSection, { plan, objectCounts: [], findings: [] }).split('\n').slice(-1)[0]).toContain(
      "| `openshift/jenkins-agent-base:latest` (the Jenkins image's default) |",
    );
  });

  test("samples: the keep-list against the cluster's inventory, and what it means when the operator is Removed", () => {
    // GIVEN samples Removed on prod only
    const sources = smallSources({
      'catalogs/samples.ts': { keepImagestreams: ['nodejs', 'python'], keepTemplates: [], clusters: { prod: { managementState: 'Removed' } } },
    });
    const plans = plansOf(sources);
    const section = (cluster: string) => sectionText(samplesSection, { plan: plans.get(cluster)!, objectCounts: [], findings: [] }).split('\n');
    // WHEN rendered for test and prod
    // THEN the state, where it is set, and the kept names read as such
    expect(section('test').filter((p) => p.startsWith('Kept') || p.startsWith('| managementState'))).toStrictEqual([
      '| managementState | `Managed`: the operator installs the kept samples in `openshift` and keeps them ' + 'updated | `managementState` |',
      'Kept image streams (2 of 50): `nodejs`, `python`.',
      'Kept templates (0 of 50): —.',
    ]);
    expect(section('prod').filter((p) => p.startsWith('Kept') || p.startsWith('| managementState'))).toStrictEqual([
      '| managementState | `Removed`: the operator installs no samples and removes the ones it installed | ' + '`clusters.prod.managementState` |',
      'Kept image streams (2 of 50), installed once the operator is `Managed` again: `nodejs`, `python`.',
      'Kept templates (0 of 50), installed once the operator is `Managed` again: —.',
    ]);
    expect(section('prod').find((p) => p.startsWith('Skipped image streams'))).toMatch(/^Skipped image streams \(48\): `dotnet`, .*`ruby`, .*\.$/);
  });

  test('samples: a cluster without the openshift-samples capability says so, and lists the capability among its settings', () => {
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], disabledCapabilities: ['openshift-samples'] };
    const plan = plansOf(smallSources({ 'catalogs/fleet.ts': fleet })).get('prod')!;
    expect(sectionText(samplesSection, { plan, objectCounts: [], findings: [] })).toBe(
      "## Samples\n\nThe `openshift-samples` capability is disabled on prod (the fleet's " +
        '`disabledCapabilities`): no Samples Operator runs, ' +
        "so the cluster gets no Samples Operator `Config` and the catalog's samples settings do not apply to it.",
    );
    expect(sectionText(clusterSection, { plan, objectCounts: [], findings: [] }).split('\n')).toContain(
      '| disabled capabilities | `openshift-samples` |',
    );
  });

  test('warnings: each with its rule, location and fix; fleet-wide ones marked', () => {
    const fleetWide: Finding = { ...warning, cluster: undefined, rule: 'fleet/shared-destination', file: 'catalogs/fleet.ts', field: '' };
    const plan = plansOf(smallSources()).get('prod')!;
    expect(sectionText(warningsSection, { plan, objectCounts: [], findings: [warning, fleetWide] })).toBe(
      '## Warnings\n\n' +
        '- `images/latest-not-highest` at `catalogs/images/patroni.ts: versions[0]`: an example warning. Fix: do the example fix.\n' +
        '- `fleet/shared-destination` at `catalogs/fleet.ts` (fleet-wide): an example warning. Fix: do the example fix.',
    );
  });
});

describe('cluster reports rendered once per distinct part', () => {
  test('every report reads as its sections rendered one by one, also for clusters alike but in one mirror', () => {
    // GIVEN lab and test alike but for one mirror deep in their registry policy, and prod with overrides of its own
    const sources = fullSources();
    const mirrorFor = (cluster: string) => ({
      imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: [`mirror.example.com:5000/${cluster}`] }],
    });
    sources.set('catalogs/registries.ts', { ...REGISTRIES, clusters: { ...REGISTRIES.clusters, lab: mirrorFor('lab'), test: mirrorFor('test') } });
    const catalog = parseCatalog('catalogs', sources);
    // WHEN compiled
    const compilation = compile(catalog, new Map());
    const files = compilation.files!;
    // THEN each report is its own plan's sections, whichever cluster's part was rendered for the others
    for (const plan of planFleet(catalog)) {
      const name = plan.cluster.name;
      const input = {
        plan,
        objectCounts: folderKindCounts(files, name),
        findings: compilation.findings.filter((f) => f.cluster === undefined || f.cluster === name),
      };
      expect(files.get(reportPath(name))).toBe(`${REPORT_SECTIONS.map((section) => sectionText(section, input)).join('\n\n')}\n`);
    }
    expect(files.get('reports/lab.md')).toContain('`mirror.example.com:5000/lab`');
    expect(files.get('reports/test.md')).toContain('`mirror.example.com:5000/test`');
    expect(files.get('reports/test.md')).not.toContain('`mirror.example.com:5000/lab`');
  });
});

describe('distinct contents of the output', () => {
  test('every content of every file, a shared bundle once, each under a path that holds it', () => {
    // GIVEN a fleet whose clusters share bundles, rendered and with its reports
    const catalog = parseCatalog('catalogs', fullSources());
    const plans = planFleet(catalog);
    const rendered = renderFleetParts(catalog, plans);
    const files = withReports(rendered, plans, []);
    // WHEN its distinct contents are listed
    const distinct = [...distinctContents(rendered, plans, files)];
    // THEN each is what the file at its path holds, no folder's file list comes twice, and every file's content is among them
    for (const [file, content] of distinct) expect(files.raw(file)).toBe(content);
    const lists = new Set(rendered.folders.map((folder) => folder.files));
    const listed = [...lists].reduce((sum, list) => sum + list.length, 0) + rendered.others.size + plans.length;
    expect(distinct).toHaveLength(listed);
    expect(lists.size).toBeLessThan(rendered.folders.length);
    const contents = new Set(distinct.map(([, content]) => content));
    for (const [file, content] of rawEntries(files)) expect([file, contents.has(content)]).toStrictEqual([file, true]);
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

  test("npm run report --cluster rewrites only that cluster's report", async () => {
    const ws = synthedWorkspace();
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    fs.writeFileSync(path.join(ws.distDir, 'reports/prod.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(ws.distDir, 'reports/lab.md'), 'edited by hand\n');
    const result = await runCli(['report', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'prod']);
    expect(result.stdout).toBe(`${ws.distDir}/reports/: 1 written, 0 removed, 0 unchanged`);
    expect(fs.readFileSync(path.join(ws.distDir, 'reports/lab.md'), 'utf8')).toBe('edited by hand\n');
  });

  test("synth --cluster also writes that cluster's report, and only it", async () => {
    const ws = synthedWorkspace();
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    fs.writeFileSync(path.join(ws.distDir, 'reports/prod.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(ws.distDir, 'reports/lab.md'), 'edited by hand\n');
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'prod']);
    expect(result.stdout).toMatch(/1 written, 0 removed/);
    expect(fs.readFileSync(path.join(ws.distDir, 'reports/lab.md'), 'utf8')).toBe('edited by hand\n');
  });
});
