import { parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet } from '../../src/policy';
import { imageSources, SMALL_SAMPLES, smallBuilderImage, smallImage } from '../support/fixtures';

function findingsOf(sources: Map<string, unknown>) {
  const catalog = parseCatalog('catalogs', sources);
  return checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() });
}

describe('file name rule', () => {
  test('fails with a warning when a curated image file is named after another image', () => {
    // GIVEN catalogs/images/postgres.ts defining the image patroni
    const findings = findingsOf(imageSources({ postgres: smallImage() }));
    // THEN a warning names the file, the field and both ways to fix it
    expect(findings).toStrictEqual([
      {
        severity: 'warning',
        rule: 'images/file-name-mismatch',
        file: 'catalogs/images/postgres.ts',
        field: 'name',
        message: 'catalogs/images/postgres.ts defines the image "patroni"; the file name says "postgres"',
        fix: 'rename the file to catalogs/images/patroni.ts, or set name: "postgres" if the file name is right',
      },
    ]);
  });

  test('fails with a warning when a tracked builder image file is named after another stream', () => {
    const sources = imageSources({});
    sources.set('catalogs/samples.ts', { ...SMALL_SAMPLES, keepImagestreams: ['nodejs'] });
    sources.set('catalogs/builders/py.ts', smallBuilderImage());
    expect(findingsOf(sources).map((f) => [f.rule, f.file, f.field])).toStrictEqual([
      ['images/file-name-mismatch', 'catalogs/builders/py.ts', 'name'],
    ]);
  });

  test('is silent when every file is named after its image', () => {
    const sources = imageSources({ patroni: smallImage() });
    sources.set('catalogs/samples.ts', { ...SMALL_SAMPLES, keepImagestreams: ['nodejs'] });
    sources.set('catalogs/builders/python.ts', smallBuilderImage());
    expect(findingsOf(sources)).toStrictEqual([]);
  });
});
