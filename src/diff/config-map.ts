import { compareStrings } from '../plan';
import type { KindSummary } from './_kind';
import { valueAt } from '../output';
import { isPlainObject, keyedChanges, show } from './_values';

interface Entry {
  readonly key: string;
  readonly value: unknown;
}

function entries(object: unknown, field: string): Entry[] {
  const data = valueAt(object, field);
  return isPlainObject(data) ? Object.keys(data).sort(compareStrings).map((key) => ({ key, value: data[key] })) : [];
}

/** ConfigMap (e.g. the registry CA bundle): keys added, removed, changed; certificates counted, not printed. */
export const configMapSummary: KindSummary = {
  label: 'ConfigMap',
  fields: ['data', 'binaryData'],
  details: (before, after) =>
    (['data', 'binaryData'] as const).flatMap((field) =>
      keyedChanges(entries(before, field), entries(after, field), {
        field,
        key: (e) => e.key,
        describe: (e) => show(e.value),
        compare: (b, a) => (b.value === a.value ? [] : [{ change: 'changed', before: show(b.value), after: show(a.value) }]),
        ignore: ['key', 'value'],
      }),
    ),
};
