import { applyBundle, argoSettings, newCluster, runScheduledImports } from '../../src/forecast';
import { bundle, object } from './_objects';

// Oracle: openshift-controller-manager pkg/image/controller/scheduled_image_controller.go needsScheduling
// (DockerImage + importPolicy.scheduled, digests once), openshift-apiserver internal/imageutil/helpers.go
// UpdateTrackingTags (same-namespace ImageStreamTag tags follow) and strategy.go tagsChanged (another
// namespace's ImageStreamTag is resolved when the tag is created or changed).
const AUTOMATED = argoSettings(
  object('argoproj.io/v1alpha1', 'ApplicationSet', 'a', {
    spec: { template: { metadata: {}, spec: { syncPolicy: { automated: { prune: true, selfHeal: true } } } } },
  }),
);

function stream(tags: Record<string, unknown>[]) {
  return object('image.openshift.io/v1', 'ImageStream', 'app', { spec: { tags } }, { namespace: 'images' });
}

describe('cluster model: image stream tags', () => {
  test('scheduled DockerImage tags and the tags tracking them follow a rebuild; a copy from another namespace and a digest do not', () => {
    // GIVEN a stream with a scheduled tag, a tag tracking it, a copy of another namespace's tag and a digest
    const app = stream([
      { name: '1.0', from: { kind: 'DockerImage', name: 'quay.io/app:1.0' }, importPolicy: { scheduled: true } },
      { name: 'latest', from: { kind: 'ImageStreamTag', name: '1.0' } },
      { name: 'built', from: { kind: 'ImageStreamTag', name: 'app:1.0', namespace: 'builds' } },
      { name: 'pinned', from: { kind: 'DockerImage', name: 'quay.io/app@sha256:aaa' }, importPolicy: { scheduled: true } },
    ]);
    const images = new Map<string, string>([
      ['quay.io/app:1.0', 'v1'],
      ['builds/app:1.0', 'v1'],
      ['quay.io/app@sha256:aaa', 'aaa'],
    ]);
    const registry = (reference: string) => images.get(reference);
    let live = applyBundle(newCluster({ name: 'c', environment: 'prod' }), bundle(app), { before: AUTOMATED, after: AUTOMATED }, registry);
    expect(Object.fromEntries(live.tags)).toStrictEqual({
      'images/app:1.0': 'v1',
      'images/app:latest': 'v1',
      'images/app:built': 'v1',
      'images/app:pinned': 'aaa',
    });
    // WHEN every source is rebuilt and a scheduled import runs
    images.set('quay.io/app:1.0', 'v2').set('builds/app:1.0', 'v2').set('quay.io/app@sha256:aaa', 'other');
    live = runScheduledImports(live, registry);
    // THEN the scheduled tag and its tracker have v2; the copy and the digest do not
    expect(Object.fromEntries(live.tags)).toStrictEqual({
      'images/app:1.0': 'v2',
      'images/app:latest': 'v2',
      'images/app:built': 'v1',
      'images/app:pinned': 'aaa',
    });
  });

  test('a tag removed from the spec keeps its last image in status; a pruned stream takes every tag with it', () => {
    const registry = () => 'v1';
    const both = stream([
      { name: '1.0', from: { kind: 'DockerImage', name: 'quay.io/app:1.0' } },
      { name: '2.0', from: { kind: 'DockerImage', name: 'quay.io/app:2.0' } },
    ]);
    const one = stream([{ name: '2.0', from: { kind: 'DockerImage', name: 'quay.io/app:2.0' } }]);
    let live = applyBundle(newCluster({ name: 'c', environment: 'prod' }), bundle(both), { before: AUTOMATED, after: AUTOMATED }, registry);
    live = applyBundle(live, bundle(one), { before: AUTOMATED, after: AUTOMATED }, registry);
    expect([...live.tags.keys()]).toStrictEqual(['images/app:1.0', 'images/app:2.0']);
    expect(live.history[1].gates).toStrictEqual(['tag-removal']);
    live = applyBundle(live, bundle(), { before: AUTOMATED, after: AUTOMATED }, registry);
    expect(live.tags.size).toBe(0);
    expect(live.history[2].gates).toStrictEqual(['prune', 'tag-removal']);
  });
});
