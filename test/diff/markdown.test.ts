import { clusterList, detailLine, diffOutputs, renderMarkdown } from '../../src/diff';
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

  test('a health check that changed is named even when no object changed', () => {
    // GIVEN two trees that differ only in an Argo CD health check
    const summary = diffOutputs(
      new Map([['argocd/_health-checks/image.openshift.io_ImageStream.lua', 'return a\n']]),
      new Map([['argocd/_health-checks/image.openshift.io_ImageStream.lua', 'return b\n']]),
      new Map(),
    );
    // WHEN the summary is rendered
    const markdown = renderMarkdown(summary, { ref: 'main', commit: '0'.repeat(40), mergeBase: true });
    // THEN the reviewer reads which file changed
    expect(markdown).toContain('No object changes.');
    expect(markdown).toContain('1 file that is not a manifest changed: `argocd/_health-checks/image.openshift.io_ImageStream.lua` (changed).');
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
