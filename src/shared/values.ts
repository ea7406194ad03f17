/** Locale-independent string order, so output never depends on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The index of a key in `keys`, or -1. When the keys are in `compareStrings` order, each once (as the
 * run's lists are), keys asked in increasing order are found in one pass side by side, and a key
 * smaller than the one before by a binary search, from which the pass goes on; other keys are
 * looked up in a map.
 */
export function sortedIndex(keys: readonly string[]): (key: string) => number {
  if (!keys.every((key, i) => i === 0 || keys[i - 1] < key)) {
    const byKey = new Map<string, number>();
    keys.forEach((key, i) => {
      if (!byKey.has(key)) byKey.set(key, i);
    });
    return (key) => byKey.get(key) ?? -1;
  }
  let at = 0;
  let last: string | undefined;
  return (key) => {
    if (last !== undefined && key < last) {
      let high = at;
      at = 0;
      while (at < high) {
        const middle = (at + high) >>> 1;
        if (keys[middle] < key) at = middle + 1;
        else high = middle;
      }
    }
    last = key;
    while (at < keys.length && keys[at] < key) at++;
    return at < keys.length && keys[at] === key ? at : -1;
  };
}

/** `list` in `compareStrings` order: itself when it already is (one pass), else a sorted copy. */
export function inStringOrder(list: readonly string[]): readonly string[] {
  for (let i = 1; i < list.length; i++) if (list[i - 1] > list[i]) return [...list].sort(compareStrings);
  return list;
}

/** The value at a dotted path (`spec.registrySources.allowedRegistries`); undefined when any step is missing. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Whether `value` makes a good Map key or Set member: V8 hashes a string longer than 16,383 characters
 * by its length alone, so such keys (whole cluster reports) collide and every lookup compares them.
 */
export function isCheapKey(value: string | Buffer): value is string {
  return typeof value === 'string' && value.length <= 16_383;
}

/** The value `cache` holds for `key`, made by `make` and kept there the first time (values are never undefined). */
export function getOrSet<K, V>(cache: Map<K, V>, key: K, make: () => V): V;
export function getOrSet<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V;
export function getOrSet<K extends object, V>(cache: Map<K, V> | WeakMap<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/**
 * `compute`, once per key object (a WeakMap): for inputs never changed after they are made, such as
 * the plan arrays clusters share. Whatever else `compute` reads must not vary between calls.
 */
export function memoByIdentity<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => getOrSet(memo, key, () => compute(key));
}

/**
 * `value` as JSON, or undefined when JSON would not tell it apart from other data: an undefined value
 * (JSON drops the key, which `in` still sees), a number JSON rounds or drops (NaN, ±Infinity, -0), a
 * function, a class instance, an object with `toJSON`, a cycle.
 */
export function contentKey(value: object): string | undefined {
  try {
    return JSON.stringify(value, plainOnly);
  } catch {
    return undefined;
  }
}

function plainOnly(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // `this[key]`: the value before any `toJSON`.
  const original = this[key];
  switch (typeof original) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(original) && !Object.is(original, -0)) return value;
      break;
    case 'object': {
      if (original === null) return value;
      const prototype = Object.getPrototypeOf(original) as unknown;
      if ((prototype === Object.prototype || prototype === Array.prototype) && !('toJSON' in original)) return value;
      break;
    }
  }
  throw new NotPlainData();
}

class NotPlainData extends Error {}

/**
 * Texts kept across runs by the text they were computed from, by a pure function the key names: a
 * value may be missing, never wrong for its key. A run keeps what it reads or sets; the rest goes.
 */
export interface TextMemo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** What `memo` kept for `key` (as JSON), else `make()`'s value, then kept; `make` gives JSON data (no `undefined`). */
export function keptJson<T>(memo: TextMemo | undefined, key: string, make: () => T): T {
  const kept = memo?.get(key);
  if (kept !== undefined) return JSON.parse(kept) as T;
  const value = make();
  memo?.set(key, JSON.stringify(value));
  return value;
}
