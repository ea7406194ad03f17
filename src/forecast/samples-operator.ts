import type { ManifestObject } from '../output';
import { at, groupKind, plural, stringsAt } from './_objects';
import type { Bundle, Effect } from './types';

const SAMPLES_CONFIG = 'samples.operator.openshift.io/Config';

function samplesConfig(bundle: Bundle): ManifestObject | undefined {
  return [...bundle.values()].find((o) => groupKind(o) === SAMPLES_CONFIG && o.metadata.name === 'cluster');
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, 8).join(', ');
  return list.length > 8 ? `${shown} and ${list.length - 8} more` : shown;
}

const ACTOR = 'Samples Operator' as const;

/**
 * What the Samples Operator does when its `Config` changes from `before` to `after` (cluster-samples-operator
 * `pkg/stub`). Only a change of the Config the bundle writes is forecast: without one on both sides,
 * nothing changes for the operator.
 */
export function forecastSamples(before: Bundle, after: Bundle): Effect[] {
  const old = samplesConfig(before);
  const now = samplesConfig(after);
  if (!old || !now) return [];
  const effects: Effect[] = [];

  // `config.go` `SpecValidation`: once the operator has processed a Config, a different architecture
  // list is refused ("cannot change architectures"): ConfigurationValid=False and nothing else of the
  // new spec is acted on.
  const archBefore = stringsAt(old, 'spec.architectures');
  const archAfter = stringsAt(now, 'spec.architectures');
  if (archBefore.length > 0 && archBefore.join(' ') !== archAfter.join(' ')) {
    return [
      {
        actor: ACTOR,
        gate: 'refused',
        text:
          `refuses the change: cannot change architectures from ${archBefore.join(' ')} ` +
          `to ${archAfter.join(' ') || 'none'} (ConfigurationValid=False; ` +
          `nothing else of the new Config is applied)`,
      },
    ];
  }

  const stateBefore = (at(old, 'spec.managementState') as string | undefined) ?? 'Managed';
  const stateAfter = (at(now, 'spec.managementState') as string | undefined) ?? 'Managed';
  if (stateBefore !== stateAfter) {
    // `config.go` `ProcessManagementField` → `handler.go` `CleanUpOpenshiftNamespaceOnDelete`: Removed deletes
    // every image stream and template labelled `samples.operator.openshift.io/managed=true` (skipped ones are `false`).
    if (stateAfter === 'Removed')
      effects.push({
        actor: ACTOR,
        gate: 'samples-removal',
        text: 'deletes every sample image stream and template it manages from `openshift` (managementState Removed); skipped samples stay',
      });
    else if (stateAfter === 'Unmanaged')
      effects.push({
        actor: ACTOR,
        text: 'stops managing every sample (managementState Unmanaged): they stay as they are and are no longer updated',
      });
    else if (stateAfter === 'Managed')
      effects.push({ actor: ACTOR, text: `installs every sample not skipped and manages them again (managementState ${stateBefore} → Managed)` });
    return effects;
  }
  if (stateAfter !== 'Managed') return effects;

  // `config.go` `VariableConfigChanged` and `imagestreams.go` / `templates.go` upserts: a newly skipped
  // sample is relabelled managed=false and left in place; one no longer skipped is created or updated.
  for (const [field, what] of [
    ['spec.skippedImagestreams', 'image stream'],
    ['spec.skippedTemplates', 'template'],
  ] as const) {
    const skippedBefore = new Set(stringsAt(old, field));
    const skippedAfter = new Set(stringsAt(now, field));
    const stops = [...skippedAfter].filter((n) => !skippedBefore.has(n)).sort();
    const installs = [...skippedBefore].filter((n) => !skippedAfter.has(n)).sort();
    if (stops.length > 0)
      effects.push({
        actor: ACTOR,
        text: `stops managing ${plural(stops.length, `sample ${what}`)} (${names(stops)}): ` + `left in \`openshift\` as they are, no longer updated`,
      });
    if (installs.length > 0)
      effects.push({ actor: ACTOR, text: `installs or updates ${plural(installs.length, `sample ${what}`)} (${names(installs)}) in \`openshift\`` });
  }
  const registryBefore = at(old, 'spec.samplesRegistry');
  const registryAfter = at(now, 'spec.samplesRegistry');
  if (registryBefore !== registryAfter) {
    effects.push({
      actor: ACTOR,
      text:
        `repoints every managed sample image stream to ${typeof registryAfter === 'string' ? registryAfter : 'registry.redhat.io'} ` +
        `and imports from there`,
    });
  }
  return effects;
}
