import { imageStreamSummary } from '../../src/diff/image-stream';
import { objectChange } from '../../src/diff';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { aliasTag, dockerTag, imageStream } from '../support/openshift-objects';

const R = 'artifacts.example.com/images';

describe('ImageStream summary', () => {
  test('names the tags added, removed and repointed, and other tag fields that change', () => {
    // GIVEN an ImageStream whose tags change in every way
    const before = imageStream('nginx', [
      dockerTag('1.23', `${R}/nginx:1.23`),
      dockerTag('1.24', `${R}/nginx:1.24`),
      aliasTag('latest', 'nginx:1.24'),
    ]);
    const after = imageStream('nginx', [
      dockerTag('1.24', `${R}/nginx:1.24`, true),
      dockerTag('1.25', `${R}/nginx:1.25`),
      aliasTag('latest', 'nginx:1.25'),
    ]);
    expect(upstreamSchemas().validate(before)).toStrictEqual([]);
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    // WHEN it is summarized
    const details = imageStreamSummary.details(before, after);
    // THEN each tag change is one detail, in the working tree's tag order, removed tags last
    expect(details).toStrictEqual([
      { field: 'tag', key: '1.24', path: 'importPolicy.scheduled', change: 'changed', before: 'false', after: 'true' },
      { field: 'tag', key: '1.25', change: 'added', after: `DockerImage ${R}/nginx:1.25` },
      { field: 'tag', key: 'latest', change: 'repointed', before: 'ImageStreamTag nginx:1.24', after: 'ImageStreamTag nginx:1.25' },
      { field: 'tag', key: '1.23', change: 'removed', before: `DockerImage ${R}/nginx:1.23` },
    ]);
  });

  test("a tag of the same stream is named as a tag; a repointed tag's annotations (which describe its target) are not repeated", () => {
    // GIVEN a tracking tag that moves from 1.24 to 1.25, its annotations following, and a version tag deprecated
    const tracking = (target: string) => ({
      name: 'stable',
      annotations: { version: target, 'openshift.io/display-name': `nginx ${target} (stable)` },
      from: { kind: 'ImageStreamTag' as const, name: target },
    });
    const version = (annotations: Record<string, string>) => ({
      ...dockerTag('1.24', `${R}/nginx:1.24`),
      annotations: { version: '1.24', ...annotations },
    });
    const before = imageStream('nginx', [version({ tags: 'web' }), tracking('1.24')]);
    const after = imageStream('nginx', [version({ tags: 'hidden,web', 'images.example.com/deprecated': 'true' }), tracking('1.25')]);
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    // WHEN it is summarized
    // THEN the repoint is one line; annotation changes of a tag that keeps its image are listed
    expect(imageStreamSummary.details(before, after)).toStrictEqual([
      { field: 'tag', key: '1.24', path: 'annotations["images.example.com/deprecated"]', change: 'added', after: 'true' },
      { field: 'tag', key: '1.24', path: 'annotations.tags', change: 'changed', before: 'web', after: 'hidden,web' },
      { field: 'tag', key: 'stable', change: 'repointed', before: 'tag 1.24', after: 'tag 1.25' },
    ]);
  });

  test('ignores the tag generation the API server sets', () => {
    const before = imageStream('nginx', [dockerTag('1', `${R}/nginx:1`)]);
    const after = { ...before, spec: { ...(before.spec as object), tags: [{ ...dockerTag('1', `${R}/nginx:1`), generation: 3 }] } };
    expect(imageStreamSummary.details(before, after)).toStrictEqual([]);
  });

  test('an added ImageStream lists its tags, and its lookup policy only when it is local', () => {
    const after = imageStream('nginx', [dockerTag('1', `${R}/nginx:1`)]);
    expect(objectChange('bcgov/imagestream.image.openshift.io_nginx.yaml', undefined, after)).toStrictEqual({
      path: 'bcgov/imagestream.image.openshift.io_nginx.yaml',
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      name: 'bcgov/nginx',
      change: 'added',
      details: [{ field: 'tag', key: '1', change: 'added', after: `DockerImage ${R}/nginx:1` }],
    });
    const local = { ...after, spec: { ...(after.spec as object), lookupPolicy: { local: true } } };
    expect(objectChange('p', undefined, local)?.details.slice(1)).toStrictEqual([
      { field: 'spec.lookupPolicy.local', change: 'added', after: 'true' },
    ]);
    expect(objectChange('p', after, local)?.details).toStrictEqual([
      { field: 'spec.lookupPolicy.local', change: 'changed', before: 'false', after: 'true' },
    ]);
  });

  test('a changed annotation outside the tags is reported by its field path', () => {
    const before = imageStream('nginx', [], { annotations: { 'images.example.com/owner': 'web' } });
    const after = imageStream('nginx', [], { annotations: { 'images.example.com/owner': 'platform' } });
    expect(objectChange('p', before, after)?.details).toStrictEqual([
      { field: 'metadata.annotations["images.example.com/owner"]', change: 'changed', before: 'web', after: 'platform' },
    ]);
  });
});
