import { z } from 'zod';
import { type CatalogProblem, loadMemo, parseCatalog, parseValue, readCatalogSources } from '../../src/model';
import type { TextMemo } from '../../src/shared';
import { SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet } from '../support/fixtures';

/** A memo in memory, as the run cache keeps it beside `dist/`. */
function memoryMemo(): TextMemo & { readonly kept: Map<string, string> } {
  const kept = new Map<string, string>();
  return { kept, get: (key) => kept.get(key), set: (key, value) => void kept.set(key, value) };
}

const keysOf = (memo: { kept: Map<string, string> }, kind: string) => [...memo.kept.keys()].filter((key) => key.startsWith(`catalog/${kind}\0`));

describe('parseCatalog with a memo', () => {
  test('an unchanged catalog parses from the memo to what a parse without it gives', () => {
    // GIVEN the bundled catalog, parsed once with an empty memo
    const sources = readCatalogSources('catalogs');
    const memo = memoryMemo();
    const first = parseCatalog('catalogs', sources, undefined, memo);
    // THEN each file's value is kept as checked and parsed
    expect(keysOf(memo, 'source-clean')).toHaveLength(sources.size);
    // (the legacy ImageContentSourcePolicy files are few and converted, not kept)
    expect(keysOf(memo, 'parse')).toHaveLength([...sources.keys()].filter((f) => !f.includes('/icsp/')).length);
    // WHEN parsed again with that memo
    const again = parseCatalog('catalogs', sources, undefined, memo);
    // THEN the catalog is the one a parse without the memo gives
    const plain = parseCatalog('catalogs', sources);
    expect(first).toStrictEqual(plain);
    expect(again).toStrictEqual(plain);
  });

  test('a kept parse stands for the parse: a file whose value is unchanged is not parsed again', () => {
    // GIVEN a small catalog parsed with a memo, and the fleet's kept parse altered
    const sources = new Map<string, unknown>([
      ['catalogs/fleet.ts', smallFleet()],
      ['catalogs/registries.ts', SMALL_REGISTRIES],
      ['catalogs/samples.ts', SMALL_SAMPLES],
    ]);
    const memo = memoryMemo();
    parseCatalog('catalogs', sources, undefined, memo);
    const [fleetKey] = keysOf(memo, 'parse').filter((key) => key.includes('defineFleet'));
    const kept = JSON.parse(memo.kept.get(fleetKey)!) as { gitops: { repoURL: string } };
    memo.set(fleetKey, JSON.stringify({ ...kept, gitops: { ...kept.gitops, repoURL: 'https://kept.example.com/x.git' } }));
    // WHEN parsed again
    const catalog = parseCatalog('catalogs', sources, undefined, memo);
    // THEN the fleet is the kept one (the schema did not run), while a changed value is parsed anew
    expect(catalog.fleet.gitops.repoURL).toBe('https://kept.example.com/x.git');
    const changed = new Map(sources).set(
      'catalogs/fleet.ts',
      smallFleet({ gitops: { ...smallFleet().gitops, repoURL: 'https://git.example.com/y.git' } }),
    );
    expect(parseCatalog('catalogs', changed, undefined, memo).fleet.gitops.repoURL).toBe('https://git.example.com/y.git');
  });

  test('a value with a credential is never kept as clean, and a value that fails its schema is never kept as parsed', () => {
    // GIVEN a fleet holding a literal password, and a registries file of the wrong shape
    const sources = new Map<string, unknown>([
      ['catalogs/fleet.ts', { ...smallFleet(), notes: { password: 'hunter22' } }],
      ['catalogs/registries.ts', SMALL_REGISTRIES],
      ['catalogs/samples.ts', SMALL_SAMPLES],
    ]);
    const memo = memoryMemo();
    // WHEN parsed twice with one memo THEN both fail on the credential
    for (let run = 0; run < 2; run++) expect(() => parseCatalog('catalogs', sources, undefined, memo)).toThrow(/fleet\.ts[\s\S]*password/);
    expect(keysOf(memo, 'source-clean').some((key) => key.includes('hunter22'))).toBe(false);
    const broken = new Map(sources).set('catalogs/fleet.ts', smallFleet()).set('catalogs/registries.ts', { distribution: 'nowhere' });
    for (let run = 0; run < 2; run++) expect(() => parseCatalog('catalogs', broken, undefined, memo)).toThrow(/registries\.ts[\s\S]*distribution/);
    expect(keysOf(memo, 'parse').some((key) => key.includes('nowhere'))).toBe(false);
  });

  test('an output JSON would not give back is parsed every time', () => {
    // GIVEN a schema whose output holds an undefined value (JSON drops the key, `in` still sees it)
    const schema = z.object({ a: z.string() }).transform(({ a }) => ({ a, b: undefined }));
    const memo = memoryMemo();
    const problems: CatalogProblem[] = [];
    // WHEN parsed with a memo
    const out = parseValue('catalogs/x.ts', { a: 'x' }, schema, problems, 'x', loadMemo(memo));
    // THEN it is the schema's output, and nothing is kept
    expect(out).toStrictEqual({ a: 'x', b: undefined });
    expect('b' in out!).toBe(true);
    expect(memo.kept.size).toBe(0);
    // AND a value that is not plain data has no key: it is parsed every time
    expect(loadMemo(memo).keyOf({ a: 'x', at: new Date(0) })).toBeUndefined();
  });
});
