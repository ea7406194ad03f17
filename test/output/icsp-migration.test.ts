import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { runCli, SMALL_REGISTRIES, smallFleet, snapshot, workspace, SAMPLES_REMOVED } from '../support/fixtures';

const FIXTURES = path.join(__dirname, '../fixtures/icsp');
const read = (file: string) => fs.readFileSync(path.join(FIXTURES, file), 'utf8');

describe('ImageContentSourcePolicy migration', () => {
  test('an ICSP file becomes the ImageDigestMirrorSet `oc adm migrate icsp` writes, at a stable path, and no ICSP is emitted', async () => {
    // GIVEN an exported ICSP in the catalog's icsp/ folder (every cluster)
    const ws = workspace({
      'catalogs/fleet.ts': smallFleet(),
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SAMPLES_REMOVED,
      'catalogs/icsp/ubi-and-payload.yaml': read('ubi-and-payload.yaml'),
    });
    // WHEN the catalog is synthesized
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    // THEN each cluster gets the converted object under the ICSP's name
    expect(result.code).toBe(0);
    const files = [...snapshot(ws.distDir).keys()];
    expect(files.filter((f) => f.includes('imagedigestmirrorset'))).toStrictEqual([
      'lab/_cluster/imagedigestmirrorset.config.openshift.io_ubi-and-payload.yaml',
      'prod/_cluster/imagedigestmirrorset.config.openshift.io_ubi-and-payload.yaml',
      'test/_cluster/imagedigestmirrorset.config.openshift.io_ubi-and-payload.yaml',
    ]);
    expect(files.some((f) => f.includes('imagecontentsourcepolicy'))).toBe(false);
    // AND it is what oc writes, apart from the Argo CD sync wave and sync options every mirror set carries
    const emitted = parse(
      fs.readFileSync(path.join(ws.distDir, files.find((f) => f.startsWith('prod/') && f.includes('ubi-and-payload')) as string), 'utf8'),
    );
    const expected = parse(read('imagedigestmirrorset_ubi-and-payload.expected.yaml'));
    expected.metadata.annotations['argocd.argoproj.io/sync-wave'] = '1';
    expected.metadata.annotations['argocd.argoproj.io/sync-options'] = 'Delete=false';
    expect(emitted).toStrictEqual(expected);
    expect(upstreamSchemas().validate(emitted)).toStrictEqual([]);
  });

  test('drops the annotations kubectl and Argo CD wrote for the old object, keeps the rest', async () => {
    // GIVEN an ICSP exported from a cluster where it was created with `oc apply`
    const icsp = read('ubi-and-payload.yaml').replace(
      '    platform.example.com/owner: image-team',
      '    platform.example.com/owner: image-team\n    kubectl.kubernetes.io/last-applied-configuration: ' +
        '\'{"kind":"ImageContentSourcePolicy"}\'\n    argocd.argoproj.io/sync-wave: "9"',
    );
    const ws = workspace({
      'catalogs/fleet.ts': smallFleet(),
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SAMPLES_REMOVED,
      'catalogs/icsp/ubi-and-payload.yaml': icsp,
    });
    // WHEN it is converted
    expect((await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir])).code).toBe(0);
    // THEN the mirror set carries the team's annotation and its own sync wave and options only
    const emitted = parse(
      fs.readFileSync(path.join(ws.distDir, 'prod/_cluster/imagedigestmirrorset.config.openshift.io_ubi-and-payload.yaml'), 'utf8'),
    );
    expect(emitted.metadata.annotations).toStrictEqual({
      'platform.example.com/owner': 'image-team',
      'argocd.argoproj.io/sync-wave': '1',
      'argocd.argoproj.io/sync-options': 'Delete=false',
    });
  });

  test('an ICSP under icsp/<cluster>/ applies to that cluster only', async () => {
    const ws = workspace({
      'catalogs/fleet.ts': smallFleet(),
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SAMPLES_REMOVED,
      'catalogs/icsp/prod/ubi-and-payload.yaml': read('ubi-and-payload.yaml'),
    });
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    expect(result.code).toBe(0);
    expect([...snapshot(ws.distDir).keys()].filter((f) => f.includes('imagedigestmirrorset'))).toStrictEqual([
      'prod/_cluster/imagedigestmirrorset.config.openshift.io_ubi-and-payload.yaml',
    ]);
  });
});
