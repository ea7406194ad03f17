import { FleetInput, loadCatalog, parseCatalog, RegistriesInput } from '../../src/model';
import { ImageReference, planFleet } from '../../src/plan';
import { checkFleet, Finding } from '../../src/policy';
import { SMALL_REGISTRIES, smallFleet, SAMPLES_REMOVED } from '../support/fixtures';

const INTERNAL = 'image-registry.openshift-image-registry.svc:5000';
const REQUIRED = [INTERNAL, 'quay.io', 'registry.redhat.io'];

interface Options {
  readonly fleet?: FleetInput;
  /** Image references per cluster: other areas' plans fill these in. */
  readonly refs?: Record<string, ImageReference[]>;
  readonly icsp?: Record<string, unknown>;
}

function check(registries: RegistriesInput, options: Options = {}): Finding[] {
  const sources = new Map<string, unknown>([['catalogs/fleet.ts', options.fleet ?? smallFleet()], ['catalogs/registries.ts', registries], ['catalogs/samples.ts', SAMPLES_REMOVED], ...Object.entries(options.icsp ?? {})]);
  const catalog = parseCatalog('catalogs', sources);
  const plans = planFleet(catalog).map((plan) => ({ ...plan, imageReferences: options.refs?.[plan.cluster.name] ?? [] }));
  return checkFleet({ catalog, plans, previous: new Map() });
}

function ref(image: string, role: ImageReference['role'] = 'imagestream-tag'): ImageReference {
  return { image, role, usedBy: role === 'samples-registry' ? 'the samples registry' : 'ImageStream bcgov/app tag 1.0', file: 'catalogs/images/app.ts', field: 'tags[0].from' };
}

/** The small fleet with prod disconnected. */
function disconnectedFleet(): FleetInput {
  const fleet = smallFleet();
  fleet.clusters[2] = { ...fleet.clusters[2], connectivity: 'disconnected' };
  return fleet;
}

const only = (cluster: string, findings: Finding[]) => findings.filter((f) => f.cluster === cluster);

describe('registry rules', () => {
  test('the default catalog has no findings', () => {
    const catalog = loadCatalog('catalogs');
    expect(checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() })).toStrictEqual([]);
  });

  test('a valid policy with permitted images has no findings', () => {
    // GIVEN an allow-list with everything required, mirrors for the disconnected cluster, and images from allowed registries
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      allowedRegistriesForImport: [{ domainName: 'artifacts.example.com' }, { domainName: 'registry.redhat.io' }],
      allowedRegistries: [...REQUIRED, 'artifacts.example.com'],
      imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['artifacts.example.com/redhat'], mirrorSourcePolicy: 'NeverContactSource' }],
      imageTagMirrors: [{ source: 'registry.redhat.io', mirrors: ['artifacts.example.com/redhat'], mirrorSourcePolicy: 'NeverContactSource' }],
    };
    const images = [ref('artifacts.example.com/platform-images/app:1.0'), ref('registry.redhat.io/ubi9/ubi:9.4'), ref('artifacts.example.com', 'samples-registry')];
    // THEN no rule fires
    expect(check(registries, { fleet: disconnectedFleet(), refs: { lab: images, test: images, prod: images } })).toStrictEqual([]);
  });

  test('fails when allowedRegistries and blockedRegistries are both set', () => {
    const findings = check({ ...SMALL_REGISTRIES, allowedRegistries: REQUIRED, clusters: { prod: { blockedRegistries: ['ghcr.io'] } } });
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/allowed-and-blocked',
      cluster: 'prod',
      file: 'catalogs/registries.ts',
      field: 'clusters.prod.blockedRegistries',
      message: 'prod gets both allowedRegistries (allowedRegistries) and blockedRegistries (clusters.prod.blockedRegistries); the Image API accepts only one of them and would reject the object',
      fix: "keep one list: an allow-list (everything else is blocked) or a block-list (everything else is allowed); an empty list ([]) in clusters.prod unsets the fleet's",
    }]);
  });

  test('fails when allowedRegistries misses registry.redhat.io or the internal registry', () => {
    expect(check({ ...SMALL_REGISTRIES, clusters: { prod: { allowedRegistries: ['quay.io'] } } })).toStrictEqual([{
      severity: 'error',
      rule: 'registries/allowed-missing-required',
      cluster: 'prod',
      file: 'catalogs/registries.ts',
      field: 'clusters.prod.allowedRegistries',
      message: 'allowedRegistries blocks every registry it does not list, and on prod it misses "registry.redhat.io" (release payload images), "image-registry.openshift-image-registry.svc:5000" (the internal registry); pods pulling from there would fail',
      fix: 'add "registry.redhat.io", "image-registry.openshift-image-registry.svc:5000" to clusters.prod.allowedRegistries',
    }]);
  });

  test('fails when allowedRegistries misses quay.io, also when it lists only a path under it', () => {
    const findings = check({ ...SMALL_REGISTRIES, clusters: { test: { allowedRegistries: [INTERNAL, 'registry.redhat.io', 'quay.io/openshift-release-dev'] } } });
    expect(findings.map((f) => f.message)).toStrictEqual([
      'allowedRegistries blocks every registry it does not list, and on test it misses "quay.io" (release payload images); pods pulling from there would fail',
    ]);
  });

  test('accepts wildcard entries that cover the required registries', () => {
    expect(check({ ...SMALL_REGISTRIES, allowedRegistries: ['*.io', '*.svc'] })).toStrictEqual([]);
  });

  test('fails when a disconnected cluster\'s allowedRegistries misses its mirror registries', () => {
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      clusters: { prod: { allowedRegistries: REQUIRED, imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com/redhat'] }] } },
    };
    expect(check(registries, { fleet: disconnectedFleet() })).toStrictEqual([{
      severity: 'error',
      rule: 'registries/allowed-missing-required',
      cluster: 'prod',
      file: 'catalogs/registries.ts',
      field: 'clusters.prod.allowedRegistries',
      message: 'allowedRegistries blocks every registry it does not list, and on prod it misses "mirror.example.com" (a mirror registry of this disconnected cluster); pods pulling from there would fail',
      fix: 'add "mirror.example.com" to clusters.prod.allowedRegistries',
    }]);
  });

  test('fails on an insecure registry missing from the allow-list (a repository of an allowed registry is covered)', () => {
    const findings = check({ ...SMALL_REGISTRIES, clusters: { lab: { allowedRegistries: [...REQUIRED, 'reg.example.com'], insecureRegistries: ['lab.local:5000', 'reg.example.com/team'] } } });
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/insecure-not-allowed',
      cluster: 'lab',
      file: 'catalogs/registries.ts',
      field: 'clusters.lab.insecureRegistries',
      message: 'insecure registry "lab.local:5000" is not in allowedRegistries on lab, so the runtime blocks it anyway; every insecure registry must also be allowed',
      fix: 'add "lab.local:5000" to clusters.lab.allowedRegistries, or remove it from clusters.lab.insecureRegistries',
    }]);
  });

  test('fails when quay.io or registry.redhat.io is blocked as a whole, not when a repository of it is', () => {
    const findings = only('test', check({ ...SMALL_REGISTRIES, blockedRegistries: ['quay.io/openshift-payload', 'quay.io', '*.redhat.io'] }));
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/payload-registry-blocked',
        cluster: 'test',
        file: 'catalogs/registries.ts',
        field: 'blockedRegistries',
        message: 'blockedRegistries entry "*.redhat.io" blocks registry.redhat.io on test; registry.redhat.io serves the release payload and operator images, so platform pods would fail to pull',
        fix: 'remove "*.redhat.io" from blockedRegistries; to block part of registry.redhat.io, list a repository path such as "registry.redhat.io/some-organization"',
      },
      {
        severity: 'error',
        rule: 'registries/payload-registry-blocked',
        cluster: 'test',
        file: 'catalogs/registries.ts',
        field: 'blockedRegistries',
        message: 'blockedRegistries entry "quay.io" blocks quay.io on test; quay.io serves the release payload and operator images, so platform pods would fail to pull',
        fix: 'remove "quay.io" from blockedRegistries; to block part of quay.io, list a repository path such as "quay.io/some-organization"',
      },
    ]);
  });

  test('warns about a public registry in containerRuntimeSearchRegistries', () => {
    expect(check({ ...SMALL_REGISTRIES, clusters: { test: { containerRuntimeSearchRegistries: ['registry.internal.example.com', 'docker.io'] } } })).toStrictEqual([{
      severity: 'warning',
      rule: 'registries/public-search-registry',
      cluster: 'test',
      file: 'catalogs/registries.ts',
      field: 'clusters.test.containerRuntimeSearchRegistries',
      message: 'containerRuntimeSearchRegistries on test lists the public registry "docker.io": the cluster\'s global pull secret is sent to every registry in that list when a pod uses a short image name',
      fix: 'remove "docker.io" from clusters.test.containerRuntimeSearchRegistries and use fully qualified image names; list only registries you run',
    }]);
  });

  test('fails on an insecure registry on a prod cluster without a waiver, not with one, not on other clusters', () => {
    const findings = check({
      ...SMALL_REGISTRIES,
      insecureRegistries: ['vendor.example.com:5000'],
      allowedRegistriesForImport: [{ domainName: 'lab.local', insecure: true }],
      insecureWaivers: { 'vendor.example.com:5000': 'vendor registry without TLS; accepted by J. Doe, INC-1234, until 2026-06-30' },
    });
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/insecure-on-prod',
      cluster: 'prod',
      file: 'catalogs/registries.ts',
      field: 'allowedRegistriesForImport',
      message: 'prod is a prod cluster and allowedRegistriesForImport trusts the insecure registry "lab.local": images from it are fetched without TLS verification, and there is no waiver for it',
      fix: "serve the registry with a trusted certificate (additionalTrustedCAs) and drop the insecure setting, or record the accepted risk: insecureWaivers: { \"lab.local\": '<who, ticket, until when>' } beside allowedRegistriesForImport",
    }]);
  });

  test('fails on an ImageStream tag whose source is not allowed for import', () => {
    const findings = check({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'quay.io' }, { domainName: 'registry.redhat.io' }] }, { refs: { test: [ref('ghcr.io/acme/app:1.0'), ref('ghcr.io/acme/app:1.0', 'workload')] } });
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/not-importable',
      cluster: 'test',
      file: 'catalogs/images/app.ts',
      field: 'tags[0].from',
      message: 'ImageStream bcgov/app tag 1.0 imports "ghcr.io/acme/app:1.0", but ghcr.io is not in allowedRegistriesForImport on test ("quay.io", "registry.redhat.io"); the import would fail',
      fix: 'add { domainName: "ghcr.io" } to allowedRegistriesForImport in catalogs/registries.ts, or take the image from an allowed registry',
    }]);
  });

  test('fails on a samples registry not allowed for import, with what the Samples Operator then does', () => {
    const findings = check({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'quay.io' }] }, { refs: { test: [ref('registry.example.com', 'samples-registry')] } });
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/not-importable',
      cluster: 'test',
      file: 'catalogs/images/app.ts',
      field: 'tags[0].from',
      message: 'the Samples Operator imports every sample from "registry.example.com", but it is not in allowedRegistriesForImport on test; the Samples Operator marks its Config invalid and the samples go Removed',
      fix: 'add { domainName: "registry.example.com" } to allowedRegistriesForImport in catalogs/registries.ts, or set the samples registry to an allowed one',
    }]);
  });

  test('fails on an image the runtime may not pull: not in allowedRegistries', () => {
    const findings = check({ ...SMALL_REGISTRIES, clusters: { test: { allowedRegistries: REQUIRED } } }, { refs: { test: [ref('ghcr.io/acme/app:1.0', 'workload'), ref('quay.io/acme/app:1.0', 'workload')] } });
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/not-pullable',
      cluster: 'test',
      file: 'catalogs/images/app.ts',
      field: 'tags[0].from',
      message: 'ImageStream bcgov/app tag 1.0 uses "ghcr.io/acme/app:1.0", which the container runtime on test may not pull: no allowedRegistries entry covers ghcr.io/acme/app',
      fix: 'add "ghcr.io" (or "ghcr.io/acme/app") to clusters.test.allowedRegistries in catalogs/registries.ts',
    }]);
  });

  test('fails on a blocked image unless a mirror of its kind serves it', () => {
    // GIVEN ghcr.io blocked, with a digest mirror for ghcr.io/acme
    const registries: RegistriesInput = { ...SMALL_REGISTRIES, clusters: { prod: { blockedRegistries: ['ghcr.io'], imageDigestMirrors: [{ source: 'ghcr.io/acme', mirrors: ['mirror.example.com/acme'] }] } } };
    // WHEN the same image is used by tag and by digest
    const findings = check(registries, { refs: { prod: [ref('ghcr.io/acme/app:1.0'), ref('ghcr.io/acme/app@sha256:0123abcd')] } });
    // THEN only the tag pull, which digest mirrors do not serve, is reported
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/not-pullable',
      cluster: 'prod',
      file: 'catalogs/images/app.ts',
      field: 'tags[0].from',
      message: 'ImageStream bcgov/app tag 1.0 uses "ghcr.io/acme/app:1.0", which the container runtime on prod may not pull: blockedRegistries entry "ghcr.io" blocks it',
      fix: 'remove "ghcr.io" from clusters.prod.blockedRegistries in catalogs/registries.ts, mirror the image, or take it from another registry',
    }]);
  });

  test('fails on a samples registry the runtime may not pull from', () => {
    const findings = check({ ...SMALL_REGISTRIES, clusters: { prod: { blockedRegistries: ['registry.example.com'] } } }, { refs: { prod: [ref('registry.example.com', 'samples-registry')] } });
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/not-pullable',
      cluster: 'prod',
      file: 'catalogs/images/app.ts',
      field: 'tags[0].from',
      message: 'the Samples Operator imports every sample from "registry.example.com", but the container runtime on prod may not pull from it (blocked by "registry.example.com"); the Samples Operator marks its Config invalid and the samples go Removed',
      fix: 'remove "registry.example.com" from clusters.prod.blockedRegistries in catalogs/registries.ts',
    }]);
  });

  test('fails on a reference that is not an image reference', () => {
    expect(check(SMALL_REGISTRIES, { refs: { lab: [ref('quay.io/Acme/app:1')] } })).toStrictEqual([{
      severity: 'error',
      rule: 'registries/invalid-image-reference',
      cluster: 'lab',
      file: 'catalogs/images/app.ts',
      field: 'tags[0].from',
      message: 'ImageStream bcgov/app tag 1.0 refers to "quay.io/Acme/app:1", which is not an image reference',
      fix: 'write registry/repository[:tag|@sha256:digest], e.g. "registry.example.com/team/app:1.0"',
    }]);
  });

  test('fails once, listing every source a disconnected cluster cannot reach', () => {
    // GIVEN a disconnected cluster with a digest mirror for registry.redhat.io only
    const registries: RegistriesInput = { ...SMALL_REGISTRIES, clusters: { prod: { imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com/redhat'] }] } } };
    const images = [
      ref('registry.redhat.io/ubi9/ubi@sha256:0123abcd'), // mirrored by digest
      ref('registry.redhat.io/ubi9/ubi:9.4'), // a tag: digest mirrors do not serve it
      ref('ghcr.io/acme/app:1.0', 'workload'),
      ref('mirror.example.com/redhat/ubi9/ubi:9.4'), // already on the mirror registry
      ref(`${INTERNAL}/bcgov/app:1.0`),
      ref('registry.redhat.io', 'samples-registry'),
    ];
    // WHEN it is checked
    const findings = check(registries, { fleet: disconnectedFleet(), refs: { prod: images } });
    // THEN one error lists the three unreachable images and the samples registry
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/not-mirrored',
      cluster: 'prod',
      file: 'catalogs/registries.ts',
      field: 'clusters.prod.imageDigestMirrors',
      message: [
        'prod is disconnected, and 3 image source(s) are on no mirror it can reach:',
        '    "registry.redhat.io/ubi9/ubi:9.4": ImageStream bcgov/app tag 1.0 (catalogs/images/app.ts: tags[0].from) needs an imageTagMirrors rule',
        '    "ghcr.io/acme/app:1.0": ImageStream bcgov/app tag 1.0 (catalogs/images/app.ts: tags[0].from) needs an imageTagMirrors rule',
        '    "registry.redhat.io": the Samples Operator imports every sample from it (catalogs/images/app.ts: tags[0].from); set the samples registry to a mirror registry of this cluster and mirror the samples there, or the Samples Operator marks its Config invalid and the samples go Removed',
      ].join('\n'),
      fix: 'add mirror rules (with at least one mirror) covering "ghcr.io/acme/app", "registry.redhat.io/ubi9/ubi" to clusters.prod.imageDigestMirrors or imageTagMirrors, or take the images from a mirror registry',
    }]);
  });

  test('fails when a converted ICSP takes the name of a mirror set', () => {
    const icsp = { apiVersion: 'operator.openshift.io/v1alpha1', kind: 'ImageContentSourcePolicy', metadata: { name: 'mirror-quay.io' }, spec: {} };
    const findings = only('lab', check({ ...SMALL_REGISTRIES, imageDigestMirrors: [{ source: 'quay.io', mirrors: ['m.example.com/quay'] }] }, { icsp: { 'catalogs/icsp/legacy.yaml': icsp } }));
    expect(findings).toStrictEqual([{
      severity: 'error',
      rule: 'registries/mirror-set-name-clash',
      cluster: 'lab',
      file: 'catalogs/icsp/legacy.yaml',
      field: 'metadata.name',
      message: 'two ImageDigestMirrorSets on lab would be named "mirror-quay.io" (from catalogs/registries.ts and catalogs/icsp/legacy.yaml); one would overwrite the other',
      fix: 'rename the ImageContentSourcePolicy in catalogs/icsp/legacy.yaml (metadata.name)',
    }]);
  });
});
