import * as fs from 'node:fs';
import * as path from 'node:path';
import { processTemplate, type TemplateManifest, type TemplateParameter, TemplateProcessError } from '../../src/oc-process';

function template(
  objects: TemplateManifest['objects'],
  parameters: TemplateParameter[] = [],
  extra: Partial<TemplateManifest> = {},
): TemplateManifest {
  return { apiVersion: 'template.openshift.io/v1', kind: 'Template', metadata: { name: 't' }, objects, parameters, ...extra };
}

function configMap(data: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'cm' }) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

describe('processTemplate', () => {
  test('substitutes ${NAME} inside strings, several per string, with text around them', () => {
    // GIVEN a URL built from two parameters
    const t = template(
      [configMap({ url: 'http://${HOST}:${PORT}/x', again: '${HOST}${HOST}' })],
      [
        { name: 'HOST', value: 'example.com' },
        { name: 'PORT', value: '8080' },
      ],
    );
    // WHEN it is processed
    const { objects } = processTemplate(t);
    // THEN both references are replaced and the result stays a string
    expect(objects[0].data).toStrictEqual({ url: 'http://example.com:8080/x', again: 'example.comexample.com' });
  });

  test('substitutes ${{NAME}} alone as a JSON value, and as a string when the value is not JSON', () => {
    const t = template(
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'd' },
          spec: { replicas: '${{REPLICAS}}', paused: '${{PAUSED}}', selector: '${{SELECTOR}}', note: '${{NOTE}}', quoted: '${REPLICAS}' },
        },
      ],
      [
        { name: 'REPLICAS', value: '2' },
        { name: 'PAUSED', value: 'false' },
        { name: 'SELECTOR', value: '{"matchLabels":{"app":"x"}}' },
        { name: 'NOTE', value: 'not json' },
      ],
    );
    expect(processTemplate(t).objects[0].spec).toStrictEqual({
      replicas: 2,
      paused: false,
      selector: { matchLabels: { app: 'x' } },
      note: 'not json',
      quoted: '2',
    });
  });

  test('leaves ${{NAME}} with other text, and references to unknown parameters, as written', () => {
    const t = template([configMap({ a: 'x${{N}}', b: '${UNKNOWN}', c: '${{UNKNOWN}}' })], [{ name: 'N', value: '1' }]);
    expect(processTemplate(t).objects[0].data).toStrictEqual({ a: 'x${{N}}', b: '${UNKNOWN}', c: '${{UNKNOWN}}' });
  });

  test('substitutes in keys and inside arrays', () => {
    const t = template(
      [configMap({ '${KEY}': ['${V}', { k: '${{N}}' }] })],
      [
        { name: 'KEY', value: 'k1' },
        { name: 'V', value: 'v' },
        { name: 'N', value: '3' },
      ],
    );
    expect(processTemplate(t).objects[0].data).toStrictEqual({ k1: ['v', { k: 3 }] });
  });

  test('a value that decodes to null removes its field, as in Go', () => {
    const t = template([configMap({ keep: 'x', drop: '${{NOTHING}}' })], [{ name: 'NOTHING', value: 'null' }]);
    expect(processTemplate(t).objects[0].data).toStrictEqual({ keep: 'x' });
  });

  test('inserts $ patterns in values literally', () => {
    const t = template([configMap({ a: '${P}' })], [{ name: 'P', value: "a$&b$'c$1" }]);
    expect(processTemplate(t).objects[0].data).toStrictEqual({ a: "a$&b$'c$1" });
  });

  test("applies the template labels (substituted) to every object, over the object's own", () => {
    const t = template(
      [configMap({}, { name: 'a', labels: { app: 'mine', keep: 'yes' } }), configMap({}, { name: 'b' })],
      [{ name: 'APP', value: 'shop' }],
      { labels: { app: '${APP}', template: 't' } },
    );
    const { objects } = processTemplate(t);
    expect(objects.map((o) => (o.metadata as { labels: unknown }).labels)).toStrictEqual([
      { app: 'shop', keep: 'yes', template: 't' },
      { app: 'shop', template: 't' },
    ]);
  });

  test('substitutes the message', () => {
    const t = template([], [{ name: 'USER', value: 'admin' }], { message: 'log in as ${USER}' });
    expect(processTemplate(t).message).toBe('log in as admin');
  });

  test('removes a fixed namespace and keeps one that references a parameter', () => {
    const t = template(
      [configMap({}, { name: 'a', namespace: 'fixed' }), configMap({}, { name: 'b', namespace: '${NS}' })],
      [{ name: 'NS', value: 'team' }],
    );
    expect(processTemplate(t).objects.map((o) => o.metadata)).toStrictEqual([{ name: 'a' }, { name: 'b', namespace: 'team' }]);
  });

  test('generates empty parameters with a seeded generator; a default or a given value wins', () => {
    // GIVEN a generated password, a default with a generator, and a generated value overridden by the user
    const t = template(
      [configMap({ a: '${A}', b: '${B}', c: '${C}' })],
      [
        { name: 'A', generate: 'expression', from: '[a-z]{8}' },
        { name: 'B', value: 'fixed', generate: 'expression', from: '[a-z]{8}' },
        { name: 'C', generate: 'expression', from: '[a-z]{8}' },
      ],
    );
    // WHEN it is processed twice with the same seed
    const first = processTemplate(t, { seed: 9, values: { C: 'given' } });
    const second = processTemplate(t, { seed: 9, values: { C: 'given' } });
    // THEN the generated value is the same, and the default and the given value are used as they are
    expect(first.values).toStrictEqual(second.values);
    expect(first.values.A).toMatch(/^[a-y]{8}$/);
    expect(first.objects[0].data).toStrictEqual({ a: first.values.A, b: 'fixed', c: 'given' });
    expect(processTemplate(t, { seed: 10 }).values.A).not.toBe(first.values.A);
  });

  test('does not change the template it processes', () => {
    const t = template([configMap({ a: '${A}' }, { name: 'a', namespace: 'x' })], [{ name: 'A', value: '1' }], { labels: { l: 'v' } });
    const before = JSON.stringify(t);
    processTemplate(t);
    expect(JSON.stringify(t)).toBe(before);
  });

  test('fails on a value for a parameter the template does not define', () => {
    expect(() => processTemplate(template([], [{ name: 'A', value: '1' }]), { values: { B: '2' } })).toThrow(
      new TemplateProcessError(['unknown parameter name "B"']),
    );
  });

  test('fails on an empty required parameter, an unknown generator and a bad expression, listing each', () => {
    const t = template(
      [],
      [
        { name: 'NEEDED', required: true },
        { name: 'ODD', generate: 'uuid' },
        { name: 'BAD', generate: 'expression', from: '[abc]{4}' },
        { name: 'CLEARED', required: true, generate: 'expression', from: '[a-z]{4}' },
      ],
    );
    let error: unknown;
    try {
      processTemplate(t, { values: { CLEARED: '' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateProcessError);
    expect((error as TemplateProcessError).errors).toStrictEqual([
      'template.parameters[0]: parameter NEEDED is required and must be specified',
      'template.parameters[1]: unknown generator name "uuid" for parameter ODD',
      'template.parameters[2]: parameter BAD: malformed expression syntax: [abc]',
      'template.parameters[3]: parameter CLEARED is required and must be specified',
    ]);
  });

  test('fails on an object that is not an object', () => {
    expect(() => processTemplate(template(['just text' as unknown as Record<string, unknown>]))).toThrow(
      /item\[0\]\.objects: unable to handle object/,
    );
  });

  test('processes the stock OpenShift jenkins-persistent template as oc process would', () => {
    // GIVEN the stock template shipped by the Samples Operator
    const stock = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../upstream/openshift/samples-inventory/templates/jenkins-persistent.json'), 'utf8'),
    ) as TemplateManifest;
    // WHEN it is processed with a different service name
    const { objects, message } = processTemplate(stock, { values: { JENKINS_SERVICE_NAME: 'ci' } });
    // THEN every object is named from it and carries the template labels
    expect(objects.map((o) => `${String(o.kind)}/${String((o.metadata as { name: string }).name)}`)).toStrictEqual([
      'Route/ci',
      'ConfigMap/ci-trusted-ca-bundle',
      'PersistentVolumeClaim/ci',
      'DeploymentConfig/ci',
      'ServiceAccount/ci',
      'RoleBinding/ci_edit',
      'Service/jenkins-jnlp',
      'Service/ci',
    ]);
    for (const object of objects)
      expect(object.metadata).toMatchObject({ labels: { app: 'jenkins-persistent', template: 'jenkins-persistent-template' } });
    const dc = objects[3] as { spec: { triggers: Array<{ imageChangeParams?: { from: unknown } }> } };
    expect(dc.spec.triggers[0].imageChangeParams?.from).toStrictEqual({ kind: 'ImageStreamTag', name: 'jenkins:2', namespace: 'openshift' });
    expect(message).toBe(stock.message);
    expect(JSON.stringify(objects)).not.toMatch(/\$\{/);
  });
});
