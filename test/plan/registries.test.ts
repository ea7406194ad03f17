import { parseCatalog, type RegistriesInput } from '../../src/model';
import { mirrorSetName, planFleet } from '../../src/plan';
import { imageSources, SMALL_REGISTRIES, smallFleet, smallImage, SAMPLES_REMOVED } from '../support/fixtures';

function plan(registries: RegistriesInput, icsp: Record<string, unknown> = {}) {
  const catalog = parseCatalog(
    'catalogs',
    new Map<string, unknown>([
      ['catalogs/fleet.ts', smallFleet()],
      ['catalogs/registries.ts', registries],
      ['catalogs/samples.ts', SAMPLES_REMOVED],
      ...Object.entries(icsp),
    ]),
  );
  return Object.fromEntries(planFleet(catalog).map((p) => [p.cluster.name, p.registries]));
}

describe('planRegistries', () => {
  test('a cluster override replaces each field it sets, and the plan remembers where each value was written', () => {
    // GIVEN a fleet policy and an override for prod
    const plans = plan({
      ...SMALL_REGISTRIES,
      allowedRegistriesForImport: [{ domainName: 'registry.redhat.io' }, { domainName: 'quay.io' }],
      insecureRegistries: ['lab.local'],
      clusters: { prod: { allowedRegistriesForImport: [{ domainName: 'artifacts.example.com' }], insecureRegistries: [] } },
    });
    // THEN prod has its own lists, the others the fleet's, sorted
    expect(plans.prod.allowedRegistriesForImport).toStrictEqual([{ domainName: 'artifacts.example.com', insecure: false }]);
    expect(plans.prod.insecureRegistries).toStrictEqual([]);
    expect(plans.test.allowedRegistriesForImport).toStrictEqual([
      { domainName: 'quay.io', insecure: false },
      { domainName: 'registry.redhat.io', insecure: false },
    ]);
    expect(plans.test.insecureRegistries).toStrictEqual(['lab.local']);
    expect(plans.prod.fields.allowedRegistriesForImport).toBe('clusters.prod.allowedRegistriesForImport');
    expect(plans.prod.fields.blockedRegistries).toBe('blockedRegistries');
    expect(plans.test.fields.allowedRegistriesForImport).toBe('allowedRegistriesForImport');
  });

  test('sorts lists whose order has no meaning and keeps the search order', () => {
    const { lab } = plan({
      ...SMALL_REGISTRIES,
      allowedRegistries: ['quay.io', 'artifacts.example.com', 'registry.redhat.io'],
      containerRuntimeSearchRegistries: ['zeta.example.com', 'alpha.example.com'],
    });
    expect(lab.allowedRegistries).toStrictEqual(['artifacts.example.com', 'quay.io', 'registry.redhat.io']);
    expect(lab.containerRuntimeSearchRegistries).toStrictEqual(['zeta.example.com', 'alpha.example.com']);
  });

  test('groups mirror rules into one set per source host, named after it, rules sorted by source, mirrors in order', () => {
    const { lab } = plan({
      ...SMALL_REGISTRIES,
      imageDigestMirrors: [
        { source: 'registry.redhat.io/ubi9', mirrors: ['m2.example.com/ubi9', 'm1.example.com/ubi9'] },
        { source: '*.quay.io', mirrors: ['m1.example.com/quay'] },
        { source: 'registry.redhat.io/rhel9', mirrors: ['m1.example.com/rhel9'], mirrorSourcePolicy: 'NeverContactSource' },
      ],
    });
    expect(lab.imageDigestMirrorSets).toStrictEqual([
      {
        name: 'mirror-registry.redhat.io',
        file: 'catalogs/registries.ts',
        rules: [
          {
            source: 'registry.redhat.io/rhel9',
            mirrors: ['m1.example.com/rhel9'],
            mirrorSourcePolicy: 'NeverContactSource',
            file: 'catalogs/registries.ts',
            field: 'imageDigestMirrors[2]',
          },
          {
            source: 'registry.redhat.io/ubi9',
            mirrors: ['m2.example.com/ubi9', 'm1.example.com/ubi9'],
            mirrorSourcePolicy: 'AllowContactingSource',
            file: 'catalogs/registries.ts',
            field: 'imageDigestMirrors[0]',
          },
        ],
      },
      {
        name: 'mirror-wildcard.quay.io',
        file: 'catalogs/registries.ts',
        rules: [
          {
            source: '*.quay.io',
            mirrors: ['m1.example.com/quay'],
            mirrorSourcePolicy: 'AllowContactingSource',
            file: 'catalogs/registries.ts',
            field: 'imageDigestMirrors[1]',
          },
        ],
      },
    ]);
    expect(lab.imageTagMirrorSets).toStrictEqual([]);
  });

  test.each([
    ['registry.redhat.io/ubi9', 'mirror-registry.redhat.io'],
    ['Registry.Local:5000/team', 'mirror-registry.local-5000'],
    ['*.example.com', 'mirror-wildcard.example.com'],
  ])('names the mirror set of %s %s', (source, name) => {
    expect(mirrorSetName(source)).toBe(name);
  });

  test('adds converted ICSPs to the clusters they apply to, entries in their order, without a source policy', () => {
    const icsp = (name: string) => ({
      apiVersion: 'operator.openshift.io/v1alpha1',
      kind: 'ImageContentSourcePolicy',
      metadata: { name, labels: { a: 'b' } },
      spec: { repositoryDigestMirrors: [{ source: 'quay.io/x', mirrors: ['m.example.com/x'] }, { source: 'quay.io/a' }] },
    });
    const plans = plan(SMALL_REGISTRIES, {
      'catalogs/icsp/everywhere.yaml': icsp('everywhere'),
      'catalogs/icsp/prod/only-prod.yaml': icsp('only-prod'),
    });
    expect(plans.test.imageDigestMirrorSets.map((s) => s.name)).toStrictEqual(['everywhere']);
    expect(plans.prod.imageDigestMirrorSets).toStrictEqual([
      {
        name: 'everywhere',
        labels: { a: 'b' },
        file: 'catalogs/icsp/everywhere.yaml',
        rules: [
          { source: 'quay.io/x', mirrors: ['m.example.com/x'], file: 'catalogs/icsp/everywhere.yaml', field: 'spec.repositoryDigestMirrors[0]' },
          { source: 'quay.io/a', mirrors: [], file: 'catalogs/icsp/everywhere.yaml', field: 'spec.repositoryDigestMirrors[1]' },
        ],
      },
      {
        name: 'only-prod',
        labels: { a: 'b' },
        file: 'catalogs/icsp/prod/only-prod.yaml',
        rules: [
          { source: 'quay.io/x', mirrors: ['m.example.com/x'], file: 'catalogs/icsp/prod/only-prod.yaml', field: 'spec.repositoryDigestMirrors[0]' },
          { source: 'quay.io/a', mirrors: [], file: 'catalogs/icsp/prod/only-prod.yaml', field: 'spec.repositoryDigestMirrors[1]' },
        ],
      },
    ]);
  });

  test('takes the internal registry and connectivity from the fleet', () => {
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], connectivity: 'disconnected', internalRegistry: 'registry.internal:5000' };
    const catalog = parseCatalog(
      'catalogs',
      new Map<string, unknown>([
        ['catalogs/fleet.ts', fleet],
        ['catalogs/registries.ts', SMALL_REGISTRIES],
        ['catalogs/samples.ts', SAMPLES_REMOVED],
      ]),
    );
    const prod = planFleet(catalog).find((p) => p.cluster.name === 'prod');
    expect([prod?.registries.internalRegistry, prod?.registries.disconnected]).toStrictEqual(['registry.internal:5000', true]);
  });
});

describe('planRegistries pull secrets', () => {
  const VAULT = { secretStoreRef: { name: 'vault' }, key: 'registry/artifacts' };

  function planWithImages(
    registries: RegistriesInput,
    images: Record<string, unknown> = { patroni: smallImage(), nginx: smallImage({ name: 'nginx', namespace: 'web' }) },
  ) {
    const sources = imageSources(images);
    sources.set('catalogs/registries.ts', registries);
    return Object.fromEntries(planFleet(parseCatalog('catalogs', sources)).map((p) => [p.cluster.name, p.registries.pullSecrets]));
  }

  test('one entry per namespace importing from a registry that requires credentials, with its source per cluster', () => {
    // GIVEN the distribution registry requires credentials; prod gets its Secret out of band
    const plans = planWithImages({
      ...SMALL_REGISTRIES,
      registriesRequiringCredentials: ['artifacts.example.com'],
      pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', externalSecret: VAULT } },
      clusters: { prod: { pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', provisionedOutOfBand: 'onboarding job' } } } },
    });
    // THEN each cluster, the build cluster included (it imports from the registry too), has one entry per importing namespace
    expect(plans.lab.map((p) => [p.namespace, p.registry, p.secret?.externalSecret?.secretStoreRef.name])).toStrictEqual([
      ['bcgov', 'artifacts.example.com', 'vault'],
      ['web', 'artifacts.example.com', 'vault'],
    ]);
    expect(
      plans.test.map((p) => [p.namespace, p.registry, p.required, p.usedBy.length, p.secret?.field, p.secret?.externalSecret?.secretStoreRef.name]),
    ).toStrictEqual([
      ['bcgov', 'artifacts.example.com', true, 2, 'pullSecrets["artifacts.example.com"]', 'vault'],
      ['web', 'artifacts.example.com', true, 2, 'pullSecrets["artifacts.example.com"]', 'vault'],
    ]);
    expect(plans.test[1].usedBy).toStrictEqual(['ImageStream web/nginx tag 1.1.0', 'ImageStream web/nginx tag 1.2.0']);
    expect(plans.prod.map((p) => p.secret)).toStrictEqual([
      { secretName: 'artifacts-pull', field: 'clusters.prod.pullSecrets["artifacts.example.com"]', provisionedOutOfBand: 'onboarding job' },
      { secretName: 'artifacts-pull', field: 'clusters.prod.pullSecrets["artifacts.example.com"]', provisionedOutOfBand: 'onboarding job' },
    ]);
  });

  test('a required registry without a pull secret is planned without one; a registry neither required nor given one is left out', () => {
    const plans = planWithImages({ ...SMALL_REGISTRIES, registriesRequiringCredentials: ['artifacts.example.com'] });
    expect(plans.test.map((p) => [p.namespace, p.required, p.secret])).toStrictEqual([
      ['bcgov', true, undefined],
      ['web', true, undefined],
    ]);
    expect(planWithImages(SMALL_REGISTRIES).test).toStrictEqual([]);
  });
});
