import { Testing } from 'cdk8s';
import { CuratedImageStream, type CuratedImageStreamProps } from '../../src/constructs';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { joinRegExp } from '../support/regexp';

function props(overrides: Partial<CuratedImageStreamProps> = {}): CuratedImageStreamProps {
  return {
    name: 'patroni',
    namespace: 'shared',
    displayName: 'Patroni',
    description: 'HA PostgreSQL.',
    annotationDomain: 'images.example.com',
    owner: 'team-data',
    sourceRepository: 'https://git.example.com/patroni',
    rebuildSchedule: '0 3 * * 1',
    tags: [
      {
        name: '1.2.0',
        version: '1.2.0',
        from: { kind: 'DockerImage', name: 'registry.example.com/images/patroni:1.2.0' },
        importPolicy: { scheduled: true, importMode: 'PreserveOriginal' },
      },
    ],
    ...overrides,
  };
}

function synth(p: CuratedImageStreamProps) {
  const chart = Testing.chart();
  new CuratedImageStream(chart, 'Patroni', p);
  return Testing.synth(chart);
}

describe('CuratedImageStream', () => {
  test('writes one ImageStream with every tag field the server would fill in', () => {
    // GIVEN a stream with one imported version and a latest tag
    // WHEN synthesized
    const objects = synth(props({ trackingTags: [{ name: 'latest', tag: '1.2.0' }] }));
    // THEN tags are explicit about import and reference policy, and latest follows 1.2.0 inside the stream
    const annotations = (displayName: string) => ({ 'openshift.io/display-name': displayName, description: 'HA PostgreSQL.', version: '1.2.0' });
    expect(objects).toStrictEqual([
      {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: {
          name: 'patroni',
          namespace: 'shared',
          annotations: {
            'openshift.io/display-name': 'Patroni',
            'images.example.com/owner': 'team-data',
            'images.example.com/source': 'https://git.example.com/patroni',
            'images.example.com/rebuild-schedule': '0 3 * * 1',
          },
        },
        spec: {
          lookupPolicy: { local: false },
          tags: [
            {
              name: '1.2.0',
              annotations: annotations('Patroni 1.2.0'),
              from: { kind: 'DockerImage', name: 'registry.example.com/images/patroni:1.2.0' },
              importPolicy: { scheduled: true, importMode: 'PreserveOriginal' },
              referencePolicy: { type: 'Local' },
            },
            {
              name: 'latest',
              annotations: annotations('Patroni 1.2.0 (latest)'),
              from: { kind: 'ImageStreamTag', name: '1.2.0' },
              importPolicy: { scheduled: false, importMode: 'PreserveOriginal' },
              referencePolicy: { type: 'Local' },
            },
          ],
        },
      },
    ]);
    expect(upstreamSchemas().validate(objects[0])).toStrictEqual([]);
  });

  test('writes the display and curation annotations, and hides deprecated tags', () => {
    const [stream] = synth(
      props({
        iconClass: 'icon-postgresql',
        categories: ['database', 'postgresql'],
        supports: ['postgresql:15', 'postgresql'],
        champion: 'team-platform',
        tags: [
          {
            name: '1.1.0',
            version: '1.1.0',
            deprecated: true,
            from: { kind: 'DockerImage', name: 'registry.example.com/images/patroni:1.1.0' },
            importPolicy: { scheduled: false, importMode: 'Legacy' },
            referencePolicy: { type: 'Source' },
          },
        ],
      }),
    );
    expect(stream.metadata.annotations['images.example.com/champion']).toBe('team-platform');
    expect(stream.spec.tags).toStrictEqual([
      {
        name: '1.1.0',
        annotations: {
          'openshift.io/display-name': 'Patroni 1.1.0',
          description: 'HA PostgreSQL.',
          version: '1.1.0',
          iconClass: 'icon-postgresql',
          tags: 'hidden,database,postgresql',
          supports: 'postgresql:15,postgresql',
          'images.example.com/deprecated': 'true',
        },
        from: { kind: 'DockerImage', name: 'registry.example.com/images/patroni:1.1.0' },
        importPolicy: { scheduled: false, importMode: 'Legacy' },
        referencePolicy: { type: 'Source' },
      },
    ]);
    expect(upstreamSchemas().validate(stream)).toStrictEqual([]);
  });

  test('orders tags by name, as the API server returns them', () => {
    const tag = (name: string) => ({
      name,
      version: name,
      from: { kind: 'DockerImage' as const, name: `r.example.com/p:${name}` },
      importPolicy: { scheduled: true, importMode: 'Legacy' as const },
    });
    const [stream] = synth(
      props({
        tags: [tag('1.9.0'), tag('1.10.0')],
        trackingTags: [
          { name: 'stable', tag: '1.9.0' },
          { name: 'latest', tag: '1.10.0' },
        ],
      }),
    );
    expect(stream.spec.tags.map((t: { name: string }) => t.name)).toStrictEqual(['1.10.0', '1.9.0', 'latest', 'stable']);
  });

  test('fails on a tracking tag that follows a tag outside the stream', () => {
    expect(() => synth(props({ trackingTags: [{ name: 'latest', tag: 'postgres:1.2.0' }] }))).toThrow(
      joinRegExp(
        /ImageStream shared\/patroni: tracking tag latest follows postgres:1\.2\.0, /,
        /which is not a tag of this stream \(a tracking tag cannot reference another stream\)/,
      ),
    );
  });

  test('fails on a tag name used twice', () => {
    expect(() => synth(props({ trackingTags: [{ name: '1.2.0', tag: '1.2.0' }] }))).toThrow(
      /ImageStream shared\/patroni: tag 1\.2\.0 is defined twice/,
    );
  });
});
