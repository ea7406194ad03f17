import { Testing } from 'cdk8s';
import { SAMPLES_MANAGED_LABEL, TrackedImageStream, type TrackedImageStreamProps } from '../../src/constructs';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';

function props(overrides: Partial<TrackedImageStreamProps> = {}): TrackedImageStreamProps {
  return {
    name: 'nodejs',
    namespace: 'openshift',
    displayName: 'Node.js',
    iconClass: 'icon-nodejs',
    categories: ['builder', 'nodejs'],
    supports: ['nodejs'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/sclorg/nodejs-ex.git',
    annotationDomain: 'images.example.com',
    owner: 'team-builders',
    skippedBySamplesOperator: true,
    tags: [
      {
        name: '22-ubi9',
        from: { kind: 'DockerImage', name: 'registry.redhat.io/ubi9/nodejs-22:latest' },
        displayName: 'Node.js 22 (UBI 9)',
        description: 'Node.js 22.',
        version: '22',
        importPolicy: { scheduled: true, importMode: 'PreserveOriginal' },
      },
      {
        name: '20-ubi9',
        from: { kind: 'DockerImage', name: 'registry.redhat.io/ubi9/nodejs-20:latest' },
        displayName: 'Node.js 20 (UBI 9)',
        description: 'Node.js 20.',
        version: '20',
        hidden: true,
        importPolicy: { scheduled: true, importMode: 'PreserveOriginal' },
      },
    ],
    trackingTags: [{ name: 'latest', tag: '22-ubi9' }],
    ...overrides,
  };
}

function synth(p: TrackedImageStreamProps) {
  const chart = Testing.chart();
  new TrackedImageStream(chart, 'NodeJs', p);
  return Testing.synth(chart);
}

describe('TrackedImageStream', () => {
  test('writes the stream as the samples do, every tag scheduled and Local, labelled as a skipped sample', () => {
    // GIVEN a builder stream in openshift with two tags and latest
    // WHEN synthesized
    const objects = synth(props());
    // THEN the annotation keys are the samples' (cluster-samples-operator assets/operator/ocp-x86_64/nodejs/imagestreams/nodejs-rhel.json),
    // and the label is the one the operator puts on a skipped sample (pkg/stub/imagestreams.go upsertImageStream)
    const common = {
      iconClass: 'icon-nodejs',
      'openshift.io/provider-display-name': 'Red Hat, Inc.',
      sampleRepo: 'https://github.com/sclorg/nodejs-ex.git',
      supports: 'nodejs',
    };
    expect(objects).toStrictEqual([
      {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: {
          name: 'nodejs',
          namespace: 'openshift',
          labels: { 'samples.operator.openshift.io/managed': 'false' },
          annotations: {
            'openshift.io/display-name': 'Node.js',
            'openshift.io/provider-display-name': 'Red Hat, Inc.',
            'images.example.com/owner': 'team-builders',
          },
        },
        spec: {
          lookupPolicy: { local: false },
          tags: [
            {
              name: '20-ubi9',
              annotations: {
                'openshift.io/display-name': 'Node.js 20 (UBI 9)',
                description: 'Node.js 20.',
                ...common,
                tags: 'builder,nodejs,hidden',
                version: '20',
              },
              from: { kind: 'DockerImage', name: 'registry.redhat.io/ubi9/nodejs-20:latest' },
              importPolicy: { scheduled: true, importMode: 'PreserveOriginal' },
              referencePolicy: { type: 'Local' },
            },
            {
              name: '22-ubi9',
              annotations: {
                'openshift.io/display-name': 'Node.js 22 (UBI 9)',
                description: 'Node.js 22.',
                ...common,
                tags: 'builder,nodejs',
                version: '22',
              },
              from: { kind: 'DockerImage', name: 'registry.redhat.io/ubi9/nodejs-22:latest' },
              importPolicy: { scheduled: true, importMode: 'PreserveOriginal' },
              referencePolicy: { type: 'Local' },
            },
            {
              name: 'latest',
              annotations: {
                'openshift.io/display-name': 'Node.js (latest)',
                description: 'Node.js 22.',
                ...common,
                tags: 'builder,nodejs',
                version: '22',
              },
              from: { kind: 'ImageStreamTag', name: '22-ubi9' },
              importPolicy: { scheduled: false, importMode: 'PreserveOriginal' },
              referencePolicy: { type: 'Local' },
            },
          ],
        },
      },
    ]);
    expect(SAMPLES_MANAGED_LABEL).toBe('samples.operator.openshift.io/managed');
    expect(upstreamSchemas().validate(objects[0])).toStrictEqual([]);
  });

  test('in the curated namespace: no Samples Operator label, optional annotations left out', () => {
    const [stream] = synth(
      props({
        namespace: 'bcgov',
        skippedBySamplesOperator: undefined,
        iconClass: undefined,
        providerDisplayName: undefined,
        sampleRepo: undefined,
        categories: [],
        supports: [],
        trackingTags: undefined,
      }),
    );
    expect(stream.metadata.labels).toBeUndefined();
    expect(stream.spec.tags.map((t: { annotations: object }) => t.annotations)).toStrictEqual([
      { 'openshift.io/display-name': 'Node.js 20 (UBI 9)', description: 'Node.js 20.', tags: 'hidden', version: '20' },
      { 'openshift.io/display-name': 'Node.js 22 (UBI 9)', description: 'Node.js 22.', version: '22' },
    ]);
    expect(upstreamSchemas().validate(stream)).toStrictEqual([]);
  });

  test("a tag's own supports replace the stream's, also on the tag that follows it", () => {
    // GIVEN 22-ubi9 supporting nodejs:22 and nodejs, as the samples write per-tag supports (e.g. java:17,java)
    const tags = props().tags.map((t) => (t.name === '22-ubi9' ? { ...t, supports: ['nodejs:22', 'nodejs'] } : t));
    const [stream] = synth(props({ tags }));
    // THEN 22-ubi9 and latest carry it, 20-ubi9 keeps the stream's
    expect(stream.spec.tags.map((t: { name: string; annotations: { supports: string } }) => [t.name, t.annotations.supports])).toStrictEqual([
      ['20-ubi9', 'nodejs'],
      ['22-ubi9', 'nodejs:22,nodejs'],
      ['latest', 'nodejs:22,nodejs'],
    ]);
  });

  test('fails on a tag defined twice', () => {
    expect(() => synth(props({ trackingTags: [{ name: '22-ubi9', tag: '20-ubi9' }] }))).toThrow(
      /ImageStream openshift\/nodejs: tag 22-ubi9 is defined twice/,
    );
  });

  test('fails on a tracking tag that follows no tag of the stream', () => {
    expect(() => synth(props({ trackingTags: [{ name: 'latest', tag: '24-ubi9' }] }))).toThrow(
      /tracking tag latest follows 24-ubi9, which is not a tag of this stream/,
    );
  });
});
