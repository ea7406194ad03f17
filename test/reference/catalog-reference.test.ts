import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { readCatalogSources } from '../../src/model';
import {
  CATALOG_KINDS,
  catalogJsonSchema,
  catalogReferenceFiles,
  fieldRows,
  REFERENCE_FILE,
  SCHEMA_FOLDER,
  syncReference,
} from '../../src/reference';
import { smallFleet } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const sources = new Map([...readCatalogSources(path.join(ROOT, 'catalogs'))].map(([file, value]) => [file.replace(/^.*?catalogs\//, ''), value]));

function validator(id: string) {
  const kind = CATALOG_KINDS.find((k) => k.id === id)!;
  return new Ajv2020({ strict: false, allErrors: true }).compile(catalogJsonSchema(kind, ROOT));
}

describe('catalog reference (JSON Schemas and docs/CATALOG.md)', () => {
  const generated = catalogReferenceFiles(ROOT);

  test('the committed files are what the zod schemas and their comments give (npm run schemas)', () => {
    expect([...generated.keys()].sort()).toStrictEqual([REFERENCE_FILE, ...CATALOG_KINDS.map((k) => `${SCHEMA_FOLDER}/${k.id}.schema.json`)].sort());
    for (const [file, content] of generated) expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(content);
  });

  test('fails the check on a stale or missing file, naming it, and writes it when not checking', () => {
    // GIVEN a copy of the reference with one schema edited and CATALOG.md missing
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-reference-'));
    try {
      for (const [file, content] of generated) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), file === `${SCHEMA_FOLDER}/fleet.schema.json` ? content.replace('"clusters"', '"cluster"') : content);
      }
      fs.rmSync(path.join(dir, REFERENCE_FILE));
      // WHEN checked THEN both are named and nothing is written
      expect(syncReference(dir, true, generated)).toStrictEqual([`${SCHEMA_FOLDER}/fleet.schema.json`, REFERENCE_FILE]);
      expect(fs.existsSync(path.join(dir, REFERENCE_FILE))).toBe(false);
      // WHEN written THEN the next check is clean
      expect(syncReference(dir, false, generated)).toHaveLength(2);
      expect(syncReference(dir, true, generated)).toStrictEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('npm run check runs the reference check (postcheck, so that `npm run check -- <options>` reaches the command line)', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.check).toBe('node scripts/run.js check');
    expect(scripts.postcheck).toBe('node --require tsx/cjs src/reference/main.ts --check');
    expect(scripts.schemas).toBe('node --require tsx/cjs src/reference/main.ts');
    const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', 'src/reference/main.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toBe('schemas/catalog/ and docs/CATALOG.md are up to date.\n');
  });

  test.each(CATALOG_KINDS.map((k) => [k.id]))('every bundled %s file validates against its schema', (id) => {
    const kind = CATALOG_KINDS.find((k) => k.id === id)!;
    const validate = validator(id);
    const files = [...sources].filter(([file]) => kind.examples(file));
    expect(files.length).toBeGreaterThan(0);
    for (const [file, value] of files) {
      expect([file, validate(value) ? [] : validate.errors]).toStrictEqual([file, []]);
    }
  });

  test('fails validation where the compiler fails: a pattern, a missing field, an unknown field, an enum', () => {
    const validate = validator('fleet');
    const fleet = smallFleet();
    const bad = {
      ...fleet,
      extra: 1,
      clusters: [
        { ...fleet.clusters[0], name: 'Gold_DR', environment: 'staging' },
        { ...fleet.clusters[1], role: undefined },
      ],
    };
    expect(validate(JSON.parse(JSON.stringify(bad)))).toBe(false);
    expect(validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`).sort()).toStrictEqual([
      ' additionalProperties',
      '/clusters/0/environment enum',
      '/clusters/0/name pattern',
      '/clusters/1 required',
    ]);
  });

  test('describes fields from their comments in the schema, as editors show them', () => {
    const schema = catalogJsonSchema(
      CATALOG_KINDS.find((k) => k.id === 'image')!,
      ROOT,
    ) as { properties: Record<string, { description?: string }> };
    expect(schema.properties.retention.description).toBe('At most this many versions are kept. Default: 3.');
    expect(schema.properties.name.description).toMatch(
      /^ImageStream name, the same on every cluster and in the distribution registry\. Expected: a DNS label/,
    );
  });

  test('CATALOG.md lists every field of every kind with a type and an example, and its default', () => {
    const markdown = generated.get(REFERENCE_FILE)!;
    for (const kind of CATALOG_KINDS) {
      const rows = fieldRows(kind, ROOT, sources);
      expect(rows.length).toBeGreaterThan(3);
      for (const row of rows) {
        expect([kind.id, row.path, row.type === '' || row.example === '' || row.example === '—']).toStrictEqual([kind.id, row.path, false]);
        expect(markdown).toContain(`| \`${row.path}\` |`);
      }
    }
    expect(markdown).toContain('| `retention` | integer | default: `3` | at least 1 | At most this many versions are kept. | ');
    expect(markdown).toContain('| `resources.limits.memory` | string | required |');
  });

  test('the YAML catalog files point the YAML language server at their schema', () => {
    const yamlFiles = [...sources.keys()].filter((f) => /\.ya?ml$/.test(f));
    expect(yamlFiles.length).toBeGreaterThan(0);
    for (const file of yamlFiles) {
      const first = fs.readFileSync(path.join(ROOT, 'catalogs', file), 'utf8').split('\n')[0];
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect([file, match?.[1]]).toStrictEqual([file, expect.stringMatching(/image-content-source-policy\.schema\.json$/)]);
      expect(fs.existsSync(path.resolve(ROOT, 'catalogs', path.dirname(file), match![1]))).toBe(true);
    }
  });
});
