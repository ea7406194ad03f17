import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { parseCatalog } from '../../src/model';
import { readTree } from '../../src/output';
import { compile } from '../../src/pipeline';
import { toYaml } from '../../src/output/serialize';
import { goYamlMisreadStrings, goYamlPlainTag } from '../support/go-yaml-resolve';
import { imageSources, SMALL_CURATION, smallFleet, smallImage } from '../support/fixtures';

/**
 * kubectl, the API server and Argo CD read YAML with go-yaml v2 through sigs.k8s.io/yaml (argo-cd
 * go.mod: sigs.k8s.io/yaml v1.6.0, whose go.mod requires go.yaml.in/yaml/v2; yaml.go `Unmarshal`
 * calls `yaml.Unmarshal` of go.yaml.in/yaml/v2). Its `resolve.go` reads plain scalars as YAML 1.1
 * does, plus Go's number syntax (`test/support/go-yaml-resolve.ts`). Every string the compiler
 * writes must read back as the same string there, in YAML 1.1 and in YAML 1.2.
 */
function readBackEverywhere(text: string) {
  return { v11: parse(text, { version: '1.1' }), v12: parse(text, { version: '1.2' }), goYamlMisread: goYamlMisreadStrings(text) };
}

/** Plain scalars YAML 1.1 or go-yaml v2 read as something other than a string (go-yaml `resolveMapList`, YAML 1.1 types). */
const YAML_11_SPECIALS = [
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'NO',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'y',
  'Y',
  'n',
  'N',
  'true',
  'False',
  'null',
  'Null',
  '~',
  '',
  '<<',
  '=',
  '0o17',
  '-0o17',
  '0O17',
  '017',
  '0x1F',
  '0X1F',
  '0b101',
  '0B101',
  '+0b1',
  '1_000',
  '-_1',
  '1_0e3',
  '1e3',
  '08',
  '1:20',
  '190:20:30.15',
  '-1:20',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '.5',
  '5.',
  '1.',
  '+12',
  '-0',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10',
  '2024-1-2',
];

describe('toYaml', () => {
  test.each(YAML_11_SPECIALS)('writes %j so that YAML 1.1, YAML 1.2 and go-yaml v2 read it back as that string', (value) => {
    // GIVEN a string that is another type as a plain scalar in one of the readers
    const object = { metadata: { name: value, annotations: { [value]: value } }, list: [value] };
    // WHEN it is serialized
    const text = toYaml(object);
    // THEN every reader reads the same strings, as keys and as values
    const { v11, v12, goYamlMisread } = readBackEverywhere(text);
    expect(v11).toStrictEqual(object);
    expect(v12).toStrictEqual(object);
    expect(goYamlMisread).toStrictEqual([]);
  });

  test('leaves strings every reader reads as strings unquoted', () => {
    expect(toYaml({ tag: '4.0.3', version: '1.2.3-aws1.10.1', name: 'latest', image: 'quay.io/org/app:1.0', e: 'e3x' })).toBe(
      'name: latest\ne: e3x\nimage: quay.io/org/app:1.0\ntag: 4.0.3\nversion: 1.2.3-aws1.10.1\n',
    );
  });

  test('the go-yaml oracle reads the specials as go-yaml v2 resolve.go does', () => {
    // Expected tags copied from resolve.go: resolveMapList, ParseInt(plain, 0, 64), yamlStyleFloat, parseTimestamp.
    expect(
      ['yes', 'on', 'N', 'off', '0O17', '-_1', '1_0e3', '0x1F', '.5', '~', '', '<<', '2024-1-2', '1:20', '0x', '.iNf', '0x1p3'].map(goYamlPlainTag),
    ).toStrictEqual([
      'bool',
      'bool',
      'bool',
      'bool',
      'int',
      'int',
      'float',
      'int',
      'float',
      'null',
      'null',
      'merge',
      'timestamp',
      'str',
      'str',
      'str',
      'str',
    ]);
  });

  test('writes any string so that YAML 1.1, YAML 1.2 and go-yaml v2 read it back as that string', () => {
    const special = fc.constantFrom(...YAML_11_SPECIALS);
    const numberLike = fc.stringMatching(/^[-+]?[0-9_.:eExXoObB]{1,8}$/);
    const anyString = fc.oneof(special, numberLike, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
    fc.assert(
      fc.property(anyString, anyString, (key, value) => {
        const object = { data: { [key]: value }, items: [value] };
        const { v11, v12, goYamlMisread } = readBackEverywhere(toYaml(object));
        expect(v11).toStrictEqual(object);
        expect(v12).toStrictEqual(object);
        expect(goYamlMisread).toStrictEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compiled output', () => {
  test('clusters named "no", "on" and "y", an image described "yes" and owned by "0X1F": every file reads the same in every reader', () => {
    // GIVEN clusters whose DNS-label names are YAML 1.1 booleans, and strings that are booleans or go-yaml numbers
    const fleet = smallFleet({ curation: SMALL_CURATION });
    fleet.clusters = [
      { ...fleet.clusters[0], name: 'on' },
      { ...fleet.clusters[1], name: 'no', destination: { name: 'no' } },
      { ...fleet.clusters[2], name: 'y', destination: { name: 'off' } },
    ];
    const sources = imageSources({
      patroni: smallImage({ description: 'yes', owner: '0X1F', display: { displayName: 'NO', tags: ['y', '1_000'] } }),
    });
    sources.set('catalogs/fleet.ts', fleet);
    // WHEN the fleet is compiled
    const { files, findings } = compile(parseCatalog('catalogs', sources), new Map());
    expect(findings.filter((f) => f.severity === 'error')).toStrictEqual([]);
    const yamlFiles = [...files!].filter(([file]) => file.endsWith('.yaml'));
    // THEN the ApplicationSet lists the clusters by their names, and every file reads the same in every reader
    const appSet = yamlFiles.find(([file]) => file.includes('applicationset'))![1];
    expect(parse(appSet, { version: '1.1' }).spec.generators[0].list.elements.map((e: { cluster: string }) => e.cluster)).toStrictEqual([
      'no',
      'on',
      'y',
    ]);
    for (const [, content] of yamlFiles) {
      const { v11, v12, goYamlMisread } = readBackEverywhere(content);
      expect(v11).toStrictEqual(v12);
      expect(goYamlMisread).toStrictEqual([]);
    }
    expect(yamlFiles.find(([file]) => file === 'no/bcgov/imagestream.image.openshift.io_patroni.yaml')![1]).toMatch(/description: "yes"/);
  });
});

describe('committed dist/', () => {
  const files = [...readTree(path.resolve(__dirname, '../../dist'))].filter(([file]) => file.endsWith('.yaml'));

  test('holds YAML files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('%s reads the same under YAML 1.1, YAML 1.2 and go-yaml v2', (_file, content) => {
    const { v11, v12, goYamlMisread } = readBackEverywhere(content);
    expect(v11).toStrictEqual(v12);
    expect(goYamlMisread).toStrictEqual([]);
  });
});
