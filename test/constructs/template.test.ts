import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Template } from '../../src/constructs';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';

describe('Template', () => {
  test('embeds the objects built in its own chart, with the catalog annotations, parameters, labels and message', () => {
    // GIVEN a template with a cdk8s-plus ConfigMap and a plain ApiObject among its objects
    const chart = Testing.chart();
    const template = new Template(chart, 'Template', {
      metadata: { name: 'greeter', namespace: 'shared' },
      displayName: 'Greeter',
      description: 'Says hello.',
      longDescription: 'Says hello, at length.',
      iconClass: 'icon-openshift',
      tags: ['demo', 'hello'],
      providerDisplayName: 'Platform team',
      documentationUrl: 'https://docs.example.com/greeter',
      supportUrl: 'https://support.example.com',
      bindable: false,
      message: 'Greeting ${WHO}.',
      parameters: [{ name: 'WHO', displayName: 'Who', description: 'Whom to greet.', value: 'world', required: true }],
      labels: { app: 'greeter' },
    });
    new kplus.ConfigMap(template.objects, 'Greeting', { metadata: { name: 'greeting' }, data: { who: '${WHO}' } });
    new ApiObject(template.objects, 'Route', {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'greeter' },
      spec: { to: { kind: 'Service', name: 'greeter' } },
    });
    // WHEN the chart is synthesized
    const manifests = Testing.synth(chart);
    // THEN it holds one Template (the objects are not objects of the chart) and it validates upstream
    expect(manifests).toStrictEqual([
      {
        apiVersion: 'template.openshift.io/v1',
        kind: 'Template',
        metadata: {
          name: 'greeter',
          namespace: 'shared',
          annotations: {
            'openshift.io/display-name': 'Greeter',
            description: 'Says hello.',
            'openshift.io/long-description': 'Says hello, at length.',
            iconClass: 'icon-openshift',
            tags: 'demo,hello',
            'openshift.io/provider-display-name': 'Platform team',
            'openshift.io/documentation-url': 'https://docs.example.com/greeter',
            'openshift.io/support-url': 'https://support.example.com',
            'template.openshift.io/bindable': 'false',
          },
        },
        labels: { app: 'greeter' },
        message: 'Greeting ${WHO}.',
        objects: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'greeting' }, data: { who: '${WHO}' }, immutable: false },
          { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'greeter' }, spec: { to: { kind: 'Service', name: 'greeter' } } },
        ],
        parameters: [{ name: 'WHO', displayName: 'Who', description: 'Whom to greet.', value: 'world', required: true }],
      },
    ]);
    expect(upstreamSchemas().validate(manifests[0])).toStrictEqual([]);
  });

  test("writes only the annotations it is given; bindable is OpenShift's default and not written", () => {
    const chart = Testing.chart();
    new Template(chart, 'Template', { metadata: { name: 'bare', namespace: 'shared' }, bindable: true });
    expect(Testing.synth(chart)).toStrictEqual([
      { apiVersion: 'template.openshift.io/v1', kind: 'Template', metadata: { name: 'bare', namespace: 'shared' }, objects: [] },
    ]);
  });

  test('the objects get no namespace from the chart that holds the template', () => {
    const chart = new Chart(Testing.app(), 'namespaced', { namespace: 'cluster-side' });
    const template = new Template(chart, 'Template', { metadata: { name: 't', namespace: 'shared' } });
    new kplus.ServiceAccount(template.objects, 'Account', { metadata: { name: 'runner' } });
    const [manifest] = Testing.synth(chart) as Array<{ objects: Array<{ metadata: object }> }>;
    expect(manifest.objects[0].metadata).toStrictEqual({ name: 'runner' });
  });

  test('places objects given already synthesized before those of its chart', () => {
    // GIVEN a template with one synthesized object and one built in its chart
    const chart = Testing.chart();
    const synthesized = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'first' } };
    const template = new Template(chart, 'Template', { metadata: { name: 't', namespace: 'shared' }, synthesizedObjects: [synthesized] });
    new ApiObject(template.objects, 'Second', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'second' } });
    // WHEN it is synthesized THEN both are its objects, the given one first
    const [manifest] = Testing.synth(chart) as Array<{ objects: Array<{ metadata: { name: string } }> }>;
    expect(manifest.objects.map((o) => o.metadata.name)).toStrictEqual(['first', 'second']);
  });
});
