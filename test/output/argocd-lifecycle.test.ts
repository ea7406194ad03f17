import * as path from 'node:path';
import { parse } from 'yaml';
import { readTree } from '../../src/output';
import {
  type Application,
  deletedWithApplication,
  generatedApplication,
  type IgnoreDifferences,
  isPruningDisabled,
  type KubeObject,
  loadJq,
  normalize,
  objectToApply,
  RESOURCES_FINALIZER,
  SYNC_OPTIONS_ANNOTATION,
} from '../support/argocd';

// What Argo CD does with the committed dist/ when Applications are deleted and streams change. The
// oracles are in test/support/argocd.ts, each written from argo-cd source (v3.5.1) and citing it.
const dist = readTree(path.resolve(__dirname, '../../dist'));
const APPSET_FILE = 'argocd/openshift-gitops/applicationset.argoproj.io_ocp-image-catalog.yaml';
const applicationSet = parse(dist.get(APPSET_FILE) ?? '') as KubeObject;
const template = (applicationSet.spec as { template: { spec: { syncPolicy: { syncOptions: string[] }; ignoreDifferences: IgnoreDifferences[] } } })
  .template.spec;
const clusters = (applicationSet.spec as { generators: Array<{ list: { elements: Array<{ cluster: string }> } }> }).generators[0].list.elements.map(
  (e) => e.cluster,
);

/** The cluster's objects as Argo CD reads them back live: the committed manifests. */
function clusterObjects(cluster: string): KubeObject[] {
  return [...dist].filter(([file]) => file.startsWith(`${cluster}/`) && file.endsWith('.yaml')).map(([, content]) => parse(content) as KubeObject);
}

const label = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
/** Objects that exist once per cluster, or that the whole cluster depends on: what must outlive any Application. */
const KEPT_KINDS = ['Namespace', 'Image', 'Config', 'ImageDigestMirrorSet', 'ImageTagMirrorSet', 'ConfigMap'];

describe('deleting Applications deletes nothing on any cluster', () => {
  test('the committed ApplicationSet lists every cluster folder', () => {
    expect(clusters.length).toBeGreaterThan(0);
    for (const cluster of clusters) expect(clusterObjects(cluster).length).toBeGreaterThan(0);
  });

  test.each(clusters)('%s: removing the cluster from fleet.ts or deleting the ApplicationSet deletes none of its objects', (cluster) => {
    // GIVEN the Application the ApplicationSet controller generates for the cluster
    const app = generatedApplication(applicationSet, `image-catalog-${cluster}`);
    // WHEN it is deleted (the ApplicationSet controller deletes it when its element goes; the garbage
    // collector deletes it with the ApplicationSet, which owns it)
    // THEN it has no resources finalizer, so the application controller deletes nothing
    expect(app.metadata.finalizers).toStrictEqual([]);
    expect(deletedWithApplication(app, clusterObjects(cluster))).toStrictEqual([]);
  });

  test.each(clusters)(
    '%s: a deliberate cascade delete (argocd app delete) keeps the namespace, the cluster singletons and the registry configuration',
    (cluster) => {
      // GIVEN the Application with the finalizer `argocd app delete --cascade` adds
      const generated = generatedApplication(applicationSet, `image-catalog-${cluster}`);
      const app: Application = { ...generated, metadata: { ...generated.metadata, finalizers: [RESOURCES_FINALIZER] } };
      const objects = clusterObjects(cluster);
      // WHEN it is deleted
      const deleted = deletedWithApplication(app, objects).map(label);
      // THEN none of the kept kinds is deleted, and every one of them is on the cluster to keep
      const kept = objects.filter((o) => KEPT_KINDS.includes(o.kind));
      expect(kept.map((o) => o.kind)).toEqual(expect.arrayContaining(['Namespace', 'Image']));
      for (const object of kept) expect(deleted).not.toContain(label(object));
      // and what goes are the curated objects inside the kept namespace
      expect(deleted.length).toBeGreaterThan(0);
    },
  );

  test.each(clusters)(
    '%s: the namespace and the cluster singletons are never pruned; mirror sets still are when removed from the catalog',
    (cluster) => {
      const app = generatedApplication(applicationSet, `image-catalog-${cluster}`);
      for (const object of clusterObjects(cluster)) {
        const singleton = ['Namespace', 'Image', 'Config'].includes(object.kind);
        expect([label(object), isPruningDisabled(app, object)]).toStrictEqual([label(object), singleton]);
      }
    },
  );

  test('the oracle would delete everything without preserveResourcesOnDeletion and with Prune=false alone (the output before this fix)', () => {
    const spec = applicationSet.spec as Record<string, unknown>;
    const before = { ...applicationSet, spec: Object.fromEntries(Object.entries(spec).filter(([k]) => k !== 'syncPolicy')) } as KubeObject;
    const app = generatedApplication(before, 'image-catalog-x');
    expect(app.metadata.finalizers).toStrictEqual([RESOURCES_FINALIZER]);
    const objects = clusterObjects(clusters[0]).map((o) => ({
      ...o,
      metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [SYNC_OPTIONS_ANNOTATION]: 'Prune=false' } },
    }));
    expect(deletedWithApplication(app, objects)).toHaveLength(objects.length);
  });
});

type Tag = { name: string; generation?: number; importPolicy: { scheduled?: boolean; importMode: string }; [key: string]: unknown };
type Stream = KubeObject & { spec: { tags: Tag[] } };

/**
 * The stream as the API server returns it (openshift/api image/v1/types.go): every tag has a
 * `generation` set by the server (openshift-apiserver strategy.go ensureSpecTagGenerationsAreSet),
 * and `importPolicy.scheduled` is omitempty, so a false value does not read back.
 */
function readBack(stream: Stream, generation = 2): Stream {
  return {
    ...stream,
    spec: {
      ...stream.spec,
      tags: stream.spec.tags.map((tag) => {
        const { scheduled, ...importPolicy } = tag.importPolicy;
        return { ...tag, generation, importPolicy: scheduled ? { ...importPolicy, scheduled } : importPolicy };
      }),
    },
  };
}

// Every distinct committed ImageStream (most are the same on every consumer).
const streams = [
  ...new Map([...dist].filter(([f]) => /^[^/]+\/[^/]+\/imagestream\.image\.openshift\.io_[^/]+\.yaml$/.test(f)).map(([f, c]) => [c, f])).values(),
].sort();
const stream = (file: string) => parse(dist.get(file) ?? '') as Stream;

describe('what Argo CD applies to an ImageStream, and whether it drifts', () => {
  beforeAll(loadJq);

  test('the Applications sync with server-side apply and without RespectIgnoreDifferences', () => {
    expect(template.syncPolicy.syncOptions).toStrictEqual(['ServerSideApply=true']);
  });

  test.each(streams)('%s: a version removed from the catalog is not in the object applied, so it leaves the live stream', (file) => {
    // GIVEN the live stream still holds a retired tag the catalog no longer has
    const target = stream(file);
    const retired: Tag = { ...target.spec.tags[0], name: '0.0.1-retired' };
    const live = readBack({ ...target, spec: { ...target.spec, tags: [retired, ...target.spec.tags] } });
    // WHEN Argo CD builds the object it applies
    const applied = objectToApply(target, live, template.ignoreDifferences, template.syncPolicy.syncOptions) as Stream;
    // THEN its tags are git's: server-side apply removes the tag argocd-controller applied before and no longer applies
    expect(applied.spec.tags.map((t) => t.name)).toStrictEqual(target.spec.tags.map((t) => t.name));
    expect(applied).toStrictEqual(target);
  });

  test.each(streams)('%s: the stream the server returns after the sync is in sync (no perpetual drift)', (file) => {
    const target = stream(file);
    const live = readBack(target);
    expect(normalize(live, template.ignoreDifferences)).toStrictEqual(normalize(target, template.ignoreDifferences));
    // The rules ignore no field git sets, other than a false `scheduled` the server never returns.
    const normalizedTarget = normalize(target, template.ignoreDifferences) as Stream;
    expect(
      normalizedTarget.spec.tags.map((t) => ({ ...t, importPolicy: { ...t.importPolicy, scheduled: t.importPolicy.scheduled ?? false } })),
    ).toStrictEqual(target.spec.tags);
  });

  test('with RespectIgnoreDifferences=true the retired tag would be applied again (why the option is gone)', () => {
    const target = streams.map(stream).find((s) => s.spec.tags.some((t) => t.importPolicy.scheduled === false));
    expect(target).toBeDefined();
    const retired: Tag = { ...target!.spec.tags[0], name: '0.0.1-retired' };
    const live = readBack({ ...target!, spec: { ...target!.spec, tags: [retired, ...target!.spec.tags] } });
    const applied = objectToApply(target!, live, template.ignoreDifferences, [
      ...template.syncPolicy.syncOptions,
      'RespectIgnoreDifferences=true',
    ]) as Stream;
    expect(applied.spec.tags.map((t) => t.name)).toContain('0.0.1-retired');
  });
});
