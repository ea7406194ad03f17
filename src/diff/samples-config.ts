import type { KindSummary } from './_kind';
import { itemChanges } from './_values';

/** The Samples Operator `Config cluster`: which samples are newly skipped, which are kept again. */
export const samplesConfigSummary: KindSummary = {
  label: 'Samples Config',
  fields: ['spec.skippedImagestreams', 'spec.skippedTemplates'],
  details: (before, after) =>
    [
      ...itemChanges(before, after, 'spec.skippedImagestreams', 'sample imagestream', { added: 'newly skipped', removed: 'kept' }),
      ...itemChanges(before, after, 'spec.skippedTemplates', 'sample template', { added: 'newly skipped', removed: 'kept' }),
    ].filter((d) => d.change !== 'reordered'), // the operator reads these lists as sets
};
