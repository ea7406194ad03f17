import { parseCatalog, type RegistriesInput } from '../../src/model';
import { type ImageUse, planFleet } from '../../src/plan';
import { checkFleet, type Finding } from '../../src/policy';
import { SAMPLES_REMOVED, SMALL_REGISTRIES, smallFleet } from '../support/fixtures';

const INTERNAL = 'image-registry.openshift-image-registry.svc:5000';
const REQUIRED = [INTERNAL, 'quay.io', 'registry.redhat.io'];

/** The findings on lab for one image imported from `image`. */
function findings(registries: RegistriesInput, image: string): Finding[] {
  const catalog = parseCatalog(
    'catalogs',
    new Map<string, unknown>([
      ['catalogs/fleet.ts', smallFleet()],
      ['catalogs/registries.ts', registries],
      ['catalogs/samples.ts', SAMPLES_REMOVED],
    ]),
  );
  const ref: ImageUse = {
    image,
    role: 'imagestream-tag',
    usedBy: 'ImageStream bcgov/app tag 1.0',
    file: 'catalogs/images/app.ts',
    field: 'versions[0]',
  };
  const plans = planFleet(catalog).map((plan) => ({ ...plan, imageUses: plan.cluster.name === 'lab' ? [ref] : [] }));
  return checkFleet({ catalog, plans, previous: new Map() });
}

describe('a finding at its cause', () => {
  test('fails at the misspelt allowedRegistries entry, not at the image that suffers from it', () => {
    // GIVEN an image from ghcr.io and a typo in the allowed list
    const result = findings({ ...SMALL_REGISTRIES, allowedRegistries: [...REQUIRED, 'ghrc.io'] }, 'ghcr.io/acme/app:1.0');
    // WHEN the rules run THEN the pull refusal is reported at allowedRegistries, with the fix
    expect(result).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/not-pullable',
        cluster: 'lab',
        file: 'catalogs/registries.ts',
        field: 'allowedRegistries',
        message:
          'allowedRegistries entry "ghrc.io" on lab looks like a misspelling of "ghcr.io", so the container ' +
          'runtime may not pull "ghcr.io/acme/app:1.0" (ImageStream bcgov/app tag 1.0)',
        fix: 'did you mean "ghcr.io"? correct "ghrc.io" in allowedRegistries in catalogs/registries.ts',
      },
    ]);
  });

  test('fails at the misspelt allowedRegistriesForImport entry', () => {
    const result = findings({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'ghrc.io' }] }, 'ghcr.io/acme/app:1.0');
    expect(result.map((f) => [f.rule, f.file, f.field, f.fix])).toStrictEqual([
      [
        'registries/not-importable',
        'catalogs/registries.ts',
        'allowedRegistriesForImport',
        'did you mean "ghcr.io"? correct "ghrc.io" in allowedRegistriesForImport in catalogs/registries.ts',
      ],
    ]);
  });

  test('reports at the image when no entry is near its registry', () => {
    const result = findings({ ...SMALL_REGISTRIES, allowedRegistries: REQUIRED }, 'ghcr.io/acme/app:1.0');
    expect(result.map((f) => [f.rule, f.file, f.field])).toStrictEqual([['registries/not-pullable', 'catalogs/images/app.ts', 'versions[0]']]);
  });
});
