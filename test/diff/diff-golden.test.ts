import * as path from 'node:path';
import { clusterEnvironments, DiffBase, diffOutputs, renderJson, renderMarkdown } from '../../src/diff';
import { Catalog, FleetInput, loadCatalog } from '../../src/model';
import { compile, ManifestObject, manifestFile, manifestPath } from '../../src/output';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { smallFleet, workspace, catalogFiles } from '../support/fixtures';
import { expectGolden } from '../support/golden';
import { aliasTag, configMap, digestMirrorSet, dockerTag, imageConfig, imageStream, pem, samplesConfig, tagMirrorSet, template } from '../support/openshift-objects';

const GOLDEN = path.join(__dirname, 'golden');
const BASE: DiffBase = { ref: 'main', commit: '0123456789abcdef0123456789abcdef01234567', mergeBase: true };

/** The small fleet plus a second production cluster, `dr`. */
function fourClusters(overrides: Partial<FleetInput> = {}): FleetInput {
  const fleet = smallFleet(overrides);
  return { ...fleet, clusters: [...fleet.clusters, { name: 'dr', openshiftVersion: '4.23', role: 'consumer', environment: 'prod', destination: { server: 'https://api.dr.example.com:6443' } }] };
}

/** Catalog files (path → module value or source) of a catalog with this fleet; add other catalog files here. */
function fleetCatalogFiles(fleet: FleetInput): Record<string, string | object> {
  return catalogFiles('catalogs', { 'fleet.ts': fleet });
}

/** What `npm run synth` would write for this catalog, plus extra objects per cluster (kinds the foundation does not emit yet). */
function output(files: Record<string, string | object>, extra: Record<string, readonly ManifestObject[]> = {}): { catalog: Catalog; files: Map<string, string> } {
  const ws = workspace(files);
  const catalog = loadCatalog(ws.catalogDir);
  const rendered = compile(catalog, new Map()).files!;
  for (const [cluster, objects] of Object.entries(extra)) {
    for (const object of objects) {
      expect(upstreamSchemas().validate(object)).toStrictEqual([]);
      rendered.set(`${cluster}/${manifestPath(object)}`, manifestFile(object));
    }
  }
  return { catalog, files: rendered };
}

function summarize(beforeFleet: FleetInput, afterFleet: FleetInput, before: Record<string, ManifestObject[]> = {}, after: Record<string, ManifestObject[]> = {}) {
  const old = output(fleetCatalogFiles(beforeFleet), before).files;
  const now = output(fleetCatalogFiles(afterFleet), after);
  return diffOutputs(old, now.files, clusterEnvironments(now.catalog.fleet, old));
}

describe('diff of two catalogs (golden)', () => {
  test('fleet changes: a renamed curated namespace folds across every cluster, a cluster added and one removed', () => {
    // GIVEN a fleet of four clusters, and a working tree that renames the curated namespace, drops dr and adds edge
    const before = fourClusters();
    const after = smallFleet({ curatedNamespace: 'images' });
    after.clusters.push({ name: 'edge', openshiftVersion: '4.23', role: 'consumer', environment: 'test', destination: { server: 'https://api.edge.example.com:6443' } });
    // WHEN the outputs are compared
    const summary = summarize(before, after);
    // THEN the same change on lab, test and prod is one group (production first), dr's environment comes from the base
    expectGolden(path.join(GOLDEN, 'fleet.md'), renderMarkdown(summary, BASE));
    expectGolden(path.join(GOLDEN, 'fleet.json'), renderJson(summary, BASE));
  });

  test('every kind: changes fold across the clusters that share them, production first', () => {
    // GIVEN the same fleet on both sides, with curated images, registry policy, mirrors, samples and templates
    const registry = 'artifacts.example.com/platform-images';
    const nginx = (...tags: ReturnType<typeof dockerTag>[]) => imageStream('nginx', tags, { annotations: { 'images.example.com/owner': 'web-team' } });
    const policyBefore = imageConfig({
      allowedRegistriesForImport: [{ domainName: 'artifacts.example.com' }, { domainName: 'docker.io' }],
      registrySources: { allowedRegistries: ['artifacts.example.com', 'registry.redhat.io'] },
    });
    const policyAfter = imageConfig({
      allowedRegistriesForImport: [{ domainName: 'artifacts.example.com' }, { domainName: 'quay.io', insecure: true }],
      registrySources: { allowedRegistries: ['artifacts.example.com', 'quay.io', 'registry.redhat.io'] },
      additionalTrustedCA: { name: 'registry-cas' },
    });
    const jenkinsBefore = template('jenkins', [{ name: 'MEMORY_LIMIT', value: '512Mi' }, { name: 'JENKINS_SERVICE_NAME', value: 'jenkins' }], [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '${JENKINS_SERVICE_NAME}' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } },
    ]);
    const jenkinsAfter = template('jenkins', [{ name: 'MEMORY_LIMIT', value: '1Gi' }, { name: 'JENKINS_SERVICE_NAME', value: 'jenkins' }, { name: 'VOLUME_CAPACITY', value: '1Gi', required: true }], [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '${JENKINS_SERVICE_NAME}' }, spec: { ports: [{ port: 8080, targetPort: 8080 }] } },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: '${JENKINS_SERVICE_NAME}' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '${VOLUME_CAPACITY}' } } } },
    ]);
    const before = {
      lab: [nginx(dockerTag('1.24', `${registry}/nginx:1.24`))],
      prod: [
        nginx(dockerTag('1.23', `${registry}/nginx:1.23`), dockerTag('1.24', `${registry}/nginx:1.24`), aliasTag('latest', 'nginx:1.24')),
        policyBefore,
        digestMirrorSet('redhat', [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com/redhat'] }]),
      ],
      dr: [nginx(dockerTag('1.23', `${registry}/nginx:1.23`), dockerTag('1.24', `${registry}/nginx:1.24`), aliasTag('latest', 'nginx:1.24')), policyBefore],
      test: [
        nginx(dockerTag('1.23', `${registry}/nginx:1.23`), dockerTag('1.24', `${registry}/nginx:1.24`), aliasTag('latest', 'nginx:1.24')),
        policyBefore,
        samplesConfig({ skippedImagestreams: ['httpd', 'nodejs'], skippedTemplates: ['jenkins-ephemeral'] }),
        jenkinsBefore,
      ],
    };
    const after = {
      lab: [nginx(dockerTag('1.24', `${registry}/nginx:1.24`))],
      prod: [
        nginx(dockerTag('1.24', `${registry}/nginx:1.24`), dockerTag('1.25', `${registry}/nginx:1.25`), aliasTag('latest', 'nginx:1.25')),
        policyAfter,
        digestMirrorSet('redhat', [
          { source: 'quay.io', mirrors: ['mirror.example.com/quay'], mirrorSourcePolicy: 'NeverContactSource' },
          { source: 'registry.redhat.io', mirrors: ['mirror.example.com/redhat', 'mirror2.example.com/redhat'] },
        ]),
        configMap('openshift-config', 'registry-cas', { 'artifacts.example.com': pem('QUJD') }),
      ],
      dr: [nginx(dockerTag('1.24', `${registry}/nginx:1.24`), dockerTag('1.25', `${registry}/nginx:1.25`), aliasTag('latest', 'nginx:1.25')), policyAfter, configMap('openshift-config', 'registry-cas', { 'artifacts.example.com': pem('QUJD') })],
      test: [
        nginx(dockerTag('1.23', `${registry}/nginx:1.23`), dockerTag('1.24', `${registry}/nginx:1.24`, true), dockerTag('1.26', `${registry}/nginx:1.26`, true), aliasTag('latest', 'nginx:1.24')),
        policyAfter,
        configMap('openshift-config', 'registry-cas', { 'artifacts.example.com': pem('QUJD') }),
        samplesConfig({ skippedImagestreams: ['jenkins', 'nodejs'], skippedTemplates: [] }),
        jenkinsAfter,
        tagMirrorSet('quay', [{ source: 'quay.io/bcgov', mirrors: ['mirror.example.com/quay-bcgov'] }]),
      ],
    };
    // WHEN the outputs are compared
    const summary = summarize(fourClusters(), fourClusters(), before, after);
    // THEN the registry policy (dr, prod, test) and the ImageStream change of dr and prod fold; prod's mirrors and test's own changes stand alone
    expectGolden(path.join(GOLDEN, 'kinds.md'), renderMarkdown(summary, BASE));
  });

  test('no change: says so', () => {
    const summary = summarize(fourClusters(), fourClusters());
    expect(renderMarkdown(summary, { ...BASE, ref: 'origin/main', mergeBase: false })).toBe(
      '## Catalog changes\n\nCompared: `origin/main` (`0123456789ab`) → the catalog in the working tree.\n\nNo object changes.\n',
    );
  });
});
