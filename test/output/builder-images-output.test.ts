import * as path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/model';
import { readTree } from '../../src/output';

const DIST = path.resolve(__dirname, '../../dist');
const committed = readTree(DIST);

interface Stream {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    tags: Array<{
      name: string;
      from: { kind: string; name: string };
      importPolicy: { scheduled: boolean; importMode: string };
      referencePolicy: { type: string };
    }>;
  };
}

describe("the bundled catalog's builder streams in the committed dist/", () => {
  const catalog = loadCatalog('catalogs');
  const clusters = catalog.fleet.clusters.map((c) => c.name).sort();

  test.each(clusters)(
    '%s holds every catalog-owned builder stream, every upstream tag scheduled and Local, and its samples Config skips them',
    (cluster) => {
      // GIVEN the builder images of the bundled catalog
      const builders = catalog.builderImages;
      expect(builders.length).toBeGreaterThan(0);
      const config = parse(committed.get(`${cluster}/_cluster/config.samples.operator.openshift.io_cluster.yaml`)!) as {
        spec: { skippedImagestreams: string[] };
      };
      for (const builder of builders) {
        // WHEN the cluster's folder is read
        const content = committed.get(`${cluster}/${builder.namespace}/imagestream.image.openshift.io_${builder.name}.yaml`);
        expect(content).toBeDefined();
        const stream = parse(content!) as Stream;
        // THEN each upstream tag re-imports on a schedule through the integrated registry, as the catalog lists it
        const upstream = stream.spec.tags.filter((t) => t.from.kind === 'DockerImage');
        expect(upstream.map((t) => [t.name, t.from.name]).sort()).toStrictEqual(builder.tags.map((t) => [t.name, t.from]).sort());
        expect(upstream.every((t) => t.importPolicy.scheduled && t.referencePolicy.type === 'Local')).toBe(true);
        // and the Samples Operator skips the sample of its name and would not delete the stream when Removed
        expect(config.spec.skippedImagestreams).toContain(builder.name);
        expect(stream.metadata.labels).toStrictEqual({ 'samples.operator.openshift.io/managed': 'false' });
      }
    },
  );

  test('the report of each cluster lists them with their upstream image and cadence', () => {
    for (const cluster of clusters) {
      const report = committed.get(`reports/${cluster}.md`)!;
      expect(report).toContain('## Tracked images');
      expect(report).toContain(
        '| `openshift/nodejs` | Platform Services (builder images) | `20-ubi9` (hidden) → `registry.redhat.io/ubi9/nodejs-20:latest`',
      );
      expect(report).toContain('scheduled, every 15 min');
    }
  });
});
