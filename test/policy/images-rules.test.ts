import { loadCatalog, parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet } from '../../src/policy';
import { imageSources, smallImage } from '../support/fixtures';

function findingsFor(image: ReturnType<typeof smallImage>) {
  const catalog = parseCatalog('catalogs', imageSources({ patroni: image }));
  return checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() });
}

describe('curated image rules', () => {
  test('fails with a warning when latest is not on the highest version', () => {
    // GIVEN latest pinned to 1.1.0 while 1.2.0 exists
    // WHEN the fleet is checked
    const findings = findingsFor(smallImage({ tracking: { latest: '1.1.0' } }));
    // THEN a warning names the file, the field and the version latest should follow
    expect(findings).toStrictEqual([
      {
        severity: 'warning',
        rule: 'images/latest-not-highest',
        file: 'catalogs/images/patroni.ts',
        field: 'tracking.latest',
        message: 'tag latest of image patroni follows 1.1.0, but 1.2.0 is newer; users of latest do not get it',
        fix: 'point latest at "1.2.0", or remove `tracking.latest` so that it follows the highest version',
      },
    ]);
  });

  test('fails with a warning when latest is on an older build of the same variant', () => {
    const image = smallImage({
      versions: [
        {
          version: '1.12.3',
          variants: [
            { id: 'aws', version: '1.8.2' },
            { id: 'aws', version: '1.9.0' },
          ],
        },
      ],
      tracking: { latest: '1.12.3-aws1.8.2' },
    });
    expect(findingsFor(image).map((f) => f.message)).toStrictEqual([
      'tag latest of image patroni follows 1.12.3-aws1.8.2, but 1.12.3-aws1.9.0 is newer; users of latest do not get it',
    ]);
  });

  test('does not warn when latest skips a deprecated newer version', () => {
    const image = smallImage({ versions: [{ version: '1.1.0' }, { version: '1.2.0', deprecated: true }], tracking: { latest: '1.1.0' } });
    expect(findingsFor(image)).toStrictEqual([]);
  });

  test('fails with a warning when stable is on a deprecated version', () => {
    const findings = findingsFor(
      smallImage({ versions: [{ version: '1.1.0', deprecated: true }, { version: '1.2.0' }], tracking: { stable: '1.1.0' } }),
    );
    expect(findings).toStrictEqual([
      {
        severity: 'warning',
        rule: 'images/stable-deprecated',
        file: 'catalogs/images/patroni.ts',
        field: 'tracking.stable',
        message: 'tag stable of image patroni follows 1.1.0, which is deprecated (versions[0].deprecated)',
        fix: 'point stable at a supported version: "1.2.0"',
      },
    ]);
  });

  test('the default catalog has no image findings', () => {
    const catalog = loadCatalog('catalogs');
    const findings = checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() });
    expect(findings.filter((f) => f.rule.startsWith('images/'))).toStrictEqual([]);
  });
});
