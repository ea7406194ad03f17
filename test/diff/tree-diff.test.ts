import { diffOutputs, environmentsFromOutput } from '../../src/diff';
import { type ManifestObject, manifestFile } from '../../src/output';
import { manifestPath } from '../../src/shared';
import { imageStream, dockerTag } from '../support/openshift-objects';

function tree(objects: Record<string, readonly ManifestObject[]>, extra: Record<string, string> = {}): Map<string, string> {
  const files = new Map<string, string>(Object.entries(extra));
  for (const [folder, list] of Object.entries(objects)) for (const o of list) files.set(`${folder}/${manifestPath(o)}`, manifestFile(o));
  return files;
}

const ns = (name: string): ManifestObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const stream = (tag: string) => imageStream('app', [dockerTag(tag, `registry.example.com/app:${tag}`)]);

describe('diffOutputs', () => {
  test('groups clusters production first, then by how many clusters share the changes, then by name', () => {
    // GIVEN one change on every cluster, and one only on the lab and an unknown cluster
    const before = tree({ lab: [ns('a'), stream('1')], qa: [ns('a'), stream('1')], prod: [ns('a'), stream('1')], other: [ns('a'), stream('1')] });
    const after = tree({ lab: [ns('b'), stream('2')], qa: [ns('b'), stream('1')], prod: [ns('b'), stream('1')], other: [ns('b'), stream('2')] });
    // WHEN compared with qa a test cluster and `other` in no fleet
    const summary = diffOutputs(
      before,
      after,
      new Map([
        ['lab', 'lab'],
        ['qa', 'test'],
        ['prod', 'prod'],
      ]),
    );
    // THEN
    expect(summary.clusters.map((c) => `${c.name}:${c.environment}:${c.status}`)).toStrictEqual([
      'prod:prod:changed',
      'qa:test:changed',
      'lab:lab:changed',
      'other:unknown:changed',
    ]);
    expect(summary.groups.map((g) => [g.clusters, g.changes.map((c) => `${c.change} ${c.kind} ${c.name}`)])).toStrictEqual([
      [
        ['prod', 'qa', 'lab', 'other'],
        ['removed Namespace a', 'added Namespace b'],
      ],
      [['lab', 'other'], ['changed ImageStream bcgov/app']],
    ]);
  });

  test('folds a changed object detail by detail: each detail is listed once, under exactly the clusters that share it', () => {
    // GIVEN a stream that gains tag 2 everywhere, and tag 3 only on prod, or from another registry on lab
    const streamOf = (...tags: [string, string][]) =>
      imageStream(
        'app',
        tags.map(([tag, registry]) => dockerTag(tag, `${registry}/app:${tag}`)),
      );
    const before = tree({
      prod: [streamOf(['1', 'r.example.com'])],
      qa: [streamOf(['1', 'r.example.com'])],
      lab: [streamOf(['1', 'r.example.com'])],
    });
    const after = tree({
      prod: [streamOf(['1', 'r.example.com'], ['2', 'r.example.com'], ['3', 'r.example.com'])],
      qa: [streamOf(['1', 'r.example.com'], ['2', 'r.example.com'])],
      lab: [streamOf(['1', 'r.example.com'], ['2', 'r.example.com'], ['3', 'lab.example.com'])],
    });
    // WHEN compared
    const summary = diffOutputs(
      before,
      after,
      new Map([
        ['lab', 'lab'],
        ['qa', 'test'],
        ['prod', 'prod'],
      ]),
    );
    // THEN
    expect(
      summary.groups.map((g) => [g.clusters, g.changes.map((c) => [c.change, c.name, c.details.map((d) => `${d.key} ${d.change} ${d.after}`)])]),
    ).toStrictEqual([
      [['prod', 'qa', 'lab'], [['changed', 'bcgov/app', ['2 added DockerImage r.example.com/app:2']]]],
      [['prod'], [['changed', 'bcgov/app', ['3 added DockerImage r.example.com/app:3']]]],
      [['lab'], [['changed', 'bcgov/app', ['3 added DockerImage lab.example.com/app:3']]]],
    ]);
  });

  test('reads environments of clusters only the base has from its ApplicationSet', () => {
    const appSet: ManifestObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'apps', namespace: 'argocd' },
      spec: {
        generators: [
          {
            list: {
              elements: [
                { cluster: 'gone', environment: 'prod' },
                { cluster: 'lab', environment: 'lab' },
              ],
            },
          },
        ],
      },
    };
    expect(environmentsFromOutput(tree({ argocd: [appSet] }))).toStrictEqual(
      new Map([
        ['gone', 'prod'],
        ['lab', 'lab'],
      ]),
    );
  });

  test('ignores reports/, and tells files that differ only in formatting from changed objects', () => {
    const before = tree({ lab: [ns('a')] }, { 'reports/lab.md': '# lab\n' });
    const after = new Map(
      [...tree({ lab: [ns('a')] }, { 'reports/lab.md': '# lab, changed\n' })].map(([p, c]) => [
        p,
        c.replace(/^# Generated.*\n/, '# another header\n'),
      ]),
    );
    const summary = diffOutputs(before, after, new Map([['lab', 'lab']]));
    expect(summary).toStrictEqual({
      clusters: [{ name: 'lab', environment: 'lab', status: 'unchanged', added: 0, removed: 0, changed: 0 }],
      groups: [],
      argocd: [],
      formattingOnly: ['lab/_cluster/namespace_a.yaml'],
      otherFiles: [],
    });
  });

  test('lists files that are not manifests (Argo CD health checks, patches) when they are added, removed or changed', () => {
    // GIVEN a tree whose health check changes, whose patch goes and which gains a new check
    const before = tree({}, { 'argocd/_health-checks/a.lua': 'return 1\n', 'argocd/_health-checks/b.patch': 'x\n', 'reports/lab.md': '# a\n' });
    const after = tree({}, { 'argocd/_health-checks/a.lua': 'return 2\n', 'argocd/_health-checks/c.lua': 'return 3\n', 'reports/lab.md': '# b\n' });
    // WHEN the two are compared
    const summary = diffOutputs(before, after, new Map());
    // THEN each file is listed with its change, the report is not
    expect(summary.otherFiles).toStrictEqual([
      { path: 'argocd/_health-checks/a.lua', change: 'changed' },
      { path: 'argocd/_health-checks/b.patch', change: 'removed' },
      { path: 'argocd/_health-checks/c.lua', change: 'added' },
    ]);
  });
});

describe('diffOutputs on files that are not one object', () => {
  test('reports a hand-edited file by its content instead of failing', () => {
    const before = new Map([['lab/bcgov/notes.yaml', 'a: [\n']]);
    const after = new Map([['lab/bcgov/notes.yaml', '---\na: 1\n---\nb: 2\n']]);
    const summary = diffOutputs(before, after, new Map([['lab', 'lab']]));
    expect(summary.groups).toStrictEqual([
      {
        clusters: ['lab'],
        changes: [
          {
            path: 'bcgov/notes.yaml',
            apiVersion: 'v1',
            kind: 'File',
            name: 'bcgov/notes.yaml',
            change: 'changed',
            details: [
              {
                field: 'content',
                change: 'changed',
                before: expect.stringMatching(/^1 line, sha256/),
                after: expect.stringMatching(/^4 lines, sha256/),
              },
            ],
          },
        ],
      },
    ]);
  });
});
