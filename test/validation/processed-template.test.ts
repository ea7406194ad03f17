import { TemplateProcessError } from '../../src/oc-process';
import type { TemplateManifest } from '../../src/oc-process';
import { processedTemplateViolations } from '../../src/validation/processed-template';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: '${NAME}' },
  spec: {
    replicas: '${{REPLICAS}}',
    selector: { matchLabels: { app: '${NAME}' } },
    template: { metadata: { labels: { app: '${NAME}' } }, spec: { containers: [{ name: 'web', image: 'web:1', imagePullPolicy: '${PULL}' }] } },
  },
};

function template(values: { REPLICAS: string; PULL: string }): TemplateManifest {
  return {
    apiVersion: 'template.openshift.io/v1',
    kind: 'Template',
    metadata: { name: 'web' },
    objects: [deployment],
    parameters: [
      { name: 'NAME', value: 'web' },
      { name: 'REPLICAS', value: values.REPLICAS },
      { name: 'PULL', value: values.PULL },
    ],
  };
}

describe('processedTemplateViolations', () => {
  test('is empty for a template whose defaults make valid objects', () => {
    expect(processedTemplateViolations(template({ REPLICAS: '2', PULL: 'IfNotPresent' }))).toStrictEqual([]);
  });

  test('fails on a template that processes into an invalid object, naming object, field and problem', () => {
    // GIVEN defaults that are not a number of replicas and not a pull policy
    const t = template({ REPLICAS: 'two', PULL: 'Sometimes' });
    // WHEN it is processed and validated THEN each violation names the object and the field
    expect(processedTemplateViolations(t)).toStrictEqual([
      'objects[0] (Deployment web): /spec/replicas must be integer',
      'objects[0] (Deployment web): /spec/template/spec/containers/0/imagePullPolicy must be equal to one ' +
        'of the allowed values (Always, IfNotPresent, Never)',
    ]);
  });

  test('fails on a template that does not process', () => {
    const t: TemplateManifest = { ...template({ REPLICAS: '1', PULL: 'Always' }), parameters: [{ name: 'NAME', required: true }] };
    expect(() => processedTemplateViolations(t)).toThrow(TemplateProcessError);
  });
});
