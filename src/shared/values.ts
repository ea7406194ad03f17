/** Locale-independent string order, so output never depends on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
