import * as path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog, parseCatalog } from '../../src/model';
import { readTree } from '../../src/output';
import { compile } from '../../src/pipeline';
import { SMALL_CURATION, smallFleet, smallImage, smallSources } from '../support/fixtures';
import { ClusterRuntime, type ImageStreamManifest, InvalidError, type Registry, type SpecTag } from '../support/image-stream-runtime';

/*
 * What a cluster does with the curated ImageStreams when an image is rebuilt. The oracle is the model in
 * test/support/image-stream-runtime.ts, written from openshift-apiserver
 * `pkg/image/apiserver/registry/imagestream/strategy.go` (prepareForUpdate, ensureSpecTagGenerationsAreSet,
 * tagsChanged), `registry/imagestreamimport/rest.go` (Create, importSuccessful, setFailureCondition) and
 * openshift-controller-manager `pkg/image/controller/scheduled_image_controller.go` (needsScheduling,
 * resetScheduledTags) with `imagestream_controller.go` (handleImageStream, tagNeedsImport).
 */

const BUILD_NS = 'platform-tools';
const CURATED = 'bcgov';

function versionTag(name: string, from: SpecTag['from'], scheduled: boolean): SpecTag {
  return { name, from, importPolicy: { scheduled, importMode: 'Legacy' } };
}

function stream(tags: SpecTag[]): ImageStreamManifest {
  return { metadata: { name: 'patroni', namespace: CURATED }, spec: { tags } };
}

/** The shape the build cluster used to get: each tag copies the build namespace's ImageStreamTag. */
const copyTag = (tag: string) => versionTag(tag, { kind: 'ImageStreamTag', namespace: BUILD_NS, name: `patroni:${tag}` }, false);

describe("the model reproduces why copying the build namespace's ImageStreamTags failed", () => {
  test('fails the whole apply when the source stream does not exist (strategy.go tagsChanged: NotFound)', () => {
    const cluster = new ClusterRuntime(new Map());
    expect(() => cluster.apply(stream([copyTag('1.2.0')]))).toThrow(InvalidError);
    expect(() => cluster.apply(stream([copyTag('1.2.0')]))).toThrow(/spec\.tags\[1\.2\.0\]\.from\.name: Not found: "patroni:1\.2\.0"/);
    expect(cluster.stream(CURATED, 'patroni')).toBeUndefined();
  });

  test('copies a rebuilt image neither on a re-apply nor when the pipeline resets the tag generation to 0', () => {
    // GIVEN the build namespace holds patroni:1.2.0 and the curated tag copied it
    const cluster = new ClusterRuntime(new Map());
    cluster.pushToIntegratedRegistry(BUILD_NS, 'patroni', '1.2.0', 'sha256:v1');
    cluster.apply(stream([copyTag('1.2.0')]));
    expect(cluster.image(CURATED, 'patroni', '1.2.0')).toBe('sha256:v1');
    // WHEN the image is rebuilt and pushed under the same tag
    cluster.pushToIntegratedRegistry(BUILD_NS, 'patroni', '1.2.0', 'sha256:v2');
    cluster.apply(stream([copyTag('1.2.0')]));
    cluster.scheduledImports();
    // THEN nothing copies it: tagsChanged resolves a tag only when its spec changes
    expect(cluster.image(CURATED, 'patroni', '1.2.0')).toBe('sha256:v1');
    // AND resetting generation to 0 does not count as a change: ensureSpecTagGenerationsAreSet replaces
    // the 0 with the stream's generation in PrepareForUpdate, before validation's tagsChanged runs
    cluster.apply(stream([{ ...copyTag('1.2.0'), generation: 0 }]));
    expect(cluster.stream(CURATED, 'patroni')?.spec.get('1.2.0')?.generation).toBeGreaterThan(0);
    expect(cluster.image(CURATED, 'patroni', '1.2.0')).toBe('sha256:v1');
  });

  test('leaves a tag added before its image exists empty for good', () => {
    const cluster = new ClusterRuntime(new Map());
    cluster.pushToIntegratedRegistry(BUILD_NS, 'patroni', '1.1.0', 'sha256:old');
    cluster.apply(stream([copyTag('1.1.0'), copyTag('1.2.0')]));
    cluster.pushToIntegratedRegistry(BUILD_NS, 'patroni', '1.2.0', 'sha256:new');
    cluster.apply(stream([copyTag('1.1.0'), copyTag('1.2.0')]));
    cluster.scheduledImports();
    expect(cluster.image(CURATED, 'patroni', '1.1.0')).toBe('sha256:old');
    expect(cluster.image(CURATED, 'patroni', '1.2.0')).toBeUndefined();
  });
});

/** Every ImageStream manifest of one cluster's folder, by path. */
function streamsOf(files: ReadonlyMap<string, string>, cluster: string): ImageStreamManifest[] {
  return [...files]
    .filter(([file]) => file.startsWith(`${cluster}/`) && file.includes('/imagestream.image.openshift.io_'))
    .map(([, content]) => parse(content) as ImageStreamManifest);
}

/** The registry images the version tags import, each at `digest(pullSpec)`. */
function registryFor(streams: readonly ImageStreamManifest[], digest: (pullSpec: string) => string): Registry {
  const registry: Registry = new Map();
  for (const s of streams)
    for (const tag of s.spec.tags ?? []) if (tag.from?.kind === 'DockerImage') registry.set(tag.from.name, digest(tag.from.name));
  return registry;
}

/** Each tag of each stream → the image it resolves to on the cluster. */
function resolved(cluster: ClusterRuntime, streams: readonly ImageStreamManifest[]): Map<string, string | undefined> {
  return new Map(
    streams.flatMap((s) =>
      (s.spec.tags ?? []).map(
        (t) => [`${s.metadata.namespace}/${s.metadata.name}:${t.name}`, cluster.image(s.metadata.namespace, s.metadata.name, t.name)] as const,
      ),
    ),
  );
}

/** What each tag should resolve to: a version tag its registry image, a tracking tag the image of the tag it follows. */
function expected(streams: readonly ImageStreamManifest[], registry: Registry): Map<string, string | undefined> {
  return new Map(
    streams.flatMap((s) => {
      const tags = s.spec.tags ?? [];
      const imageOf = (tag: SpecTag): string | undefined =>
        tag.from?.kind === 'DockerImage' ? registry.get(tag.from.name) : imageOf(tags.find((t) => t.name === tag.from?.name)!);
      return tags.map((t) => [`${s.metadata.namespace}/${s.metadata.name}:${t.name}`, imageOf(t)] as const);
    }),
  );
}

describe('the committed dist/: a rebuilt image reaches every cluster with no change in git', () => {
  const catalog = loadCatalog('catalogs');
  const dist = readTree(path.resolve(__dirname, '../../dist'));

  test.each(catalog.fleet.clusters.map((c) => [c.name, c.role]))('%s (%s)', (name) => {
    // GIVEN the cluster's committed streams applied, and every version's image in the distribution registry
    const streams = streamsOf(dist, name);
    expect(streams.length).toBe(catalog.images.length + catalog.builderImages.length);
    const registry = registryFor(streams, (spec) => `sha256:${spec}#1`);
    const cluster = new ClusterRuntime(registry);
    for (const s of streams) cluster.apply(s);
    for (const s of streams) cluster.importChanged(s.metadata.namespace, s.metadata.name);
    expect(resolved(cluster, streams)).toStrictEqual(expected(streams, registry));
    // WHEN the rebuild pipeline pushes every image again under its tag, and Argo CD re-applies the same files
    for (const spec of registry.keys()) registry.set(spec, `sha256:${spec}#2`);
    for (const s of streams) cluster.apply(s);
    cluster.scheduledImports();
    // THEN every version tag, and every tracking tag following one, resolves to the rebuilt image
    const after = resolved(cluster, streams);
    expect(after).toStrictEqual(expected(streams, registry));
    expect([...after.values()].every((image) => image?.endsWith('#2'))).toBe(true);
  });
});

describe('a version added before its image exists fills in once the image is pushed', () => {
  // GIVEN a catalog that adds patroni 1.2.0 (latest) before the pipeline has pushed it
  const sources = smallSources({
    'catalogs/fleet.ts': smallFleet({ curation: SMALL_CURATION }),
    'catalogs/images/patroni.ts': smallImage({ versions: [{ version: '1.1.0' }, { version: '1.2.0' }] }),
  });
  const files = compile(parseCatalog('catalogs', sources), new Map()).files!;
  const clusters = parseCatalog('catalogs', sources).fleet.clusters;

  test.each(clusters.map((c) => [c.name, c.role]))('%s (%s)', (name) => {
    const streams = streamsOf(files, name);
    const registry = registryFor(streams, (spec) => `sha256:${spec}`);
    const missing = [...registry.keys()].find((spec) => spec.endsWith(':1.2.0'))!;
    registry.delete(missing);
    const cluster = new ClusterRuntime(registry);
    for (const s of streams) cluster.apply(s);
    for (const s of streams) cluster.importChanged(s.metadata.namespace, s.metadata.name);
    cluster.scheduledImports();
    // WHEN imported before the push THEN 1.2.0 and latest are empty, with a failed ImportSuccess condition
    expect(cluster.image(CURATED, 'patroni', '1.2.0')).toBeUndefined();
    expect(cluster.image(CURATED, 'patroni', 'latest')).toBeUndefined();
    expect(
      cluster
        .stream(CURATED, 'patroni')
        ?.status.get('1.2.0')
        ?.conditions.map((c) => c.message),
    ).toStrictEqual([`${missing}: not found`]);
    // WHEN the pipeline pushes it and the scheduled import runs THEN both resolve, with nothing applied
    registry.set(missing, 'sha256:pushed');
    cluster.scheduledImports();
    expect(cluster.image(CURATED, 'patroni', '1.2.0')).toBe('sha256:pushed');
    expect(cluster.image(CURATED, 'patroni', 'latest')).toBe('sha256:pushed');
    expect(cluster.stream(CURATED, 'patroni')?.status.get('1.2.0')?.conditions).toStrictEqual([]);
  });
});
