import { CatalogError, type CatalogProblem, parseCatalog, readCatalogSources } from '../../src/model';
import { catalogProblems, smallSources, workspace } from '../support/fixtures';

const ICSP = {
  apiVersion: 'operator.openshift.io/v1alpha1',
  kind: 'ImageContentSourcePolicy',
  metadata: { name: 'release' },
  spec: { repositoryDigestMirrors: [{ source: 'quay.io/openshift-release-dev/ocp-release', mirrors: ['mirror.example.com/ocp/release'] }] },
};

function problemsOf(extra: Record<string, unknown>): CatalogProblem[] {
  return [...catalogProblems(() => parseCatalog('catalogs', smallSources(extra)))];
}

describe('ImageContentSourcePolicy files', () => {
  test('are read from icsp/ (every cluster) and icsp/<cluster>/ (one cluster)', () => {
    const catalog = parseCatalog(
      'catalogs',
      smallSources({ 'catalogs/icsp/release.yaml': ICSP, 'catalogs/icsp/prod/extra.yml': { ...ICSP, metadata: { name: 'extra' } } }),
    );
    expect(catalog.imageContentSourcePolicies.map(({ file, cluster, policy }) => [file, cluster, policy.metadata.name])).toStrictEqual([
      ['catalogs/icsp/prod/extra.yml', 'prod', 'extra'],
      ['catalogs/icsp/release.yaml', undefined, 'release'],
    ]);
  });

  test('fails on server-set metadata, which a cluster would reject on apply', () => {
    expect(problemsOf({ 'catalogs/icsp/release.yaml': { ...ICSP, metadata: { name: 'release', resourceVersion: '8302' } } })).toStrictEqual([
      {
        file: 'catalogs/icsp/release.yaml',
        field: 'metadata.resourceVersion',
        expected: 'only the fields this catalog section defines',
        received: 'unknown field `resourceVersion`',
        fix: 'remove `resourceVersion` or correct its spelling (your editor completes the valid names)',
      },
    ]);
  });

  test('fails on a source an ImageDigestMirrorSet would not accept', () => {
    const icsp = {
      ...ICSP,
      spec: { repositoryDigestMirrors: [{ source: 'quay.io/openshift-release-dev/ocp-release:4.16', mirrors: ['mirror.example.com/ocp'] }] },
    };
    expect(problemsOf({ 'catalogs/icsp/release.yaml': icsp })).toStrictEqual([
      {
        file: 'catalogs/icsp/release.yaml',
        field: 'spec.repositoryDigestMirrors[0].source',
        expected: 'a source host[:port][/path] or *.domain, as an ImageDigestMirrorSet accepts it',
        received: '"quay.io/openshift-release-dev/ocp-release:4.16"',
        fix: 'remove the scheme, tag or digest',
      },
    ]);
  });

  test('fails on another kind in the icsp/ folder', () => {
    expect(
      problemsOf({ 'catalogs/icsp/release.yaml': { ...ICSP, apiVersion: 'config.openshift.io/v1', kind: 'ImageDigestMirrorSet' } }).map((p) => [
        p.field,
        p.expected,
      ]),
    ).toStrictEqual([
      ['apiVersion', 'one of "operator.openshift.io/v1alpha1"'],
      ['kind', 'one of "ImageContentSourcePolicy"'],
    ]);
  });

  test('fails on a folder that is not a cluster of the fleet', () => {
    expect(problemsOf({ 'catalogs/icsp/gold/release.yaml': ICSP })).toStrictEqual([
      {
        file: 'catalogs/icsp/gold/release.yaml',
        field: '',
        expected: 'a folder named after a cluster of the fleet: lab, test, prod',
        received: 'folder "gold"',
        fix: 'move the file to icsp/<cluster>/ for one cluster, or to icsp/ for every cluster',
      },
    ]);
  });

  test('fails on a file with several objects (oc-mirror writes them so): one object per file', () => {
    const ws = workspace({ 'catalogs/icsp/all.yaml': 'kind: ImageContentSourcePolicy\n---\nkind: ImageContentSourcePolicy\n' });
    expect(() => readCatalogSources(ws.catalogDir)).toThrow(CatalogError);
    try {
      readCatalogSources(ws.catalogDir);
    } catch (error) {
      expect((error as CatalogError).problems).toStrictEqual([
        {
          file: expect.stringMatching(/catalogs\/icsp\/all\.yaml$/),
          field: '',
          expected: 'a YAML document',
          received: 'several YAML documents (separated by ---)',
          fix: 'put each object in a file of its own',
        },
      ]);
    }
  });
});
