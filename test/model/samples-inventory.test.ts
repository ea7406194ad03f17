import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../support/fixtures';
import { bundledSamplesInventories, CatalogError, findSamplesInventory, loadSamplesInventories, SAMPLES_INVENTORY_DIR } from '../../src/model';

const relativeToRepo = (file: string) => path.relative(path.resolve(__dirname, '../..'), file).split(path.sep).join('/');

const UPSTREAM = path.resolve(__dirname, '../../upstream/openshift/samples-inventory');

function scratchDir(files: Record<string, unknown>): string {
  const dir = tempDir('samples-inventory-');
  for (const [name, content] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

const INVENTORY_4_24 = {
  openshiftReleases: ['4.24'],
  architecture: 'x86_64',
  source: 'openshift/cluster-samples-operator@0000000000000000000000000000000000000000 assets/operator/ocp-x86_64',
  provenance: 'test data',
  imagestreams: ['nodejs'],
  templates: [],
  imagestreamRegistries: { nodejs: ['registry.redhat.io'] },
};

describe('Samples Operator inventories', () => {
  test('the bundled inventory is the vendored upstream one, for the releases its provenance supports', () => {
    // GIVEN the vendored names (inventory.json) and the file list they were derived from (inventory-files.json)
    const vendored = JSON.parse(fs.readFileSync(path.join(UPSTREAM, 'inventory.json'), 'utf8')) as {
      imagestreams: string[];
      templates: string[];
      source: string;
    };
    const files = JSON.parse(fs.readFileSync(path.join(UPSTREAM, 'inventory-files.json'), 'utf8')) as {
      files: Array<{ kind: string; name: string }>;
    };
    // WHEN the bundled inventories are read
    const [inventory, ...others] = bundledSamplesInventories();
    // THEN there is one, for 4.22 to 5.1 on x86_64, with exactly the vendored names and their source
    expect(others).toStrictEqual([]);
    expect(inventory.file).toBe('upstream/openshift/samples-inventory/releases/ocp-x86_64-eee95ba.json');
    expect(inventory.openshiftReleases).toStrictEqual(['4.22', '4.23', '5.0', '5.1']);
    expect(inventory.architecture).toBe('x86_64');
    expect(inventory.source).toBe(vendored.source);
    expect(inventory.imagestreams).toStrictEqual(vendored.imagestreams);
    expect(inventory.templates).toStrictEqual(vendored.templates);
    expect([...inventory.imagestreams].sort()).toStrictEqual(
      files.files
        .filter((f) => f.kind === 'ImageStream')
        .map((f) => f.name)
        .sort(),
    );
    expect([...inventory.templates].sort()).toStrictEqual(
      files.files
        .filter((f) => f.kind === 'Template')
        .map((f) => f.name)
        .sort(),
    );
    expect(inventory.imagestreams).toHaveLength(50);
    expect(inventory.templates).toHaveLength(50);
  });

  test("each image stream's registries are the hosts of its DockerImage tags, as in the vendored upstream files", () => {
    // GIVEN the upstream image streams vendored in full (assets/operator/ocp-x86_64 at eee95ba)
    const dir = path.join(UPSTREAM, 'imagestreams');
    const [inventory] = bundledSamplesInventories();
    for (const file of fs.readdirSync(dir)) {
      const stream = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
        metadata: { name: string };
        spec: { tags: Array<{ from?: { kind: string; name: string } }> };
      };
      // WHEN its tags' registries are read THEN the inventory has exactly those for it
      const hosts = [
        ...new Set(stream.spec.tags.filter((t) => t.from?.kind === 'DockerImage').map((t) => (t.from as { name: string }).name.split('/')[0])),
      ].sort();
      expect([file, inventory.imagestreamRegistries[stream.metadata.name]]).toStrictEqual([file, hosts]);
    }
    expect(Object.keys(inventory.imagestreamRegistries).sort()).toStrictEqual([...inventory.imagestreams].sort());
  });

  test('fails on an inventory that misses the registries of an image stream', () => {
    const dir = scratchDir({ 'a.json': { ...INVENTORY_4_24, imagestreams: ['nodejs', 'ruby'] } });
    expect(() => loadSamplesInventories(dir)).toThrow(/a\.json: imagestreamRegistries\n.*"ruby" included/);
  });

  test('an inventory is chosen by the minor release and the architecture', () => {
    const inventories = bundledSamplesInventories();
    expect(findSamplesInventory(inventories, '4.23.7', 'x86_64')?.file).toMatch(/ocp-x86_64-eee95ba\.json$/);
    expect(findSamplesInventory(inventories, '5.0', 'x86_64')?.file).toMatch(/ocp-x86_64-eee95ba\.json$/);
    expect(findSamplesInventory(inventories, '4.21', 'x86_64')).toBeUndefined();
    expect(findSamplesInventory(inventories, '4.23', 'aarch64')).toBeUndefined();
  });

  test('supporting a new release is adding one data file', () => {
    // GIVEN the bundled inventory and one more file for 4.24
    const dir = scratchDir({ 'ocp-x86_64-0000000.json': INVENTORY_4_24 });
    for (const name of fs.readdirSync(SAMPLES_INVENTORY_DIR)) fs.copyFileSync(path.join(SAMPLES_INVENTORY_DIR, name), path.join(dir, name));
    // WHEN the folder is read
    const inventories = loadSamplesInventories(dir);
    // THEN 4.24 has its inventory and 4.23 keeps the bundled one
    expect(findSamplesInventory(inventories, '4.24', 'x86_64')?.imagestreams).toStrictEqual(['nodejs']);
    expect(findSamplesInventory(inventories, '4.23', 'x86_64')?.imagestreams).toHaveLength(50);
  });

  test('fails when two files claim the same release and architecture', () => {
    const dir = scratchDir({ 'a.json': INVENTORY_4_24, 'b.json': { ...INVENTORY_4_24, openshiftReleases: ['4.25', '4.24'] } });
    const error = (() => {
      try {
        loadSamplesInventories(dir);
      } catch (e) {
        return e as CatalogError;
      }
      throw new Error('expected a CatalogError');
    })();
    expect(error).toBeInstanceOf(CatalogError);
    expect(error.problems).toStrictEqual([
      {
        file: relativeToRepo(path.join(dir, 'b.json')),
        field: 'openshiftReleases',
        expected: 'one inventory per OpenShift release and architecture',
        received: `"4.24" on x86_64, already in ${relativeToRepo(path.join(dir, 'a.json'))}`,
        fix: 'remove "4.24" from one of the two files',
      },
    ]);
  });

  test('fails on a malformed inventory file, naming file and field', () => {
    const dir = scratchDir({ 'bad.json': { ...INVENTORY_4_24, openshiftReleases: ['v4.24'] }, 'broken.json': '{ "openshiftReleases": ' });
    expect(() => loadSamplesInventories(dir)).toThrow(
      /bad\.json: openshiftReleases\[0\]\n  expected: an OpenShift release as major\.minor, e\.g\. "4\.23"\n  received: "v4\.24"/,
    );
    expect(() => loadSamplesInventories(dir)).toThrow(/broken\.json\n  expected: a JSON document/);
  });
});
