import * as path from 'node:path';
import { clusterEnvironments, type DiffBase, diffOutputs, renderJson, renderMarkdown } from '../../src/diff';
import * as fs from 'node:fs';
import { type Catalog, type FleetInput, type ImageInput, loadCatalog, type RegistriesInput, type SamplesInput } from '../../src/model';
import { compile } from '../../src/pipeline';
import {
  catalogFiles,
  SMALL_CURATION,
  SMALL_REGISTRIES,
  SMALL_SAMPLES,
  smallFleet,
  smallImage,
  smallJenkinsTemplate,
  templateCatalogFiles,
  workspace,
} from '../support/fixtures';
import { expectGolden } from '../support/golden';

const GOLDEN = path.join(__dirname, 'golden');
const TEST_CA = fs.readFileSync(path.join(__dirname, '../fixtures/registries/test-ca.crt'), 'utf8');
const BASE: DiffBase = { ref: 'main', commit: '0123456789abcdef0123456789abcdef01234567', mergeBase: true };

/** The small fleet plus a second production cluster, `dr`. */
function fourClusters(overrides: Partial<FleetInput> = {}): FleetInput {
  const fleet = smallFleet(overrides);
  return {
    ...fleet,
    clusters: [
      ...fleet.clusters,
      { name: 'dr', openshiftVersion: '4.23', role: 'consumer', environment: 'prod', destination: { server: 'https://api.dr.example.com:6443' } },
    ],
  };
}

/** Catalog files (path → module value or source) of a catalog with this fleet; add other catalog files here. */
function fleetCatalogFiles(fleet: FleetInput): Record<string, string | object> {
  return catalogFiles('catalogs', { 'fleet.ts': fleet });
}

/** What `npm run synth` would write for this catalog. */
function output(files: Record<string, string | object>): { catalog: Catalog; files: Map<string, string> } {
  const catalog = loadCatalog(workspace(files).catalogDir);
  const compilation = compile(catalog, new Map());
  expect(compilation.findings).toStrictEqual([]);
  return { catalog, files: compilation.files! };
}

function summarize(beforeFleet: FleetInput, afterFleet: FleetInput) {
  const old = output(fleetCatalogFiles(beforeFleet)).files;
  const now = output(fleetCatalogFiles(afterFleet));
  return diffOutputs(old, now.files, clusterEnvironments(now.catalog.fleet, old));
}

const KINDS_IMPORT_FROM = [{ domainName: 'artifacts.example.com' }, { domainName: 'quay.io' }, { domainName: 'registry.redhat.io' }];

const KINDS_REGISTRIES: RegistriesInput = {
  ...SMALL_REGISTRIES,
  allowedRegistriesForImport: KINDS_IMPORT_FROM,
  imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com/redhat'] }],
};

interface KindsSettings {
  readonly registries: RegistriesInput;
  readonly patroniVersions?: ImageInput['versions'];
  readonly jenkinsStable?: string;
  readonly samples?: SamplesInput;
  readonly jenkinsMemoryLimit?: string;
}

/** Catalog files with two curated images, the Jenkins template running jenkins:stable, registries and samples. */
function kindsCatalog(fleet: FleetInput, settings: KindsSettings): Record<string, string | object> {
  return templateCatalogFiles('catalogs', {
    'fleet.ts': fleet,
    'registries.ts': settings.registries,
    'samples.ts': settings.samples ?? SMALL_SAMPLES,
    'images/patroni.ts': smallImage({ versions: settings.patroniVersions ?? [{ version: '1.1.0' }, { version: '1.2.0' }] }),
    'images/jenkins.ts': smallImage({
      name: 'jenkins',
      description: 'Jenkins for pipelines.',
      display: { displayName: 'Jenkins', tags: ['jenkins'] },
      versions: [{ version: '2.440.1' }, { version: '2.452.0' }],
      tracking: { stable: settings.jenkinsStable ?? '2.440.1' },
    }),
    'templates/jenkins.ts': smallJenkinsTemplate({
      imageStreamTag: 'jenkins:stable',
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: settings.jenkinsMemoryLimit ?? '1Gi' } },
    }),
  });
}

describe('diff of two catalogs (golden)', () => {
  test('fleet changes: a renamed curated namespace folds across every cluster, a cluster added and one removed', () => {
    // GIVEN a fleet of four clusters, and a working tree that renames the curated namespace, drops dr and adds edge
    const before = fourClusters();
    const after = smallFleet({ curatedNamespace: 'images' });
    after.clusters.push({
      name: 'edge',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'test',
      destination: { server: 'https://api.edge.example.com:6443' },
    });
    // WHEN the outputs are compared
    const summary = summarize(before, after);
    // THEN the same change on lab, test and prod is one group (production first), dr's environment comes from the base
    expectGolden(path.join(GOLDEN, 'fleet.md'), renderMarkdown(summary, BASE));
    expectGolden(path.join(GOLDEN, 'fleet.json'), renderJson(summary, BASE));
  });

  test('every kind, from two real catalogs: changes fold into one line naming the clusters they share, production first', () => {
    // GIVEN a catalog with curated images, a template, a registry policy with a mirror, and samples ...
    const before = kindsCatalog(fourClusters({ curation: SMALL_CURATION }), { registries: KINDS_REGISTRIES });
    // ... and a working tree where a version is added, stable moves, prod clusters may import from ghcr.io,
    // the mirror moves and gains a CA, test keeps ruby instead of python, Jenkins gets more memory, and edge joins
    const fleet = fourClusters({ curation: SMALL_CURATION });
    fleet.clusters.push({
      name: 'edge',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'test',
      destination: { server: 'https://api.edge.example.com:6443' },
    });
    const prodImports = { allowedRegistriesForImport: [...KINDS_IMPORT_FROM, { domainName: 'ghcr.io' }] };
    const after = kindsCatalog(fleet, {
      patroniVersions: [{ version: '1.1.0' }, { version: '1.2.0' }, { version: '1.3.0' }],
      jenkinsStable: '2.452.0',
      registries: {
        ...KINDS_REGISTRIES,
        additionalTrustedCAs: { 'mirror.example.com:5000': TEST_CA },
        imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com:5000/redhat', 'backup.example.com/redhat'] }],
        clusters: { prod: prodImports, dr: prodImports },
      },
      samples: { ...SMALL_SAMPLES, clusters: { test: { keepImagestreams: ['nodejs', 'ruby'] } } },
      jenkinsMemoryLimit: '2Gi',
    });
    // WHEN the outputs are compared
    const old = output(before).files;
    const now = output(after);
    const summary = diffOutputs(old, now.files, clusterEnvironments(now.catalog.fleet, old));
    // THEN what every cluster shares is one group, then what the consumers share, prod's own, test's own, the new cluster and the lab's own
    expectGolden(path.join(GOLDEN, 'kinds.md'), renderMarkdown(summary, BASE));
    expectGolden(path.join(GOLDEN, 'kinds.json'), renderJson(summary, BASE));
  });

  test('no change: says so', () => {
    const summary = summarize(fourClusters(), fourClusters());
    expect(renderMarkdown(summary, { ...BASE, ref: 'origin/main', mergeBase: false })).toBe(
      '## Catalog changes\n\nCompared: `origin/main` (`0123456789ab`) → the catalog in the working tree.\n\nNo object changes.\n',
    );
  });
});
