import { CatalogError, parseCatalog } from '../../src/model';
import { smallFleet, smallSources } from '../support/fixtures';
import { joinRegExp } from '../support/regexp';

function parseFleet(fleet: unknown) {
  return parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet }));
}

function errorOf(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected a CatalogError');
}

describe('fleet model', () => {
  test('applies the documented defaults', () => {
    // GIVEN a fleet that leaves optional fields out
    // WHEN it is parsed
    const { fleet } = parseFleet(smallFleet());
    // THEN the defaults are filled in
    expect(fleet.curatedNamespace).toBe('bcgov');
    expect(fleet.gitops).toStrictEqual({
      repoURL: 'https://git.example.com/platform/images.git',
      targetRevision: 'main',
      argocdNamespace: 'openshift-gitops',
      project: 'default',
      path: 'dist',
    });
    expect(fleet.clusters[0]).toMatchObject({
      architectures: ['x86_64'],
      connectivity: 'connected',
      internalRegistry: 'image-registry.openshift-image-registry.svc:5000',
    });
  });

  test('fails on a cluster name that is not a DNS label, naming file, field, expectation and fix', () => {
    // GIVEN a cluster named with capitals and an underscore
    const fleet = smallFleet();
    fleet.clusters[1] = { ...fleet.clusters[1], name: 'Gold_DR' };
    // WHEN it is parsed THEN one error names the file, the field, what was expected and received, and a fix
    expect(() => parseFleet(fleet)).toThrow(
      new CatalogError([
        {
          file: 'catalogs/fleet.ts',
          field: 'clusters[1].name',
          expected: "a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
          received: '"Gold_DR"',
          fix: 'rename it, e.g. "gold-dr"',
        },
      ]).message,
    );
  });

  test('fails on a duplicate cluster at the second occurrence', () => {
    const fleet = smallFleet();
    fleet.clusters.push({ ...fleet.clusters[2], destination: { name: 'prod-2' } });
    const error = errorOf(() => parseFleet(fleet));
    expect(error.problems).toStrictEqual([
      {
        file: 'catalogs/fleet.ts',
        field: 'clusters[3].name',
        expected: 'a unique cluster name',
        received: '"prod", already used at index 2',
        fix: 'remove the duplicate or give it another cluster name',
      },
    ]);
  });

  test('fails on an unknown field, naming it', () => {
    const fleet = { ...smallFleet(), clsuters: [] };
    expect(() => parseFleet(fleet)).toThrow(
      /catalogs\/fleet.ts: clsuters\n  expected: only the fields this catalog section defines\n  received: unknown field `clsuters`/,
    );
  });

  test('fails on a wrong type with what was received', () => {
    const fleet = smallFleet();
    (fleet.clusters[0] as { architectures: unknown }).architectures = 'x86_64';
    expect(() => parseFleet(fleet)).toThrow(/clusters\[0\]\.architectures\n  expected: an array\n  received: "x86_64"/);
  });

  test('fails on a reserved cluster name', () => {
    const fleet = smallFleet();
    fleet.clusters[1] = { ...fleet.clusters[1], name: 'argocd' };
    expect(() => parseFleet(fleet)).toThrow(/clusters\[1\]\.name\n  expected: a cluster name other than "argocd" and "reports"/);
  });

  test('fails without exactly one build cluster', () => {
    const fleet = smallFleet();
    fleet.clusters[0] = { ...fleet.clusters[0], role: 'consumer' };
    expect(() => parseFleet(fleet)).toThrow(
      /clusters\n  expected: exactly one cluster with role 'build'.*\n  received: none\n  fix:      set role: 'build' on the lab cluster/,
    );
  });

  test('fails on a destination with neither server nor name', () => {
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], destination: {} as never };
    expect(() => parseFleet(fleet)).toThrow(
      joinRegExp(
        /clusters\[2\]\.destination\n/,
        /  expected: an Argo CD destination: \{ server: "https:\/\/api…:6443" \} or \{ name: "<registered cluster name>" \}/,
      ),
    );
  });

  test('fails on a curated namespace OpenShift owns', () => {
    expect(() => parseFleet(smallFleet({ curatedNamespace: 'openshift' }))).toThrow(
      joinRegExp(
        /catalogs\/fleet.ts: curatedNamespace\n/,
        /  expected: a namespace of your own, not one OpenShift or Kubernetes owns \(openshift, openshift-\*, kube-\*, default\)\n/,
        /  received: "openshift"/,
      ),
    );
  });

  test('fails on a gitops path that is absolute or leaves the repository', () => {
    expect(() => parseFleet(smallFleet({ gitops: { repoURL: 'https://git.example.com/x.git', path: '/dist/' } }))).toThrow(
      joinRegExp(
        /gitops\.path\n  expected: a folder path relative to the repository root.*\n  received: "\/dist\/"\n/,
        /  fix:      write it relative to the repository root, e.g. "dist"/,
      ),
    );
    expect(() => parseFleet(smallFleet({ gitops: { repoURL: 'https://git.example.com/x.git', path: '../dist' } }))).toThrow(/gitops\.path/);
    expect(parseFleet(smallFleet({ gitops: { repoURL: 'https://git.example.com/x.git', path: 'deploy/dist' } })).fleet.gitops.path).toBe(
      'deploy/dist',
    );
  });

  test('fails on a file the compiler does not read', () => {
    const sources = smallSources({ 'catalogs/flet.ts': {} });
    expect(() => parseCatalog('catalogs', sources)).toThrow(/catalogs\/flet.ts\n  expected: a known catalog file/);
  });

  test('fails when the fleet file is missing', () => {
    const sources = smallSources();
    sources.delete('catalogs/fleet.ts');
    expect(() => parseCatalog('catalogs', sources)).toThrow(/catalogs\/fleet.ts\n  expected: the file to exist/);
  });

  // The capability is named as openshift/api config/v1 types_cluster_version.go names it:
  // ClusterVersionCapabilityOpenShiftSamples = "openshift-samples".
  test('a cluster can say it was installed without the openshift-samples capability', () => {
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], disabledCapabilities: ['openshift-samples'] };
    const parsed = parseFleet(fleet).fleet;
    expect(parsed.clusters.map((c) => c.disabledCapabilities)).toStrictEqual([[], [], ['openshift-samples']]);
  });

  test('fails on a capability the compiler does not act on', () => {
    const fleet = smallFleet();
    fleet.clusters[1] = { ...fleet.clusters[1], disabledCapabilities: ['samples' as 'openshift-samples'] };
    expect(() => parseFleet(fleet)).toThrow(/catalogs\/fleet.ts: clusters\[1\]\.disabledCapabilities\[0\]\n.*"openshift-samples"/);
  });
});
