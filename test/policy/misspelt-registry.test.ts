import { parseCatalog, RegistriesInput } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet, Finding } from '../../src/policy';
import { SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet } from '../support/fixtures';

const INTERNAL = 'image-registry.openshift-image-registry.svc:5000';

function findings(registries: RegistriesInput): Finding[] {
  const catalog = parseCatalog('catalogs', new Map<string, unknown>([['catalogs/fleet.ts', smallFleet()], ['catalogs/registries.ts', registries], ['catalogs/samples.ts', SMALL_SAMPLES]]));
  return checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() });
}

describe('a finding at its cause', () => {
  test('fails at the misspelt allowedRegistries entry, not at the samples registry that suffers from it', () => {
    // GIVEN samples imported from registry.redhat.io (the default) and a typo in the allowed list
    const result = findings({ ...SMALL_REGISTRIES, allowedRegistries: [INTERNAL, 'quay.io', 'registry.redaht.io'] });
    // WHEN the rules run THEN the pull refusal is reported at allowedRegistries, with the fix
    const pull = result.filter((f) => f.rule === 'registries/not-pullable');
    expect(pull.length).toBeGreaterThan(0);
    expect(pull[0]).toStrictEqual({
      severity: 'error',
      rule: 'registries/not-pullable',
      cluster: pull[0].cluster,
      file: 'catalogs/registries.ts',
      field: 'allowedRegistries',
      message: `allowedRegistries entry "registry.redaht.io" on ${pull[0].cluster} looks like a misspelling of "registry.redhat.io", so the container runtime may not pull the samples; the Samples Operator marks its Config invalid and the samples go Removed`,
      fix: 'did you mean "registry.redhat.io"? correct "registry.redaht.io" in allowedRegistries in catalogs/registries.ts',
    });
    expect(result.filter((f) => f.file === 'catalogs/samples.ts')).toStrictEqual([]);
  });

  test('fails at the misspelt allowedRegistriesForImport entry', () => {
    const result = findings({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'registry.redhat.com' }] });
    const imports = result.filter((f) => f.rule === 'registries/not-importable');
    expect(imports.map((f) => [f.file, f.field, f.fix])).toStrictEqual(
      imports.map(() => ['catalogs/registries.ts', 'allowedRegistriesForImport', 'did you mean "registry.redhat.io"? correct "registry.redhat.com" in allowedRegistriesForImport in catalogs/registries.ts']),
    );
    expect(imports.length).toBe(3);
  });
});
