import fc from 'fast-check';

/** JSON-like values a person could write by mistake in a catalog file. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

export const clusterArb = fc.record({
  name: label,
  openshiftVersion: fc.constantFrom('4.23', '4.23.7'),
  role: fc.constant<'build' | 'consumer'>('consumer'),
  environment: fc.constantFrom<'lab' | 'test' | 'prod'>('lab', 'test', 'prod'),
  // The bundled samples inventory is x86_64's; a cluster's first architecture must have one.
  architectures: fc.constantFrom<Array<'x86_64' | 'aarch64'>>(['x86_64'], ['x86_64', 'aarch64']),
  connectivity: fc.constantFrom<'connected' | 'disconnected'>('connected', 'disconnected'),
  destination: fc.oneof(
    label.map((name) => ({ name })),
    label.map((host) => ({ server: `https://api.${host}.example.com:6443` })),
  ),
});

/** A fleet with unique cluster names and destinations, exactly one build cluster. */
export const fleetArb = fc.uniqueArray(clusterArb, { minLength: 1, maxLength: 4, selector: (c) => c.name }).chain((clusters) =>
  fc.record({
    curatedNamespace: label,
    gitops: fc.record({ repoURL: fc.constant('https://git.example.com/images.git'), targetRevision: fc.constantFrom('main', 'v1') }),
    curation: fc.constant({ buildNamespace: 'platform-tools', annotationDomain: 'images.example.com' }),
    clusters: fc.constant(clusters.map((c, i) => ({ ...c, role: i === 0 ? 'build' : 'consumer', destination: { name: `dest-${c.name}` } }))),
  }),
);

const DISTRIBUTION = ['artifacts.example.com', 'registry.local:5000'] as const;

export const registriesArb = fc.record(
  {
    distribution: fc.record({ registry: fc.constantFrom(...DISTRIBUTION), repository: fc.constantFrom('images', 'team/images') }),
    // What the curated images and the samples import from, plus extras.
    allowedRegistriesForImport: fc
      .subarray(['*.example.org', 'ghcr.io'])
      .map((extra) => [...DISTRIBUTION, 'quay.io', 'registry.redhat.io', ...extra].map((domainName) => ({ domainName }))),
    insecureRegistries: fc.subarray(['registry.local:5000', 'legacy.example.org']),
    containerRuntimeSearchRegistries: fc.subarray(['registry.redhat.io', 'search.example.org']),
    imageDigestMirrors: fc.subarray([
      { source: 'registry.redhat.io', mirrors: ['artifacts.example.com/redhat'] },
      {
        source: 'quay.io/team',
        mirrors: ['artifacts.example.com/quay', 'registry.local:5000/quay'],
        mirrorSourcePolicy: 'NeverContactSource' as const,
      },
    ]),
    // The distribution registries' pull secrets, emitted (ExternalSecret) or provisioned out of band.
    registriesRequiringCredentials: fc.subarray([...DISTRIBUTION]),
    pullSecrets: fc
      .subarray([...DISTRIBUTION])
      .chain((registries) =>
        fc.tuple(
          ...registries.map((registry, i) =>
            fc
              .oneof(
                fc.constant({
                  secretName: `pull-${i}`,
                  externalSecret: { secretStoreRef: { name: 'vault' }, key: `registries/${registry}`, refreshInterval: '15m' },
                }),
                fc.constant({ secretName: `pull-${i}`, provisionedOutOfBand: 'namespace onboarding' }),
              )
              .map((secret) => [registry, secret] as const),
          ),
        ),
      )
      .map((entries) => Object.fromEntries(entries)),
  },
  { requiredKeys: ['distribution'] },
);

const semverArb = fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 12 }), fc.nat({ max: 9 })).map(([a, b, c]) => `${a}.${b}.${c}`);

/** A curated image; `jenkins` is the one the templates run. */
const imageArb = (name: string) =>
  fc
    .record({
      versions: fc.uniqueArray(semverArb, { minLength: 1, maxLength: 3 }),
      variant: fc.option(fc.constantFrom('aws', 'gcp'), { nil: undefined }),
      deprecateFirst: fc.boolean(),
      community: fc.boolean(),
      namespace: fc.option(fc.constantFrom('openshift', 'shared-images'), { nil: undefined, freq: 8 }),
    })
    // The templates run jenkins:latest from the curated namespace: keep that image plain there.
    .map((image) => (name === 'jenkins' ? { ...image, variant: undefined, namespace: undefined } : image))
    .map(({ versions, variant, deprecateFirst, community, namespace }) => ({
      name,
      owner: 'team-platform',
      ...(community ? { community: true, champion: 'team-images' } : {}),
      ...(namespace ? { namespace } : {}),
      description: `${name} image`,
      source: `https://git.example.com/images/${name}`,
      rebuildSchedule: '0 3 * * 1',
      display: { displayName: name, tags: ['builder'] },
      versions: versions.map((version, i) => ({
        version,
        ...(variant ? { variants: [{ id: variant, version: '1.0.0' }] } : {}),
        ...(deprecateFirst && i === 0 && versions.length > 1 ? { deprecated: true } : {}),
      })),
    }));

export const templateArb = fc.record({
  name: fc.constantFrom('jenkins-ephemeral', 'jenkins-persistent', 'jenkins'),
  displayName: fc.constant('Jenkins'),
  description: fc.constant('Jenkins for tests.'),
  tags: fc.constant(['jenkins']),
  providerDisplayName: fc.constant('Platform team'),
  imageStreamTag: fc.constant('jenkins:latest'),
  // Any curated tag satisfies templates/agent-image-missing; the catalog always curates jenkins.
  agentImageStreamTag: fc.constant('jenkins:latest'),
  resources: fc.record({
    requests: fc.record({ cpu: fc.constantFrom('100m', '250m'), memory: fc.constantFrom('512Mi', '1Gi') }),
    limits: fc.record({ memory: fc.constantFrom('1Gi', '2Gi', '4Gi') }),
  }),
});

/** A tracked (builder) image: upstream tags from registry.redhat.io, in `openshift` or the curated namespace. */
const builderImageArb = (name: string) =>
  fc
    .record({
      namespace: fc.option(fc.constant('openshift'), { nil: undefined }),
      tags: fc.uniqueArray(fc.constantFrom('22-ubi9', '20-ubi9', '1.0'), { minLength: 1, maxLength: 2 }),
      latest: fc.boolean(),
      hidden: fc.boolean(),
    })
    .map(({ namespace, tags, latest, hidden }) => ({
      name,
      ...(namespace ? { namespace } : {}),
      owner: 'team-builders',
      description: `${name} builder`,
      display: { displayName: name, tags: ['builder', name], supports: [name], sampleRepo: `https://github.com/sclorg/${name}-ex.git` },
      tags: tags.map((tag, i) => ({
        name: tag,
        from: `registry.redhat.io/ubi9/${name}-${tag.split('-')[0].replace('.', '')}:latest`,
        ...(hidden && i === 0 ? { hidden: true } : {}),
      })),
      ...(latest ? { latest: tags[tags.length - 1] } : {}),
    }));

export const samplesArb = fc.record({
  managementState: fc.constantFrom('Managed', 'Removed', 'Unmanaged'),
  keepImagestreams: fc.subarray(['nodejs', 'python', 'golang', 'ruby', 'nginx', 'redis']),
  keepTemplates: fc.subarray(['nginx-example', 'redis-ephemeral', 'postgresql-persistent']),
});

/** The files of a valid catalog: fleet, registries, samples, curated images, templates and tracked images. */
export const validSourcesArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    fleet: fleetArb,
    registries: registriesArb,
    samples: samplesArb,
    images: fc.subarray(['patroni', 'nginx', 'velero']).chain((names) => fc.tuple(imageArb('jenkins'), ...names.map(imageArb))),
    templates: fc.uniqueArray(templateArb, { maxLength: 2, selector: (t) => t.name }),
    // nodejs and ruby may also be kept samples: catalog/two-owners then refuses the catalog.
    builders: fc.subarray(['nodejs', 'ruby', 'dotnet']).chain((names) => fc.tuple(...names.map(builderImageArb))),
  })
  .map(({ fleet, registries, samples, images, templates, builders }) => ({
    'catalogs/fleet.ts': fleet,
    'catalogs/registries.ts': registries,
    'catalogs/samples.ts': samples,
    ...Object.fromEntries(images.map((image) => [`catalogs/images/${image.name}.ts`, image])),
    ...Object.fromEntries(templates.map((template) => [`catalogs/templates/${template.name}.ts`, template])),
    ...Object.fromEntries(builders.map((builder) => [`catalogs/builders/${builder.name}.ts`, builder])),
  }));

type Mutation = {
  readonly file: number;
  readonly path: readonly number[];
  readonly action: 'replace' | 'delete' | 'unknown-key';
  readonly value: unknown;
};

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  file: fc.nat(),
  path: fc.array(fc.nat(), { maxLength: 5 }),
  action: fc.constantFrom<'replace' | 'delete' | 'unknown-key'>('replace', 'delete', 'unknown-key'),
  value: jsonValue,
});

/** Applies one mutation at a pseudo-random path (indices pick among the keys at each level). */
export function mutate(sources: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const files = Object.keys(sources).sort();
  const file = files[m.file % files.length];
  const copy = structuredClone(sources);
  let node = copy[file] as Record<string, unknown>;
  const steps = [...m.path];
  while (steps.length > 1) {
    const keys = node && typeof node === 'object' ? Object.keys(node) : [];
    if (keys.length === 0) break;
    const next = node[keys[steps.shift()! % keys.length]];
    if (!next || typeof next !== 'object') break;
    node = next as Record<string, unknown>;
  }
  const keys = Object.keys(node);
  const key = keys.length > 0 ? keys[(steps[0] ?? 0) % keys.length] : 'x';
  if (m.action === 'delete') delete node[key];
  else if (m.action === 'unknown-key') node[`unknown${key}`] = m.value;
  else node[key] = m.value;
  return copy;
}

/** Valid catalogs, and catalogs with one or two mistakes in them. */
export const sourcesArb: fc.Arbitrary<{ sources: Record<string, unknown>; mutated: boolean }> = fc.oneof(
  validSourcesArb.map((sources) => ({ sources, mutated: false })),
  fc
    .tuple(validSourcesArb, fc.array(mutationArb, { minLength: 1, maxLength: 2 }))
    .map(([sources, ms]) => ({ sources: ms.reduce(mutate, sources), mutated: true })),
);
