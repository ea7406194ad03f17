import { parseCatalog, type RegistriesInput } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet } from '../../src/policy';
import { SMALL_CURATION, SMALL_REGISTRIES, smallBuilderImage, smallFleet } from '../support/fixtures';

/** A tracked image's upstream is checked like every other import: the registry rules read ClusterPlan.imageUses. */
function findings(registries: RegistriesInput) {
  const catalog = parseCatalog(
    'catalogs',
    new Map<string, unknown>([
      ['catalogs/fleet.ts', smallFleet({ curation: SMALL_CURATION })],
      ['catalogs/registries.ts', registries],
      ['catalogs/samples.ts', { managementState: 'Removed', keepImagestreams: [], keepTemplates: [] }],
      [
        'catalogs/builders/python.ts',
        smallBuilderImage({ tags: [{ name: '3.12-ubi9', from: 'registry.redhat.io/ubi9/python-312:latest' }], latest: undefined }),
      ],
    ]),
  );
  return checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() }).filter((f) => f.file === 'catalogs/builders/python.ts');
}

describe('registry rules over tracked images', () => {
  test("fails when the upstream registry is not allowed for import, at the tag's from", () => {
    const result = findings({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'quay.io' }] });
    expect(result.map((f) => `${f.severity} ${f.rule} ${f.cluster} ${f.field}`)).toStrictEqual([
      'error registries/not-importable lab tags[0].from',
      'error registries/not-importable prod tags[0].from',
      'error registries/not-importable test tags[0].from',
    ]);
  });

  test('fails when pods may not pull from the upstream registry', () => {
    const result = findings({
      ...SMALL_REGISTRIES,
      allowedRegistries: ['quay.io', 'registry.redhat.io/ubi8', 'image-registry.openshift-image-registry.svc:5000', 'artifacts.example.com'],
    });
    expect(result.map((f) => `${f.rule} ${f.cluster}`)).toStrictEqual([
      'registries/not-pullable lab',
      'registries/not-pullable prod',
      'registries/not-pullable test',
    ]);
  });

  test('passes when the registry is allowed', () => {
    expect(findings({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'registry.redhat.io' }] })).toStrictEqual([]);
  });
});

describe('mirrors over tracked images', () => {
  test('fails on a disconnected cluster when no mirror serves the upstream image', () => {
    const fleet = smallFleet({ curation: SMALL_CURATION });
    const catalog = parseCatalog(
      'catalogs',
      new Map<string, unknown>([
        ['catalogs/fleet.ts', { ...fleet, clusters: fleet.clusters.map((c) => (c.name === 'prod' ? { ...c, connectivity: 'disconnected' } : c)) }],
        ['catalogs/registries.ts', SMALL_REGISTRIES],
        ['catalogs/samples.ts', { managementState: 'Removed', keepImagestreams: [], keepTemplates: [] }],
        [
          'catalogs/builders/python.ts',
          smallBuilderImage({ tags: [{ name: '3.12-ubi9', from: 'registry.redhat.io/ubi9/python-312:latest' }], latest: undefined }),
        ],
      ]),
    );
    const result = checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() }).filter((f) => f.rule === 'registries/not-mirrored');
    expect(result.map((f) => f.cluster)).toStrictEqual(['prod']);
    expect(result[0].message).toContain('registry.redhat.io/ubi9/python-312:latest');
  });
});
