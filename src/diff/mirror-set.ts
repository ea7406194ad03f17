import { isDeepStrictEqual } from 'node:util';
import type { KindSummary } from './_kind';
import { keyedChanges, listAt } from './_values';

interface Mirror {
  readonly source: string;
  readonly mirrors?: readonly string[];
  readonly mirrorSourcePolicy?: string;
}

function mirrorList(m: Mirror): string {
  return (m.mirrors ?? []).join(', ') || 'no mirrors';
}

function describeMirror(m: Mirror): string {
  const mirrors = mirrorList(m);
  return m.mirrorSourcePolicy ? `${mirrors} (${m.mirrorSourcePolicy})` : mirrors;
}

/** ImageDigestMirrorSet / ImageTagMirrorSet: sources added and removed, and each source's mirrors. */
function mirrorSetSummary(label: string, list: 'imageDigestMirrors' | 'imageTagMirrors'): KindSummary {
  return {
    label,
    fields: [`spec.${list}`],
    details: (before, after) =>
      keyedChanges(listAt<Mirror>(before, `spec.${list}`), listAt<Mirror>(after, `spec.${list}`), {
        field: 'source',
        key: (m) => m.source,
        describe: describeMirror,
        // Mirrors are tried in order: the whole list before and after says what changes, order included.
        compare: (b, a) =>
          isDeepStrictEqual(b.mirrors ?? [], a.mirrors ?? [])
            ? []
            : [{ path: 'mirrors', change: 'changed', before: mirrorList(b), after: mirrorList(a) }],
        ignore: ['source', 'mirrors'],
      }),
  };
}

export const imageDigestMirrorSetSummary = mirrorSetSummary('ImageDigestMirrorSet', 'imageDigestMirrors');
export const imageTagMirrorSetSummary = mirrorSetSummary('ImageTagMirrorSet', 'imageTagMirrors');
