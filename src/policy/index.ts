import type { ClusterPlan } from '../plan';
import { compareStrings, memoByIdentity } from '../shared';
import { fileNameMismatch } from './file-name-rules';
import type { Finding, PolicyContext, Rule } from './finding';
import { sharedDestination } from './fleet-rules';
import { namespaceNotCreated } from './namespace-rules';
import { twoOwners } from './ownership-rules';
import { samplesArchitectureChange, samplesAutoSkipped } from './samples-rules';
import { latestNotHighest, stableDeprecated } from './images-rules';
import { REGISTRY_RULES } from './registries-rules';
import { pullSecretMissing } from './pull-secrets-rules';
import { templateAgentImageRule, templateImageStreamRule, templateRules } from './templates-rules';
import { ADMISSION_RULES } from './admission-rules';

export * from './finding';
export * from './output-rules';
export { mirroringNeeds, type MirroringNeeds } from './registries-rules';
export * from './templates-rules';

/** `namespace/name:tag` of every curated ImageStream tag on the cluster, tracking tags included. */
function curatedTags(plan: ClusterPlan): ReadonlySet<string> {
  // Two rules ask for it per cluster. It reads the streams alone, which plans never change and
  // clusters share (`planImageStreams`): built once per distinct array.
  return curatedTagsOf(plan.imageStreams);
}
const curatedTagsOf = memoByIdentity(
  (streams: ClusterPlan['imageStreams']): ReadonlySet<string> =>
    new Set(
      streams.flatMap((s) => [...s.tags.map((t) => t.name), ...s.trackingTags.map((t) => t.name)].map((tag) => `${s.namespace}/${s.name}:${tag}`)),
    ),
);

/** Every rule, fleet-wide and per cluster. Order does not matter: findings are sorted. */
export const RULES: readonly Rule[] = [
  sharedDestination,
  namespaceNotCreated,
  samplesAutoSkipped,
  twoOwners,
  samplesArchitectureChange,
  latestNotHighest,
  stableDeprecated,
  fileNameMismatch,
  ...REGISTRY_RULES,
  pullSecretMissing,
  templateRules,
  templateImageStreamRule(curatedTags),
  templateAgentImageRule(curatedTags),
  ...ADMISSION_RULES,
];

/** Runs every rule; findings come back errors first, then by cluster, file, field and rule. */
export function checkFleet(context: PolicyContext, rules: readonly Rule[] = RULES): Finding[] {
  return sortFindings(rules.flatMap((rule) => rule(context)));
}

/** Findings in the order `checkFleet` returns them. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
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
