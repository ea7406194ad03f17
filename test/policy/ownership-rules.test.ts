import { parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet } from '../../src/policy';
import { twoOwners } from '../../src/policy/ownership-rules';
import { SMALL_CURATION, SMALL_REGISTRIES, smallBuilderImage, smallFleet, smallImage } from '../support/fixtures';

function contextOf(extra: Record<string, unknown>, samples: Record<string, unknown> = { keepImagestreams: [], keepTemplates: [] }) {
  const catalog = parseCatalog(
    'catalogs',
    new Map<string, unknown>([
      ['catalogs/fleet.ts', smallFleet({ curation: SMALL_CURATION })],
      ['catalogs/registries.ts', SMALL_REGISTRIES],
      ['catalogs/samples.ts', samples],
      ...Object.entries(extra),
    ]),
  );
  return { catalog, plans: planFleet(catalog), previous: new Map<string, string>() };
}

describe('catalog/two-owners', () => {
  test('fails on two tracked-image files owning one stream', () => {
    // GIVEN python.ts and python-ubi9.ts both defining openshift/python
    const context = contextOf({ 'catalogs/builders/python.ts': smallBuilderImage(), 'catalogs/builders/python-ubi9.ts': smallBuilderImage() });
    // WHEN checked THEN the second file (by name) is refused, naming the first
    expect(twoOwners(context)).toStrictEqual([
      {
        severity: 'error',
        rule: 'catalog/two-owners',
        file: 'catalogs/builders/python.ts',
        field: 'name',
        message:
          'ImageStream openshift/python is defined twice: by this tracked image and by the tracked image ' +
          'catalogs/builders/python-ubi9.ts; one stream has one owner',
        fix: 'rename one of them, or delete catalogs/builders/python.ts and keep the tags in catalogs/builders/python-ubi9.ts',
      },
    ]);
  });

  test('fails on a curated image and a tracked image owning one stream', () => {
    const context = contextOf({
      'catalogs/images/python.ts': smallImage({ name: 'python', namespace: 'openshift' }),
      'catalogs/builders/python.ts': smallBuilderImage(),
    });
    expect(twoOwners(context).map((f) => f.message)).toStrictEqual([
      'ImageStream openshift/python is defined twice: by this curated image and by the tracked image ' +
        'catalogs/builders/python.ts; one stream has one owner',
    ]);
  });

  test('the same name in two namespaces has two streams, not two owners', () => {
    const context = contextOf({
      'catalogs/images/python.ts': smallImage({ name: 'python' }),
      'catalogs/builders/python.ts': smallBuilderImage(),
    });
    expect(twoOwners(context)).toStrictEqual([]);
  });

  test('fails on a sample the keep-list keeps while the catalog owns it, once for every cluster', () => {
    // GIVEN python kept fleet-wide and tracked in openshift
    const context = contextOf({ 'catalogs/builders/python.ts': smallBuilderImage() }, { keepImagestreams: ['nodejs', 'python'], keepTemplates: [] });
    // WHEN the whole fleet is checked
    const findings = checkFleet(context).filter((f) => f.severity === 'error');
    // THEN one error at the keep-list entry
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'catalog/two-owners',
        file: 'catalogs/samples.ts',
        field: 'keepImagestreams[1]',
        message:
          'ImageStream openshift/python is kept as a Samples Operator sample and owned by ' +
          'catalogs/builders/python.ts on every cluster; one stream has one owner',
        fix:
          'remove "python" from catalogs/samples.ts: keepImagestreams[1]: catalogs/builders/python.ts owns it ' +
          'now (the Samples Operator skips it)',
      },
    ]);
  });

  test('fails on a keep-list override of one cluster, naming that cluster', () => {
    const context = contextOf(
      { 'catalogs/builders/python.ts': smallBuilderImage() },
      { keepImagestreams: [], keepTemplates: [], clusters: { prod: { keepImagestreams: ['python'] } } },
    );
    expect(twoOwners(context).map((f) => `${f.field}: ${f.message}`)).toStrictEqual([
      'clusters.prod.keepImagestreams[0]: ImageStream openshift/python is kept as a Samples Operator ' +
        'sample and owned by catalogs/builders/python.ts on prod; one stream has one owner',
    ]);
  });

  test('a tracked stream in openshift is not a samples/auto-skipped warning: replacing the sample is its purpose', () => {
    const context = contextOf({ 'catalogs/builders/python.ts': smallBuilderImage() }, { keepImagestreams: ['nodejs'], keepTemplates: [] });
    expect(checkFleet(context)).toStrictEqual([]);
  });
});
