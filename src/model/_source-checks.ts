import { credentialIn } from './_credentials';
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
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (typeof node === 'string') {
      const key = path.length > 0 ? String([...path].reverse().find((k) => typeof k === 'string') ?? '') : '';
      const kind = credentialIn(node) ?? (key ? credentialIn(`${key}: ${node}`) : undefined);
      if (kind) {
        problems.push({
          file,
          field: fieldPath(path),
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
    for (const key of Object.keys(node)) {
      if (RESERVED_KEYS.has(key)) {
        problems.push(reservedKey(file, [...path, key], key));
        continue;
      }
      walk((node as Record<string, unknown>)[key], [...path, Array.isArray(node) ? Number(key) : key]);
    }
  };
  walk(value, []);
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
