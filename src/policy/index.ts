import { compareStrings } from '../plan';
import type { Finding, PolicyContext, Rule } from './finding';
import { sharedDestination } from './fleet-rules';
import { templateRules } from './templates-rules';

export * from './finding';
export * from './templates-rules';

/** Every rule, fleet-wide and per cluster. Order does not matter: findings are sorted. */
export const RULES: readonly Rule[] = [sharedDestination, templateRules];

/** Runs every rule; findings come back errors first, then by cluster, file, field and rule. */
export function checkFleet(context: PolicyContext, rules: readonly Rule[] = RULES): Finding[] {
  return rules.flatMap((rule) => rule(context)).sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1;
  return (
    compareStrings(a.cluster ?? '', b.cluster ?? '') ||
    compareStrings(a.file, b.file) ||
    compareStrings(a.field, b.field) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}
