import fc from 'fast-check';
import { parse } from 'yaml';
import { CatalogError, fieldPath, parseCatalog } from '../../src/model';
import { compile } from '../../src/pipeline';
import { validSourcesArb } from '../support/arbitraries';

/** `npm test` runs 300 cases; `npm run fuzz` (FUZZ_RUNS=10000) runs 1,000: each case compiles a whole fleet. */
const RUNS = process.env.FUZZ_RUNS ? Math.ceil(Number(process.env.FUZZ_RUNS) / 10) : 300;

const YAML_SPECIAL = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  '~',
  'null',
  'Null',
  '0x1F',
  '0o17',
  '017',
  '1e3',
  '08',
  '.inf',
  '-.Inf',
  '.NaN',
  '1_000',
  '12:30:00',
  '2001-12-14',
  '- a',
  ': b',
  'a: b',
  '#c',
  'a #b',
  '&a',
  '*a',
  '!tag x',
  '|',
  '>',
  '%YAML',
  '@x',
  '`x',
  "'",
  '"',
  '---',
  '...',
  '{a: 1}',
  '[a]',
  '?',
  ' lead',
  'trail ',
  '\ttab',
  'a\nb',
  '\\',
  '<<',
  '=',
];
const ODD_UNICODE = [
  '\u2028',
  '\u2029',
  '\u0085',
  '\u200b',
  '\u200f',
  '\u202e',
  '\ufeff',
  'é',
  'e\u0301',
  '𝔘',
  '😀',
  '\u00a0',
  'İ',
  'ß',
  '\u0000',
  '\u001b[31m',
  '\ud800',
];
const CREDENTIALS = [
  `ghp_${'A1b2C3d4'.repeat(5)}`,
  'https://robot:s3cr3t@registry.example.com/team/app',
  'https://robot@git.example.com/team/app.git',
  '-----BEGIN RSA PRIVATE KEY-----',
  'AKIAABCDEFGHIJKLMNOP',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

const hostileString = fc.oneof(
  fc.constantFrom(...YAML_SPECIAL),
  fc.array(fc.constantFrom(...ODD_UNICODE, 'a', ' ', ':', '#', '-'), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  fc.integer({ min: 254, max: 3000 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom(...CREDENTIALS).map((c) => ({ credential: c })),
);

type Injection = { readonly at: number; readonly value: string | { credential: string }; readonly asKey: boolean; readonly freeText: boolean };

const injectionArb: fc.Arbitrary<Injection> = fc.record({
  at: fc.nat(),
  value: fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }),
  asKey: fc.boolean(),
  // Aim at a free-text field a quarter of the time, so the read-back is exercised in every run.
  freeText: fc.boolean().chain((a) => (a ? fc.boolean() : fc.constant(false))),
});

/** Free text that reaches the output as written: descriptions and display names of images, builders and templates. */
const FREE_TEXT = /^catalogs\/(images|builders|templates)\/.*\.(description|displayName)$/;

/** Every string leaf (as a setter) and every object (to add a key to), in a stable order. */
function places(sources: Record<string, unknown>) {
  const strings: Array<{ path: string; set: (v: string) => void }> = [];
  const objects: Array<Record<string, unknown>> = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) =>
        typeof child === 'string' ? strings.push({ path: `${path}[${i}]`, set: (v) => (node[i] = v) }) : walk(child, `${path}[${i}]`),
      );
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      objects.push(record);
      for (const [key, child] of Object.entries(record)) {
        if (typeof child === 'string') strings.push({ path: `${path}.${key}`, set: (v) => (record[key] = v) });
        else walk(child, `${path}.${key}`);
      }
    }
  };
  for (const [file, value] of Object.entries(sources)) walk(value, file);
  return { strings, objects };
}

/** `file: field` of every place in the sources that holds `text` (the generator shares some lists between fields). */
function holding(sources: Record<string, unknown>, text: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown, file: string, path: PropertyKey[]) => {
    if (node === text) out.push(`${file}: ${fieldPath(path)}`);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, file, [...path, Array.isArray(node) ? Number(k) : k]);
  };
  for (const [file, value] of Object.entries(sources)) walk(value, file, []);
  return out;
}

/** Every string in a parsed YAML document. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (out.push(k), stringsIn(v, out)));
  return out;
}

describe('hostile catalogs', () => {
  test(`${RUNS} catalogs with one hostile string or key: output that reads back the same, or one CatalogError`, () => {
    const outcomes = { catalogError: 0, findings: 0, synthesized: 0, readBack: 0 };
    fc.assert(
      fc.property(validSourcesArb, injectionArb, (valid, injection) => {
        // GIVEN a valid catalog with one hostile string in a field, or one hostile key in an object
        const sources = structuredClone(valid);
        const { strings, objects } = places(sources);
        const credential = typeof injection.value === 'object';
        const text = typeof injection.value === 'object' ? injection.value.credential : injection.value;
        let placed: string | undefined;
        if (injection.asKey && !credential) {
          // An own property, as YAML and JSON produce it (`__proto__` included).
          Object.defineProperty(objects[injection.at % objects.length], text, { value: 'x', enumerable: true, configurable: true, writable: true });
        } else {
          const freeText = strings.filter((s) => FREE_TEXT.test(s.path));
          const pool = injection.freeText && freeText.length > 0 ? freeText : strings;
          const target = pool[injection.at % pool.length];
          target.set(text);
          placed = target.path;
        }
        // WHEN it is parsed and compiled
        let catalog;
        try {
          catalog = parseCatalog('catalogs', new Map(Object.entries(sources)));
        } catch (error) {
          // THEN it fails with one CatalogError naming catalog files…
          if (!(error instanceof CatalogError)) throw error;
          expect(error.problems.length).toBeGreaterThan(0);
          for (const p of error.problems) expect(p.file).toMatch(/^catalogs\//);
          // …with one message per value the hostile string replaced (a list shared by several fields counts for each),
          // never a knock-on error of a check that reads the value as well
          if (placed) expect(error.problems.length).toBeLessThanOrEqual(holding(sources, text).length);
          expect(error.message).not.toMatch(/internal error/);
          outcomes.catalogError++;
          return;
        }
        // …and a credential or a prototype key never gets this far
        expect(credential).toBe(false);
        expect(injection.asKey && PROTOTYPE_KEYS.includes(text)).toBe(false);
        const compilation = compile(catalog, new Map());
        if (!compilation.files) {
          outcomes.findings++;
          return;
        }
        // …or every file reads back the same with a YAML 1.1 and a YAML 1.2 reader, and a free-text
        // field comes back exactly as written
        const read: string[] = [];
        for (const [file, content] of compilation.files) {
          if (!file.endsWith('.yaml')) continue;
          const v12 = parse(content);
          expect(parse(content, { version: '1.1' })).toStrictEqual(v12);
          stringsIn(v12, read);
        }
        if (placed && FREE_TEXT.test(placed)) {
          expect(read).toContain(text);
          outcomes.readBack++;
        }
        outcomes.synthesized++;
      }),
      { numRuns: RUNS },
    );
    expect(outcomes.catalogError).toBeGreaterThan(0);
    expect(outcomes.synthesized).toBeGreaterThan(0);
    expect(outcomes.readBack).toBeGreaterThan(0);
  }, 600_000);
});
