import { Testing } from 'cdk8s';
import { ClusterChart } from '../../src/charts';
import { DockerConfigExternalSecret } from '../../src/constructs';
import { parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { imageSources, SMALL_REGISTRIES, smallImage } from '../support/fixtures';

interface ExternalSecretObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  spec: { target: { name: string; template: { type: string; metadata?: { annotations?: Record<string, string> } } } };
}

/**
 * The Secrets an image import in `namespace` uses, from the Secret the ExternalSecret writes: written
 * from openshift-apiserver `pkg/image/apiserver/registry/imagesecret/rest.go` `REST.Get` (Secrets of
 * the import's namespace whose type is `kubernetes.io/dockercfg` or `kubernetes.io/dockerconfigjson`,
 * except those annotated `openshift.io/image.excludeSecret: "true"`, openshift/api
 * `image/v1/consts.go` `ExcludeImageSecretAnnotation`), which `imagestreamimport/rest.go` `REST.Create`
 * calls through `ImageStreams(namespace).Secrets`.
 */
function secretsAnImportUses(namespace: string, externalSecrets: readonly ExternalSecretObject[]): string[] {
  return externalSecrets
    .filter((es) => es.metadata.namespace === namespace)
    .filter((es) => ['kubernetes.io/dockercfg', 'kubernetes.io/dockerconfigjson'].includes(es.spec.target.template.type))
    .filter((es) => es.spec.target.template.metadata?.annotations?.['openshift.io/image.excludeSecret'] !== 'true')
    .map((es) => `${es.metadata.namespace}/${es.spec.target.name}`);
}

describe('DockerConfigExternalSecret', () => {
  test('renders an external-secrets.io/v1 ExternalSecret that validates against the vendored CRD and holds no secret value', () => {
    // GIVEN a pull secret read from a ClusterSecretStore
    const chart = Testing.chart();
    new DockerConfigExternalSecret(chart, 'PullSecret', {
      metadata: { name: 'artifacts-pull', namespace: 'bcgov' },
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      remoteRef: { key: 'registry/artifacts', property: 'dockerconfigjson' },
      refreshInterval: '1h0m0s',
      targetName: 'artifacts-pull',
    });
    // WHEN it is synthesized
    const [object] = Testing.synth(chart);
    // THEN it is exactly this, and the upstream CRD (v1, the served version) accepts it
    expect(object).toStrictEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'artifacts-pull', namespace: 'bcgov' },
      spec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: {
          name: 'artifacts-pull',
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: {
            type: 'kubernetes.io/dockerconfigjson',
            engineVersion: 'v2',
            mergePolicy: 'Replace',
            data: { '.dockerconfigjson': '{{ .dockerconfigjson | toString }}' },
          },
        },
        data: [
          {
            secretKey: 'dockerconfigjson',
            remoteRef: {
              key: 'registry/artifacts',
              property: 'dockerconfigjson',
              conversionStrategy: 'Default',
              decodingStrategy: 'None',
              metadataPolicy: 'None',
            },
          },
        ],
      },
    });
    expect(upstreamSchemas().validate(object)).toStrictEqual([]);
  });

  test('fails validation against the vendored CRD with an unknown field or the unserved v1beta1', () => {
    const chart = Testing.chart();
    new DockerConfigExternalSecret(chart, 'PullSecret', {
      metadata: { name: 'p', namespace: 'bcgov' },
      secretStoreRef: { kind: 'SecretStore', name: 'vault' },
      remoteRef: { key: 'k' },
      refreshInterval: '15m',
      targetName: 'p',
    });
    const [object] = Testing.synth(chart) as Array<Record<string, unknown> & { spec: object }>;
    expect(upstreamSchemas().validate({ ...object, spec: { ...object.spec, refreshIntervall: '1h' } })).toStrictEqual([
      { path: '/spec', message: 'unknown field "refreshIntervall"' },
    ]);
    expect(() => upstreamSchemas().validate({ ...object, apiVersion: 'external-secrets.io/v1beta1' })).toThrow(
      /no upstream schema for external-secrets.io\/v1beta1\/ExternalSecret/,
    );
  });
});

describe('ClusterChart pull secrets', () => {
  test(
    'each consumer namespace that imports from the registry gets an ExternalSecret whose Secret its ' + 'imports use, one wave before the streams',
    () => {
      // GIVEN images in two namespaces imported from a registry that requires credentials
      const sources = imageSources({ patroni: smallImage(), nginx: smallImage({ name: 'nginx', namespace: 'web' }) });
      sources.set('catalogs/registries.ts', {
        ...SMALL_REGISTRIES,
        registriesRequiringCredentials: ['artifacts.example.com'],
        pullSecrets: {
          'artifacts.example.com': { secretName: 'artifacts-pull', externalSecret: { secretStoreRef: { name: 'vault' }, key: 'registry/artifacts' } },
        },
        clusters: { prod: { pullSecrets: { 'artifacts.example.com': { secretName: 'artifacts-pull', provisionedOutOfBand: 'onboarding job' } } } },
      });
      const plans = new Map(planFleet(parseCatalog('catalogs', sources)).map((p) => [p.cluster.name, p]));
      const synth = (cluster: string) => Testing.synth(new ClusterChart(Testing.app(), cluster, { plan: plans.get(cluster)! }));
      // WHEN the consumer test is synthesized
      const objects = synth('test');
      const externalSecrets = objects.filter((o) => o.kind === 'ExternalSecret') as ExternalSecretObject[];
      const wave = (kind: string) =>
        new Set(objects.filter((o) => o.kind === kind).map((o) => o.metadata.annotations['argocd.argoproj.io/sync-wave']));
      // THEN every namespace with an ImageStream has a Secret the import uses, valid ExternalSecrets, and they sync first
      for (const stream of objects.filter((o) => o.kind === 'ImageStream')) {
        expect(secretsAnImportUses(stream.metadata.namespace, externalSecrets)).toStrictEqual([`${stream.metadata.namespace}/artifacts-pull`]);
      }
      expect(externalSecrets.map((es) => upstreamSchemas().validate({ ...es }))).toStrictEqual([[], []]);
      expect([...wave('ExternalSecret')]).toStrictEqual(['1']);
      expect([...wave('ImageStream')]).toStrictEqual(['2']);
      // AND prod, whose Secret is provisioned out of band, gets none; the build cluster, which imports too, gets them
      expect(synth('prod').filter((o) => o.kind === 'ExternalSecret')).toStrictEqual([]);
      expect(
        synth('lab')
          .filter((o) => o.kind === 'ExternalSecret')
          .map((o) => o.metadata.namespace),
      ).toStrictEqual(['bcgov', 'web']);
    },
  );
});
