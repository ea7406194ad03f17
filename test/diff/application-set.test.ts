import { applicationSetSummary } from '../../src/diff/application-set';
import type { ManifestObject } from '../../src/output';

function applicationSet(elements: object[], goTemplate = true): ManifestObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'apps', namespace: 'argocd' },
    spec: { goTemplate, generators: [{ list: { elements } }] },
  };
}

describe('ApplicationSet summary', () => {
  test('names the clusters added, removed and changed', () => {
    const gold = { cluster: 'gold', environment: 'prod', destinationServer: 'https://gold:6443', destinationName: '' };
    const before = applicationSet([gold, { cluster: 'old', environment: 'test', destinationServer: '', destinationName: 'old' }]);
    const after = applicationSet([
      { ...gold, destinationServer: 'https://gold2:6443' },
      { cluster: 'new', environment: 'lab', destinationServer: '', destinationName: 'new' },
    ]);
    expect(applicationSetSummary.details(before, after)).toStrictEqual([
      { field: 'cluster', key: 'gold', path: 'destinationServer', change: 'changed', before: 'https://gold:6443', after: 'https://gold2:6443' },
      { field: 'cluster', key: 'new', change: 'added', after: 'environment lab, destinationName new' },
      { field: 'cluster', key: 'old', change: 'removed', before: 'environment test, destinationName old' },
    ]);
  });
});
