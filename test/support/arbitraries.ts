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
  architectures: fc.subarray(['x86_64', 'aarch64'] as Array<'x86_64' | 'aarch64'>, { minLength: 1 }),
  connectivity: fc.constantFrom<'connected' | 'disconnected'>('connected', 'disconnected'),
  destination: fc.oneof(
    label.map((name) => ({ name })),
    label.map((host) => ({ server: `https://api.${host}.example.com:6443` })),
  ),
});

/** A fleet with unique cluster names and destinations, exactly one build cluster. */
export const fleetArb = fc
  .uniqueArray(clusterArb, { minLength: 1, maxLength: 4, selector: (c) => c.name })
  .chain((clusters) =>
    fc.record({
      curatedNamespace: label,
      gitops: fc.record({ repoURL: fc.constant('https://git.example.com/images.git'), targetRevision: fc.constantFrom('main', 'v1') }),
      clusters: fc.constant(clusters.map((c, i) => ({ ...c, role: i === 0 ? 'build' : 'consumer', destination: { name: `dest-${c.name}` } }))),
    }),
  );

export const registriesArb = fc.record({
  distribution: fc.record({ registry: fc.constantFrom('artifacts.example.com', 'registry.local:5000'), repository: fc.constantFrom('images', 'team/images') }),
});

export const samplesArb = fc.record({
  managementState: fc.constantFrom('Managed', 'Removed', 'Unmanaged'),
  keepImagestreams: fc.subarray(['nodejs', 'python', 'golang', 'ruby', 'nginx', 'redis']),
  keepTemplates: fc.subarray(['nginx-example', 'redis-ephemeral', 'postgresql-persistent']),
});

/** The files of a valid catalog. Each capability adds its own file here. */
export const validSourcesArb: fc.Arbitrary<Record<string, unknown>> = fc.record({
  'catalogs/fleet.ts': fleetArb,
  'catalogs/registries.ts': registriesArb,
  'catalogs/samples.ts': samplesArb,
});

type Mutation = { readonly file: number; readonly path: readonly number[]; readonly action: 'replace' | 'delete' | 'unknown-key'; readonly value: unknown };

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
  fc.tuple(validSourcesArb, fc.array(mutationArb, { minLength: 1, maxLength: 2 })).map(([sources, ms]) => ({ sources: ms.reduce(mutate, sources), mutated: true })),
);
