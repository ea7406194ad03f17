import { type FleetInput, loadCatalog, parseCatalog, type RegistriesInput, type SamplesInput } from '../../src/model';
import { type ImageUse, planFleet } from '../../src/plan';
import { checkFleet, type Finding, mirroringNeeds } from '../../src/policy';
import { SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, SAMPLES_REMOVED } from '../support/fixtures';

const INTERNAL = 'image-registry.openshift-image-registry.svc:5000';
const REQUIRED = [INTERNAL, 'quay.io', 'registry.redhat.io'];

interface Options {
  readonly fleet?: FleetInput;
  /** Image references per cluster: other areas' plans fill these in. */
  readonly refs?: Record<string, ImageUse[]>;
  readonly icsp?: Record<string, unknown>;
  /** Samples settings; their plan's samples registry references are checked too. @default - samples Removed */
  readonly samples?: SamplesInput;
}

function check(registries: RegistriesInput, options: Options = {}): Finding[] {
  const sources = new Map<string, unknown>([
    ['catalogs/fleet.ts', options.fleet ?? smallFleet()],
    ['catalogs/registries.ts', registries],
    ['catalogs/samples.ts', options.samples ?? SAMPLES_REMOVED],
    ...Object.entries(options.icsp ?? {}),
  ]);
  const catalog = parseCatalog('catalogs', sources);
  const plans = planFleet(catalog).map((plan) => ({
    ...plan,
    imageUses: [...(options.refs?.[plan.cluster.name] ?? []), ...plan.imageUses.filter((r) => r.role === 'samples-registry')],
  }));
  return checkFleet({ catalog, plans, previous: new Map() });
}

function ref(image: string, role: ImageUse['role'] = 'imagestream-tag'): ImageUse {
  return {
    image,
    role,
    usedBy: role === 'samples-registry' ? 'the samples registry' : 'ImageStream bcgov/app tag 1.0',
    file: 'catalogs/images/app.ts',
    field: 'tags[0].from',
  };
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
    const images = [
      ref('artifacts.example.com/platform-images/app:1.0'),
      ref('registry.redhat.io/ubi9/ubi:9.4'),
      ref('artifacts.example.com', 'samples-registry'),
    ];
    // THEN no rule fires
    expect(check(registries, { fleet: disconnectedFleet(), refs: { lab: images, test: images, prod: images } })).toStrictEqual([]);
  });

  test('fails when allowedRegistries and blockedRegistries are both set', () => {
    const findings = check({ ...SMALL_REGISTRIES, allowedRegistries: REQUIRED, clusters: { prod: { blockedRegistries: ['ghcr.io'] } } });
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/allowed-and-blocked',
        cluster: 'prod',
        file: 'catalogs/registries.ts',
        field: 'clusters.prod.blockedRegistries',
        message:
          'prod gets both allowedRegistries (allowedRegistries) and blockedRegistries ' +
          '(clusters.prod.blockedRegistries); the Image API accepts only one of them and would reject the object',
        fix:
          'keep one list: an allow-list (everything else is blocked) or a block-list (everything else is ' +
          "allowed); an empty list ([]) in clusters.prod unsets the fleet's",
      },
    ]);
  });

  test('fails when allowedRegistries misses registry.redhat.io or the internal registry', () => {
    expect(check({ ...SMALL_REGISTRIES, clusters: { prod: { allowedRegistries: ['quay.io'] } } })).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/allowed-missing-required',
        cluster: 'prod',
        file: 'catalogs/registries.ts',
        field: 'clusters.prod.allowedRegistries',
        message:
          'allowedRegistries blocks every registry it does not list, and on prod it misses ' +
          '"registry.redhat.io" (release payload images), "image-registry.openshift-image-registry.svc:5000" ' +
          '(the internal registry); pods pulling from there would fail',
        fix: 'add "registry.redhat.io", "image-registry.openshift-image-registry.svc:5000" to clusters.prod.allowedRegistries',
      },
    ]);
  });

  test('fails when allowedRegistries misses quay.io, also when it lists only a path under it', () => {
    const findings = check({
      ...SMALL_REGISTRIES,
      clusters: { test: { allowedRegistries: [INTERNAL, 'registry.redhat.io', 'quay.io/openshift-release-dev'] } },
    });
    expect(findings.map((f) => f.message)).toStrictEqual([
      'allowedRegistries blocks every registry it does not list, and on test it misses "quay.io" (release ' +
        'payload images); pods pulling from there would fail',
    ]);
  });

  test('accepts wildcard entries that cover the required registries', () => {
    expect(check({ ...SMALL_REGISTRIES, allowedRegistries: ['*.io', '*.svc'] })).toStrictEqual([]);
  });

  test("fails when a disconnected cluster's allowedRegistries misses its mirror registries", () => {
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      clusters: {
        prod: { allowedRegistries: REQUIRED, imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com/redhat'] }] },
      },
    };
    expect(check(registries, { fleet: disconnectedFleet() })).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/allowed-missing-required',
        cluster: 'prod',
        file: 'catalogs/registries.ts',
        field: 'clusters.prod.allowedRegistries',
        message:
          'allowedRegistries blocks every registry it does not list, and on prod it misses ' +
          '"mirror.example.com" (a mirror registry of this disconnected cluster); pods pulling from there would fail',
        fix: 'add "mirror.example.com" to clusters.prod.allowedRegistries',
      },
    ]);
  });

  test('fails on an insecure registry missing from the allow-list (a repository of an allowed registry is covered)', () => {
    const findings = check({
      ...SMALL_REGISTRIES,
      clusters: { lab: { allowedRegistries: [...REQUIRED, 'reg.example.com'], insecureRegistries: ['lab.local:5000', 'reg.example.com/team'] } },
    });
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/insecure-not-allowed',
        cluster: 'lab',
        file: 'catalogs/registries.ts',
        field: 'clusters.lab.insecureRegistries',
        message:
          'insecure registry "lab.local:5000" is not in allowedRegistries on lab, so the runtime blocks it ' +
          'anyway; every insecure registry must also be allowed',
        fix: 'add "lab.local:5000" to clusters.lab.allowedRegistries, or remove it from clusters.lab.insecureRegistries',
      },
    ]);
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
        message:
          'blockedRegistries entry "*.redhat.io" blocks registry.redhat.io on test; registry.redhat.io serves ' +
          'the release payload and operator images, so platform pods would fail to pull',
        fix:
          'remove "*.redhat.io" from blockedRegistries; to block part of registry.redhat.io, list a repository ' +
          'path such as "registry.redhat.io/some-organization"',
      },
      {
        severity: 'error',
        rule: 'registries/payload-registry-blocked',
        cluster: 'test',
        file: 'catalogs/registries.ts',
        field: 'blockedRegistries',
        message:
          'blockedRegistries entry "quay.io" blocks quay.io on test; quay.io serves the release payload and ' +
          'operator images, so platform pods would fail to pull',
        fix: 'remove "quay.io" from blockedRegistries; to block part of quay.io, list a repository path such as ' + '"quay.io/some-organization"',
      },
    ]);
  });

  test('warns about a public registry in containerRuntimeSearchRegistries', () => {
    expect(
      check({ ...SMALL_REGISTRIES, clusters: { test: { containerRuntimeSearchRegistries: ['registry.internal.example.com', 'docker.io'] } } }),
    ).toStrictEqual([
      {
        severity: 'warning',
        rule: 'registries/public-search-registry',
        cluster: 'test',
        file: 'catalogs/registries.ts',
        field: 'clusters.test.containerRuntimeSearchRegistries',
        message:
          'containerRuntimeSearchRegistries on test lists the public registry "docker.io": the cluster\'s ' +
          'global pull secret is sent to every registry in that list when a pod uses a short image name',
        fix:
          'remove "docker.io" from clusters.test.containerRuntimeSearchRegistries and use fully qualified ' +
          'image names; list only registries you run',
      },
    ]);
  });

  test('fails on an insecure registry on a prod cluster without a waiver, not with one, not on other clusters', () => {
    const findings = check({
      ...SMALL_REGISTRIES,
      insecureRegistries: ['vendor.example.com:5000'],
      allowedRegistriesForImport: [{ domainName: 'lab.local', insecure: true }],
      insecureWaivers: { 'vendor.example.com:5000': 'vendor registry without TLS; accepted by J. Doe, INC-1234, until 2026-06-30' },
    });
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/insecure-on-prod',
        cluster: 'prod',
        file: 'catalogs/registries.ts',
        field: 'allowedRegistriesForImport',
        message:
          'prod is a prod cluster and allowedRegistriesForImport trusts the insecure registry "lab.local": ' +
          'images from it are fetched without TLS verification, and there is no waiver for it',
        fix:
          'serve the registry with a trusted certificate (additionalTrustedCAs) and drop the insecure setting, ' +
          'or record the accepted risk: insecureWaivers: { "lab.local": \'<who, ticket, until when>\' } beside ' +
          'allowedRegistriesForImport',
      },
    ]);
  });

  test('fails on an ImageStream tag whose source is not allowed for import', () => {
    const findings = check(
      { ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'quay.io' }, { domainName: 'registry.redhat.io' }] },
      { refs: { test: [ref('ghcr.io/acme/app:1.0'), ref('ghcr.io/acme/app:1.0', 'workload')] } },
    );
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/not-importable',
        cluster: 'test',
        file: 'catalogs/images/app.ts',
        field: 'tags[0].from',
        message:
          'ImageStream bcgov/app tag 1.0 imports "ghcr.io/acme/app:1.0", but ghcr.io is not in ' +
          'allowedRegistriesForImport on test ("quay.io", "registry.redhat.io"); the import would fail',
        fix: 'add { domainName: "ghcr.io" } to allowedRegistriesForImport in catalogs/registries.ts, or take the ' + 'image from an allowed registry',
      },
    ]);
  });

  // Oracle: cluster-samples-operator pkg/stub/config.go SpecValidation calls pkg/stub/handler.go
  // imageConfigBlocksImageStreamCreation(spec.samplesRegistry) (release-4.22 to 5.1 are the same). It compares strings:
  // a domainName must be a string suffix of the registry (strings.HasSuffix), an allowed or blocked entry must equal it;
  // with samplesRegistry "" it needs redHatRegistriesDomainFound / redHatRegistriesFound, i.e. "quay.io" and
  // "registry.redhat.io" (or domain "redhat.io") written so; a refusal sets ConfigurationValid False with
  // "global openshift image configuration prevents the creation of imagestreams using the registry <name>".
  const MIRROR_SAMPLES: SamplesInput = { ...SMALL_SAMPLES, samplesRegistry: 'mirror.example.com:5000' };
  const refusal = (registries: RegistriesInput, samples: SamplesInput = SMALL_SAMPLES) =>
    only('test', check(registries, { samples }))
      .filter((f) => f.rule === 'registries/samples-registry-refused')
      .map((f) => f.field);
  const importFrom = (...domains: string[]): RegistriesInput => ({
    ...SMALL_REGISTRIES,
    allowedRegistriesForImport: domains.map((domainName) => ({ domainName })),
  });
  const allowed = (...registries: string[]): RegistriesInput => ({
    ...SMALL_REGISTRIES,
    clusters: { test: { allowedRegistries: [INTERNAL, ...registries] } },
  });

  test(
    'with no samples registry, the operator needs quay.io and registry.redhat.io (or redhat.io) as ' + 'allowedRegistriesForImport domain names',
    () => {
      expect(refusal(importFrom('registry.redhat.io', 'quay.io'))).toStrictEqual([]);
      expect(refusal(importFrom('redhat.io', 'quay.io', 'redhat.com'))).toStrictEqual([]);
      // registry.redhat.io alone, which is all the kept nodejs and python import from, is not enough for the operator
      expect(refusal(importFrom('registry.redhat.io'))).toStrictEqual(['allowedRegistriesForImport']);
      // globs and ports are compared as strings, so they do not count
      expect(refusal(importFrom('*.redhat.io', 'quay.io'))).toStrictEqual(['allowedRegistriesForImport']);
      expect(refusal(importFrom('registry.redhat.io:443', 'quay.io'))).toStrictEqual(['allowedRegistriesForImport']);
      // an empty list allows everything
      expect(refusal(SMALL_REGISTRIES)).toStrictEqual([]);
      // the operator validates its Config only while it manages the samples
      expect(refusal(importFrom('registry.redhat.io'), { ...SMALL_SAMPLES, managementState: 'Removed' })).toStrictEqual([]);
    },
  );

  test(
    'with no samples registry, allowedRegistries must list registry.redhat.io and quay.io as written; ' + 'blockedRegistries cannot refuse',
    () => {
      expect(refusal(allowed('registry.redhat.io', 'quay.io'))).toStrictEqual([]);
      expect(refusal(allowed('registry.redhat.io'))).toStrictEqual(['clusters.test.allowedRegistries']);
      // the runtime would accept *.redhat.io for registry.redhat.io; the operator does not
      expect(refusal(allowed('*.redhat.io', 'quay.io'))).toStrictEqual(['clusters.test.allowedRegistries']);
      // "" equals no blocked entry
      expect(refusal({ ...SMALL_REGISTRIES, blockedRegistries: ['registry.redhat.io'] })).toStrictEqual([]);
    },
  );

  test('with a samples registry, a domain name must be a string suffix of it, an allowed or blocked entry equal to it', () => {
    expect(refusal(importFrom('example.com:5000'), MIRROR_SAMPLES)).toStrictEqual([]);
    expect(refusal(importFrom('mirror.example.com'), MIRROR_SAMPLES)).toStrictEqual(['allowedRegistriesForImport']);
    expect(refusal(importFrom('*.example.com:5000'), MIRROR_SAMPLES)).toStrictEqual(['allowedRegistriesForImport']);
    expect(refusal(allowed('mirror.example.com:5000'), MIRROR_SAMPLES)).toStrictEqual([]);
    expect(refusal(allowed('mirror.example.com'), MIRROR_SAMPLES)).toStrictEqual(['clusters.test.allowedRegistries']);
    expect(refusal({ ...SMALL_REGISTRIES, blockedRegistries: ['mirror.example.com:5000'] }, MIRROR_SAMPLES)).toStrictEqual(['blockedRegistries']);
    // a prefix blocks the runtime's pulls, not the operator's Config
    expect(refusal({ ...SMALL_REGISTRIES, blockedRegistries: ['*.example.com'] }, MIRROR_SAMPLES)).toStrictEqual([]);
  });

  test('fails on a samples registry the operator refuses, with what the Samples Operator then does, and nothing else about it', () => {
    const findings = only('test', check(importFrom('registry.redhat.io'), { samples: SMALL_SAMPLES }));
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/samples-registry-refused',
        cluster: 'test',
        file: 'catalogs/registries.ts',
        field: 'allowedRegistriesForImport',
        message:
          'on test, samplesRegistry is not set (catalogs/samples.ts: samplesRegistry) and ' +
          'allowedRegistriesForImport has no domainName "quay.io" together with "registry.redhat.io" or "redhat.io" ' +
          '(the operator compares the strings; globs and ports do not count) (allowedRegistriesForImport): the ' +
          "Samples Operator sets its Config's ConfigurationValid condition to False " +
          '("global openshift image configuration prevents the creation of imagestreams using the registry ") ' +
          'and applies none of the Config (skip lists, registry) until the image configuration allows it',
        fix:
          'add { domainName: "quay.io" } and { domainName: "registry.redhat.io" } (each exactly so) to ' +
          'allowedRegistriesForImport in catalogs/registries.ts, or set samplesRegistry (catalogs/samples.ts: ' +
          'samplesRegistry)',
      },
    ]);
  });

  test('fails when the operator accepts its Config but openshift-apiserver does not allow importing the kept samples', () => {
    // GIVEN "redhat.io", which satisfies the operator, and openshift-apiserver's whitelister, which matches it as a
    // host glob (pkg/image/apis/image/validation/whitelist/whitelister.go, AdmitDockerImageReference; applied to every
    // spec tag when an ImageStream is created: ValidateImageStreamWithWhitelister): not registry.redhat.io
    const findings = only('test', check(importFrom('quay.io', 'redhat.io'), { samples: SMALL_SAMPLES }));
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/not-importable',
        cluster: 'test',
        file: 'catalogs/samples.ts',
        field: 'samplesRegistry',
        message:
          'the Samples Operator, which imports the kept sample image streams nodejs, python (2) from it, but ' +
          'registry.redhat.io is not in allowedRegistriesForImport on test ("quay.io", "redhat.io"): ' +
          'openshift-apiserver refuses to create those image streams',
        fix:
          'add { domainName: "registry.redhat.io" } to allowedRegistriesForImport in catalogs/registries.ts, ' +
          'or set samplesRegistry to a registry that serves them, or stop keeping them',
      },
    ]);
  });

  test('fails on kept samples that import from registry.access.redhat.com when it is not allowed for import', () => {
    // GIVEN dotnet kept: its tags name registry.access.redhat.com (cluster-samples-operator
    // assets/operator/ocp-x86_64/dotnet/imagestreams/dotnet-rhel.json), which the operator leaves as is without samplesRegistry
    const samples = { ...SMALL_SAMPLES, keepImagestreams: ['dotnet', 'nodejs'] };
    const findings = only('test', check(importFrom('quay.io', 'registry.redhat.io'), { samples }));
    expect(findings.map((f) => [f.rule, f.message.split(', but')[0]])).toStrictEqual([
      ['registries/not-importable', 'the Samples Operator, which imports the kept sample image streams dotnet (1) from it'],
    ]);
    expect(findings[0].message).toMatch(/registry\.access\.redhat\.com is not in allowedRegistriesForImport/);
    expect(only('test', check(importFrom('quay.io', 'registry.access.redhat.com', 'registry.redhat.io'), { samples }))).toStrictEqual([]);
  });

  test('fails on an image the runtime may not pull: not in allowedRegistries', () => {
    const findings = check(
      { ...SMALL_REGISTRIES, clusters: { test: { allowedRegistries: REQUIRED } } },
      { refs: { test: [ref('ghcr.io/acme/app:1.0', 'workload'), ref('quay.io/acme/app:1.0', 'workload')] } },
    );
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/not-pullable',
        cluster: 'test',
        file: 'catalogs/images/app.ts',
        field: 'tags[0].from',
        message:
          'ImageStream bcgov/app tag 1.0 uses "ghcr.io/acme/app:1.0", which the container runtime on test may ' +
          'not pull: no allowedRegistries entry covers ghcr.io/acme/app',
        fix: 'add "ghcr.io" (or "ghcr.io/acme/app") to clusters.test.allowedRegistries in catalogs/registries.ts',
      },
    ]);
  });

  test('fails on a blocked image unless a mirror of its kind serves it', () => {
    // GIVEN ghcr.io blocked, with a digest mirror for ghcr.io/acme
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      clusters: { prod: { blockedRegistries: ['ghcr.io'], imageDigestMirrors: [{ source: 'ghcr.io/acme', mirrors: ['mirror.example.com/acme'] }] } },
    };
    // WHEN the same image is used by tag and by digest
    const findings = check(registries, { refs: { prod: [ref('ghcr.io/acme/app:1.0'), ref('ghcr.io/acme/app@sha256:0123abcd')] } });
    // THEN only the tag pull, which digest mirrors do not serve, is reported
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/not-pullable',
        cluster: 'prod',
        file: 'catalogs/images/app.ts',
        field: 'tags[0].from',
        message:
          'ImageStream bcgov/app tag 1.0 uses "ghcr.io/acme/app:1.0", which the container runtime on prod may ' +
          'not pull: blockedRegistries entry "ghcr.io" blocks it',
        fix:
          'remove "ghcr.io" from clusters.prod.blockedRegistries in catalogs/registries.ts, mirror the image, ' + 'or take it from another registry',
      },
    ]);
  });

  test('fails on a samples registry listed in blockedRegistries', () => {
    const findings = check(
      { ...SMALL_REGISTRIES, clusters: { prod: { blockedRegistries: ['mirror.example.com:5000'] } } },
      { samples: MIRROR_SAMPLES },
    );
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/samples-registry-refused',
        cluster: 'prod',
        file: 'catalogs/registries.ts',
        field: 'clusters.prod.blockedRegistries',
        message:
          'on prod, samplesRegistry is "mirror.example.com:5000" (catalogs/samples.ts: samplesRegistry) and ' +
          'blockedRegistries lists "mirror.example.com:5000" (clusters.prod.blockedRegistries): ' +
          'the Samples Operator sets its Config\'s ConfigurationValid condition to False ("global openshift ' +
          'image configuration prevents the creation of imagestreams using the registry mirror.example.com:5000") ' +
          'and applies none of the Config (skip lists, registry) until the image configuration allows it',
        fix:
          'remove "mirror.example.com:5000" from clusters.prod.blockedRegistries in catalogs/registries.ts, or ' +
          'set samplesRegistry (catalogs/samples.ts: samplesRegistry) to a registry that is not blocked',
      },
    ]);
  });

  test('fails on a reference that is not an image reference', () => {
    expect(check(SMALL_REGISTRIES, { refs: { lab: [ref('quay.io/Acme/app:1')] } })).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/invalid-image-reference',
        cluster: 'lab',
        file: 'catalogs/images/app.ts',
        field: 'tags[0].from',
        message: 'ImageStream bcgov/app tag 1.0 refers to "quay.io/Acme/app:1", which is not an image reference',
        fix: 'write registry/repository[:tag|@sha256:digest], e.g. "registry.example.com/team/app:1.0"',
      },
    ]);
  });

  test('fails once, listing every source a disconnected cluster cannot reach', () => {
    // GIVEN a disconnected cluster with a digest mirror for registry.redhat.io only
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      clusters: { prod: { imageDigestMirrors: [{ source: 'registry.redhat.io', mirrors: ['mirror.example.com/redhat'] }] } },
    };
    const images = [
      ref('registry.redhat.io/ubi9/ubi@sha256:0123abcd'), // mirrored by digest
      ref('registry.redhat.io/ubi9/ubi:9.4'), // a tag: digest mirrors do not serve it
      ref('ghcr.io/acme/app:1.0', 'workload'),
      ref('mirror.example.com/redhat/ubi9/ubi:9.4'), // already on the mirror registry
      ref(`${INTERNAL}/bcgov/app:1.0`),
    ];
    // WHEN it is checked, with the samples (nodejs, python from registry.redhat.io) managed
    const findings = check(registries, { fleet: disconnectedFleet(), refs: { prod: images }, samples: SMALL_SAMPLES });
    // THEN one error lists the three unreachable images and the samples registry
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/not-mirrored',
        cluster: 'prod',
        file: 'catalogs/registries.ts',
        field: 'clusters.prod.imageDigestMirrors',
        message: [
          'prod is disconnected, and 3 image source(s) are on no mirror it can reach:',
          '    "registry.redhat.io/ubi9/ubi:9.4": ImageStream bcgov/app tag 1.0 (catalogs/images/app.ts: ' +
            'tags[0].from) needs an imageTagMirrors rule',
          '    "ghcr.io/acme/app:1.0": ImageStream bcgov/app tag 1.0 (catalogs/images/app.ts: tags[0].from) ' + 'needs an imageTagMirrors rule',
          '    "registry.redhat.io": the Samples Operator, which imports the kept sample image streams nodejs, ' +
            'python (2) from it (catalogs/samples.ts: samplesRegistry); set the samples registry to a mirror ' +
            'registry of this cluster and mirror the samples there, or their imports fail',
        ].join('\n'),
        fix:
          'add mirror rules (with at least one mirror) covering "ghcr.io/acme/app", ' +
          '"registry.redhat.io/ubi9/ubi" to clusters.prod.imageDigestMirrors or imageTagMirrors, or take the ' +
          'images from a mirror registry',
      },
    ]);
  });

  test('fails when a converted ICSP takes the name of a mirror set', () => {
    const icsp = { apiVersion: 'operator.openshift.io/v1alpha1', kind: 'ImageContentSourcePolicy', metadata: { name: 'mirror-quay.io' }, spec: {} };
    const findings = only(
      'lab',
      check(
        { ...SMALL_REGISTRIES, imageDigestMirrors: [{ source: 'quay.io', mirrors: ['m.example.com/quay'] }] },
        { icsp: { 'catalogs/icsp/legacy.yaml': icsp } },
      ),
    );
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/mirror-set-name-clash',
        cluster: 'lab',
        file: 'catalogs/icsp/legacy.yaml',
        field: 'metadata.name',
        message:
          'two ImageDigestMirrorSets on lab would be named "mirror-quay.io" (from catalogs/registries.ts and ' +
          'catalogs/icsp/legacy.yaml); one would overwrite the other',
        fix: 'rename the ImageContentSourcePolicy in catalogs/icsp/legacy.yaml (metadata.name)',
      },
    ]);
  });

  // Oracle: machine-config-operator pkg/controller/container-runtime-config/helpers.go, validateRegistriesConfScopes:
  // one map source → policy over every IDMS, ITMS and ICSP (an ICSP goes through convertICSPToIDMS, which sets no
  // policy; "" counts as AllowContactingSource); a second, different policy for the same source string is the error
  // "conflicting mirrorSourcePolicy is set for the same source …", and updateRegistriesConfig renders nothing.
  const mcoConflicts = (rules: Array<{ source: string; policy?: string }>): string[] => {
    const seen = new Map<string, string>();
    const conflicts: string[] = [];
    for (const { source, policy = '' } of rules) {
      const effective = policy === '' ? 'AllowContactingSource' : policy;
      const earlier = seen.get(source);
      if (earlier === undefined) seen.set(source, effective);
      else if (earlier !== effective && !conflicts.includes(source)) conflicts.push(source);
    }
    return conflicts;
  };

  test('fails when digest and tag mirrors of one source disagree on mirrorSourcePolicy, as the Machine Config Operator does', () => {
    // GIVEN quay.io NeverContactSource by digest and AllowContactingSource (the default) by tag; registry.redhat.io agreeing
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      imageDigestMirrors: [
        { source: 'quay.io', mirrors: ['m.example.com/quay'], mirrorSourcePolicy: 'NeverContactSource' },
        { source: 'registry.redhat.io', mirrors: ['m.example.com/redhat'], mirrorSourcePolicy: 'NeverContactSource' },
      ],
      imageTagMirrors: [
        { source: 'quay.io', mirrors: ['m.example.com/quay'] },
        { source: 'registry.redhat.io', mirrors: ['m.example.com/redhat'], mirrorSourcePolicy: 'NeverContactSource' },
        // a different string for the MCO, so no conflict even though it is a repository of quay.io
        { source: 'quay.io/acme', mirrors: ['m.example.com/acme'], mirrorSourcePolicy: 'NeverContactSource' },
      ],
    };
    // THEN the rule reports exactly the sources the MCO refuses
    const findings = only('lab', check(registries)).filter((f) => f.rule === 'registries/mirror-source-policy-conflict');
    expect(findings.map((f) => f.message.match(/for "([^"]+)"/)?.[1])).toStrictEqual(
      mcoConflicts([
        { source: 'quay.io', policy: 'NeverContactSource' },
        { source: 'registry.redhat.io', policy: 'NeverContactSource' },
        { source: 'quay.io' },
        { source: 'registry.redhat.io', policy: 'NeverContactSource' },
        { source: 'quay.io/acme', policy: 'NeverContactSource' },
      ]),
    );
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/mirror-source-policy-conflict',
        cluster: 'lab',
        file: 'catalogs/registries.ts',
        field: 'imageDigestMirrors[0]',
        message:
          'the mirror rules for "quay.io" on lab disagree on mirrorSourcePolicy: catalogs/registries.ts: ' +
          'imageDigestMirrors[0] (NeverContactSource) and catalogs/registries.ts: imageTagMirrors[0] ' +
          '(AllowContactingSource); ' +
          'the Machine Config Operator then renders no registry configuration for any node ("conflicting ' +
          'mirrorSourcePolicy is set for the same source "quay.io" in imagedigestmirrorsets, ' +
          'imagetagmirrorsets, or imagecontentsourcepolicies"), ' +
          'so no mirror, blocked or insecure registry change reaches the nodes',
        fix:
          'use one mirrorSourcePolicy for "quay.io" in both catalogs/registries.ts: imageDigestMirrors[0] and ' +
          'catalogs/registries.ts: imageTagMirrors[0]',
      },
    ]);
  });

  test('fails when a migrated ICSP and a NeverContactSource rule share a source: an ICSP counts as AllowContactingSource', () => {
    // GIVEN an ICSP for quay.io/openshift-release-dev/ocp-release on prod and a catalog digest rule for the same source
    const icsp = {
      apiVersion: 'operator.openshift.io/v1alpha1',
      kind: 'ImageContentSourcePolicy',
      metadata: { name: 'ocp-release' },
      spec: { repositoryDigestMirrors: [{ source: 'quay.io/openshift-release-dev/ocp-release', mirrors: ['m.example.com/ocp-release'] }] },
    };
    const rule = { source: 'quay.io/openshift-release-dev/ocp-release', mirrors: ['m.example.com/ocp-release'] };
    const withPolicy = (mirrorSourcePolicy: 'NeverContactSource' | 'AllowContactingSource'): RegistriesInput => ({
      ...SMALL_REGISTRIES,
      clusters: { prod: { imageTagMirrors: [{ ...rule, mirrorSourcePolicy }] } },
    });
    const conflicts = (registries: RegistriesInput) =>
      check(registries, { icsp: { 'catalogs/icsp/prod/ocp-release.yaml': icsp } }).filter(
        (f) => f.rule === 'registries/mirror-source-policy-conflict',
      );
    // THEN NeverContactSource conflicts with the ICSP, AllowContactingSource does not (as the MCO's map sees them)
    expect(mcoConflicts([{ source: rule.source }, { source: rule.source, policy: 'NeverContactSource' }])).toStrictEqual([rule.source]);
    expect(mcoConflicts([{ source: rule.source }, { source: rule.source, policy: 'AllowContactingSource' }])).toStrictEqual([]);
    expect(conflicts(withPolicy('AllowContactingSource'))).toStrictEqual([]);
    expect(conflicts(withPolicy('NeverContactSource'))).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/mirror-source-policy-conflict',
        cluster: 'prod',
        file: 'catalogs/registries.ts',
        field: 'clusters.prod.imageTagMirrors[0]',
        message:
          'the mirror rules for "quay.io/openshift-release-dev/ocp-release" on prod disagree on ' +
          'mirrorSourcePolicy: catalogs/registries.ts: clusters.prod.imageTagMirrors[0] (NeverContactSource) and ' +
          'catalogs/icsp/prod/ocp-release.yaml: spec.repositoryDigestMirrors[0] (an ImageContentSourcePolicy ' +
          'entry, which counts as AllowContactingSource); ' +
          'the Machine Config Operator then renders no registry configuration for any node ("conflicting ' +
          'mirrorSourcePolicy is set for the same source "quay.io/openshift-release-dev/ocp-release" in ' +
          'imagedigestmirrorsets, imagetagmirrorsets, or imagecontentsourcepolicies"), ' +
          'so no mirror, blocked or insecure registry change reaches the nodes',
        fix:
          "set mirrorSourcePolicy: 'AllowContactingSource' in catalogs/registries.ts: " +
          'clusters.prod.imageTagMirrors[0], or delete catalogs/icsp/prod/ocp-release.yaml and keep the ' +
          'catalog rule (an ICSP cannot say NeverContactSource); also delete that ImageContentSourcePolicy ' +
          'from the cluster, where the Machine Config Operator reads it as long as it exists',
      },
    ]);
  });

  test('fails on a NeverContactSource rule that lists its source as a mirror, as the Machine Config Operator does', () => {
    // Oracle: machine-config-operator helpers.go validateRegistriesConfScopes: policy == NeverContactSource && mirror == source
    const mcoRefuses = (source: string, mirrors: string[], policy: string) => policy === 'NeverContactSource' && mirrors.includes(source);
    const rule = (mirrorSourcePolicy: 'NeverContactSource' | 'AllowContactingSource') => ({
      source: 'quay.io/acme',
      mirrors: ['m.example.com/acme', 'quay.io/acme'],
      mirrorSourcePolicy,
    });
    const findings = (policy: 'NeverContactSource' | 'AllowContactingSource') =>
      only('lab', check({ ...SMALL_REGISTRIES, imageDigestMirrors: [rule(policy)] })).filter(
        (f) => f.rule === 'registries/never-contact-source-as-mirror',
      );
    // The MCO accepts it with AllowContactingSource; the model refuses it still: a mirror that is its source mirrors nothing.
    expect(mcoRefuses('quay.io/acme', rule('AllowContactingSource').mirrors, 'AllowContactingSource')).toBe(false);
    expect(() => findings('AllowContactingSource')).toThrow(/imageDigestMirrors\[0\]\.mirrors\[1\]\n  expected: a mirror other than the source/);
    expect(findings('NeverContactSource')).toStrictEqual([
      {
        severity: 'error',
        rule: 'registries/never-contact-source-as-mirror',
        cluster: 'lab',
        file: 'catalogs/registries.ts',
        field: 'imageDigestMirrors[0]',
        message:
          'the mirror rule for "quay.io/acme" on lab sets mirrorSourcePolicy NeverContactSource and lists the ' +
          'source itself as a mirror; the Machine Config Operator then renders no registry configuration for any node ' +
          '("cannot set mirrorSourcePolicy: NeverContactSource if the source "quay.io/acme" is one of the mirrors")',
        fix: 'remove "quay.io/acme" from the mirrors, or set mirrorSourcePolicy: \'AllowContactingSource\'',
      },
    ]);
    expect(mcoRefuses('quay.io/acme', rule('NeverContactSource').mirrors, 'NeverContactSource')).toBe(true);
  });
});

describe('image uses on many clusters', () => {
  // Whether a use has findings is decided once per distinct registry policy and kind of use, and a use
  // found clean there is not checked again (src/policy/registries-rules.ts, `imagesAllowed`). Clusters
  // run in name order, so each cluster here that differs from an earlier clean one in one thing the
  // decision reads must still get its findings.
  const consumer = smallFleet().clusters[1];
  const internal = 'registry.internal:5000';
  const fleet: FleetInput = {
    ...smallFleet(),
    clusters: [
      smallFleet().clusters[0],
      ...['a0', 'a2'].map((name) => ({ ...consumer, name, destination: { name } })),
      ...['a1', 'b1', 'b2', 'b3', 'c1'].map((name) => ({ ...consumer, name, destination: { name }, internalRegistry: internal })),
    ],
  };
  const blocked = { blockedRegistries: ['quay.io/team'] };
  const registries: RegistriesInput = {
    ...SMALL_REGISTRIES,
    allowedRegistriesForImport: [{ domainName: 'quay.io' }],
    clusters: {
      // a0: allowed to import from registry.internal:5000; a1 and the b's: it is their internal registry; a2: neither
      a0: { allowedRegistriesForImport: [{ domainName: 'quay.io' }, { domainName: internal }] },
      // b1: quay.io/team blocked but served by a tag mirror; b2 and b3: blocked, no mirror
      b1: { ...blocked, imageTagMirrors: [{ source: 'quay.io/team', mirrors: ['mirror.example.com/team'] }] },
      b2: blocked,
      b3: blocked,
      // c1: an allow-list for pulls without quay.io
      c1: { allowedRegistries: [internal, 'registry.redhat.io'] },
    },
  };
  /** The import and pull findings when every cluster has the same uses (one array, as plans share them). */
  function findings(policy: RegistriesInput): Finding[] {
    const catalog = parseCatalog(
      'catalogs',
      new Map<string, unknown>([
        ['catalogs/fleet.ts', fleet],
        ['catalogs/registries.ts', policy],
        ['catalogs/samples.ts', SAMPLES_REMOVED],
      ]),
    );
    // A pod pulls the internal image (no import permission needed) before a stream imports it.
    const uses = [ref(`${internal}/bcgov/app:1.0`, 'workload'), ref(`${internal}/bcgov/app:1.0`), ref('quay.io/team/app:1.0')];
    const plans = planFleet(catalog).map((plan) => ({ ...plan, imageUses: uses }));
    return checkFleet({ catalog, plans, previous: new Map() }).filter(
      (f) => f.rule === 'registries/not-importable' || f.rule === 'registries/not-pullable',
    );
  }

  test('each cluster is checked with its own import and pull lists, internal registry, blocked entries and mirrors, each kind of use apart', () => {
    const found = findings(registries);
    expect(found.map((f) => [f.cluster, f.rule, f.message.match(/"([^"]+)"/)?.[1]])).toStrictEqual([
      ['a2', 'registries/not-importable', 'registry.internal:5000/bcgov/app:1.0'],
      ['b2', 'registries/not-pullable', 'quay.io/team/app:1.0'],
      ['b3', 'registries/not-pullable', 'quay.io/team/app:1.0'],
      ['c1', 'registries/not-pullable', 'quay.io/team/app:1.0'],
      ['lab', 'registries/not-importable', 'registry.internal:5000/bcgov/app:1.0'],
    ]);
    // AND clusters with the same decisions each get findings that name them
    expect(found[1].message).toContain('container runtime on b2 may not pull');
    expect(found[1].fix).toContain('clusters.b2.blockedRegistries');
    expect(found[2].message).toContain('container runtime on b3 may not pull');
    expect(found[2].fix).toContain('clusters.b3.blockedRegistries');
  });

  test('a later check of another catalog decides afresh', () => {
    // GIVEN the fleet checked with its policy, then with the internal registry allowed for import and nothing blocked
    findings(registries);
    const after = findings({ ...SMALL_REGISTRIES, allowedRegistriesForImport: [{ domainName: 'quay.io' }, { domainName: internal }] });
    // THEN nothing is reported
    expect(after).toStrictEqual([]);
  });

  test('what a disconnected cluster must mirror follows its own mirror rules and internal registry', () => {
    // GIVEN three disconnected clusters with the same uses: d1 with the fleet's tag mirror of quay.io/team,
    // d2 without mirrors, d3 with the mirror and registry.internal:5000 as its internal registry
    const clusters = ['d1', 'd2', 'd3'].map((name) => ({
      ...consumer,
      name,
      destination: { name },
      connectivity: 'disconnected' as const,
      ...(name === 'd3' ? { internalRegistry: internal } : {}),
    }));
    const catalog = parseCatalog(
      'catalogs',
      new Map<string, unknown>([
        ['catalogs/fleet.ts', { ...fleet, clusters: [fleet.clusters[0], ...clusters] }],
        [
          'catalogs/registries.ts',
          {
            ...SMALL_REGISTRIES,
            imageTagMirrors: [{ source: 'quay.io/team', mirrors: ['mirror.example.com/team'] }],
            clusters: { d2: { imageTagMirrors: [] } },
          },
        ],
        ['catalogs/samples.ts', SAMPLES_REMOVED],
      ]),
    );
    const uses = [ref(`${internal}/bcgov/app:1.0`), ref('quay.io/team/app:1.0')];
    // WHEN their mirroring needs are asked for, in name order
    const needs = planFleet(catalog)
      .filter((plan) => plan.registries.disconnected)
      .map((plan) => {
        const { toMirror, unreachable } = mirroringNeeds({ ...plan, imageUses: uses });
        return [plan.cluster.name, toMirror, unreachable.map((u) => u.image)];
      });
    // THEN each has its own
    expect(needs).toStrictEqual([
      ['d1', ['quay.io/team/app:1.0'], [`${internal}/bcgov/app:1.0`]],
      ['d2', [], [`${internal}/bcgov/app:1.0`, 'quay.io/team/app:1.0']],
      ['d3', ['quay.io/team/app:1.0'], []],
    ]);
  });
});
