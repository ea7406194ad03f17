import { SCHEDULED_IMPORT_INTERVAL_MINUTES, SAMPLES_NAMESPACE, type TrackedImageStreamPlan } from '../plan';
import { code, table } from '../shared';
import { type Section, shared } from './_report-sections';

/** The tracked images of one cluster: owner, tags with their upstream image, re-import cadence, the samples they replace. */
export const builderImagesSection: Section = ({ plan }) => [shared(trackedImages, plan.builderImages)];

function trackedImages(streams: readonly TrackedImageStreamPlan[]): string {
  if (streams.length === 0) return '## Tracked images\n\nThe catalog tracks no upstream images.';
  const cadence =
    `every ${SCHEDULED_IMPORT_INTERVAL_MINUTES} minutes (openshift-controller-manager's ` +
    `default ${code('scheduledImageImportMinimumIntervalSeconds')})`;
  const intro =
    `${streams.length} ImageStream${streams.length === 1 ? '' : 's'} ` +
    `imported from upstream registries, not built. Every tag is re-imported ` +
    `on a schedule, checked ${cadence}, ` +
    `and pulled through the internal registry (referencePolicy ${code('Local')}), ` +
    `which keeps serving what it imported when the upstream registry ` +
    `is unreachable.`;
  const inOpenshift = streams.filter((s) => s.namespace === SAMPLES_NAMESPACE).map((s) => s.name);
  const parts = ['## Tracked images', intro];
  if (inOpenshift.length > 0) {
    parts.push(
      `In ${code(SAMPLES_NAMESPACE)}, the Samples Operator skips ${inOpenshift.map(code).join(', ')} ` +
        `(listed in ${code('skippedImagestreams')}); ` +
        `each carries the label ${code('samples.operator.openshift.io/managed: "false"')}, ` +
        `so that ${code('managementState: Removed')} does not delete it.`,
    );
  }
  parts.push(table(['ImageStream', 'owner', 'tags → upstream image', 'latest', 're-import', 'catalog file'], streams.map(row)));
  return parts.join('\n\n');
}

function row(s: TrackedImageStreamPlan): string[] {
  const mode = s.tags[0]?.importPolicy.importMode;
  return [
    code(`${s.namespace}/${s.name}`),
    s.owner,
    s.tags.map((t) => `${code(t.name)}${t.hidden ? ' (hidden)' : ''} → ${code(t.from.name)}`).join('<br>'),
    s.trackingTags.map((t) => code(t.tag)).join(', ') || '—',
    `scheduled, every ${SCHEDULED_IMPORT_INTERVAL_MINUTES} min${mode === undefined ? '' : `, importMode ${code(mode)}`}`,
    code(s.file),
  ];
}
