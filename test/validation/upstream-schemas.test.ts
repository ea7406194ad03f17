import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parse, parseAllDocuments } from 'yaml';
import { CRD_FILES, shareRepeatedSubschemas, UPSTREAM_DIR, upstreamSchemas } from '../../src/validation/upstream-schemas';

const REPO = path.resolve(__dirname, '../..');

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

  test('shares the repeated subschemas of a CRD: the same schema once its references are put back (ApplicationSet)', () => {
    // GIVEN the ApplicationSet CRD schema as validated
    const schema = upstreamSchemas().crdSchema('argoproj.io/v1alpha1', 'ApplicationSet')!;
    // WHEN its repeated parts are shared
    const shared = shareRepeatedSubschemas(schema) as { definitions: Record<string, unknown> };
    // THEN it is less than half the size, and putting every reference back gives the schema exactly
    expect(Object.keys(shared.definitions).length).toBeGreaterThan(1);
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(schema).length / 2);
    const inline = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(inline);
      if (!node || typeof node !== 'object') return node;
      const ref = (node as { $ref?: string }).$ref;
      if (ref !== undefined) {
        expect(Object.keys(node)).toStrictEqual(['$ref']);
        return inline(shared.definitions[ref.replace('#/definitions/', '')]);
      }
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value)]));
    };
    expect(inline({ ...shared, definitions: undefined })).toStrictEqual({ ...schema, definitions: undefined });
  });

  test('fails on mistakes inside shared parts at their own paths (an ApplicationSet generator nested in a matrix)', () => {
    // GIVEN the committed ApplicationSet, with a matrix generator whose list generator's template has two mistakes
    const file = path.join(REPO, 'dist/argocd/openshift-gitops/applicationset.argoproj.io_ocp-image-catalog.yaml');
    const valid = parse(fs.readFileSync(file, 'utf8')) as { spec: { template: { spec: Record<string, unknown> } } };
    const template = { ...valid.spec.template, spec: { ...valid.spec.template.spec, project: 5, sourceRepo: 'x' } };
    const nested = { list: { elements: [], template } };
    const object = { ...valid, spec: { ...valid.spec, generators: [{ matrix: { generators: [nested, { clusters: {} }] } }] } };
    // WHEN both are validated THEN the committed one passes and each mistake is reported where it is
    expect(upstreamSchemas().validate(valid)).toStrictEqual([]);
    const at = '/spec/generators/0/matrix/generators/0/list/template/spec';
    expect(upstreamSchemas().validate(object)).toStrictEqual([
      { path: at, message: 'unknown field "sourceRepo"' },
      { path: `${at}/project`, message: 'must be string' },
    ]);
  });

  test('fails to share the subschemas of a schema that is not structural', () => {
    expect(() => shareRepeatedSubschemas({ definitions: {}, properties: {} })).toThrow(/not a structural schema/);
    expect(() => shareRepeatedSubschemas({ properties: { a: { $ref: '#/x' } } })).toThrow(/not a structural schema/);
  });

  test('reads every CRD file with js-yaml exactly as with yaml, the parser of the output', () => {
    for (const file of CRD_FILES) {
      const text = fs.readFileSync(path.join(UPSTREAM_DIR, file), 'utf8');
      expect([file, loadAll(text, { schema: CORE_SCHEMA })]).toStrictEqual([file, parseAllDocuments(text).map((doc) => doc.toJS())]);
    }
  });
});
