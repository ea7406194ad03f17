import * as path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/model';
import { readTree } from '../../src/output';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { runCli, SMALL_CURATION, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, smallImage, snapshot, workspace } from '../support/fixtures';
import { expectGoldenTree } from '../support/golden';

/** A fleet whose lab cluster runs two architectures, with one plain and one specialised image. */
function imagesWorkspace() {
  const fleet = smallFleet({ curation: SMALL_CURATION });
  fleet.clusters[0] = { ...fleet.clusters[0], architectures: ['x86_64', 'aarch64'] };
  return workspace({
    'catalogs/fleet.ts': fleet,
    'catalogs/registries.ts': SMALL_REGISTRIES,
    'catalogs/samples.ts': SMALL_SAMPLES,
    'catalogs/images/patroni.ts': smallImage({
      versions: [{ version: '1.1.0', deprecated: true }, { version: '1.2.0' }],
      tracking: { stable: '1.2.0' },
    }),
    'catalogs/images/velero.ts': smallImage({
      name: 'velero',
      owner: 'team-backup',
      community: true,
      champion: 'team-platform',
      description: 'Velero with the AWS object-storage plugin built in.',
      source: 'https://git.example.com/images/velero',
      display: { displayName: 'Velero', tags: ['backup'], supports: ['s3'] },
      versions: [{ version: '1.12.3', variants: [{ id: 'aws', version: '1.8.2' }] }],
    }),
  });
}

async function synthIn(ws: ReturnType<typeof workspace>) {
  const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

const GOLDEN = path.resolve(__dirname, '../golden/images-lab');

describe('curated images in dist/', () => {
  test('every cluster gets one ImageStream per image, valid against the upstream schema', async () => {
    const ws = imagesWorkspace();
    await synthIn(ws);
    const streams = [...snapshot(ws.distDir)].filter(([file]) => file.includes('/imagestream.'));
    expect(streams.map(([file]) => file)).toStrictEqual([
      'lab/bcgov/imagestream.image.openshift.io_patroni.yaml',
      'lab/bcgov/imagestream.image.openshift.io_velero.yaml',
      'prod/bcgov/imagestream.image.openshift.io_patroni.yaml',
      'prod/bcgov/imagestream.image.openshift.io_velero.yaml',
      'test/bcgov/imagestream.image.openshift.io_patroni.yaml',
      'test/bcgov/imagestream.image.openshift.io_velero.yaml',
    ]);
    for (const [, { content }] of streams) expect(upstreamSchemas().validate(parse(content))).toStrictEqual([]);
  });

  test('the lab cluster bundle is the golden one (UPDATE_GOLDEN=1 rewrites it)', async () => {
    // GIVEN the fixture fleet WHEN synthesized THEN dist/lab/ is byte for byte the reviewed golden bundle
    const ws = imagesWorkspace();
    await synthIn(ws);
    const lab = new Map([...snapshot(path.join(ws.distDir, 'lab'))].map(([file, { content }]) => [file, content]));
    expectGoldenTree(GOLDEN, lab);
  });

  test("changing one image's versions changes only that image's files", async () => {
    // GIVEN a synthesized fleet with two images
    const ws = imagesWorkspace();
    await synthIn(ws);
    const before = snapshot(ws.distDir);
    // WHEN patroni gains a version and loses its deprecated one
    ws.write('catalogs/images/patroni.ts', smallImage({ versions: [{ version: '1.2.0' }, { version: '1.3.0' }], tracking: { stable: '1.2.0' } }));
    await synthIn(ws);
    const after = snapshot(ws.distDir);
    // THEN only patroni's ImageStreams differ, and every other file is untouched (same bytes, inode, mtime)
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
    // Reports (outside what Argo CD applies) summarize every image, so they list the new version too.
    const changed = paths.filter((file) => !file.startsWith('reports/') && before.get(file)?.content !== after.get(file)?.content);
    expect(changed).toStrictEqual([
      'lab/bcgov/imagestream.image.openshift.io_patroni.yaml',
      'prod/bcgov/imagestream.image.openshift.io_patroni.yaml',
      'test/bcgov/imagestream.image.openshift.io_patroni.yaml',
    ]);
    for (const file of paths.filter((f) => !f.startsWith('reports/') && !changed.includes(f)))
      expect(after.get(file)).toStrictEqual(before.get(file));
    expect(after.get('test/bcgov/imagestream.image.openshift.io_patroni.yaml')?.content).toContain(
      'name: artifacts.example.com/platform-images/patroni:1.3.0',
    );
  });
});

interface Tag {
  name: string;
  annotations?: Record<string, string>;
  from: { kind: string; name: string; namespace?: string };
  importPolicy: { scheduled?: boolean; importMode?: string };
  referencePolicy: { type?: string };
}

describe('curated images in the committed dist/', () => {
  const catalog = loadCatalog('catalogs');
  const dist = readTree(path.resolve(__dirname, '../../dist'));
  const { registry, repository } = catalog.registries.distribution;

  test.each(catalog.fleet.clusters.map((c) => [c.name, c.role]))(
    '%s (%s) has every image, from the right source, with every tag field written out',
    (cluster) => {
      for (const image of catalog.images) {
        const content = dist.get(`${cluster}/${image.namespace}/imagestream.image.openshift.io_${image.name}.yaml`);
        expect(content).toBeDefined();
        const tags = (parse(content ?? '') as { spec: { tags: Tag[] } }).spec.tags;
        for (const tag of tags) {
          // Written out, so that the server has nothing to fill in that Argo CD would see as drift.
          expect(Object.keys(tag.annotations ?? {})).toEqual(expect.arrayContaining(['openshift.io/display-name', 'description', 'version']));
          expect(typeof tag.importPolicy.scheduled).toBe('boolean');
          expect(['Legacy', 'PreserveOriginal']).toContain(tag.importPolicy.importMode);
          expect(tag.referencePolicy.type).toBe('Local');
          const tracking = tag.name === 'latest' || tag.name === 'stable';
          // Every cluster, the build cluster included, imports from the distribution registry.
          const expected = tracking
            ? { kind: 'ImageStreamTag', name: tags.find((t) => t.name === tag.from.name)?.name }
            : { kind: 'DockerImage', name: `${registry}/${repository}/${image.name}:${tag.name}` };
          expect(tag.from).toStrictEqual(expected);
          expect(tag.importPolicy.scheduled).toBe(!tracking);
        }
      }
    },
  );

  test('the ApplicationSet ignores the tag fields the server fills in or omits, and nothing else of a tag', () => {
    const appset = parse(dist.get('argocd/openshift-gitops/applicationset.argoproj.io_ocp-image-catalog.yaml') ?? '') as {
      spec: { template: { spec: { ignoreDifferences: Array<{ kind: string; jqPathExpressions: string[] }> } } };
    };
    const ignored = appset.spec.template.spec.ignoreDifferences.filter((d) => d.kind === 'ImageStream').flatMap((d) => d.jqPathExpressions);
    expect(ignored).toStrictEqual(['.spec.tags[]?.generation', '.spec.tags[]?.importPolicy | select(.scheduled == false) | .scheduled']);
  });
});
