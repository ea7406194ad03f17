import { bundledSamplesInventories, type FleetInput, parseCatalog, type SamplesInventory } from '../../src/model';
import { type ClusterPlan, planFleet } from '../../src/plan';
import {
  smallBuilderImage,
  SMALL_CURATION,
  SMALL_REGISTRIES,
  SMALL_SAMPLES,
  smallFleet,
  smallImage,
  smallJenkinsTemplate,
  templateSources,
} from '../support/fixtures';

/**
 * Plans share the parts clusters have in common (each part is read-only and made once per distinct
 * input): these tests hold each shared part to its inputs, with clusters that differ in one input only.
 */
describe('planFleet: parts shared across clusters', () => {
  const base = smallFleet({ curation: SMALL_CURATION }).clusters[1];
  // Six consumers: `a` and `b` alike, every other one differs from `a` in one thing.
  const fleet: FleetInput = {
    ...smallFleet({ curation: SMALL_CURATION }),
    clusters: [
      smallFleet().clusters[0],
      { ...base, name: 'a' },
      { ...base, name: 'b' },
      { ...base, name: 'registry', internalRegistry: 'registry.internal.example.com:5000' },
      { ...base, name: 'offline', connectivity: 'disconnected' },
      { ...base, name: 'older', openshiftVersion: '4.22' },
      { ...base, name: 'arm', architectures: ['aarch64'] },
      { ...base, name: 'own', destination: { server: 'https://api.own.example.com:6443' } },
    ],
  };
  // Test inventories: 4.22 without the ruby sample, aarch64 without perl (the bundled one serves x86_64 for every release).
  const [x86] = bundledSamplesInventories();
  const inventories: SamplesInventory[] = [
    { ...x86, openshiftReleases: x86.openshiftReleases.filter((r) => r !== '4.22') },
    { ...x86, file: 'older.json', openshiftReleases: ['4.22'], imagestreams: x86.imagestreams.filter((n) => n !== 'ruby') },
    { ...x86, file: 'arm.json', architecture: 'aarch64', imagestreams: x86.imagestreams.filter((n) => n !== 'perl') },
  ];
  const plans = (overrides: Record<string, unknown> = {}): Record<string, ClusterPlan> => {
    const sources = templateSources({
      'catalogs/fleet.ts': fleet,
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate(),
      'catalogs/images/patroni.ts': smallImage(),
      'catalogs/builders/python.ts': smallBuilderImage(),
      'catalogs/registries.ts': { ...SMALL_REGISTRIES, clusters: { own: { allowedRegistriesForImport: [] } } },
      'catalogs/samples.ts': { ...SMALL_SAMPLES, clusters: { own: { managementState: 'Managed' } } },
      ...overrides,
    });
    return Object.fromEntries(planFleet(parseCatalog('catalogs', sources, inventories)).map((p) => [p.cluster.name, p]));
  };

  test('clusters with the same inputs share each part of their plans', () => {
    // GIVEN two consumers alike but for their names and destinations
    const { a, b } = plans();
    // THEN they share every part (one object each), and each keeps its own cluster
    for (const part of ['imageStreams', 'imageUses', 'samples', 'registries', 'templates', 'builderImages'] as const) {
      expect([part, b[part]]).toStrictEqual([part, a[part]]);
      expect([part, b[part] === a[part]]).toStrictEqual([part, true]);
    }
    expect([a.cluster.name, b.cluster.name]).toStrictEqual(['a', 'b']);
  });

  test('a cluster with its own internal registry gets its own registries, templates and image uses, which name it', () => {
    const { a, registry } = plans();
    expect(registry.registries.internalRegistry).toBe('registry.internal.example.com:5000');
    expect(a.registries.internalRegistry).toBe('image-registry.openshift-image-registry.svc:5000');
    expect(registry.templates.map((t) => t.internalRegistry)).toStrictEqual(['registry.internal.example.com:5000']);
    expect(a.templates.map((t) => t.internalRegistry)).toStrictEqual(['image-registry.openshift-image-registry.svc:5000']);
    const workloads = (p: ClusterPlan) => p.imageUses.filter((u) => u.role === 'workload').map((u) => u.image.split('/')[0]);
    expect(workloads(registry)).toStrictEqual(['registry.internal.example.com:5000', 'registry.internal.example.com:5000']);
    expect(workloads(a)).toStrictEqual(['image-registry.openshift-image-registry.svc:5000', 'image-registry.openshift-image-registry.svc:5000']);
  });

  test('a disconnected cluster gets registries of its own that say so', () => {
    const { a, offline } = plans();
    expect([a.registries.disconnected, offline.registries.disconnected]).toStrictEqual([false, true]);
  });

  test('a registry override or an ImageContentSourcePolicy of its own gives a cluster registries that name it', () => {
    // GIVEN `own` overrides allowedRegistriesForImport with the fleet's own (empty) value, and an ICSP for `b` only
    const icsp = {
      apiVersion: 'operator.openshift.io/v1alpha1',
      kind: 'ImageContentSourcePolicy',
      metadata: { name: 'b-mirrors' },
      spec: { repositoryDigestMirrors: [{ source: 'quay.io/team', mirrors: ['mirror.example.com/team'] }] },
    };
    const { a, b, own } = plans({ 'catalogs/icsp/b/b-mirrors.yaml': icsp });
    // THEN the values are the fleet's, the locations the override's, and only b has the ICSP's set
    expect(own.registries.allowedRegistriesForImport).toStrictEqual(a.registries.allowedRegistriesForImport);
    expect([a.registries.fields.allowedRegistriesForImport, own.registries.fields.allowedRegistriesForImport]).toStrictEqual([
      'allowedRegistriesForImport',
      'clusters.own.allowedRegistriesForImport',
    ]);
    expect(b.registries.imageDigestMirrorSets.map((s) => s.name)).toStrictEqual(['b-mirrors']);
    expect(a.registries.imageDigestMirrorSets).toStrictEqual([]);
  });

  test("a cluster's samples plan follows its release, its first architecture and its own settings", () => {
    const { a, older, arm, own } = plans();
    const skipsRubyAndPerl = (p: ClusterPlan) => ['ruby', 'perl'].filter((n) => p.samples?.skippedImagestreams.includes(n));
    expect([skipsRubyAndPerl(a), skipsRubyAndPerl(older), skipsRubyAndPerl(arm)]).toStrictEqual([['ruby', 'perl'], ['perl'], ['ruby']]);
    expect([a.samples?.architectures, arm.samples?.architectures]).toStrictEqual([['x86_64'], ['arm64']]);
    // `own` sets the fleet's management state again: the same value, written elsewhere
    expect([a.samples?.managementState, own.samples?.managementState]).toStrictEqual(['Managed', 'Managed']);
    expect([a.samples?.managementStateField, own.samples?.managementStateField]).toStrictEqual(['managementState', 'clusters.own.managementState']);
  });

  test('a multi-architecture cluster gets streams and builder images that import every architecture', () => {
    // GIVEN `b` with two architectures
    const multi: FleetInput = {
      ...fleet,
      clusters: fleet.clusters.map((c) => (c.name === 'b' ? { ...c, architectures: ['x86_64', 'aarch64'] } : c)),
    };
    const { a, b } = plans({ 'catalogs/fleet.ts': multi });
    const modes = (p: ClusterPlan) => [
      ...new Set([...p.imageStreams, ...p.builderImages].flatMap((s) => s.tags.map((t) => t.importPolicy.importMode))),
    ];
    expect([modes(a), modes(b)]).toStrictEqual([['Legacy'], ['PreserveOriginal']]);
  });

  test('plans of one catalog never come from another planned before it', () => {
    // GIVEN two catalogs alike but for the distribution registry, planned one after the other
    const first = plans();
    const second = plans({ 'catalogs/registries.ts': { distribution: { registry: 'other.example.com', repository: 'images' } } });
    // THEN each has its own streams, pull sources and templates
    expect(first.a.imageUses.find((u) => u.role === 'imagestream-tag')?.image).toMatch(/^artifacts\.example\.com\//);
    expect(second.a.imageUses.find((u) => u.role === 'imagestream-tag')?.image).toMatch(/^other\.example\.com\//);
    expect(second.a.registries).not.toBe(first.a.registries);
  });
});
