import { Testing } from 'cdk8s';
import { ApplicationSet, type ApplicationSetProps } from '../../src/constructs';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';

const PROPS: ApplicationSetProps = {
  metadata: { name: 'catalog', namespace: 'openshift-gitops' },
  repoURL: 'https://git.example.com/platform/images.git',
  targetRevision: 'main',
  pathPrefix: 'dist/',
  namePrefix: 'image-catalog-',
  project: 'platform',
  elements: [
    { cluster: 'lab', environment: 'lab', destinationServer: 'https://api.lab.example.com:6443', destinationName: '' },
    { cluster: 'prod', environment: 'prod', destinationServer: '', destinationName: 'prod' },
  ],
  ignoreDifferences: [{ group: 'image.openshift.io', kind: 'ImageStream', jqPathExpressions: ['.spec.tags[]?.generation'] }],
};

type Spec = {
  goTemplate: boolean;
  goTemplateOptions: string[];
  generators: Array<{ list: { elements: Array<Record<string, string>> } }>;
  template: { metadata: { name: string; labels: Record<string, string> }; spec: Record<string, unknown> };
};

function synth(props: ApplicationSetProps): { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: Spec } {
  const chart = Testing.chart();
  new ApplicationSet(chart, 'ApplicationSet', props);
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  return objects[0] as ReturnType<typeof synth>;
}

/** Every `{{.key}}` the template reads. */
function templateKeys(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/\{\{\s*\.(\w+)\s*\}\}/g)].map((m) => m[1]);
}

describe('ApplicationSet', () => {
  test('renders one list generator element per cluster, valid against the Argo CD CRD', () => {
    // GIVEN two clusters, one by server URL and one by registered name WHEN synthesized
    const set = synth(PROPS);
    // THEN the object is the CRD's ApplicationSet, named and placed as given
    expect(upstreamSchemas().validate(set)).toStrictEqual([]);
    expect([set.apiVersion, set.kind, set.metadata]).toStrictEqual([
      'argoproj.io/v1alpha1',
      'ApplicationSet',
      { name: 'catalog', namespace: 'openshift-gitops' },
    ]);
    expect(set.spec.generators).toStrictEqual([{ list: { elements: PROPS.elements.map((e) => ({ ...e })) } }]);
  });

  test('each element sets exactly one of destinationServer and destinationName', () => {
    // argoproj/argo-cd util/argo/argo.go GetDestinationServer: a destination with both a name and a server
    // is an error ("can't have both name and server defined"); an empty string counts as unset.
    for (const element of synth(PROPS).spec.generators[0].list.elements) {
      expect([element.cluster, [element.destinationServer, element.destinationName].filter((d) => d !== '').length]).toStrictEqual([
        element.cluster,
        1,
      ]);
    }
  });

  test('every key the Go template reads is in every element (missingkey=error)', () => {
    // argoproj/argo-cd applicationset/utils/utils.go Render: with goTemplate, a key missing from the
    // parameters fails the Application ("map has no entry for key"), and the set always renders with missingkey=error.
    const set = synth(PROPS);
    expect([set.spec.goTemplate, set.spec.goTemplateOptions]).toStrictEqual([true, ['missingkey=error']]);
    const keys = new Set(templateKeys(set.spec.template));
    expect([...keys].sort()).toStrictEqual(['cluster', 'destinationName', 'destinationServer', 'environment']);
    for (const element of set.spec.generators[0].list.elements) expect(Object.keys(element).sort()).toEqual(expect.arrayContaining([...keys]));
  });

  test('each Application applies its cluster folder, prunes and self-heals, and ignores the given differences', () => {
    const { template } = synth(PROPS).spec;
    expect(template.metadata).toStrictEqual({
      name: 'image-catalog-{{.cluster}}',
      labels: { 'app.kubernetes.io/part-of': 'catalog', environment: '{{.environment}}' },
    });
    expect(template.spec).toStrictEqual({
      project: 'platform',
      source: { repoURL: PROPS.repoURL, targetRevision: 'main', path: 'dist/{{.cluster}}', directory: { recurse: true } },
      destination: { server: '{{.destinationServer}}', name: '{{.destinationName}}' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
      ignoreDifferences: [{ group: 'image.openshift.io', kind: 'ImageStream', jqPathExpressions: ['.spec.tags[]?.generation'] }],
    });
  });

  test('the generated Applications get no resources finalizer: deleting one deletes nothing', () => {
    // argoproj/argo-cd applicationset/utils/utils.go RenderTemplateParams: the finalizer is added unless
    // spec.syncPolicy.preserveResourcesOnDeletion is true or the template has finalizers.
    const set = synth(PROPS) as unknown as { spec: { syncPolicy: unknown; template: { metadata: { finalizers?: string[] } } } };
    expect(set.spec.syncPolicy).toStrictEqual({ preserveResourcesOnDeletion: true });
    expect(set.spec.template.metadata.finalizers).toBeUndefined();
  });

  test('without ignoreDifferences writes an empty list', () => {
    expect(synth({ ...PROPS, ignoreDifferences: undefined }).spec.template.spec.ignoreDifferences).toStrictEqual([]);
  });
});
