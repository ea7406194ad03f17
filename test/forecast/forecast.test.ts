import { argoSettings, forecastCluster, hasCertificateWriter } from '../../src/forecast';
import { bundle, imageConfig, object, tagMirrorSet } from './_objects';

const AUTOMATED = argoSettings(
  object('argoproj.io/v1alpha1', 'ApplicationSet', 'a', {
    spec: { template: { metadata: {}, spec: { syncPolicy: { automated: { prune: true, selfHeal: true } } } } },
  }),
);
const CA = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'registry-cas', namespace: 'openshift-config' },
  data: { 'mirror.example.com': 'PEM' },
};

describe('forecastCluster', () => {
  test('registry CAs: no disruption from 4.14 (certificate writer); earlier releases say "may"', () => {
    // GIVEN an Image config that starts trusting a CA ConfigMap
    const before = bundle(imageConfig({}));
    const after = new Map([
      ...bundle(imageConfig({ additionalTrustedCA: { name: 'registry-cas' } })),
      ['openshift-config/configmap_registry-cas.yaml', CA],
    ]);
    // WHEN forecast for a current and an old release
    const node = (version: string) =>
      forecastCluster({ name: 'c', environment: 'prod', openshiftVersion: version }, before, after, {
        before: AUTOMATED,
        after: AUTOMATED,
      }).effects.find((e) => e.actor === 'Machine Config Operator');
    // THEN
    expect(node('4.23')).toStrictEqual({
      actor: 'Machine Config Operator',
      text: 'registry CAs written to every node, no drain or reboot (Image cluster changed, ConfigMap ' + 'openshift-config/registry-cas added)',
    });
    expect(node('4.12')).toMatchObject({ may: true, text: expect.stringContaining('nodes may be drained and rebooted') });
    expect([hasCertificateWriter('4.13'), hasCertificateWriter('4.14')]).toStrictEqual([false, true]);
  });

  test('an unchanged bundle forecasts nothing', () => {
    const same = bundle(imageConfig({}));
    expect(
      forecastCluster({ name: 'c', environment: 'prod', openshiftVersion: '4.23' }, same, same, { before: AUTOMATED, after: AUTOMATED }),
    ).toMatchObject({ change: 'unchanged', gates: [], sync: [], effects: [] });
  });

  test('a cluster joining with a tag mirror set: the drain is a "may" (its current settings are unknown) and still gated', () => {
    const after = bundle(tagMirrorSet('mirror-quay.io', [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }]));
    const forecast = forecastCluster({ name: 'c', environment: 'prod', openshiftVersion: '4.23' }, undefined, after, {
      before: AUTOMATED,
      after: AUTOMATED,
    });
    expect(forecast.gates).toStrictEqual(['drain']);
    expect(forecast.risk).toBe(
      'joins the fleet: Argo CD creates cluster settings (ImageTagMirrorSet mirror-quay.io); every node ' +
        'may be drained, CRI-O reloaded (ImageTagMirrorSet mirror-quay.io added), depending on the image ' +
        'settings the cluster has now',
    );
  });
});
