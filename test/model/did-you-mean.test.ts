import { type CatalogProblem, parseCatalog } from '../../src/model';
import { didYouMean } from '../../src/model/_closest';
import { ownership } from '../../src/pipeline';
import { catalogProblems, imageSources, SMALL_REGISTRIES, SMALL_SAMPLES, smallBuilderImage, smallImage, smallSources } from '../support/fixtures';

function problemsOf(sources: Map<string, unknown>): readonly CatalogProblem[] {
  return catalogProblems(() => parseCatalog('catalogs', sources));
}

const ICSP = {
  apiVersion: 'operator.openshift.io/v1alpha1',
  kind: 'ImageContentSourcePolicy',
  metadata: { name: 'release' },
  spec: { repositoryDigestMirrors: [{ source: 'quay.io/openshift-release-dev/ocp-release', mirrors: ['mirror.example.com/ocp-release'] }] },
};

describe('did you mean, wherever a name is looked up', () => {
  test('suggests a near name and nothing when every name is far', () => {
    expect(didYouMean('prd', ['lab', 'test', 'prod'], 'remove it')).toBe('did you mean "prod"? Otherwise remove it');
    expect(didYouMean('staging', ['lab', 'test', 'prod'], 'remove it')).toBe('remove it');
    expect(didYouMean('prod', ['prod'], 'remove it')).toBe('remove it');
  });

  test('fails on a misspelt cluster in the registry overrides, suggesting the cluster', () => {
    const sources = smallSources({ 'catalogs/registries.ts': { ...SMALL_REGISTRIES, clusters: { prd: { allowedRegistries: ['quay.io'] } } } });
    expect(problemsOf(sources).map((p) => [p.field, p.fix])).toStrictEqual([
      ['clusters.prd', 'did you mean "prod"? Otherwise rename it to a cluster of catalogs/fleet.ts or remove the override'],
    ]);
  });

  test('fails on a misspelt cluster in the samples overrides, suggesting the cluster', () => {
    const sources = smallSources({ 'catalogs/samples.ts': { ...SMALL_SAMPLES, clusters: { tset: { managementState: 'Removed' } } } });
    expect(problemsOf(sources).map((p) => [p.field, p.fix])).toStrictEqual([['clusters.tset', 'did you mean "test"? Otherwise remove the entry']]);
  });

  test('fails on an ICSP folder named after a misspelt cluster, suggesting the cluster', () => {
    expect(problemsOf(smallSources({ 'catalogs/icsp/prdo/release.yaml': ICSP })).map((p) => [p.file, p.fix])).toStrictEqual([
      [
        'catalogs/icsp/prdo/release.yaml',
        'did you mean "prod"? Otherwise move the file to icsp/<cluster>/ for one cluster, or to icsp/ for every cluster',
      ],
    ]);
  });

  test('fails on a misspelt catalog file name, suggesting the file', () => {
    const sources = smallSources({ 'catalogs/registry.ts': SMALL_REGISTRIES });
    expect(problemsOf(sources).map((p) => [p.file, p.fix])).toStrictEqual([
      ['catalogs/registry.ts', 'did you mean "registries.ts"? Otherwise move or rename the file to one of the expected names, or delete it'],
    ]);
  });

  test('fails on a tracking tag naming a tag the image does not have, suggesting the nearest', () => {
    const problems = problemsOf(imageSources({ patroni: smallImage({ tracking: { stable: '1.2.1' } }) }));
    expect(problems.map((p) => p.fix)).toStrictEqual([
      'did you mean "1.2.0"? Otherwise add { version: "1.2.1" } to `versions`, or point stable at one of the listed tags',
    ]);
  });

  test('fails on a builder image latest naming a tag the stream does not have, suggesting the nearest', () => {
    const sources = imageSources({});
    sources.set('catalogs/samples.ts', { ...SMALL_SAMPLES, keepImagestreams: ['nodejs'] });
    sources.set('catalogs/builders/python.ts', smallBuilderImage({ latest: '3.12-ubi8' }));
    expect(problemsOf(sources).map((p) => [p.field, p.fix])).toStrictEqual([
      ['latest', 'did you mean "3.12-ubi9"? Otherwise point latest at one of the listed tags, or add { name: "3.12-ubi8", from: \'…\' } to `tags`'],
    ]);
  });

  test('fails on --cluster naming a cluster the fleet does not have, suggesting the cluster', () => {
    const catalog = parseCatalog('catalogs', smallSources());
    expect(() => ownership(catalog, ['prdo'])).toThrow(
      'unknown cluster prdo; the fleet has lab, test, prod; did you mean "prod"? Otherwise pass one of those',
    );
  });
});
