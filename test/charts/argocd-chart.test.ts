import { App, Testing } from 'cdk8s';
import { ArgoCdChart } from '../../src/charts';
import { parseCatalog } from '../../src/model';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { smallFleet, smallSources } from '../support/fixtures';

type ApplicationSetObject = {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  spec: {
    generators: Array<{ list: { elements: Array<Record<string, string>> } }>;
    template: { spec: { project: string; source: { repoURL: string; targetRevision: string; path: string }; ignoreDifferences: unknown[] } };
  };
};

function render(fleet: object): ApplicationSetObject[] {
  const catalog = parseCatalog('catalogs', new Map([...smallSources(), ['catalogs/fleet.ts', fleet]]));
  return Testing.synth(new ArgoCdChart(new App(), 'argocd', { fleet: catalog.fleet })) as unknown as ApplicationSetObject[];
}

describe('ArgoCdChart', () => {
  test('gives every cluster of the fleet one element, sorted by name, with its destination', () => {
    // GIVEN the small fleet (lab and test by server URL, prod by registered name), listed out of order
    const fleet = smallFleet();
    fleet.clusters = [fleet.clusters[2], fleet.clusters[0], fleet.clusters[1]];
    // WHEN the chart is rendered
    const objects = render(fleet);
    // THEN one ApplicationSet lists every cluster once
    expect(objects).toHaveLength(1);
    expect(objects[0].spec.generators[0].list.elements).toStrictEqual([
      { cluster: 'lab', environment: 'lab', destinationServer: 'https://api.lab.example.com:6443', destinationName: '' },
      { cluster: 'prod', environment: 'prod', destinationServer: '', destinationName: 'prod' },
      { cluster: 'test', environment: 'test', destinationServer: 'https://api.test.example.com:6443', destinationName: '' },
    ]);
    expect(upstreamSchemas().validate(objects[0] as unknown as { apiVersion: string; kind: string })).toStrictEqual([]);
  });

  test("takes the repository, revision, folder, project and Argo CD namespace from the fleet's gitops settings", () => {
    const [set] = render(
      smallFleet({
        gitops: {
          repoURL: 'https://git.example.com/p/i.git',
          targetRevision: 'release',
          path: 'deploy/dist',
          project: 'platform',
          argocdNamespace: 'argocd',
        },
      }),
    );
    expect([set.metadata.name, set.metadata.namespace]).toStrictEqual(['ocp-image-catalog', 'argocd']);
    expect(set.spec.template.spec.project).toBe('platform');
    expect(set.spec.template.spec.source).toMatchObject({
      repoURL: 'https://git.example.com/p/i.git',
      targetRevision: 'release',
      path: 'deploy/dist/{{.cluster}}',
    });
  });

  test('applies with the defaults: main, dist/, project default, openshift-gitops, in the first sync wave', () => {
    const [set] = render(smallFleet());
    expect([set.metadata.namespace, set.spec.template.spec.project]).toStrictEqual(['openshift-gitops', 'default']);
    expect(set.spec.template.spec.source).toMatchObject({ targetRevision: 'main', path: 'dist/{{.cluster}}' });
    expect(set.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
  });

  test('ignores the server-set tag generation and a false importPolicy.scheduled on ImageStreams, nothing else', () => {
    // openshift/api image/v1/types.go: TagReference.Generation is set by the server; TagImportPolicy.Scheduled is omitempty.
    expect(render(smallFleet())[0].spec.template.spec.ignoreDifferences).toStrictEqual([
      {
        group: 'image.openshift.io',
        kind: 'ImageStream',
        jqPathExpressions: ['.spec.tags[]?.generation', '.spec.tags[]?.importPolicy | select(.scheduled == false) | .scheduled'],
      },
    ]);
  });
});
