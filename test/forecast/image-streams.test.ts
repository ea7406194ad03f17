import { forecastTemplates, registryOf, scheduledImports, SCHEDULED_IMPORT_INTERVAL_SECONDS } from '../../src/forecast';
import { bundle, object } from './_objects';

// Oracle: openshift-controller-manager pkg/cmd/openshift-controller-manager/openshiftcontrolplane_config.go
// (scheduledImageImportMinimumIntervalSeconds defaults to 15 * 60) and scheduled_image_controller.go needsScheduling.
describe('scheduled imports', () => {
  test('counts scheduled DockerImage tags per registry, four imports an hour each; digests and references are not scheduled', () => {
    const stream = object(
      'image.openshift.io/v1',
      'ImageStream',
      'app',
      {
        spec: {
          tags: [
            { name: 'a', from: { kind: 'DockerImage', name: 'quay.io/x/app:1' }, importPolicy: { scheduled: true } },
            { name: 'b', from: { kind: 'DockerImage', name: 'quay.io/x/app:2' }, importPolicy: { scheduled: true } },
            { name: 'c', from: { kind: 'DockerImage', name: 'library/nginx:1' }, importPolicy: { scheduled: true } },
            { name: 'd', from: { kind: 'DockerImage', name: 'quay.io/x/app@sha256:abc' }, importPolicy: { scheduled: true } },
            { name: 'e', from: { kind: 'DockerImage', name: 'quay.io/x/app:3' }, importPolicy: { scheduled: false } },
            { name: 'latest', from: { kind: 'ImageStreamTag', name: 'a' } },
          ],
        },
      },
      { namespace: 'images' },
    );
    expect(SCHEDULED_IMPORT_INTERVAL_SECONDS).toBe(900);
    expect(scheduledImports(bundle(stream))).toStrictEqual([
      { registry: 'docker.io', tags: 1, requestsPerHour: 4 },
      { registry: 'quay.io', tags: 2, requestsPerHour: 8 },
    ]);
    expect([registryOf('localhost/a'), registryOf('host:5000/a'), registryOf('a/b')]).toStrictEqual(['localhost', 'host:5000', 'docker.io']);
  });
});

describe('forecastTemplates', () => {
  test('a changed parameter default is what new instantiations get', () => {
    const template = (value: string) =>
      bundle(
        object(
          'template.openshift.io/v1',
          'Template',
          'jenkins',
          {
            parameters: [
              { name: 'MEMORY_LIMIT', value },
              { name: 'PASSWORD', generate: 'expression', from: '[a-z]{8}' },
            ],
            objects: [],
          },
          { namespace: 'images' },
        ),
      );
    expect(forecastTemplates(template('1Gi'), template('2Gi')).map((e) => e.text)).toStrictEqual([
      'new instantiations of images/jenkins get MEMORY_LIMIT=`2Gi` (was `1Gi`); existing instances keep theirs',
    ]);
    expect(forecastTemplates(template('1Gi'), template('1Gi'))).toStrictEqual([]);
  });
});
