import { parse } from 'yaml';
import { keptJson, manifestPath } from '../shared';
import type { Finding, Rule } from './finding';

/**
 * A sample the catalog replaces with its own ImageStream or Template in `openshift` is skipped
 * automatically (the plan does it); this says so, because the operator would otherwise revert the object.
 */
export const samplesAutoSkipped: Rule = ({ catalog, plans }) =>
  plans.flatMap((plan) =>
    // A tracked image in `openshift` exists to take the sample's place: nothing to warn about.
    (plan.samples?.autoSkipped ?? [])
      .filter((a) => a.keptAt !== undefined || !catalog.builderImages.some((b) => b.file === a.file))
      .map((a): Finding => {
        const list = a.kind === 'ImageStream' ? 'skippedImagestreams' : 'skippedTemplates';
        return {
          severity: 'warning',
          rule: 'samples/auto-skipped',
          cluster: plan.cluster.name,
          file: a.file,
          field: a.field,
          message:
            `${a.kind} openshift/${a.name} has the name of a Samples Operator ` +
            `sample; it is added to ${list} so the operator does not revert it to its own` +
            (a.keptAt ? `, although ${catalog.samplesFile}: ${a.keptAt} keeps the sample` : ''),
          fix: a.keptAt
            ? `remove "${a.name}" from ${catalog.samplesFile}: ${a.keptAt}: the catalog's own ${a.kind} replaces the sample`
            : `nothing to do if this ${a.kind} is meant to replace the sample; otherwise give it another name`,
        };
      }),
  );

/** Where the committed `Config` of a cluster is, under `dist/`. */
export function samplesConfigPath(cluster: string): string {
  return `${cluster}/${manifestPath({ apiVersion: 'samples.operator.openshift.io/v1', kind: 'Config', metadata: { name: 'cluster' } })}`;
}

/**
 * The operator refuses a change of `spec.architectures` once it has installed samples for the old
 * ones (it marks the Config invalid and stops updating the samples). Only `Removed` clears what it
 * remembers (`status.architectures`); `Unmanaged` keeps it for the return to `Managed`.
 */
export const samplesArchitectureChange: Rule = ({ catalog, plans, previous, memo }) => {
  // Most clusters' committed Configs are the same bytes: each distinct one is parsed once, and kept
  // for the next run (the YAML parser's first parse is most of the rule's cost).
  const parsed = new Map<string, CommittedConfig | undefined>();
  const committedOf = (content: string | undefined) => {
    if (content === undefined) return undefined;
    if (!parsed.has(content))
      parsed.set(content, keptJson(memo, `samples/committed\0${content}`, () => committedConfig(content) ?? null) ?? undefined);
    return parsed.get(content);
  };
  return plans.flatMap((plan): Finding[] => {
    const name = plan.cluster.name;
    if (plan.samples === undefined) return []; // no Config is emitted, so none changes
    const committed = committedOf(previous.get(samplesConfigPath(name)));
    if (!committed || committed.managementState === 'Removed') return [];
    const before = committed.architectures ?? [];
    const after = plan.samples.architectures;
    if (before.length === after.length && before.every((a, i) => a === after[i])) return [];
    const index = catalog.fleet.clusters.findIndex((c) => c.name === name);
    return [
      {
        severity: 'error',
        rule: 'samples/architecture-change',
        cluster: name,
        file: catalog.fleetFile,
        field: `clusters[${index}].architectures`,
        message:
          `the Samples Operator architectures of ${name} would change ` +
          `from [${before.join(', ')}] to [${after.join(', ')}] while the committed ` +
          `dist/${samplesConfigPath(name)} has managementState ${committed.managementState}; the operator rejects that change ` +
          `(it marks its Config invalid and stops updating the samples) unless the samples were removed first`,
        fix:
          `two steps: (1) keep the old architectures, set managementState: 'Removed' for ${name} in ${catalog.samplesFile} ` +
          `(clusters.${name}.managementState), synth, commit and let Argo CD sync until the operator has removed the samples; ` +
          `(2) then change the architectures in ${catalog.fleetFile}, set managementState back to 'Managed', synth and sync`,
      },
    ];
  });
};

interface CommittedConfig {
  readonly managementState: string;
  readonly architectures?: readonly string[];
}

function committedConfig(content: string | undefined): CommittedConfig | undefined {
  if (content === undefined) return undefined;
  let object: unknown;
  try {
    object = parse(content);
  } catch {
    return undefined; // a hand-broken file: `npm run check` reports it; there is nothing to compare
  }
  const spec = (object as { spec?: { managementState?: unknown; architectures?: unknown } } | null)?.spec;
  if (!spec) return undefined;
  return {
    // The operator treats a missing or unknown state as Managed.
    managementState: spec.managementState === 'Removed' || spec.managementState === 'Unmanaged' ? spec.managementState : 'Managed',
    architectures: Array.isArray(spec.architectures) ? spec.architectures.map(String) : undefined,
  };
}
