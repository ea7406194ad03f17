import { objectChange } from '../../src/diff';
import { samplesConfigSummary } from '../../src/diff/samples-config';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { samplesConfig } from '../support/openshift-objects';

describe('Samples Config summary', () => {
  test('names the samples newly skipped and the ones kept again', () => {
    // GIVEN a skip list that gains and loses entries, and is reordered
    const before = samplesConfig({ skippedImagestreams: ['httpd', 'nodejs', 'perl'], skippedTemplates: ['jenkins-ephemeral'] });
    const after = samplesConfig({ skippedImagestreams: ['perl', 'jenkins', 'nodejs'], skippedTemplates: ['jenkins-persistent'] });
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    // WHEN it is summarized
    // THEN skipped lists read as sets: their order is not a change
    expect(samplesConfigSummary.details(before, after)).toStrictEqual([
      { field: 'sample imagestream', key: 'jenkins', change: 'newly skipped' },
      { field: 'sample imagestream', key: 'httpd', change: 'kept' },
      { field: 'sample template', key: 'jenkins-persistent', change: 'newly skipped' },
      { field: 'sample template', key: 'jenkins-ephemeral', change: 'kept' },
    ]);
  });

  test('an added Config skips its whole list; other fields are compared field by field', () => {
    const after = samplesConfig({ skippedImagestreams: ['httpd'], samplesRegistry: 'registry.example.com' });
    expect(objectChange('_cluster/config.samples.operator.openshift.io_cluster.yaml', undefined, after)?.details).toStrictEqual([
      { field: 'sample imagestream', key: 'httpd', change: 'newly skipped' },
      { field: 'spec.managementState', change: 'added', after: 'Managed' },
      { field: 'spec.samplesRegistry', change: 'added', after: 'registry.example.com' },
    ]);
    const removed = samplesConfig({ managementState: 'Removed', skippedImagestreams: ['httpd'] });
    expect(objectChange('p', samplesConfig({ skippedImagestreams: ['httpd'] }), removed)?.details).toStrictEqual([
      { field: 'spec.managementState', change: 'changed', before: 'Managed', after: 'Removed' },
    ]);
  });
});
