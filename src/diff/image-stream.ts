import { isDeepStrictEqual } from 'node:util';
import type { ManifestObject } from '../output';
import { valueAt } from '../shared';
import type { KindSummary } from './_kind';
import { diffValues, fieldDetails, keyedChanges, listAt } from './_values';
import type { Detail } from './summary';

interface TagReference {
  readonly name: string;
  readonly from?: { readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly annotations?: unknown;
}

/**
 * `DockerImage quay.io/x:1`, `ImageStreamTag other/nginx:1.25`, and `tag 1.25` for a tag of the same
 * stream (an ImageStreamTag named without a stream).
 */
export function describeFrom(from: TagReference['from']): string | undefined {
  if (!from) return undefined;
  if (from.kind === 'ImageStreamTag' && from.namespace === undefined && !from.name.includes(':')) return `tag ${from.name}`;
  return `${from.kind} ${from.namespace ? `${from.namespace}/` : ''}${from.name}`;
}

/**
 * The base's tags with the annotations of repointed tags taken from the working tree: a tag's
 * annotations describe the image it points at (display name, version), so the repoint says it all.
 */
function withoutRepointedAnnotations(before: readonly TagReference[], after: readonly TagReference[]): TagReference[] {
  return before.map((b) => {
    const a = after.find((t) => t.name === b.name);
    return a && !isDeepStrictEqual(a.from, b.from) ? { ...b, annotations: a.annotations } : b;
  });
}

/**
 * `spec.lookupPolicy` of a stream: compared field by field on an existing stream; on a new one only
 * `local: true` is worth a line (`false` is what the server assumes anyway).
 */
function lookupPolicy(before: ManifestObject | undefined, after: ManifestObject): Detail[] {
  if (before) return fieldDetails(diffValues(valueAt(before, 'spec.lookupPolicy'), valueAt(after, 'spec.lookupPolicy'), ['spec', 'lookupPolicy']));
  return valueAt(after, 'spec.lookupPolicy.local') === true ? [{ field: 'spec.lookupPolicy.local', change: 'added', after: 'true' }] : [];
}

/** ImageStream: tags added, removed, repointed (their `from` changes), and what else changes in a tag. */
export const imageStreamSummary: KindSummary = {
  label: 'ImageStream',
  fields: ['spec.tags', 'spec.lookupPolicy'],
  details: (before, after) => {
    const now = listAt<TagReference>(after, 'spec.tags');
    const tags = keyedChanges(withoutRepointedAnnotations(listAt<TagReference>(before, 'spec.tags'), now), now, {
      field: 'tag',
      key: (tag) => tag.name,
      describe: (tag) => describeFrom(tag.from),
      compare: (b, a) =>
        isDeepStrictEqual(b.from, a.from)
          ? []
          : [{ change: 'repointed', before: describeFrom(b.from) ?? 'nothing', after: describeFrom(a.from) ?? 'nothing' }],
      // The API server sets `generation`; the catalog never does.
      ignore: ['name', 'from', 'generation'],
    });
    return [...tags, ...lookupPolicy(before, after)];
  },
};
