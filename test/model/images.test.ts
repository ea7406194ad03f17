import { type Catalog, type CatalogProblem, loadCatalog, parseCatalog } from '../../src/model';
import { catalogProblems, imageSources, SMALL_CURATION, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, smallImage } from '../support/fixtures';

function problemsOf(sources: Map<string, unknown>): readonly CatalogProblem[] {
  return catalogProblems(() => parseCatalog('catalogs', sources));
}

const FILE = 'catalogs/images/patroni.ts';

describe('curated image model', () => {
  test('applies the documented defaults and resolves tracking tags', () => {
    // GIVEN an image that leaves every optional field out
    // WHEN the catalog is parsed
    const catalog: Catalog = parseCatalog('catalogs', imageSources({ patroni: smallImage() }));
    // THEN it lives in the curated namespace, keeps 3 versions, and latest follows the highest version
    expect(catalog.images).toStrictEqual([
      {
        file: FILE,
        name: 'patroni',
        namespace: 'bcgov',
        owner: 'team-data',
        community: false,
        description: 'Highly available PostgreSQL.',
        source: 'https://git.example.com/images/patroni',
        rebuildSchedule: '0 3 * * 1',
        display: { displayName: 'Patroni', iconClass: 'icon-postgresql', tags: ['postgresql', 'database'], supports: [] },
        versions: [
          { version: '1.1.0', deprecated: false },
          { version: '1.2.0', deprecated: false },
        ],
        tracking: { latest: '1.2.0' },
        retention: 3,
      },
    ]);
    expect(catalog.fleet.curation).toStrictEqual(SMALL_CURATION);
  });

  test('latest defaults to the highest version that is not deprecated, by semantic version order', () => {
    // GIVEN 1.10.0 (deprecated), 1.9.0 and 1.2.0
    const image = smallImage({ versions: [{ version: '1.10.0', deprecated: true }, { version: '1.9.0' }, { version: '1.2.0' }] });
    // WHEN parsed THEN latest is 1.9.0 (not 1.10.0, and not the string-order maximum)
    expect(parseCatalog('catalogs', imageSources({ patroni: image })).images[0].tracking).toStrictEqual({ latest: '1.9.0' });
  });

  test('accepts variants, another namespace, a champion, and a tracking tag written as <stream>:<tag>', () => {
    const image = smallImage({
      name: 'velero',
      namespace: 'openshift',
      community: true,
      champion: 'team-platform',
      versions: [
        {
          version: '1.12.3',
          variants: [
            { id: 'aws', version: '1.8.2' },
            { id: 'aws', version: '1.9.0' },
          ],
        },
      ],
      tracking: { stable: 'velero:1.12.3-aws1.8.2' },
    });
    const [velero] = parseCatalog('catalogs', imageSources({ velero: image })).images;
    expect(velero).toMatchObject({
      namespace: 'openshift',
      community: true,
      champion: 'team-platform',
      tracking: { latest: '1.12.3-aws1.9.0', stable: '1.12.3-aws1.8.2' },
    });
  });

  test('fails on a version that is not semver', () => {
    const problems = problemsOf(imageSources({ patroni: smallImage({ versions: [{ version: '1.2' }, { version: 'v1.3.0' }] }) }));
    expect(problems).toStrictEqual([
      {
        file: FILE,
        field: 'versions[0].version',
        expected: 'a semantic version MAJOR.MINOR.PATCH without prefix, e.g. "1.2.0"',
        received: '"1.2"',
        fix: 'write "1.2.0"',
      },
      {
        file: FILE,
        field: 'versions[1].version',
        expected: 'a semantic version MAJOR.MINOR.PATCH without prefix, e.g. "1.2.0"',
        received: '"v1.3.0"',
        fix: 'write "1.3.0"',
      },
    ]);
  });

  test('fails on a version that is not semver without checking the tags built from it', () => {
    // GIVEN too many versions, one of them not semver, and a tracking tag
    const versions = [{ version: '1.0' }, { version: '1.1.0' }, { version: '1.2.0' }, { version: '1.3.0', variants: [{ id: 'aws', version: '2' }] }];
    const problems = problemsOf(imageSources({ patroni: smallImage({ versions, tracking: { stable: '1.1.0' } }) }));
    // THEN only the versions are reported: retention and tracking need valid versions to order tags
    expect(problems.map((p) => `${p.field}: ${p.received}`)).toStrictEqual(['versions[0].version: "1.0"', 'versions[3].variants[0].version: "2"']);
  });

  test('fails on a tag outside the scheme', () => {
    // GIVEN a tracking tag pointing at "v1.2"
    const problems = problemsOf(imageSources({ patroni: smallImage({ tracking: { latest: 'v1.2' } }) }));
    // THEN the scheme is named and the matching version tag suggested
    expect(problems).toStrictEqual([
      {
        file: FILE,
        field: 'tracking.latest',
        expected:
          'a version tag of this image in the scheme <version> or <version>-<variant><variant-version>, e.g. ' + '"1.12.3" or "1.12.3-aws1.8.2"',
        received: '"v1.2"',
        fix: 'write "1.2.0"',
      },
    ]);
  });

  test('fails on a variant identifier outside the tag scheme', () => {
    const problems = problemsOf(
      imageSources({ patroni: smallImage({ versions: [{ version: '1.12.3', variants: [{ id: 'AWS-s3', version: '1.8.2' }] }] }) }),
    );
    expect(problems).toStrictEqual([
      {
        file: FILE,
        field: 'versions[0].variants[0].id',
        expected:
          'a variant identifier of lowercase letters only, e.g. "aws", so that tags follow the scheme ' +
          '<version> or <version>-<variant><variant-version>, e.g. "1.12.3" or "1.12.3-aws1.8.2"',
        received: '"AWS-s3"',
        fix: 'rename it, e.g. "aws"; put its version in `version`',
      },
    ]);
  });

  test('fails on more versions than the retention allows', () => {
    const versions = [{ version: '1.0.0' }, { version: '1.1.0' }, { version: '1.2.0' }, { version: '0.9.0' }];
    expect(problemsOf(imageSources({ patroni: smallImage({ versions }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'versions',
        expected: 'at most 3 versions (retention)',
        received: '4 versions: 1.0.0, 1.1.0, 1.2.0, 0.9.0',
        fix: 'remove the oldest (0.9.0) or raise `retention`',
      },
    ]);
  });

  test('fails on more versions of one variant than the retention allows, counting each variant on its own', () => {
    const variants = (v: string) => [
      { id: 'aws', version: v },
      { id: 'gcp', version: '1.0.0' },
    ];
    const versions = [
      { version: '1.0.0', variants: variants('1.0.0') },
      { version: '1.1.0', variants: variants('1.0.0') },
      { version: '1.2.0', variants: [{ id: 'aws', version: '1.0.0' }] },
    ];
    expect(problemsOf(imageSources({ patroni: smallImage({ versions, retention: 2 }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'versions',
        expected: 'at most 2 versions of variant aws (retention)',
        received: '3 versions: 1.0.0-aws1.0.0, 1.1.0-aws1.0.0, 1.2.0-aws1.0.0',
        fix: 'remove the oldest (1.0.0-aws1.0.0) or raise `retention`',
      },
    ]);
  });

  test('fails on more versions than the retention allows when the oldest is stable, without sending the author in a circle', () => {
    // GIVEN four versions, retention 3, and stable on the oldest
    const versions = [{ version: '1.0.0' }, { version: '1.1.0' }, { version: '1.2.0' }, { version: '1.3.0' }];
    const [problem] = problemsOf(imageSources({ patroni: smallImage({ versions, tracking: { stable: '1.0.0' } }) }));
    // THEN the first message says that 1.0.0 is stable's target, and offers moving stable first or dropping another
    expect(problem).toStrictEqual({
      file: FILE,
      field: 'versions',
      expected: 'at most 3 versions (retention)',
      received: '4 versions: 1.0.0, 1.1.0, 1.2.0, 1.3.0',
      fix:
        'the oldest (1.0.0) cannot simply be removed: 1.0.0 is the target of `tracking.stable`. Either move ' +
        '`stable` to a newer tag first (e.g. "1.1.0"), then remove 1.0.0, or remove 1.1.0 instead, or raise `retention`',
    });
    // AND following the first way out yields a valid catalog (no second problem about stable)
    const followed = smallImage({ versions: versions.slice(1), tracking: { stable: '1.1.0' } });
    expect(parseCatalog('catalogs', imageSources({ patroni: followed })).images[0].tracking).toStrictEqual({ latest: '1.3.0', stable: '1.1.0' });
    // AND so does the second
    const other = smallImage({ versions: [versions[0], ...versions.slice(2)], tracking: { stable: '1.0.0' } });
    expect(parseCatalog('catalogs', imageSources({ patroni: other })).images[0].tracking).toStrictEqual({ latest: '1.3.0', stable: '1.0.0' });
  });

  test('fails on more versions than the retention allows when the oldest is latest, written as <stream>:<tag>', () => {
    const versions = [{ version: '1.0.0' }, { version: '1.1.0' }, { version: '1.2.0', deprecated: true }];
    const [problem] = problemsOf(imageSources({ patroni: smallImage({ versions, retention: 2, tracking: { latest: 'patroni:1.0.0' } }) }));
    expect(problem.fix).toBe(
      'the oldest (1.0.0) cannot simply be removed: 1.0.0 is the target of `tracking.latest`. Either move ' +
        '`latest` to a newer tag first (e.g. "1.1.0"), then remove 1.0.0, or remove 1.1.0 instead, or raise `retention`',
    );
  });

  test('fails on a duplicate version', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ versions: [{ version: '1.1.0' }, { version: '1.1.0' }] }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'versions[1].version',
        expected: 'a unique version',
        received: '"1.1.0", already used at index 0',
        fix: 'remove the duplicate or give it another version',
      },
    ]);
  });

  test('fails on a duplicate tag', () => {
    const versions = [
      {
        version: '1.1.0',
        variants: [
          { id: 'aws', version: '1.0.0' },
          { id: 'aws', version: '1.0.0' },
        ],
      },
    ];
    expect(problemsOf(imageSources({ patroni: smallImage({ versions }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'versions[0].variants[1]',
        expected: 'a unique tag',
        received: '"1.1.0-aws1.0.0", already used at index 0',
        fix: 'remove the duplicate or give it another tag',
      },
    ]);
  });

  test('fails on a duplicate image across files', () => {
    expect(problemsOf(imageSources({ patroni: smallImage(), postgres: smallImage() }))).toStrictEqual([
      {
        file: 'catalogs/images/postgres.ts',
        field: 'name',
        expected: 'an image name no other file in the images folder uses',
        received: '"patroni", already defined in catalogs/images/patroni.ts',
        fix: 'rename the image or merge the two files',
      },
    ]);
  });

  test('fails on a missing owner', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ owner: undefined }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'owner',
        expected: 'the primary owner of the image: a person or team of the platform team',
        received: 'nothing (the field is missing)',
        fix: 'add `owner`: every curated image needs a primary contact who answers for it',
      },
    ]);
  });

  test('fails on a community image without champion', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ community: true }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'champion',
        expected: 'a champion on the platform team, since the image is a community contribution (community: true)',
        received: 'nothing (the field is missing)',
        fix: 'add `champion`: the platform-team member who rebuilds or retires the image when its contributors move on',
      },
    ]);
  });

  test('fails on a tracking tag pointing at a missing version', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ tracking: { stable: '1.9.0' } }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'tracking.stable',
        expected: 'a tag of a version this image lists: 1.1.0, 1.2.0',
        received: '"1.9.0", which no entry of `versions` produces',
        fix: 'did you mean "1.1.0"? Otherwise add { version: "1.9.0" } to `versions`, or point stable at one of the listed tags',
      },
    ]);
  });

  test('fails on a tracking tag referencing another image stream', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ tracking: { stable: 'postgres:1.1.0' } }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'tracking.stable',
        expected:
          'a tag of this image stream (patroni); a tracking tag of the catalog follows a tag of its own ' +
          'stream, so the stream never depends on another',
        received: '"postgres:1.1.0"',
        fix: 'write a tag of patroni, e.g. "1.2.0"',
      },
    ]);
  });

  test('fails on a rebuild schedule that is not cron', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ rebuildSchedule: '0 25 * * 1' }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'rebuildSchedule',
        expected: 'a cron schedule: minute hour day-of-month month day-of-week, e.g. "0 3 * * 1" (Mondays 03:00), or @daily/@weekly/@monthly',
        received: '"0 25 * * 1": hour "25" is outside 0-23',
        fix: 'correct the schedule, e.g. "0 3 * * 1"',
      },
    ]);
  });

  test('fails when images exist but the fleet has no curation settings', () => {
    const sources = new Map<string, unknown>([
      ['catalogs/fleet.ts', smallFleet()],
      ['catalogs/registries.ts', SMALL_REGISTRIES],
      ['catalogs/samples.ts', SMALL_SAMPLES],
      [FILE, smallImage()],
    ]);
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/fleet.ts',
        field: 'curation',
        expected: 'the curation settings, since catalogs/images/patroni.ts defines curated images',
        received: 'nothing (the field is missing)',
        fix:
          'add `curation: { buildNamespace: "<namespace of the image builds on the build cluster>", ' +
          'annotationDomain: "<a domain you own, e.g. images.example.com>" }`',
      },
    ]);
  });

  test('fails on an image in the build namespace, and on a build namespace that is the curated one', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ namespace: 'platform-tools' }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'namespace',
        expected:
          'a namespace other than the build namespace "platform-tools" (the image builds run there; a curated ' +
          'stream of the same name would clash with their output)',
        received: '"platform-tools"',
        fix: 'remove `namespace` (the default is "bcgov") or choose another',
      },
    ]);
    const sources = imageSources({});
    sources.set('catalogs/fleet.ts', smallFleet({ curation: { ...SMALL_CURATION, buildNamespace: 'bcgov' } }));
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/fleet.ts',
        field: 'curation.buildNamespace',
        expected: 'a build namespace other than the curated namespace "bcgov" (the image builds run there, apart from what users read)',
        received: '"bcgov"',
        fix: 'use the namespace the image builds run in, e.g. "bcgov-tools"',
      },
    ]);
  });

  test('fails on a wrong type without running the image rules on it', () => {
    expect(problemsOf(imageSources({ patroni: smallImage({ versions: [{ version: 3 as unknown as string }] }) }))).toStrictEqual([
      {
        file: FILE,
        field: 'versions[0].version',
        expected: 'a string',
        received: '3',
        fix: 'write a string here',
      },
    ]);
  });

  test('fails on a file nested below the images folder', () => {
    const sources = imageSources({});
    sources.set('catalogs/images/db/patroni.ts', smallImage());
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/images/db/patroni.ts',
        field: '',
        expected:
          'a known catalog file: catalogs/admission.ts, catalogs/fleet.ts, catalogs/registries.ts, ' +
          'catalogs/samples.ts, or catalogs/images/<image>.ts',
        received: 'a file the compiler does not read',
        fix: 'move or rename the file to one of the expected names, or delete it',
      },
    ]);
  });

  test('the default catalog curates the seed list and one specialised image', () => {
    // GIVEN the bundled catalogs/ WHEN loaded THEN every seed image is there, each from its own file
    const catalog = loadCatalog('catalogs');
    expect(catalog.images.map((i) => [i.file, i.name])).toStrictEqual([
      ['catalogs/images/backup-container.ts', 'backup-container'],
      ['catalogs/images/caddy-s2i.ts', 'caddy-s2i'],
      ['catalogs/images/jenkins-agent-base.ts', 'jenkins-agent-base'],
      ['catalogs/images/jenkins.ts', 'jenkins'],
      ['catalogs/images/minio.ts', 'minio'],
      ['catalogs/images/nats.ts', 'nats'],
      ['catalogs/images/nginx.ts', 'nginx'],
      ['catalogs/images/patroni.ts', 'patroni'],
      ['catalogs/images/velero.ts', 'velero'],
    ]);
    expect(catalog.images.find((i) => i.name === 'velero')?.versions.flatMap((v) => v.variants ?? [])).toContainEqual({
      id: 'aws',
      version: '1.10.1',
    });
  });
});
