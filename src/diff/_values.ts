import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { fieldPath } from '../model';
import { compareStrings, valueAt } from '../shared';
import type { Detail, DetailChange } from './summary';

/** A change to one field, found by comparing two values structurally. */
export interface FieldChange {
  readonly path: string;
  readonly change: DetailChange;
  readonly before?: string;
  readonly after?: string;
}

type Plain = Record<string, unknown>;

const MAX_SHOWN = 120;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A short, exact rendering of a value for one line of a summary: a multi-line string becomes
 * its size and a fingerprint (a certificate bundle is unreadable in one line), a long value is cut.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    if (value.includes('\n')) {
      const certificates = value.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
      const lines = value.trimEnd().split('\n').length;
      const size = certificates > 0 ? `${certificates} certificate${certificates === 1 ? '' : 's'}` : `${lines} line${lines === 1 ? '' : 's'}`;
      return `${size}, sha256 ${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
    }
    return cut(value);
  }
  if (value === undefined) return 'nothing';
  return cut(JSON.stringify(value));
}

function cut(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Items added to and removed from a list, and whether the items both sides keep changed order. */
export function listChanges(before: readonly unknown[], after: readonly unknown[]): FieldChange[] {
  const id = (item: unknown) => JSON.stringify(item);
  const b = before.map(id);
  const a = after.map(id);
  const changes: FieldChange[] = [];
  after.forEach((item, i) => {
    if (!b.includes(a[i])) changes.push({ path: '', change: 'added', after: show(item) });
  });
  before.forEach((item, i) => {
    if (!a.includes(b[i])) changes.push({ path: '', change: 'removed', before: show(item) });
  });
  const keptBefore = b.filter((item) => a.includes(item));
  const keptAfter = a.filter((item) => b.includes(item));
  if (!isDeepStrictEqual(keptBefore, keptAfter))
    changes.push({ path: '', change: 'reordered', before: before.map(show).join(', '), after: after.map(show).join(', ') });
  return changes;
}

/**
 * Every field that differs between two values: objects key by key, lists of plain values as
 * lists of items (added, removed, reordered), other lists index by index.
 */
export function diffValues(before: unknown, after: unknown, at: readonly PropertyKey[] = []): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  const path = fieldPath(at);
  // A whole object added or removed: one change per field, so each line stays short.
  if (before === undefined && isPlainObject(after) && Object.keys(after).length > 0) return diffValues({}, after, at);
  if (after === undefined && isPlainObject(before) && Object.keys(before).length > 0) return diffValues(before, {}, at);
  if (before === undefined) return [{ path, change: 'added', after: show(after) }];
  if (after === undefined) return [{ path, change: 'removed', before: show(before) }];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareStrings);
    return keys.flatMap((key) => diffValues(before[key], after[key], [...at, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if ([...before, ...after].every(isScalar)) return listChanges(before, after).map((c) => ({ ...c, path }));
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffValues(before[i], after[i], [...at, i])).flat();
  }
  return [{ path, change: 'changed', before: show(before), after: show(after) }];
}

/** `value` without the fields at the given dotted paths (which a kind summarizes itself). */
export function omit(value: unknown, paths: readonly string[]): unknown {
  if (!isPlainObject(value)) return value;
  const copy: Plain = { ...value };
  const nested = new Map<string, string[]>();
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    if (rest.length === 0) delete copy[head];
    else nested.set(head, [...(nested.get(head) ?? []), rest.join('.')]);
  }
  for (const [head, rest] of nested) if (head in copy) copy[head] = omit(copy[head], rest);
  return copy;
}

/** A list field, or an empty list when it is absent. */
export function listAt<T = unknown>(value: unknown, path: string): T[] {
  const list = valueAt(value, path);
  return Array.isArray(list) ? (list as T[]) : [];
}

/** A list of strings at `path` as a set of entries: each added or removed item is one detail. */
export function itemChanges(
  before: unknown,
  after: unknown,
  path: string,
  field: string,
  words: { added: DetailChange; removed: DetailChange } = { added: 'added', removed: 'removed' },
): Detail[] {
  return listChanges(listAt(before, path), listAt(after, path)).map((c): Detail => {
    if (c.change === 'added') return { field, key: c.after, change: words.added };
    if (c.change === 'removed') return { field, key: c.before, change: words.removed };
    return { field, change: c.change, before: c.before, after: c.after };
  });
}

export interface KeyedListOptions<T> {
  /** What an entry is called in the summary, e.g. `tag`. */
  readonly field: string;
  readonly key: (entry: T) => string;
  /** One line about an added or removed entry. @default - nothing */
  readonly describe?: (entry: T) => string | undefined;
  /** Changes of an entry both sides have that the entry's kind names itself (e.g. `repointed`). @default - none */
  readonly compare?: (before: T, after: T) => Omit<Detail, 'field' | 'key'>[];
  /** Fields of an entry that `compare` covers or that mean nothing to a reviewer. @default - only the key field is implied by `key` */
  readonly ignore?: readonly string[];
}

/**
 * Entries of a list identified by a key (tags by name, mirrors by source): added, removed, and
 * for entries on both sides what `compare` reports plus every other field that differs.
 * Entries come in the working tree's order, then the removed ones in the base's order.
 */
export function keyedChanges<T>(before: readonly T[], after: readonly T[], options: KeyedListOptions<T>): Detail[] {
  const { field, key, describe = () => undefined, compare = () => [], ignore = [] } = options;
  const old = keyed(before, key);
  const now = keyed(after, key);
  const details: Detail[] = [];
  for (const [k, entry] of now) {
    const previous = old.get(k);
    if (previous === undefined) {
      details.push(withValue({ field, key: k, change: 'added' }, 'after', describe(entry)));
      continue;
    }
    details.push(...compare(previous, entry).map((d) => ({ field, key: k, ...d })));
    for (const c of diffValues(omit(previous, ignore), omit(entry, ignore))) details.push({ field, key: k, ...fieldDetail(c) });
  }
  for (const [k, entry] of old) {
    if (!now.has(k)) details.push(withValue({ field, key: k, change: 'removed' }, 'before', describe(entry)));
  }
  return details;
}

/** A field change as the tail of a detail: its path, if any, and its values. */
function fieldDetail(c: FieldChange): Omit<Detail, 'field' | 'key'> {
  return {
    ...(c.path ? { path: c.path } : {}),
    change: c.change,
    ...(c.before !== undefined ? { before: c.before } : {}),
    ...(c.after !== undefined ? { after: c.after } : {}),
  };
}

/** Field changes of a whole object as details named by their path. */
export function fieldDetails(changes: readonly FieldChange[]): Detail[] {
  return changes.map((c) => ({
    field: c.path,
    change: c.change,
    ...(c.before !== undefined ? { before: c.before } : {}),
    ...(c.after !== undefined ? { after: c.after } : {}),
  }));
}

function withValue(detail: Detail, side: 'before' | 'after', value: string | undefined): Detail {
  return value === undefined || value === '' ? detail : { ...detail, [side]: value };
}

/** Entries by key; a repeated key gets ` #2`, ` #3`… so no entry is lost. */
function keyed<T>(entries: readonly T[], key: (entry: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const entry of entries) {
    const base = key(entry);
    let k = base;
    for (let n = 2; out.has(k); n++) k = `${base} #${n}`;
    out.set(k, entry);
  }
  return out;
}
