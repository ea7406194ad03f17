import { argoSettings, removalSteps, syncSteps } from '../../src/forecast';
import { bundle, object } from './_objects';

// Oracle: argo-cd (mirror at /work/.mirror/argoproj+argo-cd, HEAD 37ee0097): gitops-engine/pkg/sync/sync_context.go
// isPruningDisabled (Prune=false on the live object), the prune-wave swap in Sync ("reverse of sync wave") and
// PruneLast; gitops-engine/pkg/sync/sync_tasks.go Less (wave, kind order, name); controller/appcontroller.go
// shouldBeDeleted (Delete=false; Prune=false does not protect on deletion); applicationset/utils/utils.go
// RenderTemplateParams (resources finalizer unless preserveResourcesOnDeletion or template finalizers).
function applicationSet(syncPolicy: Record<string, unknown> = {}, finalizers?: string[]) {
  return object('argoproj.io/v1alpha1', 'ApplicationSet', 'images', {
    spec: {
      generators: [{ list: { elements: [{ cluster: 'gold' }] } }],
      ...(Object.keys(syncPolicy).length > 0 ? { syncPolicy } : {}),
      template: {
        metadata: { name: 'x', ...(finalizers ? { finalizers } : {}) },
        spec: { syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] } },
      },
    },
  });
}

const wave = (n: number, options?: string) => ({
  annotations: { 'argocd.argoproj.io/sync-wave': String(n), ...(options ? { 'argocd.argoproj.io/sync-options': options } : {}) },
});
const NAMESPACE = object('v1', 'Namespace', 'images', {}, wave(0, 'Prune=false'));
const BINDING = object('rbac.authorization.k8s.io/v1', 'RoleBinding', 'pullers', {}, { namespace: 'images', ...wave(0) });
const CONFIG = object('config.openshift.io/v1', 'Image', 'cluster', { spec: {} }, wave(1, 'Prune=false,Delete=false'));
const STREAM = object('image.openshift.io/v1', 'ImageStream', 'nginx', { spec: {} }, { namespace: 'images', ...wave(2) });
const TEMPLATE = object('template.openshift.io/v1', 'Template', 'jenkins', {}, { namespace: 'images', ...wave(3) });

describe('Argo CD settings from the ApplicationSet', () => {
  test('the resources finalizer is added unless preserveResourcesOnDeletion or the template sets finalizers', () => {
    expect(argoSettings(applicationSet()).cascade).toBe(true);
    expect(argoSettings(applicationSet({ preserveResourcesOnDeletion: true })).cascade).toBe(false);
    expect(argoSettings(applicationSet({}, ['other.example.com/finalizer'])).cascade).toBe(false);
    expect(argoSettings(applicationSet({ applicationsSync: 'create-update' })).deletesApplications).toBe(false);
    expect(argoSettings(applicationSet())).toMatchObject({ automated: true, prune: true, selfHeal: true, syncOptions: ['ServerSideApply=true'] });
  });
});

describe('syncSteps', () => {
  test('creates and updates in wave order; prunes in swapped waves; Prune=false leaves objects in place', () => {
    // GIVEN a cluster with every wave, and a bundle that keeps only the stream (changed) and adds a template
    const before = bundle(NAMESPACE, BINDING, CONFIG, STREAM);
    const changed = { ...STREAM, spec: { lookupPolicy: { local: true } } };
    const after = bundle(changed, TEMPLATE);
    // WHEN the automated sync runs
    const steps = syncSteps(before, after, argoSettings(applicationSet()));
    // THEN the RoleBinding (wave 0) is pruned in the last prune wave, Prune=false objects stay, the rest applies in its wave
    expect(steps.map((s) => [s.wave, s.action, s.kind, s.reason])).toStrictEqual([
      [0, 'left in place', 'Namespace', 'Prune=false'],
      [0, 'prune', 'RoleBinding', undefined],
      [1, 'left in place', 'Image', 'Prune=false'],
      [2, 'update', 'ImageStream', undefined],
      [3, 'create', 'Template', undefined],
    ]);
  });

  // Oracle: the Image `cluster` is in the release payload as a create-only empty resource (openshift/api
  // payload-command/empty-resources/0000_05_config-operator_02_image.cr.yaml); the Samples Operator creates
  // Config `cluster` at start (cluster-samples-operator pkg/stub/handler.go `CreateDefaultResourceIfNeeded`).
  test('on a cluster that joins the fleet the singletons every cluster has are updated, everything else is created', () => {
    // GIVEN nothing applied yet, and a bundle with the Image and samples Config singletons and a stream
    const samples = object('samples.operator.openshift.io/v1', 'Config', 'cluster', { spec: {} }, wave(1));
    const otherImage = object('config.openshift.io/v1', 'Image', 'not-cluster', { spec: {} }, wave(1));
    // WHEN the first sync runs
    const steps = syncSteps(bundle(), bundle(CONFIG, samples, otherImage, STREAM), argoSettings(applicationSet()));
    // THEN only the objects the payload and the operator create are updates
    expect(steps.map((s) => [s.action, s.kind, s.name])).toStrictEqual([
      ['update', 'Config', 'cluster'],
      ['update', 'Image', 'cluster'],
      ['create', 'Image', 'not-cluster'],
      ['create', 'ImageStream', 'images/nginx'],
    ]);
  });

  test('prune waves are swapped end for end: the object created first is pruned last', () => {
    const steps = syncSteps(bundle(BINDING, STREAM, TEMPLATE), bundle(), argoSettings(applicationSet()));
    expect(steps.map((s) => [s.wave, s.kind])).toStrictEqual([
      [0, 'Template'],
      [2, 'ImageStream'],
      [3, 'RoleBinding'],
    ]);
  });

  test('without automated prune nothing is pruned', () => {
    const manual = { ...argoSettings(applicationSet()), prune: false };
    expect(syncSteps(bundle(STREAM), bundle(), manual)).toMatchObject([{ action: 'left in place', reason: 'automated prune is off' }]);
  });
});

// Oracle: a namespace being deleted loses all its content whatever the objects' annotations say:
// kubernetes/kubernetes pkg/controller/namespace/deletion/namespaced_resources_deleter.go,
// `namespacedResourcesDeleter.Delete` calls `deleteAllContent`, whose `deleteAllContentForGroupVersionResource`
// (read at commit 00bdb3f) runs `deleteCollection` (or
// `deleteEachItem`) for every namespaced resource before `finalizeNamespace`. Argo CD's sync options
// are annotations it reads itself; the namespace controller never reads them.
describe('removalSteps (a cluster leaves the fleet)', () => {
  test(
    'with the resources finalizer every object without Delete=false is deleted, Prune=false does not ' +
      'protect, a deleted namespace takes its content',
    () => {
      const streamKept = { ...STREAM, metadata: { ...STREAM.metadata, ...wave(2, 'Delete=false') } };
      const steps = removalSteps(bundle(NAMESPACE, CONFIG, streamKept), argoSettings(applicationSet()));
      expect(steps.map((s) => [s.kind, s.action, s.reason])).toStrictEqual([
        ['ImageStream', 'delete', 'its namespace images is deleted'],
        ['Image', 'stays', 'Delete=false'],
        ['Namespace', 'delete', undefined],
      ]);
    },
  );

  test('with preserveResourcesOnDeletion nothing is deleted', () => {
    const steps = removalSteps(bundle(NAMESPACE, CONFIG, STREAM), argoSettings(applicationSet({ preserveResourcesOnDeletion: true })));
    expect(steps.every((s) => s.action === 'stays')).toBe(true);
    expect(steps).toHaveLength(3);
  });
});
