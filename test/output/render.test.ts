import { parseCatalog } from '../../src/model';
import { renderFleet } from '../../src/output';
import { planFleet } from '../../src/plan';
import { compareStrings } from '../../src/shared';
import { smallImage, SMALL_CURATION, smallFleet, SMALL_SAMPLES, smallSources } from '../support/fixtures';
import { referenceFleet } from '../../bench/reference-fleet';

/** The files under `folder/`, by path inside it. */
function folder(files: ReadonlyMap<string, string>, name: string): Map<string, string> {
  return new Map([...files].filter(([path]) => path.startsWith(`${name}/`)).map(([path, content]) => [path.slice(name.length + 1), content]));
}

/** A store of serialized manifests as the run cache is one, and what it holds by key. */
function keptStore() {
  const kept = new Map<string, string>();
  return { kept, store: { get: (key: string) => kept.get(key), set: (key: string, value: string) => void kept.set(key, value) } };
}

describe('renderFleet', () => {
  test('an ImageStream whose plan an earlier render kept is not rendered again; a changed one is', () => {
    // GIVEN a fleet with two images, rendered with an empty store of serialized manifests
    const sources = smallSources({
      'catalogs/fleet.ts': smallFleet({ curation: SMALL_CURATION }),
      'catalogs/images/app.ts': smallImage(),
      'catalogs/images/other.ts': smallImage({ name: 'other' }),
    });
    const catalog = parseCatalog('catalogs', sources);
    const { kept, store } = keptStore();
    const first = renderFleet(catalog, planFleet(catalog), store);
    // THEN it is what a render without the store gives, and each stream's file is kept by its plan
    expect(first).toStrictEqual(renderFleet(catalog, planFleet(catalog)));
    const streamKeys = [...kept.keys()].filter((key) => key.startsWith('render/image-stream\0'));
    expect(streamKeys).toHaveLength(2);
    // WHEN the kept files are altered, one image changes, and the fleet is rendered again with the store
    for (const key of streamKeys) kept.set(key, kept.get(key)!.replace('\0', '\0# kept\n'));
    const changed = parseCatalog(
      'catalogs',
      new Map(sources).set('catalogs/images/other.ts', smallImage({ name: 'other', description: 'Changed.' })),
    );
    const again = renderFleet(changed, planFleet(changed), store);
    // THEN the unchanged stream's files are the kept ones, the changed stream's are rendered anew
    const streams = [...again].filter(([path]) => path.includes('imagestream.image.openshift.io_'));
    expect(streams.length).toBeGreaterThan(2);
    for (const [path, content] of streams) expect([path, content.startsWith('# kept\n')]).toStrictEqual([path, path.endsWith('_patroni.yaml')]);
    expect(streams.find(([path]) => path.endsWith('_other.yaml'))![1]).toMatch(/Changed\./);
  });

  test("a cluster's chart an earlier render kept is not built again; one whose bundle changed is", () => {
    // GIVEN a fleet rendered with an empty store of serialized manifests
    const sources = smallSources();
    const catalog = parseCatalog('catalogs', sources);
    const { kept, store } = keptStore();
    const first = renderFleet(catalog, planFleet(catalog), store);
    // THEN it is what a render without the store gives, and each distinct chart's files are kept
    expect(first).toStrictEqual(renderFleet(catalog, planFleet(catalog)));
    const chartKeys = [...kept.keys()].filter((key) => key.startsWith('render/cluster-chart\0'));
    expect(chartKeys.length).toBeGreaterThan(0);
    // WHEN the kept files are altered and the same fleet is rendered again with the store
    const mark = (key: string) =>
      JSON.stringify((JSON.parse(kept.get(key)!) as Array<[string, string]>).map(([file, content]) => [file, `# kept\n${content}`]));
    for (const key of chartKeys) kept.set(key, mark(key));
    const again = renderFleet(catalog, planFleet(catalog), store);
    // THEN every chart file is the kept one, the image streams are not
    const charted = [...again].filter(([path]) => !path.startsWith('argocd/') && !path.includes('imagestream.image.openshift.io_'));
    expect(charted.length).toBeGreaterThan(0);
    for (const [path, content] of charted) expect([path, content.startsWith('# kept\n')]).toStrictEqual([path, true]);
    // WHEN a part of every bundle changes (the samples kept) and the fleet is rendered again with the store
    const samples = { ...SMALL_SAMPLES, keepImagestreams: ['nodejs', 'python', 'golang'] };
    const changed = parseCatalog('catalogs', new Map(sources).set('catalogs/samples.ts', samples));
    const rebuilt = renderFleet(changed, planFleet(changed), store);
    // THEN no chart file is a kept one, and the render is what one without the store gives
    expect([...rebuilt].filter(([, content]) => content.startsWith('# kept\n'))).toStrictEqual([]);
    expect(rebuilt).toStrictEqual(renderFleet(changed, planFleet(changed)));
  });

  test('a cluster rendered beside clusters with the same bundle gets the bytes it gets alone', () => {
    // GIVEN test and prod (same bundle plan) and lab (two architectures: another import mode and samples Config)
    const fleet0 = smallFleet({ curation: SMALL_CURATION });
    const clusters = fleet0.clusters.map((c) => (c.name === 'lab' ? { ...c, architectures: ['x86_64', 'aarch64'] } : c));
    const catalog = parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': { ...fleet0, clusters }, 'catalogs/images/app.ts': smallImage() }));
    const plans = planFleet(catalog);
    // WHEN the fleet is rendered, and each cluster on its own
    const fleet = renderFleet(catalog, plans);
    // THEN every cluster's folder is what rendering it alone gives, and test and prod share their bytes
    for (const plan of plans) {
      const alone = renderFleet(catalog, [plan]);
      expect(folder(fleet, plan.cluster.name)).toStrictEqual(folder(alone, plan.cluster.name));
      expect(folder(fleet, plan.cluster.name).size).toBeGreaterThan(0);
    }
    expect(folder(fleet, 'test')).toStrictEqual(folder(fleet, 'prod'));
    expect(folder(fleet, 'lab')).not.toStrictEqual(folder(fleet, 'test'));
  });

  test('clusters whose plans differ only in the catalog locations of their overrides share a render, and each gets the bytes it gets alone', () => {
    // GIVEN the reference fleet's disconnected clusters (each override names its cluster in its catalog
    // locations), one of them with a mirror of its own, which must reach its output and no other cluster's
    const sources = referenceFleet(30);
    const registries = sources.get('catalogs/registries.ts') as { clusters: Record<string, { imageDigestMirrors: Array<{ mirrors: string[] }> }> };
    const [first, second, third] = Object.keys(registries.clusters);
    const own = structuredClone(registries.clusters[third]);
    own.imageDigestMirrors[0].mirrors = ['mirror.elsewhere.example.com/own'];
    sources.set('catalogs/registries.ts', { ...registries, clusters: { ...registries.clusters, [third]: own } });
    const catalog = parseCatalog('catalogs', sources);
    const plans = planFleet(catalog);
    // WHEN the fleet is rendered, and each of those clusters on its own
    const fleet = renderFleet(catalog, plans);
    // THEN each gets what it gets alone, the first two the same bytes, the third its own mirror
    for (const name of [first, second, third]) {
      const alone = renderFleet(catalog, [plans.find((p) => p.cluster.name === name)!]);
      expect(folder(fleet, name)).toStrictEqual(folder(alone, name));
    }
    expect(folder(fleet, first)).toStrictEqual(folder(fleet, second));
    expect([...folder(fleet, third).values()].join('')).toContain('mirror.elsewhere.example.com/own');
    expect([...folder(fleet, first).values()].join('')).not.toContain('mirror.elsewhere.example.com/own');
  });

  test('files come in path order, also where cluster names sort apart from their folders or around the fleet folders', () => {
    // GIVEN clusters whose names sort otherwise than their folders ("lab" < "lab-a", but "lab-a/" < "lab/"),
    // names around argocd/ and reports/, and disconnected clusters (whose files are under reports/)
    const fleet0 = smallFleet({ curation: SMALL_CURATION });
    const names = ['lab', 'lab-a', 'argocd-a', 'argocd1', 'reports-a', 'reportsz', 'a'];
    const clusters = names.map((name, i) => ({
      ...fleet0.clusters[i === 0 ? 0 : 1],
      name,
      destination: { name },
      ...(name.startsWith('reports') || name === 'a' ? { connectivity: 'disconnected' as const } : {}),
    }));
    const catalog = parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': { ...fleet0, clusters }, 'catalogs/images/app.ts': smallImage() }));
    // WHEN the fleet is rendered
    const paths = [...renderFleet(catalog, planFleet(catalog)).keys()];
    // THEN every file is there once, in path order, each cluster's among the others'
    expect(paths).toStrictEqual([...paths].sort(compareStrings));
    expect(new Set(paths).size).toBe(paths.length);
    for (const name of names) expect(paths.filter((p) => p.startsWith(`${name}/`)).length).toBeGreaterThan(5);
    expect(paths.filter((p) => p.startsWith('reports/')).sort()).toStrictEqual(
      ['a', 'reports-a', 'reportsz'].map((name) => `reports/${name}/imageset-configuration.yaml`),
    );
    expect(paths.some((p) => p.startsWith('argocd/'))).toBe(true);
  });

  test('clusters whose bundles differ only in their samples settings or internal registry each get their own bytes', () => {
    // GIVEN test with samples settings of its own and prod with its own internal registry, both otherwise like a third consumer
    const fleet0 = smallFleet({ curation: SMALL_CURATION });
    const clusters = [
      ...fleet0.clusters.map((c) => (c.name === 'prod' ? { ...c, internalRegistry: 'registry.prod.example.com:5000' } : c)),
      { ...fleet0.clusters[1], name: 'other', destination: { name: 'other' } },
    ];
    const catalog = parseCatalog(
      'catalogs',
      smallSources({
        'catalogs/fleet.ts': { ...fleet0, clusters },
        'catalogs/samples.ts': {
          keepImagestreams: ['nodejs', 'python'],
          keepTemplates: ['nginx-example'],
          clusters: { test: { keepImagestreams: ['nodejs'] } },
        },
        'catalogs/images/app.ts': smallImage(),
        'catalogs/templates/jenkins.ts': {
          name: 'jenkins',
          displayName: 'Jenkins',
          description: 'Jenkins for tests.',
          tags: ['jenkins'],
          providerDisplayName: 'Platform team',
          imageStreamTag: 'patroni:1.2.0',
          resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } },
        },
      }),
    );
    const plans = planFleet(catalog);
    // WHEN the fleet is rendered
    const fleet = renderFleet(catalog, plans);
    // THEN each cluster gets what it gets alone, and the three consumers differ
    for (const name of ['test', 'prod', 'other']) {
      expect(folder(fleet, name)).toStrictEqual(folder(renderFleet(catalog, [plans.find((p) => p.cluster.name === name)!]), name));
    }
    expect(folder(fleet, 'test')).not.toStrictEqual(folder(fleet, 'other'));
    expect(folder(fleet, 'prod')).not.toStrictEqual(folder(fleet, 'other'));
    expect([...folder(fleet, 'prod').values()].join('')).toContain('registry.prod.example.com:5000');
  });

  test('a fleet-wide file inside a cluster folder still comes in path order', () => {
    // GIVEN a disconnected cluster named "reports" (the model reserves the name; plans are data), whose
    // imageset configuration lands in reports/reports/, between its own reports/_cluster/ and reports/tools/
    const fleet0 = smallFleet({ curation: SMALL_CURATION, curatedNamespace: 'tools' });
    const catalog = parseCatalog(
      'catalogs',
      smallSources({
        'catalogs/fleet.ts': { ...fleet0, clusters: [fleet0.clusters[0], { ...fleet0.clusters[1], connectivity: 'disconnected' }] },
        'catalogs/images/app.ts': smallImage(),
      }),
    );
    const plans = planFleet(catalog).map((plan) =>
      plan.cluster.name === 'test' ? { ...plan, cluster: { ...plan.cluster, name: 'reports' } } : plan,
    );
    // WHEN the fleet is rendered
    const paths = [...renderFleet(catalog, plans).keys()];
    // THEN the file sits between the cluster's own files, in path order
    expect(paths).toStrictEqual([...paths].sort(compareStrings));
    const at = paths.indexOf('reports/reports/imageset-configuration.yaml');
    expect([paths[at - 1] < paths[at], paths[at - 1].startsWith('reports/'), paths[at + 1].startsWith('reports/')]).toStrictEqual([true, true, true]);
  });
});
