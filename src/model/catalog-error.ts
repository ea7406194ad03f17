import type { z } from 'zod';
import { editDistance } from './_closest';

/** One thing wrong with the catalog, located precisely enough for a person to fix it. */
export interface CatalogProblem {
  /** Catalog file, relative to the repository root (e.g. `catalogs/fleet.ts`). */
  readonly file: string;
  /** Field path inside the file's default export (e.g. `clusters[2].name`); empty for the whole file. */
  readonly field: string;
  readonly expected: string;
  readonly received: string;
  readonly fix: string;
}

/** The single error a bad catalog turns into. Its message lists every problem found. */
export class CatalogError extends Error {
  public readonly problems: readonly CatalogProblem[];

  constructor(problems: readonly CatalogProblem[]) {
    super(formatProblems(problems));
    this.name = 'CatalogError';
    this.problems = problems;
  }

  static of(problem: CatalogProblem): CatalogError {
    return new CatalogError([problem]);
  }
}

function formatProblems(problems: readonly CatalogProblem[]): string {
  const head = problems.length === 1 ? 'invalid catalog' : `invalid catalog (${problems.length} problems)`;
  return [head, ...problems.map(formatProblem)].join('\n');
}

export function formatProblem(p: CatalogProblem): string {
  const where = p.field ? `${p.file}: ${p.field}` : p.file;
  return [`${where}`, `  expected: ${p.expected}`, `  received: ${p.received}`, `  fix:      ${p.fix}`].join('\n');
}

/** `clusters[2].name` from zod's `['clusters', 2, 'name']`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A short, exact rendering of a received value: strings quoted, objects summarised. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
  }
  return String(value);
}

/**
 * Extra wording a schema attaches to a custom issue (`params`), read back by the formatter.
 * `expected` replaces the issue message as the expectation; `fix` is the hint.
 */
export interface IssueHint {
  readonly expected?: string;
  readonly fix?: string;
  readonly received?: string;
}

/** Turns zod issues for one catalog file into problems with plain-language wording. */
export function problemsFromZod(file: string, error: z.ZodError, root?: readonly PropertyKey[]): CatalogProblem[] {
  const issues = mergeMisspelt(error.issues as readonly ZodIssueLike[]);
  return issues.map((issue) => problemFromIssue(file, issue, root ?? []));
}

/**
 * A misspelt field is one mistake, not two: its unknown key and the missing field it was meant to
 * be become one "did you mean" issue, at the misspelt key.
 */
function mergeMisspelt(issues: readonly ZodIssueLike[]): ZodIssueLike[] {
  const missing = issues.filter((i) => i.code === 'invalid_type' && i.input === undefined && i.path.length > 0);
  const used = new Set<ZodIssueLike>();
  const replaced = new Map<ZodIssueLike, ZodIssueLike[]>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const out: ZodIssueLike[] = [];
    replaced.set(issue, out);
    const parent = fieldPath(issue.path);
    const remaining: string[] = [];
    for (const key of issue.keys ?? []) {
      const candidates = missing
        .filter((m) => !used.has(m) && fieldPath(m.path.slice(0, -1)) === parent)
        .map((m) => ({ m, name: String(m.path[m.path.length - 1]) }));
      const near = candidates.find((c) => closeEnough(key, c.name));
      if (!near) {
        remaining.push(key);
        continue;
      }
      used.add(near.m);
      out.push({
        code: 'custom',
        path: [...issue.path, key],
        message: `the field \`${near.name}\``,
        params: {
          expected: `the field \`${near.name}\``,
          received: `\`${key}\`, which this section does not define`,
          fix: `did you mean \`${near.name}\`? rename \`${key}\` to \`${near.name}\``,
        },
      });
    }
    if (remaining.length > 0) out.push({ ...issue, keys: remaining });
  }
  return issues.filter((i) => !used.has(i)).flatMap((i) => replaced.get(i) ?? [i]);
}

function closeEnough(typed: string, meant: string): boolean {
  const a = typed.toLowerCase();
  const b = meant.toLowerCase();
  return a === b || editDistance(a, b) <= Math.max(1, Math.min(3, Math.floor(b.length / 3)));
}

interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly origin?: string;
  readonly inclusive?: boolean;
  readonly params?: IssueHint;
  readonly errors?: readonly (readonly ZodIssueLike[])[];
}

function problemFromIssue(file: string, issue: ZodIssueLike, root: readonly PropertyKey[]): CatalogProblem {
  const path = [...root, ...issue.path];
  const field = fieldPath(path);
  const received = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = withArticle(issue.expected ?? 'value');
      if (issue.input === undefined) {
        return { file, field, expected, received, fix: `add \`${lastKey(path)}\` (${expected})` };
      }
      return { file, field, expected, received, fix: `write ${expected} here` };
    }
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      const named = keys.map((k) => `\`${k}\``).join(', ');
      const at = field ? `${field}.` : '';
      return {
        file,
        field: keys.length === 1 ? `${at}${keys[0]}` : field,
        expected: 'only the fields this catalog section defines',
        received: `unknown field${keys.length === 1 ? '' : 's'} ${named}`,
        fix: `remove ${named} or correct its spelling (your editor completes the valid names)`,
      };
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map((v) => JSON.stringify(v)).join(', ');
      return { file, field, expected: `one of ${values}`, received, fix: `use one of ${values}` };
    }
    case 'invalid_union':
      return {
        file,
        field,
        expected: issue.message === 'Invalid input' ? 'one of the documented shapes' : issue.message,
        received,
        fix: 'write exactly one of the shapes above (your editor shows the type of this field)',
      };
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      const unit = issue.origin === 'array' ? ' entries' : issue.origin === 'string' ? ' characters' : '';
      return {
        file,
        field,
        expected: `${word} ${String(bound)}${unit}`,
        received,
        fix: issue.params?.fix ?? `make it ${word} ${String(bound)}${unit}`,
      };
    }
    default: {
      const hint = issue.params ?? {};
      return {
        file,
        field,
        expected: hint.expected ?? issue.message,
        received: hint.received ?? received,
        fix: hint.fix ?? 'correct the value as described',
      };
    }
  }
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function lastKey(path: readonly PropertyKey[]): string {
  const key = path[path.length - 1];
  return key === undefined ? 'the value' : String(key);
}
