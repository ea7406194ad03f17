import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ALLOWED_SOURCES_VARIABLE, parseCelStringList } from '../constructs/_admission-cel';
import { valueAt } from '../shared';
import type { KindSummary } from './_kind';
import type { Detail } from './summary';
import { itemChanges, listAt, listChanges, show } from './_values';

interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

function allowedSources(object: unknown): string[] {
  const variable = listAt<NamedExpression>(object, 'spec.variables').find((v) => v.name === ALLOWED_SOURCES_VARIABLE);
  return variable ? (parseCelStringList(variable.expression) ?? [variable.expression]) : [];
}

/**
 * The production admission policy: allowed sources added and removed (read from the CEL list the
 * compiler writes), and any other CEL variable that changes.
 */
export const validatingAdmissionPolicySummary: KindSummary = {
  label: 'ValidatingAdmissionPolicy',
  fields: ['spec.variables'],
  details: (before, after) => {
    const sources = listChanges(allowedSources(before), allowedSources(after))
      .filter((c) => c.change !== 'reordered')
      .map((c): Detail => ({ field: 'allowed source', key: c.change === 'added' ? c.after : c.before, change: c.change }));
    const old = new Map(listAt<NamedExpression>(before, 'spec.variables').map((v) => [v.name, v.expression]));
    const others = listAt<NamedExpression>(after, 'spec.variables')
      .filter((v) => v.name !== ALLOWED_SOURCES_VARIABLE && old.has(v.name) && old.get(v.name) !== v.expression)
      .map((v): Detail => ({ field: 'variable', key: v.name, change: 'changed', before: show(old.get(v.name)), after: show(v.expression) }));
    return [...sources, ...others];
  },
};

/** The binding: its policy mode (`validationActions`) before → after. */
export const validatingAdmissionPolicyBindingSummary: KindSummary = {
  label: 'ValidatingAdmissionPolicyBinding',
  fields: ['spec.validationActions'],
  details: (before, after) => {
    const was = listAt<string>(before, 'spec.validationActions');
    const now = listAt<string>(after, 'spec.validationActions');
    if (before === undefined) return [{ field: 'policy mode (validationActions)', change: 'added', after: now.join(', ') }];
    if (isDeepStrictEqual(was, now)) return [];
    return [{ field: 'policy mode (validationActions)', change: 'changed', before: was.join(', ') || 'nothing', after: now.join(', ') || 'nothing' }];
  },
};

function rootOfTrust(object: unknown): string | undefined {
  const trust = valueAt(object, 'spec.policy.rootOfTrust');
  if (trust === undefined) return undefined;
  const type = valueAt(object, 'spec.policy.rootOfTrust.policyType');
  return `${String(type)}, sha256 ${createHash('sha256').update(JSON.stringify(trust)).digest('hex').slice(0, 12)}`;
}

/** The curated images' signature policy: scopes added and removed, and the root of trust by fingerprint. */
export const clusterImagePolicySummary: KindSummary = {
  label: 'ClusterImagePolicy',
  fields: ['spec.scopes', 'spec.policy.rootOfTrust'],
  details: (before, after) => {
    const [was, now] = [rootOfTrust(before), rootOfTrust(after)];
    const trust: Detail[] =
      was === now
        ? []
        : before === undefined
          ? [{ field: 'root of trust', change: 'added', after: now }]
          : [{ field: 'root of trust', change: 'changed', before: was, after: now }];
    return [...trust, ...itemChanges(before, after, 'spec.scopes', 'signature scope').filter((d) => d.change !== 'reordered')];
  },
};
