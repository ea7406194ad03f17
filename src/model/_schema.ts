import { z } from 'zod';
import { describeValue } from './catalog-error';

/**
 * A string that must match `pattern`; the failure names the expectation and a fix instead of a regex.
 * The failure aborts (`continue: false`): the string's later checks and every refinement of the
 * enclosing objects are skipped, so none of them ever sees a value that does not match.
 */
export function matching(pattern: RegExp, expected: string, fix: (value: string) => string) {
  return (
    z
      .string()
      .superRefine((value, ctx) => {
        if (!pattern.test(value)) {
          ctx.addIssue({ code: 'custom', message: expected, input: value, params: { expected, fix: fix(value) }, continue: false });
        }
      })
      // For the JSON Schemas of the catalog files (editors check the pattern and show the expectation).
      .meta({ pattern: pattern.source, description: expected })
  );
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Suggests a valid DNS label for a bad one (`Gold_DR` → `gold-dr`). */
export function toDnsLabel(value: string): string {
  const label = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return label || 'my-name';
}

/**
 * Names a catalog cannot use although Kubernetes would: they become construct ids and map keys, and
 * `constructor` is a member of every JavaScript object (cdk8s refuses a construct of that name).
 */
const RESERVED_NAMES = new Set(['constructor', 'prototype']);

function notReserved(schema: ReturnType<typeof matching>) {
  return schema.superRefine((value, ctx) => {
    if (!RESERVED_NAMES.has(value)) return;
    const expected = `a name other than ${[...RESERVED_NAMES].join(' or ')} (reserved: every JavaScript object has a member of that name)`;
    ctx.addIssue({
      code: 'custom',
      message: expected,
      input: value,
      params: { expected, fix: `rename it, e.g. ${JSON.stringify(`${value}-1`)}` },
      continue: false,
    });
  });
}

export const dnsLabel = notReserved(
  matching(
    DNS_LABEL,
    "a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
    (value) => `rename it, e.g. ${JSON.stringify(toDnsLabel(value))}`,
  ),
);

export const dnsSubdomain = notReserved(
  matching(
    DNS_SUBDOMAIN,
    'a DNS subdomain: lowercase dot-separated DNS labels, at most 253 characters',
    (value) => `rename it, e.g. ${JSON.stringify(toDnsLabel(value))}`,
  ),
);

/** Namespaces OpenShift or Kubernetes own; `openshift` itself is the samples namespace, where the catalog may claim names. */
export const PLATFORM_NAMESPACE = /^(openshift-.*|kube-.*|default)$/;

/** The namespace of a curated image or template: one of the platform team's, as the curated namespace must be. */
export const objectNamespace = dnsLabel.superRefine((name, ctx) => {
  if (!PLATFORM_NAMESPACE.test(name)) return;
  const expected = 'a namespace of your own or openshift, not one OpenShift or Kubernetes owns (openshift-*, kube-*, default)';
  ctx.addIssue({
    code: 'custom',
    message: expected,
    input: name,
    params: { expected, fix: 'remove `namespace` to use the curated namespace, or choose a namespace the platform team owns' },
  });
});

/**
 * Reports every entry of `items` whose `key` repeats an earlier one, at that entry's own path. An entry
 * whose value at `at(index)` failed its own check is left out: its failure is its one message.
 */
export function reportDuplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  ctx: z.RefinementCtx,
  at: (index: number) => PropertyKey[],
  what: string,
): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    if (failed(ctx, at(index))) return;
    const k = key(item);
    const first = firstIndex.get(k);
    if (first === undefined) {
      firstIndex.set(k, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: at(index),
      message: `a unique ${what}`,
      input: k,
      params: {
        expected: `a unique ${what}`,
        received: `${describeValue(k)}, already used at index ${first}`,
        fix: `remove the duplicate or give it another ${what}`,
      },
    });
  });
}

/*
 * One mistake, one message: a field that fails its own check silences every check that reads it.
 *
 * What zod 4 does (node_modules/zod/v4/core/schemas.js `runChecks`, util.js `aborted`): an object's,
 * array's or record's checks run after its entries are parsed, on a payload holding the entries'
 * issues. A check without `when` is skipped once any issue has `continue !== true`: a value of the
 * wrong type (`.int()` included), a missing field, an enum miss, or a check written to abort
 * (`matching`). The failures of `.min()`, `.max()`, `.refine()` and `.superRefine()` have
 * `continue: true` (checks.js, api.js `_superRefine`), so by themselves they let every enclosing
 * refinement run on the value that failed: `retention: 0` also reported too many versions. A check
 * with `when` runs when `when(payload)` is true, unless an issue has `continue === false` (util.js
 * `explicitlyAborted`). An unknown key (`unrecognized_keys`) has `continue: true` and comes before
 * the checks: they still run.
 *
 * So every refinement of an object, array or record is a `crossField` check naming the values it
 * reads: it runs only when nothing has aborted (zod's own rule, kept) and none of those values failed
 * a check of its own. A test walks every schema of src/model and fails on a refinement of an object,
 * array or record that is not one (test/model/cross-field.test.ts).
 */

/**
 * A value a cross-field check reads, as a path inside the refined value (zod's issue path):
 * `['versions']`, `['tracking', 'stable']`; `'*'` stands for any index or key (`['clusters', '*', 'role']`).
 * A value fails when an issue of its own lies at, inside or on a container around it (the list
 * itself too short), short of the refined value.
 */
export type FieldRead = readonly PropertyKey[];

/** Issues raised by cross-field checks: findings about a relation, not a value that failed its own check. */
const crossFieldIssues = new WeakSet<object>();
const crossFieldChecks = new WeakSet<object>();

/**
 * A refinement of an object, array or record that reads the values `reads` names: it runs only when
 * none of them failed its own check, so its findings are never knock-on errors of that failure.
 * Name only what decides whether the check reports, so an independent mistake is still reported.
 */
export function crossField<T>(reads: readonly FieldRead[], check: (value: T, ctx: z.RefinementCtx<T>) => void): z.core.$ZodCheck<T> {
  const refinement = z.superRefine<T>(
    (value, ctx) => {
      const start = ctx.issues.length;
      check(value, ctx);
      // Issue objects keep their identity as they move up (zod prefixes their path in place).
      for (const issue of ctx.issues.slice(start)) crossFieldIssues.add(issue);
    },
    {
      when: (payload) =>
        payload.aborted !== true && payload.issues.every((issue) => issue.continue === true) && !reads.some((read) => failed(payload, read)),
    },
  );
  crossFieldChecks.add(refinement);
  return refinement;
}

/** Whether `check` was made by `crossField` (for the test that every refinement of a container is one). */
export function isCrossFieldCheck(check: object): boolean {
  return crossFieldChecks.has(check);
}

/**
 * Whether the value at `read` (inside the payload's value) failed a check of its own. Unknown keys do
 * not count (they are not a value the schema reads) and neither do findings of other cross-field checks.
 */
function failed(payload: { readonly issues: readonly z.core.$ZodRawIssue[] }, read: FieldRead): boolean {
  return payload.issues.some((issue) => issue.code !== 'unrecognized_keys' && !crossFieldIssues.has(issue) && overlaps(issue.path ?? [], read));
}

/** One path lies inside the other; an issue of the refined value itself (path []) is no field's. */
function overlaps(path: readonly PropertyKey[], read: FieldRead): boolean {
  if (path.length === 0) return false;
  for (let i = 0; i < Math.min(path.length, read.length); i++) if (read[i] !== '*' && read[i] !== path[i]) return false;
  return true;
}
