import { z } from 'zod';
import { describeValue } from './catalog-error';

/**
 * A string that must match `pattern`; the failure names the expectation and a fix instead of a regex.
 * The failure aborts: refinements of the enclosing object never see a value that does not match.
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

/** Reports every entry of `items` whose `key` repeats an earlier one, at that entry's own path. */
export function reportDuplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  ctx: z.RefinementCtx,
  at: (index: number) => PropertyKey[],
  what: string,
): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
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
