import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../src/model';

const ROOT = path.resolve(__dirname, '../..');

interface CustomManager {
  readonly customType: string;
  readonly fileMatch: readonly string[];
  readonly matchStrings: readonly string[];
  readonly matchStringsStrategy: string;
  readonly autoReplaceStringTemplate?: string;
}

/** The fields a regex manager takes from named groups: renovate lib/modules/manager/custom/utils.ts `validMatchFields`. */
const VALID_MATCH_FIELDS = [
  'depName',
  'packageName',
  'currentValue',
  'currentDigest',
  'datasource',
  'versioning',
  'extractVersion',
  'registryUrl',
  'depType',
  'indentation',
];

type Dependency = Record<string, string>;

/**
 * The `recursive` strategy as Renovate runs it (renovatebot/renovate lib/modules/manager/custom/regex/strategies.ts
 * `handleRecursive` / `processRecursive`, utils.ts `regexMatchAll`, `mergeGroups`, `createDependency`, and
 * custom/utils.ts `isValidDependency`, read in renovate 39.264.1): each regex (flag g) runs over the whole
 * match of the one before, named groups accumulate (later ones win), and the last match is the replace string.
 */
function extractRecursive(content: string, manager: CustomManager): Dependency[] {
  const regexes = manager.matchStrings.map((s) => new RegExp(s, 'g'));
  const recurse = (text: string, index: number, groups: Record<string, string>): Dependency[] => {
    if (index === regexes.length) {
      const dep: Dependency = { replaceString: text };
      for (const field of VALID_MATCH_FIELDS) if (groups[field]) dep[field] = groups[field];
      return [dep];
    }
    return [...text.matchAll(regexes[index])].flatMap((m) => recurse(m[0], index + 1, { ...groups, ...m.groups }));
  };
  return recurse(content, 0, {}).filter((d) => (d.depName || d.packageName) && (d.currentValue || d.currentDigest) && d.datasource);
}

describe('renovate.json', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'renovate.json'), 'utf8')) as {
    customManagers: CustomManager[];
    enabledManagers: string[];
  };
  const [versions, variants] = config.customManagers;
  const catalog = loadCatalog(path.join(ROOT, 'catalogs'));
  const imageFiles = fs
    .readdirSync(path.join(ROOT, 'catalogs/images'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `catalogs/images/${f}`);
  const source = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

  test('has two regex managers over every curated image file, run with the recursive strategy', () => {
    expect(config.enabledManagers).toStrictEqual(['custom.regex']);
    for (const manager of [versions, variants]) {
      expect(manager).toMatchObject({ customType: 'regex', matchStringsStrategy: 'recursive' });
      expect(imageFiles.filter((f) => !manager.fileMatch.some((p) => new RegExp(p).test(f)))).toStrictEqual([]);
      // RE2, which Renovate prefers, has no lookaround and no backreferences.
      for (const s of manager.matchStrings) expect(s).not.toMatch(/\(\?<?[=!]|\\k<|\\[1-9]/);
    }
  });

  test('finds every application version of the bundled catalog, each with its upstream package', () => {
    expect(catalog.images.length).toBe(imageFiles.length);
    for (const image of catalog.images) {
      const deps = extractRecursive(source(image.file), versions);
      expect([image.file, deps.map((d) => d.currentValue)]).toStrictEqual([image.file, image.versions.map((v) => v.version)]);
      expect(new Set(deps.map((d) => `${d.datasource} ${d.depName}`)).size).toBe(1);
      for (const d of deps) expect(d.replaceString).toBe(`{ version: '${d.currentValue}'`);
    }
  });

  test('finds every variant version separately, under the package the variant adds', () => {
    const withVariants = catalog.images.filter((i) => i.versions.some((v) => v.variants));
    expect(withVariants.length).toBeGreaterThan(0);
    for (const image of catalog.images) {
      const deps = extractRecursive(source(image.file), variants);
      const expected = image.versions.flatMap((v) => (v.variants ?? []).map((x) => x.version));
      expect([image.file, deps.map((d) => d.currentValue)]).toStrictEqual([image.file, expected]);
      const application = extractRecursive(source(image.file), versions)[0];
      for (const d of deps) expect(d.depName).not.toBe(application.depName);
    }
    expect(extractRecursive(source('catalogs/images/velero.ts'), variants).map((d) => [d.depName, d.currentValue, d.replaceString])).toStrictEqual([
      ['velero/velero-plugin-for-aws', '1.9.2', "{ id: 'aws', version: '1.9.2'"],
      ['velero/velero-plugin-for-aws', '1.10.1', "{ id: 'aws', version: '1.10.1'"],
    ]);
  });

  test('reads versioning and extractVersion on the comment line or each on a `//` line right below it (minio)', () => {
    // GIVEN minio.ts, whose fields sit on lines of their own, and the same comment written on one line
    const split = source('catalogs/images/minio.ts');
    const oneLine = split.replace(/\n[ \t]*\/\/[ \t]+(versioning|extractVersion)=/g, ' $1=');
    expect(oneLine).not.toBe(split);
    // THEN both give every field, whole
    for (const text of [split, oneLine]) {
      const deps = extractRecursive(text, versions);
      expect(deps.map((d) => d.currentValue)).toStrictEqual(['2024.5.10', '2024.6.13']);
      for (const dep of deps) {
        expect(dep).toMatchObject({
          datasource: 'docker',
          depName: 'minio/minio',
          versioning: 'regex:^(?<major>\\d+)[.-]0?(?<minor>\\d+)[.-]0?(?<patch>\\d+)$',
          extractVersion: '^RELEASE\\.(?<version>\\d{4}-\\d{2}-\\d{2})T',
        });
      }
    }
    // AND a comment line below that is not a field is not read as one
    const velero = extractRecursive(source('catalogs/images/velero.ts'), versions);
    expect(velero[0]).toMatchObject({ depName: 'velero/velero', extractVersion: '^v(?<version>\\d+\\.\\d+\\.\\d+)$' });
    expect(velero[0].versioning).toBeUndefined();
  });

  test('finds nothing in a file without the comment, so a file that lacks it fails the tests above', () => {
    const text = source('catalogs/images/nats.ts').replace(/^.*\/\/ renovate: .*\n/m, '');
    expect(extractRecursive(text, versions)).toStrictEqual([]);
  });

  test('writes a date-versioned upstream tag (minio RELEASE.2024-06-13…) back as the catalog semver', () => {
    // renovate lib/util/template/index.ts registers `replace` as (find, replace, context) => context.replace(regEx(find, 'g'), replace).
    const [, find, replacement] = /\{\{\{replace '([^']+)' '([^']+)' newValue\}\}\}/.exec(versions.autoReplaceStringTemplate ?? '') ?? [];
    const replace = (value: string) => value.replace(new RegExp(find, 'g'), replacement);
    expect(replace('2024-06-13')).toBe('2024.6.13');
    expect(replace('2024-10-01')).toBe('2024.10.1');
    expect(replace('2.10.21')).toBe('2.10.21');
    expect(replace('1.0.0-rc.1')).toBe('1.0.0-rc.1');
  });
});
