import type { KindSummary } from './_kind';
import { valueAt } from '../shared';
import { diffValues, fieldDetails, isPlainObject, keyedChanges, listAt, omit } from './_values';

type Element = Readonly<Record<string, unknown>> & { readonly cluster?: unknown };

/** The list-generator elements of an ApplicationSet: one per cluster in this project. */
export function listElements(object: unknown): Element[] {
  return listAt(object, 'spec.generators').flatMap((g) => listAt<Element>(g, 'list.elements'));
}

function generatorsWithoutElements(object: unknown): unknown {
  return listAt(object, 'spec.generators').map((g) => {
    const list = valueAt(g, 'list');
    if (!isPlainObject(g) || !isPlainObject(list)) return g;
    return { ...g, list: omit(list, ['elements']) };
  });
}

/** Argo CD ApplicationSet: clusters (list elements) added, removed and changed. */
export const applicationSetSummary: KindSummary = {
  label: 'ApplicationSet',
  fields: ['spec.generators'],
  details: (before, after) => [
    ...keyedChanges(listElements(before), listElements(after), {
      field: 'cluster',
      key: (e) => String(e.cluster),
      describe: (e) =>
        Object.entries(e)
          .filter(([k, v]) => k !== 'cluster' && v !== '')
          .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(', '),
      ignore: ['cluster'],
    }),
    ...(before ? fieldDetails(diffValues(generatorsWithoutElements(before), generatorsWithoutElements(after), ['spec', 'generators'])) : []),
  ],
};
