import { type CatalogProblem, loadCatalog, parseCatalog } from '../../src/model';
import { catalogProblems, SMALL_CURATION, SMALL_REGISTRIES, SMALL_SAMPLES, smallBuilderImage, smallFleet } from '../support/fixtures';

const FILE = 'catalogs/builders/python.ts';

function sources(builders: Record<string, unknown>, fleet = smallFleet({ curation: SMALL_CURATION })): Map<string, unknown> {
  return new Map<string, unknown>([
    ['catalogs/fleet.ts', fleet],
    ['catalogs/registries.ts', SMALL_REGISTRIES],
    ['catalogs/samples.ts', { ...SMALL_SAMPLES, keepImagestreams: ['nodejs'] }],
    ...Object.entries(builders).map(([name, image]): [string, unknown] => [`catalogs/builders/${name}.ts`, image]),
  ]);
}

function problemsOf(s: Map<string, unknown>): readonly CatalogProblem[] {
  return catalogProblems(() => parseCatalog('catalogs', s));
}

describe('tracked (builder) image model', () => {
  test('normalizes a tracked image: defaults, field paths of the tags', () => {
    // GIVEN a builder image in openshift with two tags, one hidden
    // WHEN parsed
    const catalog = parseCatalog('catalogs', sources({ python: smallBuilderImage() }));
    // THEN it keeps its namespace, owner and display settings, and each tag knows its field
    expect(catalog.builderImages).toStrictEqual([
      {
        file: FILE,
        name: 'python',
        namespace: 'openshift',
        owner: 'team-builders',
        description: 'Build and run Python applications on UBI 9.',
        display: {
          displayName: 'Python',
          iconClass: 'icon-python',
          tags: ['python', 'builder'],
          supports: ['python'],
          sampleRepo: 'https://github.com/sclorg/django-ex.git',
        },
        tags: [
          {
            name: '3.12-ubi9',
            from: 'registry.redhat.io/ubi9/python-312:latest',
            version: '3.12',
            displayName: 'Python 3.12 (UBI 9)',
            hidden: false,
            field: 'tags[0]',
          },
          { name: '3.11-ubi9', from: 'registry.redhat.io/ubi9/python-311:latest', version: '3.11', hidden: true, field: 'tags[1]' },
        ],
        latest: '3.12-ubi9',
      },
    ]);
  });

  test('defaults the namespace to the curated namespace', () => {
    const catalog = parseCatalog('catalogs', sources({ python: smallBuilderImage({ namespace: undefined }) }));
    expect(catalog.builderImages[0].namespace).toBe('bcgov');
  });

  test('the bundled catalog owns the language builders in openshift, each from registry.redhat.io', () => {
    const catalog = loadCatalog('catalogs');
    expect(catalog.builderImages.map((b) => `${b.namespace}/${b.name}`)).toStrictEqual([
      'openshift/dotnet',
      'openshift/golang',
      'openshift/java',
      'openshift/nginx',
      'openshift/nodejs',
      'openshift/python',
      'openshift/ruby',
    ]);
    expect(catalog.builderImages.flatMap((b) => b.tags.map((t) => t.from)).filter((from) => !from.startsWith('registry.redhat.io/'))).toStrictEqual(
      [],
    );
    expect(catalog.builderImages.every((b) => b.display.tags.includes('builder'))).toBe(true);
  });

  test('fails without an owner', () => {
    expect(problemsOf(sources({ python: smallBuilderImage({ owner: undefined }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'owner',
        expected: 'the primary owner of the stream: a person or team of the platform team',
        received: 'nothing (the field is missing)',
        fix: 'add `owner`: every tracked image needs a primary contact who answers for it',
      },
    ]);
  });

  test('fails on an upstream image that is not fully qualified', () => {
    // GIVEN a Docker Hub short name
    const image = smallBuilderImage({ tags: [{ name: 'a', from: 'python:3.12' }] });
    // WHEN parsed THEN the field is named with the fix
    expect(problemsOf(sources({ python: image }))).toStrictEqual([
      {
        file: FILE,
        field: 'tags[0].from',
        expected:
          'a fully qualified image with a tag or digest: registry host, repository and tag, e.g. ' + '"registry.redhat.io/ubi9/nodejs-22:latest"',
        received: '"python:3.12"',
        fix: 'write registry/repository:tag, e.g. "registry.redhat.io/ubi9/python:3.12"',
      },
    ]);
  });

  test('fails on an upstream image without a tag or digest', () => {
    const image = smallBuilderImage({
      tags: [
        { name: 'a', from: 'registry.redhat.io/ubi9/python-312:latest' },
        { name: 'b', from: 'registry.redhat.io/ubi9/python-312' },
      ],
      latest: 'a',
    });
    expect(problemsOf(sources({ python: image }))).toStrictEqual([
      {
        file: FILE,
        field: 'tags[1].from',
        expected: 'an image with an explicit tag or digest',
        received: '"registry.redhat.io/ubi9/python-312"',
        fix: 'write "registry.redhat.io/ubi9/python-312:latest" to follow the moving tag, or name the version tag',
      },
    ]);
  });

  test('fails on a tag name outside the image tag grammar', () => {
    const image = smallBuilderImage({ tags: [{ name: '-x', from: 'registry.redhat.io/ubi9/python-312:latest' }], latest: undefined });
    expect(problemsOf(sources({ python: image })).map((p) => `${p.field}: ${p.fix}`)).toStrictEqual(['tags[0].name: write e.g. "x"']);
  });

  test('fails on a repeated tag name and a latest that names no tag', () => {
    const image = smallBuilderImage({
      tags: [
        { name: '3.12-ubi9', from: 'registry.redhat.io/ubi9/python-312:latest' },
        { name: '3.12-ubi9', from: 'registry.redhat.io/ubi9/python-312:1' },
      ],
      latest: '3.13-ubi9',
    });
    expect(problemsOf(sources({ python: image })).map((p) => `${p.field}: ${p.expected}`)).toStrictEqual([
      'tags[1].name: a unique tag name',
      'latest: a tag of this stream: 3.12-ubi9',
    ]);
  });

  test('fails on a latest field beside a tag named latest', () => {
    const image = smallBuilderImage({ tags: [{ name: 'latest', from: 'registry.redhat.io/ubi9/python-312:latest' }], latest: 'latest' });
    expect(problemsOf(sources({ python: image })).map((p) => `${p.field}: ${p.expected}`)).toStrictEqual([
      'latest: no `latest` field when `tags` has a tag named latest',
    ]);
  });

  test('fails on a namespace other than openshift or the curated namespace', () => {
    expect(problemsOf(sources({ python: smallBuilderImage({ namespace: 'team-a' }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'namespace',
        expected: '"openshift" (where builds find builder images, taken over from the Samples Operator) or the curated namespace "bcgov"',
        received: '"team-a"',
        fix: 'write namespace: \'openshift\', or remove `namespace` for "bcgov"',
      },
    ]);
  });

  test('fails on a payload image stream name in openshift', () => {
    expect(problemsOf(sources({ cli: smallBuilderImage({ name: 'cli' }) }))).toStrictEqual([
      {
        file: 'catalogs/builders/cli.ts',
        field: 'name',
        expected:
          'a name other than the payload image streams of openshift (cli, cli-artifacts, installer, ' +
          'installer-artifacts, must-gather, oauth-proxy, tests, tools): the cluster version operator manages them',
        received: '"cli"',
        fix: 'rename the stream, or place it in the curated namespace "bcgov"',
      },
    ]);
  });

  test("fails without the fleet's curation settings, whose domain prefixes the owner annotation", () => {
    const problems = problemsOf(sources({ python: smallBuilderImage() }, smallFleet()));
    expect(problems.map((p) => `${p.file}: ${p.field}`)).toStrictEqual(['catalogs/fleet.ts: curation']);
  });

  test('fails on an unknown field, naming it', () => {
    const problems = problemsOf(sources({ python: { ...smallBuilderImage(), schedule: '@daily' } }));
    expect(problems.map((p) => `${p.field}: ${p.received}`)).toStrictEqual(['schedule: unknown field `schedule`']);
  });
});
