import type { KindSummary } from './_kind';
import { compareStrings, valueAt } from '../shared';
import { isPlainObject, keyedChanges, show } from './_values';

interface Entry {
  readonly key: string;
  readonly value: unknown;
}

const PEM = /^-----BEGIN CERTIFICATE-----/;

function entries(object: unknown, field: string): Entry[] {
  const data = valueAt(object, field);
  return isPlainObject(data)
    ? Object.keys(data)
        .sort(compareStrings)
        .map((key) => ({ key, value: data[key] }))
    : [];
}

function changes(field: string, before: readonly Entry[], after: readonly Entry[]) {
  return keyedChanges(before, after, {
    field,
    key: (e) => e.key,
    describe: (e) => show(e.value),
    compare: (b, a) => (b.value === a.value ? [] : [{ change: 'changed', before: show(b.value), after: show(a.value) }]),
    ignore: ['key', 'value'],
  });
}

/**
 * A trusted-CA bundle entry (a `data` key holding PEM certificates) as its registry: the `Image`
 * config's `additionalTrustedCA` ConfigMap writes `host:port` as `host..port`.
 */
function registryCAs(object: unknown): Entry[] {
  return entries(object, 'data')
    .filter((e) => typeof e.value === 'string' && PEM.test(e.value))
    .map((e) => ({ key: e.key.replace('..', ':'), value: e.value }));
}

function otherData(object: unknown): Entry[] {
  return entries(object, 'data').filter((e) => !(typeof e.value === 'string' && PEM.test(e.value)));
}

/** ConfigMap (e.g. the registry CA bundle): keys added, removed, changed; certificates counted, not printed, under their registry. */
export const configMapSummary: KindSummary = {
  label: 'ConfigMap',
  fields: ['data', 'binaryData'],
  details: (before, after) => [
    ...changes('registry CA', registryCAs(before), registryCAs(after)),
    ...changes('data', otherData(before), otherData(after)),
    ...changes('binaryData', entries(before, 'binaryData'), entries(after, 'binaryData')),
  ],
};
