import { credentialIn, mayHoldCredential } from './_credentials';
import { type CatalogProblem, describeValue, fieldPath } from './catalog-error';

/**
 * Keys a catalog cannot mean: in JavaScript they name an object's prototype machinery, and zod's
 * records and YAML readers treat them differently (`__proto__` vanishes, `constructor` is refused).
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks one catalog file's value as a whole, before its schema does, so every key and every string
 * is treated the same wherever it sits: reserved keys, objects whose prototype a `__proto__` key
 * set, and credentials (tokens, keys, URLs with user information), which would reach the committed
 * output.
 */
export function sourceProblems(file: string, value: unknown): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const seen = new Set<object>();
  const clear = new Set<string>();
  const isClear = (text: string) => {
    if (clear.has(text)) return true;
    if (mayHoldCredential(text)) return false;
    clear.add(text);
    return true;
  };
  // The path to the node walked, grown and shrunk in place: copied only into a problem.
  const path: PropertyKey[] = [];
  /** `key`: the nearest object key on the path (array indices skipped), which a credential's value may need (`password: …`). */
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string') {
      // Most strings hold nothing, and recur (a fleet's clusters): each text is tested whole first, once.
      const keyed = key ? `${key}: ${node}` : undefined;
      if (isClear(node) && (keyed === undefined || isClear(keyed))) return;
      const kind = credentialIn(node) ?? (keyed === undefined ? undefined : credentialIn(keyed));
      if (kind) {
        problems.push({
          file,
          field: fieldPath([...path]),
          expected: 'no credential: the output is committed to git and readable by everyone with access to it',
          received: `a ${kind}`,
          fix:
            'remove the credential from the catalog (and revoke it: it may be in git history); pull and push ' +
            'credentials belong in a Secret on the cluster',
        });
      }
      return;
    }
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const prototype = Object.getPrototypeOf(node) as object | null;
    if (
      prototype !== null &&
      prototype !== Object.prototype &&
      prototype !== Array.prototype &&
      Object.getPrototypeOf(prototype) === Object.prototype
    ) {
      problems.push(reservedKey(file, [...path, '__proto__'], '__proto__'));
    }
    const isArray = Array.isArray(node);
    for (const child of Object.keys(node)) {
      if (RESERVED_KEYS.has(child)) {
        problems.push(reservedKey(file, [...path, child], child));
        continue;
      }
      path.push(isArray ? Number(child) : child);
      walk((node as Record<string, unknown>)[child], isArray ? key : child);
      path.pop();
    }
  };
  walk(value, '');
  return problems;
}

function reservedKey(file: string, path: PropertyKey[], key: string): CatalogProblem {
  return {
    file,
    field: fieldPath(path),
    expected: `no key named ${[...RESERVED_KEYS].join(', ')}: no catalog field or name is called that`,
    received: `the key ${describeValue(key)}`,
    fix: `remove the key ${JSON.stringify(key)} or rename it`,
  };
}
