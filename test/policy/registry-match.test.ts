import {
  allowedForImport,
  allowingEntry,
  blockingEntry,
  blocksWholeRegistry,
  globMatch,
  matchingMirror,
  parseImageReference,
  policyScopes,
  prefixMatchLength,
  scopeCovers,
} from '../../src/policy/_registry-match';

const INTERNAL = 'image-registry.openshift-image-registry.svc:5000';

describe('parseImageReference', () => {
  test.each([
    ['quay.io/org/app:1.0', { registry: 'quay.io', path: 'org/app', name: 'quay.io/org/app', tag: '1.0' }],
    [
      'registry.local:5000/team/app@sha256:abc123',
      { registry: 'registry.local:5000', path: 'team/app', name: 'registry.local:5000/team/app', digest: 'sha256:abc123' },
    ],
    ['busybox', { registry: 'docker.io', path: 'library/busybox', name: 'docker.io/library/busybox' }],
    ['bitnami/redis:7', { registry: 'docker.io', path: 'bitnami/redis', name: 'docker.io/bitnami/redis', tag: '7' }],
    ['index.docker.io/library/nginx:1', { registry: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx', tag: '1' }],
    ['localhost/app:dev', { registry: 'localhost', path: 'app', name: 'localhost/app', tag: 'dev' }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toStrictEqual(expected);
  });

  test.each(['quay.io/Org/app:1', 'quay.io/org/app:', 'quay.io/org//app', 'https://quay.io/org/app', 'quay.io/org/app@sha256'])(
    'fails on %s',
    (image) => {
      expect(parseImageReference(image)).toBeUndefined();
    },
  );
});

describe('globMatch (openshift-apiserver domain globs)', () => {
  test.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['reg?.io', 'reg1.io', true],
    ['reg?.io', 'reg12.io', false],
    ['*', 'anything', true],
    ['quay.io', 'quayxio', false],
  ])('%s ~ %s is %s', (pattern, input, expected) => {
    expect(globMatch(pattern, input)).toBe(expected);
  });
});

describe('allowedForImport (allowedRegistriesForImport)', () => {
  const secure = (domainName: string) => ({ domainName, insecure: false });

  test('an empty list allows every registry', () => {
    expect(allowedForImport('ghcr.io', [], INTERNAL)).toBe(true);
  });

  test('a listed host allows it on the default port only', () => {
    expect(allowedForImport('quay.io', [secure('quay.io')], INTERNAL)).toBe(true);
    expect(allowedForImport('quay.io:443', [secure('quay.io')], INTERNAL)).toBe(true);
    expect(allowedForImport('quay.io:8443', [secure('quay.io')], INTERNAL)).toBe(false);
  });

  test('a port in the domain name must match the reference', () => {
    expect(allowedForImport('reg.local:5000', [secure('reg.local:5000')], INTERNAL)).toBe(true);
    expect(allowedForImport('reg.local', [secure('reg.local:5000')], INTERNAL)).toBe(false);
    expect(allowedForImport('reg.local:5001', [secure('reg.local:*')], INTERNAL)).toBe(true);
  });

  test('wildcards match subdomains', () => {
    expect(allowedForImport('a.example.com', [secure('*.example.com')], INTERNAL)).toBe(true);
    expect(allowedForImport('example.com', [secure('*.example.com')], INTERNAL)).toBe(false);
  });

  test('an insecure entry stands for port 80: it does not allow a secure import, and a secure entry no insecure one', () => {
    expect(allowedForImport('lab.local', [{ domainName: 'lab.local', insecure: true }], INTERNAL)).toBe(false);
    expect(allowedForImport('lab.local', [{ domainName: 'lab.local', insecure: true }], INTERNAL, true)).toBe(true);
    expect(allowedForImport('lab.local', [secure('lab.local')], INTERNAL, true)).toBe(false);
  });

  test('the internal registry is always allowed', () => {
    expect(allowedForImport(INTERNAL, [secure('quay.io')], INTERNAL)).toBe(true);
  });

  test('docker.io covers registry-1.docker.io', () => {
    expect(allowedForImport('registry-1.docker.io', [secure('docker.io')], INTERNAL)).toBe(true);
  });
});

describe('policy.json scopes (allowedRegistries)', () => {
  test('lists the repository, its namespaces, the host and wildcard domains without the port', () => {
    expect(policyScopes('reg.example.com:5000/team/app')).toStrictEqual([
      'reg.example.com:5000/team/app',
      'reg.example.com:5000/team',
      'reg.example.com:5000',
      '*.example.com',
      '*.com',
    ]);
  });

  test.each([
    ['quay.io', 'quay.io/org/app', true],
    ['quay.io/org', 'quay.io/org/app', true],
    ['quay.io/org', 'quay.io/organic/app', false],
    ['quay.io', 'quay.io:443/org/app', false],
    ['*.io', 'quay.io/org/app', true],
    ['*.svc', `${INTERNAL}/ns/app`, true],
    ['*.example.com', '*.a.example.com', true],
    ['*.a.example.com', '*.example.com', false],
    ['quay.io/org/app', 'quay.io', false],
  ])('%s covers %s: %s', (entry, scope, expected) => {
    expect(scopeCovers(entry, scope)).toBe(expected);
  });

  test('allowingEntry finds the covering entry', () => {
    expect(allowingEntry('quay.io/org/app', ['registry.redhat.io', 'quay.io'])).toBe('quay.io');
    expect(allowingEntry('ghcr.io/org/app', ['registry.redhat.io', 'quay.io'])).toBeUndefined();
  });
});

describe('registries.conf prefixes (blockedRegistries, mirror sources)', () => {
  test.each([
    ['quay.io/org/app', 'quay.io', 7],
    ['quay.io/org/app', 'quay.io/org', 11],
    ['quay.io/organic/app', 'quay.io/org', -1],
    ['quay.io', 'quay.io', 7],
    ['registry.redhat.io/ubi9', '*.redhat.io', 18],
    ['redhat.io/ubi9', '*.redhat.io', -1],
    ['example.com/x/registry.redhat.io', '*.redhat.io', -1],
    ['example.com:5000/x', 'example.com', 11],
  ])('%s matched by %s: %i', (name, prefix, expected) => {
    expect(prefixMatchLength(name, prefix)).toBe(expected);
  });

  test('blockingEntry and blocksWholeRegistry', () => {
    expect(blockingEntry('quay.io/openshift-payload/x', ['quay.io/openshift-payload'])).toBe('quay.io/openshift-payload');
    expect(blocksWholeRegistry('quay.io/openshift-payload', 'quay.io')).toBe(false);
    expect(blocksWholeRegistry('quay.io', 'quay.io')).toBe(true);
    expect(blocksWholeRegistry('*.io', 'quay.io')).toBe(true);
  });

  test('the longest matching source wins', () => {
    const rules = [{ source: 'quay.io' }, { source: 'quay.io/libpod' }, { source: 'quay.io/libpod/busybox' }, { source: '*.io' }];
    expect(matchingMirror('quay.io/libpod/busybox', rules)).toStrictEqual({ source: 'quay.io/libpod/busybox' });
    expect(matchingMirror('quay.io/libpod/alpine', rules)).toStrictEqual({ source: 'quay.io/libpod' });
    expect(matchingMirror('ghcr.io/x', rules)).toStrictEqual({ source: '*.io' });
    expect(matchingMirror('example.com/x', rules)).toBeUndefined();
  });
});
