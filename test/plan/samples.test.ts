import { type Catalog, findSamplesInventory, loadCatalog, parseCatalog, samplesSettingsFor, type SamplesInventory } from '../../src/model';
import { type ClaimedName, planCluster, planSamples, samplesImageUses } from '../../src/plan';
import { SMALL_CURATION, SMALL_SAMPLES, smallFleet, smallImage, smallSources } from '../support/fixtures';

/** A small inventory, so whole plans can be compared exactly. */
const TINY: SamplesInventory = {
  file: 'upstream/tiny.json',
  openshiftReleases: ['4.23'],
  architecture: 'x86_64',
  source: 'test',
  imagestreams: ['ruby', 'nodejs', 'python', 'golang'],
  templates: ['rails-example', 'nginx-example'],
  imagestreamRegistries: {
    ruby: ['registry.redhat.io'],
    nodejs: ['registry.redhat.io'],
    python: ['registry.access.redhat.com'],
    golang: ['registry.redhat.io'],
  },
};
const TINY_ARM: SamplesInventory = { ...TINY, file: 'upstream/tiny-arm.json', architecture: 'aarch64', imagestreams: ['nodejs', 'golang'] };

function catalogWith(extra: Record<string, unknown>, inventories: readonly SamplesInventory[] = [TINY, TINY_ARM]): Catalog {
  return parseCatalog('catalogs', smallSources(extra), inventories);
}

function clusterOf(catalog: Catalog, name: string) {
  const cluster = catalog.fleet.clusters.find((c) => c.name === name);
  if (!cluster) throw new Error(`no cluster ${name}`);
  return cluster;
}

describe('samples plan', () => {
  test('skips every inventory sample not kept, sorted', () => {
    // GIVEN a keep-list of nodejs, python and nginx-example
    const catalog = catalogWith({});
    // WHEN the test cluster is planned
    const plan = planSamples(catalog, clusterOf(catalog, 'test'), []);
    // THEN the skipped lists are the rest of the inventory
    expect(plan).toStrictEqual({
      managementState: 'Managed',
      managementStateField: 'managementState',
      architectures: ['x86_64'],
      samplesRegistryField: 'samplesRegistry',
      skippedImagestreams: ['golang', 'ruby'],
      skippedTemplates: ['rails-example'],
      keptImagestreams: ['nodejs', 'python'],
      keptTemplates: ['nginx-example'],
      autoSkipped: [],
      inventoryFile: 'upstream/tiny.json',
      // with samplesRegistry unset, each kept stream imports from the registry its own tags name
      importRegistries: [
        { registry: 'registry.access.redhat.com', imagestreams: ['python'] },
        { registry: 'registry.redhat.io', imagestreams: ['nodejs'] },
      ],
    });
  });

  test("applies per-cluster settings and lists only the cluster's first architecture, in the operator's spelling", () => {
    // GIVEN prod on aarch64 then x86_64, Removed, with its own registry and keep-list
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], architectures: ['aarch64', 'x86_64'] };
    const samples = {
      ...SMALL_SAMPLES,
      clusters: { prod: { managementState: 'Removed', samplesRegistry: 'mirror.example.com', keepImagestreams: ['golang'], keepTemplates: [] } },
    };
    const catalog = catalogWith({ 'catalogs/fleet.ts': fleet, 'catalogs/samples.ts': samples });
    // WHEN prod is planned
    const plan = planSamples(catalog, clusterOf(catalog, 'prod'), []);
    // THEN the aarch64 inventory decides, architectures is ["arm64"], and the registry is set
    expect(plan).toStrictEqual({
      managementState: 'Removed',
      managementStateField: 'clusters.prod.managementState',
      architectures: ['arm64'],
      samplesRegistry: 'mirror.example.com',
      samplesRegistryField: 'clusters.prod.samplesRegistry',
      skippedImagestreams: ['nodejs'],
      skippedTemplates: ['nginx-example', 'rails-example'],
      keptImagestreams: ['golang'],
      keptTemplates: [],
      autoSkipped: [],
      inventoryFile: 'upstream/tiny-arm.json',
      // samplesRegistry replaces every registry (cluster-samples-operator pkg/stub/imagestreams.go, updateDockerPullSpec)
      importRegistries: [{ registry: 'mirror.example.com', imagestreams: ['golang'] }],
    });
  });

  test('skips a sample whose name the catalog places in openshift itself, even when kept', () => {
    // GIVEN the catalog's own ImageStream openshift/nodejs (kept as a sample too), Template openshift/rails-example,
    // a second claim of nodejs, and names that are no samples
    const catalog = catalogWith({});
    const claimed: ClaimedName[] = [
      { kind: 'Template', name: 'rails-example', file: 'catalogs/templates.ts', field: 'templates[0]' },
      { kind: 'ImageStream', name: 'nodejs', file: 'catalogs/images.ts', field: 'images[4]' },
      { kind: 'ImageStream', name: 'nodejs', file: 'catalogs/images.ts', field: 'images[9]' },
      { kind: 'ImageStream', name: 'patroni', file: 'catalogs/images.ts', field: 'images[1]' },
      { kind: 'Template', name: 'nodejs', file: 'catalogs/templates.ts', field: 'templates[1]' },
    ];
    // WHEN the test cluster is planned with those claims
    const plan = planSamples(catalog, clusterOf(catalog, 'test'), claimed);
    // THEN nodejs and rails-example are skipped, with their reason; the rest is unaffected
    expect(plan.autoSkipped).toStrictEqual([
      {
        kind: 'ImageStream',
        name: 'nodejs',
        file: 'catalogs/images.ts',
        field: 'images[4]',
        reason: 'the catalog places its own ImageStream openshift/nodejs (catalogs/images.ts: images[4])',
        keptAt: 'keepImagestreams[0]',
      },
      {
        kind: 'Template',
        name: 'rails-example',
        file: 'catalogs/templates.ts',
        field: 'templates[0]',
        reason: 'the catalog places its own Template openshift/rails-example (catalogs/templates.ts: templates[0])',
      },
    ]);
    expect(plan.skippedImagestreams).toStrictEqual(['golang', 'nodejs', 'ruby']);
    expect(plan.keptImagestreams).toStrictEqual(['python']);
    expect(plan.skippedTemplates).toStrictEqual(['rails-example']);
    expect(plan.keptTemplates).toStrictEqual(['nginx-example']);
  });

  test("the Samples Operator's registry is an image reference while it manages the samples", () => {
    // GIVEN test Managed with the default registry, prod Managed with a mirror, lab Removed
    const samples = { ...SMALL_SAMPLES, clusters: { prod: { samplesRegistry: 'mirror.example.com' }, lab: { managementState: 'Removed' } } };
    const catalog = catalogWith({ 'catalogs/samples.ts': samples });
    const references = (name: string) => samplesImageUses(catalog, planSamples(catalog, clusterOf(catalog, name), []));
    // WHEN their references are planned THEN test depends on the registries its kept streams name, prod on its mirror, lab on nothing
    expect(references('test')).toStrictEqual([
      {
        image: 'registry.access.redhat.com',
        role: 'samples-registry',
        usedBy: 'the Samples Operator, which imports the kept sample image streams python (1) from it',
        file: 'catalogs/samples.ts',
        field: 'samplesRegistry',
        defaulted: true,
      },
      {
        image: 'registry.redhat.io',
        role: 'samples-registry',
        usedBy: 'the Samples Operator, which imports the kept sample image streams nodejs (1) from it',
        file: 'catalogs/samples.ts',
        field: 'samplesRegistry',
        defaulted: true,
      },
    ]);
    expect(references('prod')).toStrictEqual([
      {
        image: 'mirror.example.com',
        role: 'samples-registry',
        usedBy: 'the Samples Operator, which imports the kept sample image streams nodejs, python (2) from it',
        file: 'catalogs/samples.ts',
        field: 'clusters.prod.samplesRegistry',
      },
    ]);
    expect(references('lab')).toStrictEqual([]);
  });

  test('the cluster plan carries the samples plan and its image reference', () => {
    const catalog = catalogWith({});
    const plan = planCluster(catalog, clusterOf(catalog, 'test'));
    expect(plan.samples).toStrictEqual(planSamples(catalog, clusterOf(catalog, 'test'), []));
    expect(plan.imageUses.map((r) => [r.role, r.image])).toStrictEqual([
      ['samples-registry', 'registry.access.redhat.com'],
      ['samples-registry', 'registry.redhat.io'],
    ]);
  });

  test('for the default catalog, every cluster skips exactly its inventory minus its keep-list', () => {
    // GIVEN the BC Gov catalog
    const catalog = loadCatalog('catalogs');
    for (const cluster of catalog.fleet.clusters) {
      // WHEN each cluster is planned
      const plan = planSamples(catalog, cluster, []);
      // THEN kept and skipped split the inventory with nothing left over or shared
      const inventory = findSamplesInventory(catalog.samplesInventories, cluster.openshiftVersion, cluster.architectures[0]);
      const settings = samplesSettingsFor(catalog.samples, cluster.name);
      const keep = new Set(settings.keepImagestreams.map((k) => k.name));
      const keepTemplates = new Set(settings.keepTemplates.map((k) => k.name));
      expect(plan.skippedImagestreams).toStrictEqual(inventory?.imagestreams.filter((n) => !keep.has(n)).sort());
      expect(plan.skippedTemplates).toStrictEqual(inventory?.templates.filter((n) => !keepTemplates.has(n)).sort());
      expect([...plan.keptImagestreams, ...plan.skippedImagestreams].sort()).toStrictEqual([...(inventory?.imagestreams ?? [])].sort());
    }
  });

  test("the default catalog keeps the seed list's streams that still exist, apart from the builders it owns, and no stock template", () => {
    const catalog = loadCatalog('catalogs');
    const plan = planSamples(catalog, clusterOf(catalog, 'silver'), []);
    // The language builders are catalog-owned (catalogs/builders/), no longer kept samples.
    expect(plan.keptImagestreams).toStrictEqual([
      'dotnet-runtime',
      'jboss-webserver57-openjdk11-tomcat9-openshift-ubi8',
      'jboss-webserver57-openjdk8-tomcat9-openshift-ubi8',
      'mysql',
      'openjdk-11-rhel7',
      'postgresql',
      'redhat-openjdk18-openshift',
      'redis',
    ]);
    expect(plan.keptTemplates).toStrictEqual([]);
    expect(plan.skippedTemplates).toEqual(
      expect.arrayContaining(['jenkins-ephemeral', 'jenkins-ephemeral-monitored', 'jenkins-persistent', 'jenkins-persistent-monitored']),
    );
    expect(plan.architectures).toStrictEqual(['x86_64']);
    expect(planSamples(catalog, clusterOf(catalog, 'klab'), []).architectures).toStrictEqual(['x86_64']);
  });

  test('a cluster without the openshift-samples capability has no samples plan, no samples registry and no auto-skipped sample', () => {
    // GIVEN prod without the capability, and a curated ImageStream openshift/ruby named like a sample
    const fleet = smallFleet({ curation: SMALL_CURATION });
    fleet.clusters[2] = { ...fleet.clusters[2], disabledCapabilities: ['openshift-samples'] };
    const catalog = catalogWith({ 'catalogs/fleet.ts': fleet, 'catalogs/images/ruby.ts': smallImage({ name: 'ruby', namespace: 'openshift' }) });
    // WHEN prod and test are planned
    const prod = planCluster(catalog, clusterOf(catalog, 'prod'));
    const test = planCluster(catalog, clusterOf(catalog, 'test'));
    // THEN prod has neither a samples plan (so nothing to auto-skip) nor the samples registry reference; test has both
    expect('samples' in prod).toBe(false);
    expect(prod.imageUses.filter((r) => r.role === 'samples-registry')).toStrictEqual([]);
    expect(test.samples?.autoSkipped.map((a) => a.name)).toStrictEqual(['ruby']);
    expect(test.imageUses.filter((r) => r.role === 'samples-registry').map((r) => r.image)).toStrictEqual([
      'registry.access.redhat.com',
      'registry.redhat.io',
    ]);
  });
});
