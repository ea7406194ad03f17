import * as path from 'node:path';
import { parse } from 'yaml';
import { parseCatalog, readCatalogSources } from '../../src/model';
import { compile } from '../../src/pipeline';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { REFERENCE, referenceFleet, writeCatalog } from '../../bench/reference-fleet';
import { tempDir } from '../support/fixtures';

describe('benchmark reference fleet', () => {
  // Ten clusters: the tenth is disconnected.
  const sources = referenceFleet(10);
  const compilation = compile(parseCatalog('catalogs', sources), new Map());
  const files = compilation.files ?? new Map<string, string>();
  const manifestsOf = (cluster: string) => [...files].filter(([file]) => file.startsWith(`${cluster}/`));

  test('compiles without error findings', () => {
    expect(compilation.findings.filter((f) => f.severity === 'error')).toStrictEqual([]);
    expect(files.size).toBeGreaterThan(0);
  });

  test.each(['c001', 'c002', 'c010'])('%s gets the reference shape: curated images, mirror sets, templates, samples Config', (cluster) => {
    // GIVEN the compiled reference fleet WHEN one cluster's manifests are counted by kind
    const count = (kind: string) => manifestsOf(cluster).filter(([file]) => file.includes(`/${kind}_`)).length;
    // THEN it has every curated image, both kinds of mirror set, both templates and the samples Config
    expect(count('imagestream.image.openshift.io')).toBe(REFERENCE.images);
    expect(count('imagedigestmirrorset.config.openshift.io')).toBe(REFERENCE.digestMirrorSources.length);
    expect(count('imagetagmirrorset.config.openshift.io')).toBe(REFERENCE.tagMirrorSources.length);
    expect(count('template.template.openshift.io')).toBe(REFERENCE.templates.length);
    expect(count('config.samples.operator.openshift.io')).toBe(1);
    // AND each image has 3 versions × 2 variants as tags, besides latest and stable
    const stream = parse(files.get(`${cluster}/curated/imagestream.image.openshift.io_image-02.yaml`)!) as { spec: { tags: { name: string }[] } };
    expect(stream.spec.tags.filter((t) => !['latest', 'stable'].includes(t.name))).toHaveLength(
      REFERENCE.versionsPerImage * REFERENCE.variantsPerVersion,
    );
    // AND the samples Config skips the inventory minus the keep-list
    const config = parse(files.get(`${cluster}/_cluster/config.samples.operator.openshift.io_cluster.yaml`)!) as {
      spec: { skippedImagestreams: string[] };
    };
    expect(config.spec.skippedImagestreams.length).toBeGreaterThan(20);
  });

  test.each(['c001', 'c002', 'c010'])('every manifest of %s validates against its upstream schema', (cluster) => {
    for (const [file, content] of manifestsOf(cluster)) {
      expect([file, upstreamSchemas().validate(parse(content))]).toStrictEqual([file, []]);
    }
  });

  test('writeCatalog writes a catalog folder that reads back as the same sources', () => {
    // GIVEN the sources written as catalog files
    const dir = path.join(tempDir('reference-fleet-'), 'catalogs');
    writeCatalog(dir, sources);
    // WHEN the folder is read as synth reads it
    const read = readCatalogSources(dir);
    const root = path.relative(process.cwd(), dir);
    // THEN every file holds the same value
    expect(new Map([...read].map(([file, value]) => [file.replace(root, 'catalogs'), value]))).toStrictEqual(sources);
  });
});
