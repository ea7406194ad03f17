import { kindCountsByFolder } from '../../src/output';

describe('manifest objects', () => {
  test('counts kinds by top-level folder, whatever the order of the files', () => {
    // GIVEN manifests of two folders, interleaved, a folder whose name prefixes another's, and a report
    const files = new Map([
      ['a/x.yaml', 'apiVersion: v1\nkind: ConfigMap\n'],
      ['ab/x.yaml', 'apiVersion: v1\nkind: Namespace\n'],
      ['a/y.yaml', 'apiVersion: v1\nkind: ConfigMap\n'],
      ['b/z.yaml', 'not a manifest'],
      ['a/sub/z.yaml', 'apiVersion: v1\nkind: Namespace\n'],
      ['reports/a.md', 'kind: Report\n'],
    ]);
    // WHEN counted THEN each folder has its own counts, by kind name
    expect(kindCountsByFolder(files)).toStrictEqual(
      new Map([
        [
          'a',
          [
            { kind: 'ConfigMap', count: 2 },
            { kind: 'Namespace', count: 1 },
          ],
        ],
        ['ab', [{ kind: 'Namespace', count: 1 }]],
        ['b', [{ kind: 'File', count: 1 }]],
      ]),
    );
  });
});
