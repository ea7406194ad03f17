import { parseCatalog } from '../../src/model';
import { planFleet, planImageStreams } from '../../src/plan';
import { imageSources, smallFleet, SMALL_CURATION, smallImage, smallSources } from '../support/fixtures';

function catalogWith(images: Record<string, unknown>) {
  return parseCatalog('catalogs', imageSources(images));
}

function clusterOf(catalog: ReturnType<typeof catalogWith>, name: string) {
  const cluster = catalog.fleet.clusters.find((c) => c.name === name);
  if (!cluster) throw new Error(`no cluster ${name}`);
  return cluster;
}

describe('image stream plan', () => {
  test('on a consumer cluster each tag imports from the distribution registry on a schedule', () => {
    // GIVEN one image with two versions and a stable tag
    const catalog = catalogWith({
      patroni: smallImage({
        owner: 'team-data',
        tracking: { stable: '1.1.0' },
        display: { displayName: 'Patroni', tags: ['postgresql', 'database'], supports: ['postgresql'] },
      }),
    });
    // WHEN planned for the test cluster (a consumer)
    const plan = planImageStreams(catalog, clusterOf(catalog, 'test'));
    // THEN every tag imports <registry>/<repository>/<image>:<tag>, scheduled, Legacy on a single-architecture cluster
    const tag = (name: string) => ({
      name,
      version: name,
      deprecated: false,
      from: { kind: 'DockerImage', name: `artifacts.example.com/platform-images/patroni:${name}` },
      importPolicy: { scheduled: true, importMode: 'Legacy' },
      referencePolicy: { type: 'Local' },
      field: name === '1.1.0' ? 'versions[0].version' : 'versions[1].version',
    });
    expect(plan).toStrictEqual([
      {
        name: 'patroni',
        namespace: 'bcgov',
        file: 'catalogs/images/patroni.ts',
        displayName: 'Patroni',
        description: 'Highly available PostgreSQL.',
        categories: ['database', 'postgresql'],
        supports: ['postgresql'],
        annotationDomain: 'images.example.com',
        owner: 'team-data',
        sourceRepository: 'https://git.example.com/images/patroni',
        rebuildSchedule: '0 3 * * 1',
        lookupPolicy: { local: false },
        tags: [tag('1.1.0'), tag('1.2.0')],
        trackingTags: [
          { name: 'latest', tag: '1.2.0' },
          { name: 'stable', tag: '1.1.0' },
        ],
      },
    ]);
  });

  test("on the build cluster too each tag imports the distribution registry's image on a schedule", () => {
    // GIVEN a specialised image WHEN planned for the build cluster
    // THEN its tag imports from the distribution registry like every consumer's, never copying an
    // ImageStreamTag of the build namespace (copied only when the spec tag changes, so rebuilds would not arrive)
    const catalog = catalogWith({
      velero: smallImage({ name: 'velero', versions: [{ version: '1.12.3', variants: [{ id: 'aws', version: '1.8.2' }] }] }),
    });
    const [stream] = planImageStreams(catalog, clusterOf(catalog, 'lab'));
    expect(stream.tags).toStrictEqual([
      {
        name: '1.12.3-aws1.8.2',
        version: '1.12.3',
        deprecated: false,
        from: { kind: 'DockerImage', name: 'artifacts.example.com/platform-images/velero:1.12.3-aws1.8.2' },
        importPolicy: { scheduled: true, importMode: 'Legacy' },
        referencePolicy: { type: 'Local' },
        field: 'versions[0].variants[0]',
      },
    ]);
  });

  test('imports every architecture (PreserveOriginal) where the cluster runs several', () => {
    // GIVEN a production cluster with x86_64 and aarch64 nodes
    const fleet = smallFleet({ curation: SMALL_CURATION });
    fleet.clusters[2] = { ...fleet.clusters[2], architectures: ['x86_64', 'aarch64'] };
    const sources = imageSources({ patroni: smallImage() });
    sources.set('catalogs/fleet.ts', fleet);
    const catalog = parseCatalog('catalogs', sources);
    // WHEN planned THEN its tags import PreserveOriginal, the single-architecture cluster's Legacy
    const modes = (cluster: string) => planImageStreams(catalog, clusterOf(catalog, cluster))[0].tags.map((t) => t.importPolicy.importMode);
    expect(modes('prod')).toStrictEqual(['PreserveOriginal', 'PreserveOriginal']);
    expect(modes('test')).toStrictEqual(['Legacy', 'Legacy']);
  });

  test('orders streams and tags by name, as the API server returns tags', () => {
    const catalog = catalogWith({
      nginx: smallImage({ name: 'nginx', versions: [{ version: '1.9.0' }, { version: '1.10.0' }] }),
      caddy: smallImage({ name: 'caddy' }),
    });
    const plan = planImageStreams(catalog, clusterOf(catalog, 'prod'));
    expect(plan.map((s) => s.name)).toStrictEqual(['caddy', 'nginx']);
    expect(plan[1].tags.map((t) => t.name)).toStrictEqual(['1.10.0', '1.9.0']);
  });

  test('adds one image reference per registry-imported tag on every cluster, the build cluster included', () => {
    // GIVEN one image with two versions
    const catalog = catalogWith({ patroni: smallImage() });
    // WHEN the fleet is planned
    const plans = planFleet(catalog);
    // THEN every cluster depends on the distribution registry, named by stream, tag and catalog field
    const references = Object.fromEntries(plans.map((p) => [p.cluster.name, p.imageUses.filter((r) => r.role === 'imagestream-tag')]));
    expect(references.test).toStrictEqual([
      {
        image: 'artifacts.example.com/platform-images/patroni:1.1.0',
        role: 'imagestream-tag',
        usedBy: 'ImageStream bcgov/patroni tag 1.1.0',
        file: 'catalogs/images/patroni.ts',
        field: 'versions[0].version',
      },
      {
        image: 'artifacts.example.com/platform-images/patroni:1.2.0',
        role: 'imagestream-tag',
        usedBy: 'ImageStream bcgov/patroni tag 1.2.0',
        file: 'catalogs/images/patroni.ts',
        field: 'versions[1].version',
      },
    ]);
    expect(references.prod).toStrictEqual(references.test);
    expect(references.lab).toStrictEqual(references.test);
  });

  test('plans no streams for a catalog without images', () => {
    const catalog = parseCatalog('catalogs', smallSources());
    expect(planFleet(catalog).map((p) => [p.imageStreams, p.imageUses.filter((r) => r.role === 'imagestream-tag')])).toStrictEqual([
      [[], []],
      [[], []],
      [[], []],
    ]);
  });
});
