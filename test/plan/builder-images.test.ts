import { parseCatalog } from '../../src/model';
import { planCluster, planFleet, SCHEDULED_IMPORT_INTERVAL_MINUTES } from '../../src/plan';
import { SMALL_CURATION, SMALL_REGISTRIES, smallBuilderImage, smallFleet } from '../support/fixtures';

function catalogWith(builders: Record<string, unknown>, keepImagestreams: string[] = ['nodejs']) {
  return parseCatalog(
    'catalogs',
    new Map<string, unknown>([
      [
        'catalogs/fleet.ts',
        smallFleet({
          curation: SMALL_CURATION,
          clusters: [
            {
              name: 'lab',
              openshiftVersion: '4.23',
              role: 'build',
              environment: 'lab',
              architectures: ['x86_64', 'aarch64'],
              destination: { server: 'https://api.lab.example.com:6443' },
            },
            { name: 'prod', openshiftVersion: '4.23', role: 'consumer', environment: 'prod', destination: { name: 'prod' } },
          ],
        }),
      ],
      ['catalogs/registries.ts', SMALL_REGISTRIES],
      ['catalogs/samples.ts', { keepImagestreams, keepTemplates: [] }],
      ...Object.entries(builders).map(([name, image]): [string, unknown] => [`catalogs/builders/${name}.ts`, image]),
    ]),
  );
}

describe('tracked image plan', () => {
  test("every tag imports its upstream image on a schedule, Local, in the cluster's import mode; the same on the build cluster", () => {
    // GIVEN python tracked in openshift, on a two-architecture lab and a one-architecture prod
    const catalog = catalogWith({ python: smallBuilderImage() });
    // WHEN planned
    const [lab, prod] = planFleet(catalog);
    // THEN both clusters import from registry.redhat.io (no build-namespace copy), sorted by tag name
    const tag = (name: string, version: string, hidden: boolean, field: string, importMode: string, displayName = `Python ${name}`) => ({
      name,
      from: { kind: 'DockerImage', name: `registry.redhat.io/ubi9/python-${version.replace('.', '')}:latest` },
      displayName,
      description: 'Build and run Python applications on UBI 9.',
      version,
      hidden,
      importPolicy: { scheduled: true, importMode },
      referencePolicy: { type: 'Local' },
      field,
    });
    expect(prod.builderImages).toStrictEqual([
      {
        name: 'python',
        namespace: 'openshift',
        file: 'catalogs/builders/python.ts',
        displayName: 'Python',
        iconClass: 'icon-python',
        categories: ['builder', 'python'],
        supports: ['python'],
        sampleRepo: 'https://github.com/sclorg/django-ex.git',
        annotationDomain: 'images.example.com',
        owner: 'team-builders',
        skippedBySamplesOperator: true,
        tags: [tag('3.11-ubi9', '3.11', true, 'tags[1]', 'Legacy'), tag('3.12-ubi9', '3.12', false, 'tags[0]', 'Legacy', 'Python 3.12 (UBI 9)')],
        trackingTags: [{ name: 'latest', tag: '3.12-ubi9' }],
      },
    ]);
    expect(lab.builderImages[0].tags.map((t) => t.importPolicy)).toStrictEqual([
      { scheduled: true, importMode: 'PreserveOriginal' },
      { scheduled: true, importMode: 'PreserveOriginal' },
    ]);
    expect(lab.builderImages[0].tags.map((t) => t.from)).toStrictEqual(prod.builderImages[0].tags.map((t) => t.from));
    expect(SCHEDULED_IMPORT_INTERVAL_MINUTES).toBe(15);
  });

  test('each tag is an image reference (role imagestream-tag) for the registry rules', () => {
    const catalog = catalogWith({ python: smallBuilderImage() });
    const plan = planCluster(catalog, catalog.fleet.clusters[1]);
    expect(plan.imageUses.filter((r) => r.file === 'catalogs/builders/python.ts')).toStrictEqual([
      {
        image: 'registry.redhat.io/ubi9/python-311:latest',
        role: 'imagestream-tag',
        usedBy: 'ImageStream openshift/python tag 3.11-ubi9',
        file: 'catalogs/builders/python.ts',
        field: 'tags[1].from',
      },
      {
        image: 'registry.redhat.io/ubi9/python-312:latest',
        role: 'imagestream-tag',
        usedBy: 'ImageStream openshift/python tag 3.12-ubi9',
        file: 'catalogs/builders/python.ts',
        field: 'tags[0].from',
      },
    ]);
  });

  test('a stream in openshift is claimed: the Samples Operator skips the sample of its name', () => {
    const catalog = catalogWith({ python: smallBuilderImage() });
    const plan = planCluster(catalog, catalog.fleet.clusters[1]);
    expect(plan.samples?.skippedImagestreams).toContain('python');
    expect(plan.samples?.autoSkipped).toStrictEqual([
      {
        kind: 'ImageStream',
        name: 'python',
        file: 'catalogs/builders/python.ts',
        field: 'name',
        reason: 'the catalog places its own ImageStream openshift/python (catalogs/builders/python.ts: name)',
      },
    ]);
  });

  test('a stream in the curated namespace claims nothing and is not labelled for the Samples Operator', () => {
    const catalog = catalogWith({ python: smallBuilderImage({ namespace: 'bcgov' }) }, ['python']);
    const plan = planCluster(catalog, catalog.fleet.clusters[1]);
    expect(plan.samples?.keptImagestreams).toStrictEqual(['python']);
    expect(plan.samples?.autoSkipped).toStrictEqual([]);
    expect(plan.builderImages[0].skippedBySamplesOperator).toBe(false);
  });

  test("a tag's own supports are sorted and kept apart from the stream's", () => {
    const image = smallBuilderImage({
      tags: [{ name: '3.12-ubi9', from: 'registry.redhat.io/ubi9/python-312:latest', supports: ['python:3.12', 'python'] }],
      latest: undefined,
    });
    const catalog = catalogWith({ python: image });
    const [stream] = planCluster(catalog, catalog.fleet.clusters[1]).builderImages;
    expect([stream.supports, stream.tags[0].supports]).toStrictEqual([['python'], ['python', 'python:3.12']]);
  });

  test('no latest tag unless the catalog names one', () => {
    const catalog = catalogWith({ python: smallBuilderImage({ latest: undefined }) });
    expect(planCluster(catalog, catalog.fleet.clusters[1]).builderImages[0].trackingTags).toStrictEqual([]);
  });
});
