import { parseCatalog, type RegistriesInput } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet, formatFinding } from '../../src/policy';
import { imageSources, SMALL_REGISTRIES, smallImage } from '../support/fixtures';

const VAULT = { secretStoreRef: { name: 'vault' }, key: 'registry/artifacts' };

function findings(registries: RegistriesInput) {
  const sources = imageSources({ patroni: smallImage() });
  sources.set('catalogs/registries.ts', registries);
  const catalog = parseCatalog('catalogs', sources);
  return checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() }).filter((f) => f.rule === 'registries/pull-secret-missing');
}

/**
 * openshift-apiserver imports with the pull secrets of the stream's namespace:
 * `pkg/image/apiserver/registry/imagestreamimport/rest.go` `REST.Create` reads
 * `ImageStreams(namespace).Secrets(...)`, served by `pkg/image/apiserver/registry/imagesecret/rest.go`
 * `REST.Get`, which lists the namespace's Secrets of type `kubernetes.io/dockercfg` and
 * `kubernetes.io/dockerconfigjson` (unless annotated `openshift.io/image.excludeSecret: "true"`);
 * `pkg/image/apiserver/importer/staticcredentials.go` adds only the node's credentials
 * (/var/lib/kubelet/config.json, the global pull secret). Without a Secret in the namespace, an
 * import from a registry that requires credentials other than the global pull secret's fails.
 */
describe('registries/pull-secret-missing', () => {
  test('fails when a consumer imports from a registry that requires credentials and no pull secret reaches the namespace', () => {
    // GIVEN the distribution registry requires credentials, and prod's override leaves it out
    const found = findings({
      ...SMALL_REGISTRIES,
      registriesRequiringCredentials: ['artifacts.example.com'],
      pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', externalSecret: VAULT } },
      clusters: { prod: { pullSecrets: {} } },
    });
    // THEN prod, and only prod, gets one error naming the imports, the namespace and the fix
    expect(found.map(formatFinding)).toStrictEqual([
      'error registries/pull-secret-missing [prod] catalogs/registries.ts: clusters.prod.pullSecrets\n' +
        '  ImageStream bcgov/patroni tag 1.1.0 and 1 more import from artifacts.example.com, which requires ' +
        'credentials (registriesRequiringCredentials), ' +
        'but no pull secret reaches namespace bcgov on cluster prod: the imports would fail as unauthorized\n' +
        '  fix: add "artifacts.example.com" to clusters.prod.pullSecrets with a secretName and either ' +
        'externalSecret (the compiler emits an ExternalSecret) ' +
        'or provisionedOutOfBand (who creates the Secret)',
    ]);
  });

  test('fails on every cluster when no cluster has a pull secret: the build cluster imports from the registry too', () => {
    const found = findings({ ...SMALL_REGISTRIES, registriesRequiringCredentials: ['artifacts.example.com'] });
    expect(found.map((f) => [f.cluster, f.file, f.field])).toStrictEqual([
      ['lab', 'catalogs/registries.ts', 'pullSecrets'],
      ['prod', 'catalogs/registries.ts', 'pullSecrets'],
      ['test', 'catalogs/registries.ts', 'pullSecrets'],
    ]);
  });

  test('accepts a pull secret from an ExternalSecret or provisioned out of band, and a registry that needs none', () => {
    expect(
      findings({
        ...SMALL_REGISTRIES,
        registriesRequiringCredentials: ['artifacts.example.com'],
        pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', externalSecret: VAULT } },
        clusters: { prod: { pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', provisionedOutOfBand: 'onboarding job' } } } },
      }),
    ).toStrictEqual([]);
    expect(findings(SMALL_REGISTRIES)).toStrictEqual([]);
  });
});
