import { upstreamSchemas } from '../../src/validation/upstream-schemas';

describe('upstream schema validation', () => {
  test('accepts a valid core object', () => {
    expect(upstreamSchemas().validate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bcgov' } })).toStrictEqual([]);
  });

  test('fails on an unknown field, as strict field validation would', () => {
    expect(upstreamSchemas().validate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bcgov', lables: {} } })).toStrictEqual([
      { path: '/metadata', message: 'unknown field "lables"' },
    ]);
  });

  test('fails on a wrong type inside a CRD-defined object', () => {
    const violations = upstreamSchemas().validate({ apiVersion: 'samples.operator.openshift.io/v1', kind: 'Config', metadata: { name: 'cluster' }, spec: { skippedImagestreams: 'jenkins' } });
    expect(violations).toStrictEqual([{ path: '/spec/skippedImagestreams', message: 'must be array' }]);
  });

  test('fails on an ImageStream tag without a name (the derived JSON Schema)', () => {
    const violations = upstreamSchemas().validate({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'x' }, spec: { tags: [{ from: { kind: 'DockerImage', name: 'quay.io/x:1' } }] } });
    expect(violations).toStrictEqual([{ path: '/spec/tags/0', message: "must have required property 'name'" }]);
  });

  test('fails for a kind without an upstream schema', () => {
    expect(() => upstreamSchemas().validate({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow(/no upstream schema for example.com\/v1\/Widget/);
  });
});
