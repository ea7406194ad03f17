import { imageDigestMirrorSetSummary, imageTagMirrorSetSummary } from '../../src/diff/mirror-set';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { digestMirrorSet, tagMirrorSet } from '../support/openshift-objects';

describe('mirror set summaries', () => {
  test('ImageDigestMirrorSet: sources added and removed, mirror lists changed (order included), policy changed', () => {
    // GIVEN a digest mirror set whose sources and mirrors change
    const before = digestMirrorSet('mirrors', [
      { source: 'registry.redhat.io', mirrors: ['m1.example.com/rh', 'm2.example.com/rh'] },
      { source: 'docker.io', mirrors: ['m1.example.com/docker'] },
      { source: 'quay.io', mirrors: ['m1.example.com/quay', 'm2.example.com/quay'] },
    ]);
    const after = digestMirrorSet('mirrors', [
      { source: 'registry.redhat.io', mirrors: ['m1.example.com/rh', 'm3.example.com/rh'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'quay.io', mirrors: ['m2.example.com/quay', 'm1.example.com/quay'] },
      { source: 'ghcr.io', mirrors: ['m1.example.com/ghcr'], mirrorSourcePolicy: 'AllowContactingSource' },
    ]);
    expect(upstreamSchemas().validate(before)).toStrictEqual([]);
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    // WHEN it is summarized
    // THEN every source change is one detail; a source's mirrors are tried in order, so its whole list is shown
    expect(imageDigestMirrorSetSummary.details(before, after)).toStrictEqual([
      {
        field: 'source',
        key: 'registry.redhat.io',
        path: 'mirrors',
        change: 'changed',
        before: 'm1.example.com/rh, m2.example.com/rh',
        after: 'm1.example.com/rh, m3.example.com/rh',
      },
      { field: 'source', key: 'registry.redhat.io', path: 'mirrorSourcePolicy', change: 'added', after: 'NeverContactSource' },
      {
        field: 'source',
        key: 'quay.io',
        path: 'mirrors',
        change: 'changed',
        before: 'm1.example.com/quay, m2.example.com/quay',
        after: 'm2.example.com/quay, m1.example.com/quay',
      },
      { field: 'source', key: 'ghcr.io', change: 'added', after: 'm1.example.com/ghcr (AllowContactingSource)' },
      { field: 'source', key: 'docker.io', change: 'removed', before: 'm1.example.com/docker' },
    ]);
  });

  test('ImageTagMirrorSet: reads spec.imageTagMirrors', () => {
    const before = tagMirrorSet('tags', []);
    const after = tagMirrorSet('tags', [{ source: 'quay.io/team', mirrors: ['mirror.example.com/team'] }]);
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    expect(imageTagMirrorSetSummary.details(before, after)).toStrictEqual([
      { field: 'source', key: 'quay.io/team', change: 'added', after: 'mirror.example.com/team' },
    ]);
  });
});
