import { templateSummary } from '../../src/diff/template';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { template } from '../support/openshift-objects';

describe('Template summary', () => {
  test('names the parameters and objects added, removed and changed', () => {
    // GIVEN a template whose parameters and objects change
    const service = (port: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'jenkins' }, spec: { ports: [{ port }] } });
    const before = template(
      'jenkins',
      [
        { name: 'MEMORY_LIMIT', value: '512Mi' },
        { name: 'OLD', value: 'x' },
      ],
      [service(80), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'jenkins' } }],
    );
    const after = template(
      'jenkins',
      [
        { name: 'MEMORY_LIMIT', value: '1Gi', description: 'Memory limit' },
        { name: 'SECRET', generate: 'expression', from: '[a-z]{8}', required: true },
      ],
      [service(8080), { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'jenkins' } }],
    );
    expect(upstreamSchemas().validate(before)).toStrictEqual([]);
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    // WHEN it is summarized
    // THEN each parameter and object is named by its name (objects by kind and name)
    expect(templateSummary.details(before, after)).toStrictEqual([
      { field: 'parameter', key: 'MEMORY_LIMIT', path: 'description', change: 'added', after: 'Memory limit' },
      { field: 'parameter', key: 'MEMORY_LIMIT', path: 'value', change: 'changed', before: '512Mi', after: '1Gi' },
      { field: 'parameter', key: 'SECRET', change: 'added', after: 'generate expression from [a-z]{8}, required' },
      { field: 'parameter', key: 'OLD', change: 'removed', before: 'value x' },
      { field: 'object', key: 'Service jenkins', path: 'spec.ports[0].port', change: 'changed', before: '80', after: '8080' },
      { field: 'object', key: 'PersistentVolumeClaim jenkins', change: 'added' },
      { field: 'object', key: 'ServiceAccount jenkins', change: 'removed' },
    ]);
  });
});
