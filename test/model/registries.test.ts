import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { type CatalogProblem, loadCatalog, MIRROR_LOCATION, parseCatalog, REGISTRY_SCOPE, type RegistriesInput } from '../../src/model';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { celViolations } from '../support/cel';
import { catalogProblems, SMALL_REGISTRIES, smallSources } from '../support/fixtures';

const TEST_CA = fs.readFileSync(path.join(__dirname, '../fixtures/registries/test-ca.crt'), 'utf8');

function parseRegistries(registries: object) {
  return parseCatalog('catalogs', smallSources({ 'catalogs/registries.ts': registries })).registries;
}

function problemsOf(registries: object, extra: Record<string, unknown> = {}): CatalogProblem[] {
  return [...catalogProblems(() => parseCatalog('catalogs', smallSources({ 'catalogs/registries.ts': registries, ...extra })))];
}

/**
 * Short strings near the grammar (random characters, or pieces of registry names) so that both valid and
 * invalid entries come up; short, because the CRD's regex backtracks exponentially in JavaScript on long paths.
 */
const scopeLike = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ab9Z.-_/:*@'.split('')), minLength: 1, maxLength: 12 }),
  fc
    .array(fc.constantFrom('a', 'b9', 'Z', 'io', '-', '--', '.', '_', '__', '/', ':5000', '*.', '@sha256'), { minLength: 1, maxLength: 7 })
    .map((parts) => parts.join('')),
);

/** Whether the Image CRD's CEL rule for allowedRegistries accepts `entry`. */
function celAccepts(entry: string): boolean {
  const schema = upstreamSchemas().crdSchema('config.openshift.io/v1', 'Image') as object;
  const object = {
    apiVersion: 'config.openshift.io/v1',
    kind: 'Image',
    metadata: { name: 'cluster' },
    spec: { registrySources: { allowedRegistries: [entry] } },
  };
  return celViolations(schema, object).length === 0;
}

describe('registry policy model', () => {
  test('the default catalog parses', () => {
    expect(loadCatalog('catalogs').registries.distribution.registry).toBe('artifacts.developer.gov.bc.ca');
  });

  test('a catalog with only the distribution registry gets an empty policy', () => {
    const { distribution, ...policy } = parseRegistries(SMALL_REGISTRIES);
    expect(distribution).toStrictEqual(SMALL_REGISTRIES.distribution);
    expect(policy).toStrictEqual({
      allowedRegistriesForImport: [],
      allowedRegistries: [],
      blockedRegistries: [],
      insecureRegistries: [],
      containerRuntimeSearchRegistries: [],
      additionalTrustedCAs: {},
      imageDigestMirrors: [],
      imageTagMirrors: [],
      insecureWaivers: {},
      pullSecrets: {},
      registriesRequiringCredentials: [],
      clusters: {},
    });
  });

  describe('pull secrets', () => {
    const VAULT = { secretStoreRef: { name: 'vault' }, key: 'registry/artifacts' };

    test('fills in the ExternalSecret defaults', () => {
      const registries = parseRegistries({
        ...SMALL_REGISTRIES,
        registriesRequiringCredentials: ['artifacts.example.com'],
        pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', externalSecret: VAULT } },
      });
      expect(registries.registriesRequiringCredentials).toStrictEqual(['artifacts.example.com']);
      expect(registries.pullSecrets).toStrictEqual({
        'artifacts.example.com': {
          secretName: 'artifacts-pull',
          externalSecret: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, key: 'registry/artifacts', refreshInterval: '1h0m0s' },
        },
      });
    });

    test('accepts a secret provisioned out of band, per cluster', () => {
      const registries = parseRegistries({
        ...SMALL_REGISTRIES,
        clusters: { prod: { pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', provisionedOutOfBand: 'onboarding job' } } } },
      });
      expect(registries.clusters.prod.pullSecrets).toStrictEqual({
        'artifacts.example.com': { secretName: 'artifacts-pull', provisionedOutOfBand: 'onboarding job' },
      });
    });

    test.each([
      ['neither source', { secretName: 'pull' }, 'pullSecrets["artifacts.example.com"]', /exactly one of externalSecret and provisionedOutOfBand/],
      [
        'both sources',
        { secretName: 'pull', externalSecret: VAULT, provisionedOutOfBand: 'a job' },
        'pullSecrets["artifacts.example.com"]',
        /exactly one of externalSecret and provisionedOutOfBand/,
      ],
      [
        'a secret name that is no DNS subdomain',
        { secretName: 'Pull_Secret', externalSecret: VAULT },
        'pullSecrets["artifacts.example.com"].secretName',
        /DNS subdomain/,
      ],
      [
        'a refresh interval that is no Go duration',
        { secretName: 'pull', externalSecret: { ...VAULT, refreshInterval: '1 hour' } },
        'pullSecrets["artifacts.example.com"].externalSecret.refreshInterval',
        /Go duration/,
      ],
    ])('fails on %s', (_name, secret, field, expected) => {
      const problems = problemsOf({ ...SMALL_REGISTRIES, pullSecrets: { 'artifacts.example.com': secret } });
      expect(problems.map((p) => p.field)).toStrictEqual([field]);
      expect(problems[0].expected).toMatch(expected);
    });

    test('fails on a key that is not a registry host, and on a secret name two registries share', () => {
      const problems = problemsOf({
        ...SMALL_REGISTRIES,
        pullSecrets: {
          'https://a.example.com/': { secretName: 'pull', externalSecret: VAULT },
          'b.example.com': { secretName: 'pull', externalSecret: VAULT },
        },
      });
      expect(problems.map((p) => [p.field, p.fix])).toStrictEqual([
        ['pullSecrets["b.example.com"].secretName', 'rename it; "https://a.example.com/" already uses "pull"'],
        ['pullSecrets["https://a.example.com/"]', 'key it by the registry\'s host[:port] only, e.g. "a.example.com"'],
      ]);
    });
  });

  test('fills in the documented defaults and normalizes certificates', () => {
    const registries = parseRegistries({
      ...SMALL_REGISTRIES,
      allowedRegistriesForImport: [{ domainName: 'quay.io' }],
      imageDigestMirrors: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }],
      additionalTrustedCAs: { 'reg.example.com:5000': `\n${TEST_CA.replace(/\n/g, '\r\n')}\n\n` },
    });
    expect(registries.allowedRegistriesForImport).toStrictEqual([{ domainName: 'quay.io', insecure: false }]);
    expect(registries.imageDigestMirrors).toStrictEqual([
      { source: 'quay.io', mirrors: ['mirror.example.com/quay'], mirrorSourcePolicy: 'AllowContactingSource' },
    ]);
    expect(registries.additionalTrustedCAs).toStrictEqual({ 'reg.example.com:5000': TEST_CA });
  });

  describe('registry scopes follow the Image CRD CEL rule', () => {
    test.each([
      ['quay.io', true],
      ['registry.redhat.io', true],
      ['reg.local:5000/team/app', true],
      ['*.example.com', true],
      ['my_registry.io', false],
      ['reg1.io/myrepo/myapp:latest', false],
      ['quay.io/app@sha256:abc', false],
      ['https://quay.io', false],
      ['quay.io/Team', false],
      ['*example.com', false],
      ['quay.io/a__b/c.d-e---f', true],
    ])('%s: %s', (entry, accepted) => {
      expect(REGISTRY_SCOPE.test(entry)).toBe(accepted);
      expect(celAccepts(entry)).toBe(accepted);
    });

    test('the model and the CEL rule agree on generated entries', () => {
      // Short strings only: the CRD's regex backtracks exponentially in JavaScript on long paths.
      fc.assert(
        fc.property(scopeLike, (entry) => REGISTRY_SCOPE.test(entry) === celAccepts(entry)),
        { numRuns: 3000 },
      );
    });

    test('mirror locations agree with the ImageDigestMirrorSet CRD pattern', () => {
      const crd = fs.readFileSync(path.resolve(__dirname, '../../upstream/openshift/crds/config.openshift.io_imagedigestmirrorsets.yaml'), 'utf8');
      const pattern = new RegExp(/ {24}pattern: (\^\(\(.*)/.exec(crd)?.[1] as string);
      fc.assert(
        fc.property(scopeLike, (entry) => MIRROR_LOCATION.test(entry) === pattern.test(entry)),
        { numRuns: 3000 },
      );
    });
  });

  test('fails on an entry that is not host[:port][/path] or *.domain, with a corrected suggestion', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, blockedRegistries: ['https://reg.example.com/team/app:1.0'] })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'blockedRegistries[0]',
        expected: 'a registry scope host[:port][/path] or *.domain, without scheme, tag or digest (the Image CRD rule)',
        received: '"https://reg.example.com/team/app:1.0"',
        fix: 'write it as "reg.example.com/team/app"',
      },
    ]);
  });

  test('fails on a CA that is not a PEM certificate', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, additionalTrustedCAs: { 'reg.example.com': 'MIIBnzCCAUWgAwIBAgIU' } })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'additionalTrustedCAs["reg.example.com"]',
        expected: 'one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
        received: '"MIIBnzCCAUWgAwIBAgIU", which holds no PEM block',
        fix: "paste the registry's CA certificate in PEM form (e.g. the output of `openssl x509 -in ca.crt`)",
      },
    ]);
  });

  test('fails on a private key pasted as a CA, as a credential that would reach the committed output', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n';
    const problems = problemsOf({ ...SMALL_REGISTRIES, additionalTrustedCAs: { 'a.example.com': key } });
    expect(problems.map((p) => [p.field, p.received])).toStrictEqual([['additionalTrustedCAs["a.example.com"]', 'a private key']]);
  });

  test('fails on a certificate block that does not parse', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nMIIBnzCCAUWg\n-----END CERTIFICATE-----\n';
    const problems = problemsOf({ ...SMALL_REGISTRIES, additionalTrustedCAs: { 'b.example.com': broken } });
    expect(problems.map((p) => [p.field, p.received])).toStrictEqual([
      ['additionalTrustedCAs["b.example.com"]', expect.stringMatching(/^a CERTIFICATE block that does not parse as X\.509 \(/)],
    ]);
  });

  test('fails on a CA keyed by something other than host[:port]', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, additionalTrustedCAs: { 'https://reg.example.com:5000/': TEST_CA } })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'additionalTrustedCAs["https://reg.example.com:5000/"]',
        expected: 'a registry host[:port] as key, e.g. "registry.example.com:5000"',
        received: '"https://reg.example.com:5000/"',
        fix: 'key it by the registry\'s host[:port] only, e.g. "reg.example.com:5000"',
      },
    ]);
  });

  test('fails on an import domain name with a path (the whitelister matches host[:port] only)', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'quay.io/org' }] })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'allowedRegistriesForImport[0].domainName',
        expected: 'a registry domain name host[:port], where * and ? may stand for any characters',
        received: '"quay.io/org"',
        fix: 'write only host[:port], without scheme or path',
      },
    ]);
  });

  test('fails on a search registry with a port (the CRD wants a host name)', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, containerRuntimeSearchRegistries: ['reg.local:5000'] })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'containerRuntimeSearchRegistries[0]',
        expected: 'a registry host name without port or path (the Image CRD requires format hostname)',
        received: '"reg.local:5000"',
        fix: 'write only the host name',
      },
    ]);
  });

  test('fails on a repeated entry and a repeated mirror source', () => {
    const problems = problemsOf({
      ...SMALL_REGISTRIES,
      insecureRegistries: ['lab.local', 'lab.local'],
      imageTagMirrors: [
        { source: 'quay.io', mirrors: ['m.example.com/a'] },
        { source: 'quay.io', mirrors: ['m.example.com/b'] },
      ],
    });
    expect(problems.map((p) => `${p.field}: ${p.expected}; ${p.received}`)).toStrictEqual([
      'insecureRegistries[1]: a unique registry; "lab.local", already used at index 0',
      'imageTagMirrors[1]: a unique source; "quay.io", already used at index 0',
    ]);
  });

  test('fails on a wildcard mirror location', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, imageDigestMirrors: [{ source: '*.redhat.io', mirrors: ['*.mirror.example.com'] }] })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'imageDigestMirrors[0].mirrors[0]',
        expected: 'a mirror location host[:port][/path], without scheme, wildcard, tag or digest (the mirror-set CRD pattern)',
        received: '"*.mirror.example.com"',
        fix: 'write it as "mirror.example.com"',
      },
    ]);
  });

  test('fails on an empty waiver reason', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, insecureWaivers: { 'lab.local': ' ' } })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'insecureWaivers["lab.local"]',
        expected: 'a reason: who accepted the risk, the ticket, until when',
        received: '" "',
        fix: "write why the insecure registry is accepted, e.g. 'vendor registry without TLS; risk accepted by J. Doe, INC-1234, until 2025-12-31'",
      },
    ]);
  });

  test('fails on an override for a cluster the fleet does not have', () => {
    const registries: RegistriesInput = { ...SMALL_REGISTRIES, clusters: { prod: {}, gold: { allowedRegistries: ['quay.io'] } } };
    expect(problemsOf(registries)).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'clusters.gold',
        expected: 'a cluster of the fleet: lab, test, prod',
        received: '"gold"',
        fix: 'rename it to a cluster of catalogs/fleet.ts or remove the override',
      },
    ]);
  });

  test('fails on an unknown field in an override', () => {
    expect(problemsOf({ ...SMALL_REGISTRIES, clusters: { prod: { allowedRegistry: ['quay.io'] } } })).toStrictEqual([
      {
        file: 'catalogs/registries.ts',
        field: 'clusters.prod.allowedRegistry',
        expected: 'only the fields this catalog section defines',
        received: 'unknown field `allowedRegistry`',
        fix: 'remove `allowedRegistry` or correct its spelling (your editor completes the valid names)',
      },
    ]);
  });
});
