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
    const violations = upstreamSchemas().validate({
      apiVersion: 'samples.operator.openshift.io/v1',
      kind: 'Config',
      metadata: { name: 'cluster' },
      spec: { skippedImagestreams: 'jenkins' },
    });
    expect(violations).toStrictEqual([{ path: '/spec/skippedImagestreams', message: 'must be array' }]);
  });

  test('fails on an ImageStream tag without a name (the derived JSON Schema)', () => {
    const violations = upstreamSchemas().validate({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'x' },
      spec: { tags: [{ from: { kind: 'DockerImage', name: 'quay.io/x:1' } }] },
    });
    expect(violations).toStrictEqual([{ path: '/spec/tags/0', message: "must have required property 'name'" }]);
  });

  test('fails for a kind without an upstream schema', () => {
    expect(() => upstreamSchemas().validate({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow(
      /no upstream schema for example.com\/v1\/Widget/,
    );
  });
});

describe('upstream schema validation of apps/v1 (kubernetes-models)', () => {
  const deployment = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      ...spec,
    },
  });

  test('knows apps/v1 Deployment', () => {
    expect(upstreamSchemas().kinds()).toContain('apps/v1/Deployment');
  });

  test('accepts a valid Deployment', () => {
    expect(upstreamSchemas().validate(deployment({ replicas: 2 }))).toStrictEqual([]);
  });

  test('fails on a wrong type and a value outside an enum', () => {
    const object = deployment({ replicas: 'two', strategy: { type: 'Sometimes' } });
    expect(upstreamSchemas().validate(object)).toStrictEqual([
      { path: '/spec/replicas', message: 'must be integer' },
      { path: '/spec/strategy/type', message: 'must be equal to one of the allowed values (Recreate, RollingUpdate)' },
    ]);
  });

  test('fails on an unknown field in metadata and in the pod template, strictly', () => {
    const object = deployment({}, { name: 'web', lables: {} });
    (object.spec.template.spec.containers[0] as Record<string, unknown>).imagePullPolicies = 'Always';
    expect(upstreamSchemas().validate(object)).toStrictEqual([
      { path: '/metadata', message: 'unknown field "lables"' },
      { path: '/spec/template/spec/containers/0', message: 'unknown field "imagePullPolicies"' },
    ]);
  });

  test('does not see an unknown field elsewhere: kubernetes-models is not strict (documented limitation)', () => {
    expect(upstreamSchemas().validate(deployment({ replica: 2 }))).toStrictEqual([]);
  });

  test('accepts numbers and names for int-or-string fields and numbers for quantities', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 81, targetPort: 'http' },
        ],
      },
    };
    expect(upstreamSchemas().validate(service)).toStrictEqual([]);
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { resources: { requests: { storage: 1073741824 } } },
    };
    expect(upstreamSchemas().validate(claim)).toStrictEqual([]);
    expect(upstreamSchemas().validate({ ...service, spec: { ports: [{ port: 80, targetPort: true }] } })).toStrictEqual([
      { path: '/spec/ports/0/targetPort', message: 'must be string,integer' },
    ]);
  });
});
