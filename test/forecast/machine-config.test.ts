import { forecastNodes, usesDisruptionPolicies } from '../../src/forecast';
import { bundle, digestMirrorSet, imageConfig, tagMirrorSet } from './_objects';

// Oracle: machine-config-operator (mirror at /work/.mirror/openshift+machine-config-operator, HEAD 7ff337a4):
// pkg/daemon/update.go calculatePostConfigChangeActionFromMCDiffs and
// calculatePostConfigChangeNodeDisruptionActionFromMCDiffs with pkg/apihelpers/apihelpers.go defaultClusterPolicies,
// pkg/daemon/drain.go isSafeContainerRegistryConfChanges, runtime-utils registries.EditRegistriesConfig
// (digest mirrors "digest-only", tag mirrors "tag-only"), container-runtime-config helpers.go
// updateSearchRegistriesConfig (drop-in /etc/containers/registries.conf.d/01-image-searchRegistries.conf).
const QUAY_DIGEST = digestMirrorSet('mirror-quay.io', [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }]);

describe('forecastNodes (Machine Config Operator)', () => {
  test('an ImageTagMirrorSet added drains every node: a tag-only mirror is never a safe change', () => {
    // GIVEN no mirror sets, then a tag mirror set
    const after = bundle(tagMirrorSet('mirror-quay.io', [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }]));
    // WHEN forecast on 4.23
    const nodes = forecastNodes(bundle(), after, '4.23');
    // THEN registries.conf changes unsafely: drain and CRI-O reload
    expect(nodes).toStrictEqual({ action: 'drain', rules: 'node disruption policies', files: ['/etc/containers/registries.conf'] });
  });

  test('an ImageDigestMirrorSet added for a new source only reloads CRI-O (every added mirror is digest-only)', () => {
    expect(forecastNodes(bundle(), bundle(QUAY_DIGEST), '4.23').action).toBe('crio-reload');
  });

  test('a digest mirror added to an existing source reloads CRI-O; one removed drains', () => {
    // GIVEN a digest mirror set with one mirror, and the same set with a second mirror
    const two = digestMirrorSet('mirror-quay.io', [{ source: 'quay.io', mirrors: ['mirror.example.com/quay', 'backup.example.com/quay'] }]);
    // THEN adding is safe, removing is not, and removing the whole set is not
    expect(forecastNodes(bundle(QUAY_DIGEST), bundle(two), '4.23').action).toBe('crio-reload');
    expect(forecastNodes(bundle(two), bundle(QUAY_DIGEST), '4.23').action).toBe('drain');
    expect(forecastNodes(bundle(QUAY_DIGEST), bundle(), '4.23').action).toBe('drain');
  });

  test('NeverContactSource on an existing source drains (the blocked flag changes)', () => {
    const never = digestMirrorSet('mirror-quay.io', [
      { source: 'quay.io', mirrors: ['mirror.example.com/quay'], mirrorSourcePolicy: 'NeverContactSource' },
    ]);
    expect(forecastNodes(bundle(QUAY_DIGEST), bundle(never), '4.23').action).toBe('drain');
  });

  test('allowedRegistries changes only policy.json: CRI-O reloaded without a drain', () => {
    const nodes = forecastNodes(bundle(imageConfig({})), bundle(imageConfig({ registrySources: { allowedRegistries: ['quay.io'] } })), '4.23');
    expect(nodes).toStrictEqual({ action: 'crio-reload', rules: 'node disruption policies', files: ['/etc/containers/policy.json'] });
  });

  test('blockedRegistries adds a registry entry without mirrors to registries.conf: drain', () => {
    const nodes = forecastNodes(bundle(imageConfig({})), bundle(imageConfig({ registrySources: { blockedRegistries: ['docker.io'] } })), '4.23');
    expect(nodes.action).toBe('drain');
    expect(nodes.files).toStrictEqual(['/etc/containers/registries.conf', '/etc/containers/policy.json']);
  });

  test('containerRuntimeSearchRegistries reboot every node, under both rule sets (no policy covers the drop-in)', () => {
    const before = bundle(imageConfig({}));
    const after = bundle(imageConfig({ registrySources: { containerRuntimeSearchRegistries: ['quay.io'] } }));
    expect(forecastNodes(before, after, '4.23')).toStrictEqual({
      action: 'reboot',
      rules: 'node disruption policies',
      files: ['/etc/containers/registries.conf.d/01-image-searchRegistries.conf'],
    });
    expect(forecastNodes(before, after, '4.14')).toStrictEqual({
      action: 'reboot',
      rules: 'legacy',
      files: ['/etc/containers/registries.conf.d/01-image-searchRegistries.conf'],
    });
  });

  test('allowedRegistriesForImport never reaches the nodes (openshift-apiserver reads it)', () => {
    expect(
      forecastNodes(bundle(imageConfig({})), bundle(imageConfig({ allowedRegistriesForImport: [{ domainName: 'quay.io' }] })), '4.23').action,
    ).toBe('none');
  });

  test('registry CAs are written by the certificate writer: no drain, no reboot', () => {
    // GIVEN an Image config that starts trusting a CA ConfigMap
    const ca = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'registry-cas', namespace: 'openshift-config' },
      data: { 'mirror.example.com': 'PEM' },
    };
    const after = new Map([
      ...bundle(imageConfig({ additionalTrustedCA: { name: 'registry-cas' } })),
      ['openshift-config/configmap_registry-cas.yaml', ca],
    ]);
    expect(forecastNodes(bundle(imageConfig({})), after, '4.23')).toStrictEqual({
      action: 'certificates',
      rules: 'node disruption policies',
      files: ['/etc/docker/certs.d'],
    });
  });

  test('node disruption policies decide from 4.17', () => {
    expect([
      usesDisruptionPolicies('4.16'),
      usesDisruptionPolicies('4.17'),
      usesDisruptionPolicies('5.0'),
      usesDisruptionPolicies(undefined),
    ]).toStrictEqual([false, true, true, false]);
  });
});
