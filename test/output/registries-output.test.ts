import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseCatalog, type RegistriesInput } from '../../src/model';
import { HEALTH_CHECKS_FOLDER, imageSetConfiguration, imageSetConfigurationFiles } from '../../src/output';
import { type ImageUse, planFleet } from '../../src/plan';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { celViolations } from '../support/cel';
import { runCli, SMALL_REGISTRIES, smallFleet, snapshot, workspace, SAMPLES_REMOVED } from '../support/fixtures';

const TEST_CA = fs.readFileSync(path.join(__dirname, '../fixtures/registries/test-ca.crt'), 'utf8');

/** The small fleet with prod disconnected and behind a mirror. */
function disconnectedCatalog() {
  const fleet = smallFleet();
  fleet.clusters[2] = { ...fleet.clusters[2], connectivity: 'disconnected' };
  const mirrors: RegistriesInput['imageDigestMirrors'] = [
    { source: 'registry.redhat.io', mirrors: ['mirror.example.com:5000/redhat'], mirrorSourcePolicy: 'NeverContactSource' },
  ];
  const registries: RegistriesInput = {
    ...SMALL_REGISTRIES,
    allowedRegistriesForImport: [{ domainName: 'artifacts.example.com' }, { domainName: 'registry.redhat.io' }],
    clusters: {
      prod: {
        allowedRegistries: [
          'artifacts.example.com',
          'image-registry.openshift-image-registry.svc:5000',
          'mirror.example.com:5000',
          'quay.io',
          'registry.redhat.io',
        ],
        additionalTrustedCAs: { 'mirror.example.com:5000': TEST_CA },
        imageDigestMirrors: mirrors,
        imageTagMirrors: mirrors,
      },
    },
  };
  return { fleet, registries };
}

describe('registry configuration output', () => {
  test('a disconnected cluster gets its Image config, CA ConfigMap, mirror sets and an ImageSetConfiguration beside its folder', async () => {
    // GIVEN a fleet whose prod cluster is disconnected, with a mirror that has its own CA
    const { fleet, registries } = disconnectedCatalog();
    const ws = workspace({ 'catalogs/fleet.ts': fleet, 'catalogs/registries.ts': registries, 'catalogs/samples.ts': SAMPLES_REMOVED });
    // WHEN it is synthesized
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    // THEN prod's folder holds the four objects, the CA ConfigMap is referenced, and the report lies outside the cluster folders
    expect(result.stderr).toBe('');
    const files = snapshot(ws.distDir);
    expect([...files.keys()].filter((f) => f.startsWith('prod/') || f.startsWith('reports/'))).toStrictEqual([
      'prod/_cluster/config.samples.operator.openshift.io_cluster.yaml',
      'prod/_cluster/image.config.openshift.io_cluster.yaml',
      'prod/_cluster/imagedigestmirrorset.config.openshift.io_mirror-registry.redhat.io.yaml',
      'prod/_cluster/imagetagmirrorset.config.openshift.io_mirror-registry.redhat.io.yaml',
      'prod/_cluster/namespace_bcgov.yaml',
      'prod/bcgov/role.rbac.authorization.k8s.io_shared-resource-viewer.yaml',
      'prod/bcgov/rolebinding.rbac.authorization.k8s.io_shared-resource-viewers.yaml',
      'prod/openshift-config/configmap_registry-cas.yaml',
      'reports/lab.md',
      'reports/prod/imageset-configuration.yaml',
      'reports/prod.md',
      'reports/test.md',
    ]);
    const object = (file: string) => parse(files.get(file)?.content as string);
    expect(object('prod/_cluster/image.config.openshift.io_cluster.yaml').spec.additionalTrustedCA).toStrictEqual({ name: 'registry-cas' });
    expect(object('prod/openshift-config/configmap_registry-cas.yaml').data).toStrictEqual({ 'mirror.example.com..5000': TEST_CA });
    expect(object('reports/prod/imageset-configuration.yaml')).toStrictEqual({
      apiVersion: 'mirror.openshift.io/v2alpha1',
      kind: 'ImageSetConfiguration',
      mirror: { additionalImages: [] },
    });
    // AND every manifest passes the upstream schema and the CRD's CEL rules
    for (const [file, { content }] of files) {
      if (file.startsWith('reports/') || file.startsWith(`${HEALTH_CHECKS_FOLDER}/`)) continue;
      const manifest = parse(content);
      const crd = upstreamSchemas().crdSchema(manifest.apiVersion, manifest.kind);
      expect([file, upstreamSchemas().validate(manifest), crd ? celViolations(crd, manifest) : []]).toStrictEqual([file, [], []]);
    }
  });

  test('the ImageSetConfiguration lists exactly the images that reach the cluster through a mirror', () => {
    // GIVEN prod's image references: mirrored ones, one already on a mirror registry, the internal registry, and the samples registry
    const { fleet, registries } = disconnectedCatalog();
    const catalog = parseCatalog(
      'catalogs',
      new Map<string, unknown>([
        ['catalogs/fleet.ts', fleet],
        ['catalogs/registries.ts', registries],
        ['catalogs/samples.ts', SAMPLES_REMOVED],
      ]),
    );
    const ref = (image: string, role: ImageUse['role'] = 'imagestream-tag'): ImageUse => ({
      image,
      role,
      usedBy: 'x',
      file: 'catalogs/images/x.ts',
      field: 'x',
    });
    const prod = planFleet(catalog).find((p) => p.cluster.name === 'prod');
    const plan = {
      ...prod!,
      imageUses: [
        ref('registry.redhat.io/ubi9/ubi:9.4'),
        ref('registry.redhat.io/ubi9/ubi@sha256:0123abcd', 'workload'),
        ref('registry.redhat.io/ubi9/ubi:9.4', 'workload'),
        ref('mirror.example.com:5000/redhat/ubi9/ubi:9.4'),
        ref('image-registry.openshift-image-registry.svc:5000/bcgov/app:1.0'),
        ref('mirror.example.com:5000', 'samples-registry'),
      ],
    };
    // WHEN its ImageSetConfiguration is built
    // THEN it lists the two mirrored images once each, sorted
    expect(imageSetConfiguration(plan)).toStrictEqual({
      kind: 'ImageSetConfiguration',
      apiVersion: 'mirror.openshift.io/v2alpha1',
      mirror: { additionalImages: [{ name: 'registry.redhat.io/ubi9/ubi:9.4' }, { name: 'registry.redhat.io/ubi9/ubi@sha256:0123abcd' }] },
    });
    // AND connected clusters get none
    expect([...imageSetConfigurationFiles(planFleet(catalog)).keys()]).toStrictEqual(['reports/prod/imageset-configuration.yaml']);
  });

  test("--cluster rewrites that cluster's report too", async () => {
    const { fleet, registries } = disconnectedCatalog();
    const ws = workspace({ 'catalogs/fleet.ts': fleet, 'catalogs/registries.ts': registries, 'catalogs/samples.ts': SAMPLES_REMOVED });
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    fs.writeFileSync(path.join(ws.distDir, 'reports/prod/imageset-configuration.yaml'), 'edited by hand\n');
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'prod']);
    expect(result.stdout).toMatch(/1 written, 0 removed/);
    expect(fs.readFileSync(path.join(ws.distDir, 'reports/prod/imageset-configuration.yaml'), 'utf8')).toContain('kind: ImageSetConfiguration');
  });
});
