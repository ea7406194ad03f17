import { diffValues, show } from '../../src/diff/_values';

describe('field-by-field comparison', () => {
  test('objects key by key, lists of plain values as items, other lists index by index', () => {
    const before = { a: 1, list: ['x', 'y'], objects: [{ n: 1 }, { n: 2 }], gone: true };
    const after = { a: 2, list: ['y', 'z'], objects: [{ n: 1 }, { n: 3 }, { n: 4 }], added: { deep: { value: 'v' } } };
    expect(diffValues(before, after)).toStrictEqual([
      { path: 'a', change: 'changed', before: '1', after: '2' },
      { path: 'added.deep.value', change: 'added', after: 'v' },
      { path: 'gone', change: 'removed', before: 'true' },
      { path: 'list', change: 'added', after: 'z' },
      { path: 'list', change: 'removed', before: 'x' },
      { path: 'objects[1].n', change: 'changed', before: '2', after: '3' },
      { path: 'objects[2].n', change: 'added', after: '4' },
    ]);
  });

  test('shows a multi-line value by its size and fingerprint, and cuts a long one', () => {
    expect(show('a\nb\nc\n')).toMatch(/^3 lines, sha256 [0-9a-f]{12}$/);
    expect(show('x'.repeat(200))).toBe(`${'x'.repeat(119)}…`);
    expect(show({ name: 'ca' })).toBe('{"name":"ca"}');
  });
});
