import { EncodedFiles, rawEntries } from '../../src/output';

describe('encoded files', () => {
  const chunks = (text: string) => text.split(/(?<=\n)/).map((line) => Buffer.from(line));

  test('sorted: every file in path order, whatever order each map holds them in', () => {
    // GIVEN files and encoded files, neither in path order, with paths that interleave
    const files = new Map([
      ['z/b.yaml', 'b'],
      ['a/a.yaml', 'a'],
      ['s/s.yaml', 's'],
    ]);
    const encoded = new Map([
      ['t/t.md', chunks('# t\n\nthe end\n')],
      ['b/b.md', chunks('# b → ✓\n')],
    ]);
    // WHEN merged
    const out = EncodedFiles.sorted(files, encoded);
    // THEN they read in path order, the encoded ones decoded, joined from their chunks, and are held as those chunks
    expect([...out]).toStrictEqual([
      ['a/a.yaml', 'a'],
      ['b/b.md', '# b → ✓\n'],
      ['s/s.yaml', 's'],
      ['t/t.md', '# t\n\nthe end\n'],
      ['z/b.yaml', 'b'],
    ]);
    expect([...rawEntries(out)].map(([p, c]) => [p, Array.isArray(c)])).toStrictEqual([
      ['a/a.yaml', false],
      ['b/b.md', true],
      ['s/s.yaml', false],
      ['t/t.md', true],
      ['z/b.yaml', false],
    ]);
    expect([...rawEntries(out)].find(([p]) => p === 't/t.md')![1]).toBe(encoded.get('t/t.md'));
    expect([...rawEntries(out.filter((p) => p.startsWith('t/')))]).toStrictEqual([['t/t.md', encoded.get('t/t.md')]]);
  });

  test('sorted: an encoded file wins a path both maps hold', () => {
    const out = EncodedFiles.sorted(new Map([['reports/prod.md', 'plain']]), new Map([['reports/prod.md', chunks('encoded\n')]]));
    expect([...out]).toStrictEqual([['reports/prod.md', 'encoded\n']]);
  });

  test('a file set again as text is no longer encoded', () => {
    const out = EncodedFiles.sorted(new Map(), new Map([['reports/prod.md', chunks('encoded\n')]]));
    out.set('reports/prod.md', 'edited');
    expect([...rawEntries(out)]).toStrictEqual([['reports/prod.md', 'edited']]);
    expect(out.raw('reports/prod.md')).toBe('edited');
  });
});
