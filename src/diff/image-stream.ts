import { isDeepStrictEqual } from 'node:util';
import type { KindSummary } from './_kind';
import { keyedChanges, listAt } from './_values';

interface TagReference {
  readonly name: string;
  readonly from?: { readonly kind: string; readonly name: string; readonly namespace?: string };
}

/** `DockerImage quay.io/x:1`, `ImageStreamTag nginx:1.25`, `ImageStreamTag other/nginx:1.25`. */
export function describeFrom(from: TagReference['from']): string | undefined {
  if (!from) return undefined;
  return `${from.kind} ${from.namespace ? `${from.namespace}/` : ''}${from.name}`;
}

/** ImageStream: tags added, removed, repointed (their `from` changes), and what else changes in a tag. */
export const imageStreamSummary: KindSummary = {
  label: 'ImageStream',
  fields: ['spec.tags'],
  details: (before, after) =>
    keyedChanges(listAt<TagReference>(before, 'spec.tags'), listAt<TagReference>(after, 'spec.tags'), {
      field: 'tag',
      key: (tag) => tag.name,
      describe: (tag) => describeFrom(tag.from),
      compare: (b, a) => (isDeepStrictEqual(b.from, a.from) ? [] : [{ change: 'repointed', before: describeFrom(b.from) ?? 'nothing', after: describeFrom(a.from) ?? 'nothing' }]),
      // The API server sets `generation`; the catalog never does.
      ignore: ['name', 'from', 'generation'],
    }),
};
