import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Chart, Testing } from 'cdk8s';
import { ClusterImageConfig, ImageDigestMirrorSet, ImageTagMirrorSet, TrustedRegistryCAs } from '../../src/constructs';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { celViolations } from '../support/cel';

const TEST_CA = fs.readFileSync(path.join(__dirname, '../fixtures/registries/test-ca.crt'), 'utf8');

function synth(build: (chart: Chart) => void): Array<{ apiVersion: string; kind: string; [key: string]: unknown }> {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

/** Schema violations and CEL rule violations, as the API server would report them on create. */
function apiServerRejections(object: { apiVersion: string; kind: string }): unknown[] {
  const crd = upstreamSchemas().crdSchema(object.apiVersion, object.kind);
  return [...upstreamSchemas().validate(object), ...(crd ? celViolations(crd, object) : [])];
}

describe('ClusterImageConfig', () => {
  test('renders the Image named cluster with every field, valid against the CRD schema and its CEL rules', () => {
    const [image] = synth(
      (chart) =>
        new ClusterImageConfig(chart, 'ImageConfig', {
          allowedRegistriesForImport: [
            { domainName: 'quay.io', insecure: false },
            { domainName: 'lab.local:5000', insecure: true },
          ],
          allowedRegistries: ['image-registry.openshift-image-registry.svc:5000', 'lab.local:5000', 'quay.io', 'registry.redhat.io'],
          insecureRegistries: ['lab.local:5000'],
          containerRuntimeSearchRegistries: ['registry.internal.example.com'],
          additionalTrustedCA: 'registry-cas',
        }),
    );
    expect(image).toStrictEqual({
      apiVersion: 'config.openshift.io/v1',
      kind: 'Image',
      metadata: { name: 'cluster' },
      spec: {
        allowedRegistriesForImport: [
          { domainName: 'quay.io', insecure: false },
          { domainName: 'lab.local:5000', insecure: true },
        ],
        additionalTrustedCA: { name: 'registry-cas' },
        registrySources: {
          allowedRegistries: ['image-registry.openshift-image-registry.svc:5000', 'lab.local:5000', 'quay.io', 'registry.redhat.io'],
          insecureRegistries: ['lab.local:5000'],
          containerRuntimeSearchRegistries: ['registry.internal.example.com'],
        },
      },
    });
    expect(apiServerRejections(image)).toStrictEqual([]);
  });

  test('leaves out empty lists: an empty allowedRegistries would still count as set', () => {
    const [image] = synth((chart) => new ClusterImageConfig(chart, 'ImageConfig', { allowedRegistries: [], blockedRegistries: ['ghcr.io'] }));
    expect(image.spec).toStrictEqual({ registrySources: { blockedRegistries: ['ghcr.io'] } });
    expect(apiServerRejections(image)).toStrictEqual([]);
  });

  test('renders an empty spec when no policy is set', () => {
    const [image] = synth((chart) => new ClusterImageConfig(chart, 'ImageConfig', {}));
    expect(image.spec).toStrictEqual({});
    expect(apiServerRejections(image)).toStrictEqual([]);
  });

  test('the CRD rules this construct relies on do reject both lists and a tag (the CEL check can fail)', () => {
    const image = {
      apiVersion: 'config.openshift.io/v1',
      kind: 'Image',
      metadata: { name: 'cluster' },
      spec: { registrySources: { allowedRegistries: ['quay.io/app:latest'], blockedRegistries: ['ghcr.io'] } },
    };
    expect(apiServerRejections(image)).toStrictEqual([
      expect.objectContaining({ path: '/spec/registrySources', message: 'Only one of blockedRegistries or allowedRegistries may be set' }),
      expect.objectContaining({
        path: '/spec/registrySources/allowedRegistries/0',
        message: 'each registry must be a valid hostname[:port][/path] or wildcard *.hostname format without tags or digests',
      }),
    ]);
  });

  test('fails (a programming error) when given both allowedRegistries and blockedRegistries', () => {
    expect(() =>
      synth((chart) => new ClusterImageConfig(chart, 'ImageConfig', { allowedRegistries: ['quay.io'], blockedRegistries: ['ghcr.io'] })),
    ).toThrow(/allowedRegistries and blockedRegistries are exclusive/);
  });
});

describe('TrustedRegistryCAs', () => {
  test('keys each CA by host, with :port written ..port, in openshift-config', () => {
    const [configMap] = synth(
      (chart) => new TrustedRegistryCAs(chart, 'CAs', { certificates: { 'reg.example.com:5000': TEST_CA, 'artifacts.example.com': TEST_CA } }),
    );
    expect(configMap).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'registry-cas', namespace: 'openshift-config' },
      data: { 'artifacts.example.com': TEST_CA, 'reg.example.com..5000': TEST_CA },
      immutable: false,
    });
    expect(apiServerRejections(configMap)).toStrictEqual([]);
  });
});

describe('mirror sets', () => {
  test('ImageDigestMirrorSet keeps the mirror order, writes the source policy when given and leaves out empty mirrors', () => {
    const [idms] = synth(
      (chart) =>
        new ImageDigestMirrorSet(chart, 'Idms', {
          name: 'mirror-registry.redhat.io',
          labels: { team: 'platform' },
          imageDigestMirrors: [
            { source: 'registry.redhat.io/ubi9', mirrors: ['m2.example.com/ubi9', 'm1.example.com/ubi9'], mirrorSourcePolicy: 'NeverContactSource' },
            { source: 'registry.redhat.io/rhel9', mirrors: [] },
          ],
        }),
    );
    expect(idms).toStrictEqual({
      apiVersion: 'config.openshift.io/v1',
      kind: 'ImageDigestMirrorSet',
      metadata: { name: 'mirror-registry.redhat.io', labels: { team: 'platform' } },
      spec: {
        imageDigestMirrors: [
          { source: 'registry.redhat.io/ubi9', mirrors: ['m2.example.com/ubi9', 'm1.example.com/ubi9'], mirrorSourcePolicy: 'NeverContactSource' },
          { source: 'registry.redhat.io/rhel9' },
        ],
      },
    });
    expect(apiServerRejections(idms)).toStrictEqual([]);
  });

  test('ImageTagMirrorSet', () => {
    const [itms] = synth(
      (chart) =>
        new ImageTagMirrorSet(chart, 'Itms', {
          name: 'mirror-wildcard.quay.io',
          imageTagMirrors: [{ source: '*.quay.io', mirrors: ['m.example.com/quay'], mirrorSourcePolicy: 'AllowContactingSource' }],
        }),
    );
    expect(itms).toStrictEqual({
      apiVersion: 'config.openshift.io/v1',
      kind: 'ImageTagMirrorSet',
      metadata: { name: 'mirror-wildcard.quay.io' },
      spec: { imageTagMirrors: [{ source: '*.quay.io', mirrors: ['m.example.com/quay'], mirrorSourcePolicy: 'AllowContactingSource' }] },
    });
    expect(apiServerRejections(itms)).toStrictEqual([]);
  });
});
