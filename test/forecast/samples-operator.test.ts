import { forecastSamples } from '../../src/forecast';
import { bundle, object } from './_objects';

// Oracle: cluster-samples-operator (mirror HEAD eee95bab) pkg/stub/config.go SpecValidation ("cannot change
// architectures"), ProcessManagementField, pkg/stub/handler.go CleanUpOpenshiftNamespaceOnDelete (deletes samples
// labelled managed=true), pkg/stub/imagestreams.go upsert (a skipped stream is relabelled managed=false, left).
function config(spec: Record<string, unknown>) {
  return bundle(
    object('samples.operator.openshift.io/v1', 'Config', 'cluster', { spec: { architectures: ['x86_64'], managementState: 'Managed', ...spec } }),
  );
}

describe('forecastSamples', () => {
  test('Managed → Removed deletes every managed sample', () => {
    expect(forecastSamples(config({}), config({ managementState: 'Removed' }))).toStrictEqual([
      {
        actor: 'Samples Operator',
        gate: 'samples-removal',
        text: 'deletes every sample image stream and template it manages from `openshift` (managementState Removed); skipped samples stay',
      },
    ]);
  });

  test('Managed → Unmanaged leaves everything; Removed → Managed installs', () => {
    expect(forecastSamples(config({}), config({ managementState: 'Unmanaged' }))[0].text).toMatch(/^stops managing every sample/);
    expect(forecastSamples(config({ managementState: 'Removed' }), config({}))[0].text).toMatch(/^installs every sample not skipped/);
  });

  test('a newly skipped template is left in place; an architecture change is refused before anything else', () => {
    expect(forecastSamples(config({ skippedTemplates: [] }), config({ skippedTemplates: ['rails-postgresql-example'] }))).toStrictEqual([
      {
        actor: 'Samples Operator',
        text: 'stops managing 1 sample template (rails-postgresql-example): left in `openshift` as they are, no longer updated',
      },
    ]);
    const refused = forecastSamples(config({}), config({ architectures: ['arm64'], managementState: 'Removed' }));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ gate: 'refused', text: expect.stringContaining('cannot change architectures from x86_64 to arm64') });
  });

  test('no Config on one side: nothing to forecast', () => {
    expect(forecastSamples(bundle(), config({}))).toStrictEqual([]);
  });
});
