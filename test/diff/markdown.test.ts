import { clusterList, detailLine } from '../../src/diff';
import { code } from '../../src/shared';

describe('markdown', () => {
  test('a detail line names the entry, the field inside it and the values', () => {
    expect(detailLine({ field: 'tag', key: '1.25', change: 'added', after: 'DockerImage x:1.25' })).toBe('tag `1.25` added: `DockerImage x:1.25`');
    expect(detailLine({ field: 'tag', key: 'a', path: 'importPolicy.scheduled', change: 'changed', before: 'false', after: 'true' })).toBe(
      'tag `a`: importPolicy.scheduled changed: `false` → `true`',
    );
    expect(detailLine({ field: 'tag', key: 'old', change: 'removed', before: 'DockerImage x:1' })).toBe('tag `old` removed (was `DockerImage x:1`)');
    expect(detailLine({ field: 'sample template', key: 'jenkins', change: 'kept' })).toBe('sample template `jenkins` kept');
  });

  test('code spans survive backticks in the value', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
  });

  test('clusters are named with their environment, runs of one environment together', () => {
    expect(
      clusterList(
        ['gold', 'silver', 'qa', 'lab'],
        new Map([
          ['gold', 'prod'],
          ['silver', 'prod'],
          ['qa', 'test'],
        ]),
      ),
    ).toBe('gold, silver (prod) · qa (test) · lab (unknown)');
  });
});
