import type { KindSummary } from './_kind';
import { keyedChanges, listAt, listChanges } from './_values';

interface Mirror {
  readonly source: string;
  readonly mirrors?: readonly string[];
  readonly mirrorSourcePolicy?: string;
}

function describeMirror(m: Mirror): string {
  const mirrors = (m.mirrors ?? []).join(', ') || 'no mirrors';
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
        // Mirrors are tried in order: a reordering matters.
        compare: (b, a) => listChanges(b.mirrors ?? [], a.mirrors ?? []).map(({ change, before: was, after: now }) => ({ path: 'mirrors', change, ...(was !== undefined ? { before: was } : {}), ...(now !== undefined ? { after: now } : {}) })),
        ignore: ['source', 'mirrors'],
      }),
  };
}

export const imageDigestMirrorSetSummary = mirrorSetSummary('ImageDigestMirrorSet', 'imageDigestMirrors');
export const imageTagMirrorSetSummary = mirrorSetSummary('ImageTagMirrorSet', 'imageTagMirrors');
