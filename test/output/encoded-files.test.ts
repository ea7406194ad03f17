import { eachFileSorted, EncodedFiles, type HeldContent, rawEntries } from '../../src/output';

describe('encoded files', () => {
  const chunks = (text: string) => text.split(/(?<=\n)/).map((line) => Buffer.from(line));

  test('in path order: the cluster folders and the other files, text or chunks, read in path order as given', () => {
    // GIVEN two cluster folders sharing one sorted file list, and other files (two reports among them) in no order
    const bundle = [
      ['a.yaml', 'a'],
      ['b.yaml', 'b'],
    ] as const;
    const encoded = new Map([
      ['t/t.md', chunks('# t\n\nthe end\n')],
      ['b/b.md', chunks('# b → ✓\n')],
    ]);
    const others = new Map<string, HeldContent>([['z/b.yaml', 'b'], ...encoded, ['s/s.yaml', 's']]);
    // WHEN taken in the order eachFileSorted gives them
    const out = EncodedFiles.inPathOrder((visit) =>
      eachFileSorted<HeldContent>(
        {
          folders: [
            { prefix: 'x/', files: bundle },
            { prefix: 'c/', files: bundle },
          ],
          others,
        },
        visit,
      ),
    );
    // THEN they read in path order, the encoded ones decoded, joined from their chunks, and are held as those chunks
    expect([...out]).toStrictEqual([
      ['b/b.md', '# b → ✓\n'],
      ['c/a.yaml', 'a'],
      ['c/b.yaml', 'b'],
      ['s/s.yaml', 's'],
      ['t/t.md', '# t\n\nthe end\n'],
      ['x/a.yaml', 'a'],
      ['x/b.yaml', 'b'],
      ['z/b.yaml', 'b'],
    ]);
    expect([...rawEntries(out)].filter(([, c]) => Array.isArray(c)).map(([p]) => p)).toStrictEqual(['b/b.md', 't/t.md']);
    expect([...rawEntries(out)].find(([p]) => p === 't/t.md')![1]).toBe(encoded.get('t/t.md'));
    expect([...rawEntries(out.filter((p) => p.startsWith('t/')))]).toStrictEqual([['t/t.md', encoded.get('t/t.md')]]);
  });

  test('in path order: a path given again takes the later content, text or chunks, at its place', () => {
    // GIVEN a path given as text then as chunks, and another as chunks then as text
    const out = EncodedFiles.inPathOrder((visit) => {
      visit('a.md', 'plain');
      visit('a.md', chunks('encoded\n'));
      visit('b.md', chunks('encoded\n'));
      visit('b.md', 'plain again');
      visit('c.md', 'last');
    });
    // THEN each holds the later content, in the order first given
    expect([...out]).toStrictEqual([
      ['a.md', 'encoded\n'],
      ['b.md', 'plain again'],
      ['c.md', 'last'],
    ]);
    expect(out.raw('b.md')).toBe('plain again');
  });

  test('a file set again as text is no longer encoded', () => {
    const out = EncodedFiles.inPathOrder((visit) => visit('reports/prod.md', chunks('encoded\n')));
    out.set('reports/prod.md', 'edited');
    expect([...rawEntries(out)]).toStrictEqual([['reports/prod.md', 'edited']]);
    expect(out.raw('reports/prod.md')).toBe('edited');
  });

  test('looked up without a change: found by path, text or chunks, and absent paths are absent', () => {
    // GIVEN files taken in path order
    const out = EncodedFiles.inPathOrder((visit) => {
      visit('a/x.yaml', 'x');
      visit('b/y.md', chunks('# y\n\nend\n'));
      visit('c/z.yaml', 'z');
    });
    // THEN each is found by its path, and a path between or beyond them is not
    expect(out.size).toBe(3);
    expect(out.get('b/y.md')).toBe('# y\n\nend\n');
    expect(out.raw('c/z.yaml')).toBe('z');
    expect([out.has('a/x.yaml'), out.has('b/y.md'), out.has('c/z.yaml')]).toStrictEqual([true, true, true]);
    expect([out.has('a'), out.has('b/x.md'), out.has('d'), out.get('zz'), out.raw('')]).toStrictEqual([false, false, false, undefined, undefined]);
    expect([...out.keys()]).toStrictEqual(['a/x.yaml', 'b/y.md', 'c/z.yaml']);
    expect([...out.values()]).toStrictEqual(['x', '# y\n\nend\n', 'z']);
  });

  test('changed after it was taken: reads as a map, in the order of the changes, and filters as one', () => {
    // GIVEN files taken in path order, then one added that sorts first, one changed and one removed
    const out = EncodedFiles.inPathOrder((visit) => {
      visit('b.md', chunks('b\n'));
      visit('c.yaml', 'c');
      visit('d.yaml', 'd');
    });
    out.set('a.yaml', 'a');
    out.set('c.yaml', 'c again');
    expect(out.delete('d.yaml')).toBe(true);
    // THEN it holds them in the order a map does, the encoded one still chunks, and a filter keeps that
    expect([...out]).toStrictEqual([
      ['b.md', 'b\n'],
      ['c.yaml', 'c again'],
      ['a.yaml', 'a'],
    ]);
    expect(Array.isArray(out.raw('b.md'))).toBe(true);
    const kept = out.filter((file) => file !== 'c.yaml');
    expect([...kept]).toStrictEqual([
      ['b.md', 'b\n'],
      ['a.yaml', 'a'],
    ]);
    expect([kept.has('a.yaml'), kept.has('c.yaml'), kept.size]).toStrictEqual([true, false, 2]);
    out.clear();
    expect([out.size, out.has('b.md'), [...out]]).toStrictEqual([0, false, []]);
  });
});
