import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import * as model from '../../src/model';
import { loadSamplesInventories, parseCatalog, SAMPLES_INVENTORY_DIR } from '../../src/model';
import { crossField, isCrossFieldCheck } from '../../src/model/_schema';
import {
  catalogProblems,
  imageSources,
  SMALL_CURATION,
  SMALL_REGISTRIES,
  SMALL_SAMPLES,
  smallBuilderImage,
  smallFleet,
  smallImage,
  smallJenkinsTemplate,
  smallSources,
  templateSources,
  tempDir,
} from '../support/fixtures';

const catalog = (sources: Map<string, unknown>) => () => parseCatalog('catalogs', sources);
const image = (overrides: Partial<model.ImageInput>) => catalog(imageSources({ patroni: smallImage(overrides) }));
const builder = (overrides: Partial<model.BuilderImageInput>) =>
  catalog(
    smallSources({ 'catalogs/fleet.ts': smallFleet({ curation: SMALL_CURATION }), 'catalogs/builders/python.ts': smallBuilderImage(overrides) }),
  );
const template = (overrides: Record<string, unknown>) =>
  catalog(templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate(overrides) }));
const fleet = (overrides: Partial<model.FleetInput>) => catalog(smallSources({ 'catalogs/fleet.ts': smallFleet(overrides) }));
const registries = (overrides: Record<string, unknown>) => catalog(smallSources({ 'catalogs/registries.ts': { ...SMALL_REGISTRIES, ...overrides } }));
const samples = (overrides: Record<string, unknown>) => catalog(smallSources({ 'catalogs/samples.ts': { ...SMALL_SAMPLES, ...overrides } }));
const admission = (value: Record<string, unknown>) => catalog(smallSources({ 'catalogs/admission.ts': value }));
const icsp = (entries: unknown[]) =>
  catalog(
    smallSources({
      'catalogs/icsp/a.yaml': {
        apiVersion: 'operator.openshift.io/v1alpha1',
        kind: 'ImageContentSourcePolicy',
        metadata: { name: 'a' },
        spec: { repositoryDigestMirrors: entries },
      },
    }),
  );

/** The bundled inventory with `change` applied, loaded from a folder of its own. */
const inventory = (change: (data: Record<string, unknown>) => void) => () => {
  const [name] = fs.readdirSync(SAMPLES_INVENTORY_DIR).filter((f) => f.endsWith('.json'));
  const data = JSON.parse(fs.readFileSync(path.join(SAMPLES_INVENTORY_DIR, name), 'utf8')) as Record<string, unknown>;
  change(data);
  const dir = tempDir('inventory');
  fs.writeFileSync(path.join(dir, name), JSON.stringify(data));
  return loadSamplesInventories(dir);
};

const A = 'catalogs/fleet.ts';
const R = 'catalogs/registries.ts';
const I = 'catalogs/images/patroni.ts';

/**
 * Each case breaks values so that, before the cross-field checks skipped failed values, a refinement
 * reading them reported a knock-on error as well (noted after `was:`). Now each broken value gets its
 * own message, and nothing else.
 */
describe('a value that fails its own check is its one message', () => {
  test.each<[string, () => unknown, Array<[string, string, RegExp]>]>([
    // was: also "at most 0 versions (retention)" at versions
    ['image retention 0', image({ retention: 0 }), [[I, 'retention', /^at least 1$/]]],
    // was: also "a version tag of this image in the scheme …" at tracking.latest
    ['image tracking tag that is empty', image({ tracking: { latest: '' } }), [[I, 'tracking.latest', /^at least 1 characters$/]]],
    // was: also "a tag of a version this image lists: " at tracking.stable
    ['image without versions, with a stable tag', image({ versions: [], tracking: { stable: '1.2.0' } }), [[I, 'versions', /^at least 1 entries$/]]],
    // was: also "a tag of a version this image lists: 1.1.0" at tracking.stable (the version makes no tag)
    [
      'image version with an empty variant list that the stable tag points at',
      image({ versions: [{ version: '1.1.0' }, { version: '1.2.0', variants: [] }], tracking: { stable: '1.2.0' } }),
      [[I, 'versions[1].variants', /^at least 1 entries$/]],
    ],
    // (held before, by a gate written for this one case) a bad semver plus too many versions and a tracking tag at it
    [
      'image version that is not semver, with too many versions and a tracking tag at it',
      image({ versions: [{ version: '1.0' }, { version: '1.1.0' }, { version: '1.2.0' }, { version: '1.3.0' }], tracking: { stable: '1.0' } }),
      [[I, 'versions[0].version', /^a semantic version/]],
    ],
    [
      'image variant with a bad version that a tracking tag points at',
      image({ versions: [{ version: '1.2.0', variants: [{ id: 'aws', version: '2' }] }], tracking: { stable: '1.2.0-aws2' } }),
      [[I, 'versions[0].variants[0].version', /^a semantic version/]],
    ],
    // was: also "a tag of this stream: " at latest
    ['tracked image without tags, with latest', builder({ tags: [] }), [['catalogs/builders/python.ts', 'tags', /^at least 1 entries$/]]],
    // was: also "exactly one build cluster" at clusters
    ['fleet without clusters', fleet({ clusters: [] }), [[A, 'clusters', /^at least 1 entries$/]]],
    // was: also "a build namespace other than the curated namespace" at curation.buildNamespace
    [
      'fleet curated namespace OpenShift owns, the build namespace equal to it',
      fleet({ curatedNamespace: 'openshift-images', curation: { ...SMALL_CURATION, buildNamespace: 'openshift-images' } }),
      [[A, 'curatedNamespace', /^a namespace of your own/]],
    ],
    // was: also "a unique cluster name" at clusters[2].name
    [
      'fleet with two clusters named after a dist/ folder',
      fleet({
        clusters: smallFleet().clusters.map((c, i) => (i === 0 ? c : { ...c, name: 'reports' })),
      }),
      [
        [A, 'clusters[1].name', /^a cluster name other than "argocd" and "reports"/],
        [A, 'clusters[2].name', /^a cluster name other than "argocd" and "reports"/],
      ],
    ],
    // was: also "a unique registry" at allowedRegistries[1]
    [
      'registry scope with a scheme, twice',
      registries({ allowedRegistries: ['https://quay.io', 'https://quay.io'] }),
      [
        [R, 'allowedRegistries[0]', /^a registry scope/],
        [R, 'allowedRegistries[1]', /^a registry scope/],
      ],
    ],
    // was: also "a registry scope …" for the same entry (its length check and its pattern check both failed)
    [
      'registry scope too long, with a scheme',
      registries({ blockedRegistries: [`https://${'a'.repeat(300)}.io`] }),
      [[R, 'blockedRegistries[0]', /^at most 256 characters$/]],
    ],
    [
      'mirror set whose invalid source repeats in another set',
      registries({
        imageDigestMirrors: [
          { source: 'https://quay.io/acme', mirrors: ['mirror.example.com/acme'] },
          { source: 'https://quay.io/acme', mirrors: ['mirror.example.com/acme2'] },
        ],
      }),
      [
        [R, 'imageDigestMirrors[0].source', /^a mirror source/],
        [R, 'imageDigestMirrors[1].source', /^a mirror source/],
      ],
    ],
    [
      'mirror set whose invalid source is also listed as a mirror',
      registries({ imageTagMirrors: [{ source: 'quay.io/Acme', mirrors: ['quay.io/Acme'] }] }),
      [
        [R, 'imageTagMirrors[0].source', /^a mirror source/],
        [R, 'imageTagMirrors[0].mirrors[0]', /^a mirror location/],
      ],
    ],
    [
      'pull secret names that are invalid and the same',
      registries({
        pullSecrets: {
          'quay.io': { secretName: 'Pull_Secret', provisionedOutOfBand: 'onboarding job' },
          'ghcr.io': { secretName: 'Pull_Secret', provisionedOutOfBand: 'onboarding job' },
        },
      }),
      [
        [R, 'pullSecrets["quay.io"].secretName', /^a DNS subdomain/],
        [R, 'pullSecrets["ghcr.io"].secretName', /^a DNS subdomain/],
      ],
    ],
    [
      'template memory request that is no quantity, above the limit',
      template({ resources: { requests: { cpu: '100m', memory: '4 GB' }, limits: { memory: '1Gi' } } }),
      [['catalogs/templates/jenkins.ts', 'resources.requests.memory', /^a Kubernetes quantity/]],
    ],
    [
      'kept sample names that are invalid and the same',
      samples({ keepImagestreams: ['Node.js', 'Node.js'] }),
      [
        ['catalogs/samples.ts', 'keepImagestreams[0]', /^a DNS subdomain/],
        ['catalogs/samples.ts', 'keepImagestreams[1]', /^a DNS subdomain/],
      ],
    ],
    [
      'validation actions with an unknown one beside Deny and Warn',
      admission({ validationActions: ['Deny', 'Warn', 'Block'] }),
      [['catalogs/admission.ts', 'validationActions[2]', /^one of "Deny", "Warn", "Audit"$/]],
    ],
    [
      'ICSP mirrors that are invalid, twice, and the source',
      icsp([{ source: 'quay.io/Acme', mirrors: ['quay.io/Acme', 'quay.io/Acme'] }]),
      [
        ['catalogs/icsp/a.yaml', 'spec.repositoryDigestMirrors[0].source', /^a source/],
        ['catalogs/icsp/a.yaml', 'spec.repositoryDigestMirrors[0].mirrors[0]', /^a mirror/],
        ['catalogs/icsp/a.yaml', 'spec.repositoryDigestMirrors[0].mirrors[1]', /^a mirror/],
      ],
    ],
    // was: also "the registries of every image stream, "" included" at imagestreamRegistries
    [
      'samples inventory image stream name that is empty',
      inventory((data) => ((data.imagestreams as string[])[0] = '')),
      [[expect.stringMatching(/\/ocp-[\w-]+\.json$/) as unknown as string, 'imagestreams[0]', /^at least 1 characters$/]],
    ],
  ])('fails on %s with one message per broken value', (_, load, expected) => {
    // GIVEN values broken in a way a cross-field check also reads WHEN the catalog loads
    const problems = catalogProblems(load);
    // THEN each broken value is named once, and nothing else is
    expect(problems.map((p) => [p.file, p.field])).toStrictEqual(expected.map(([file, field]) => [file, field]));
    problems.forEach((p, i) => expect(p.expected).toMatch(expected[i][2]));
  });
});

describe('independent mistakes', () => {
  test.each<[string, () => unknown, Array<[string, string, RegExp]>]>([
    // The retention check no longer aborts the image: the missing owner is reported too (was: retention only).
    [
      'image retention 0 and no owner',
      image({ retention: 0, owner: undefined }),
      [
        [I, 'retention', /^at least 1$/],
        [I, 'owner', /^the primary owner of the image/],
      ],
    ],
    [
      'image tracking tag that is empty, and too many versions',
      image({ versions: [{ version: '1.0.0' }, { version: '1.1.0' }, { version: '1.2.0' }, { version: '1.3.0' }], tracking: { latest: '' } }),
      [
        [I, 'tracking.latest', /^at least 1 characters$/],
        [I, 'versions', /^at most 3 versions \(retention\)$/],
      ],
    ],
    [
      'image version with an empty variant list, and a community image without champion',
      image({ versions: [{ version: '1.1.0' }, { version: '1.2.0', variants: [] }], community: true }),
      [
        [I, 'versions[1].variants', /^at least 1 entries$/],
        [I, 'champion', /^a champion on the platform team/],
      ],
    ],
    [
      'tracked image with an empty description, and a tag name repeated',
      builder({ description: '', tags: [smallBuilderImage().tags[0], smallBuilderImage().tags[0]] }),
      [
        ['catalogs/builders/python.ts', 'description', /^at least 1 characters$/],
        ['catalogs/builders/python.ts', 'tags[1].name', /^a unique tag name$/],
      ],
    ],
    [
      'fleet cluster named after a dist/ folder, and no build cluster',
      fleet({ clusters: smallFleet().clusters.map((c, i) => ({ ...c, role: 'consumer' as const, ...(i === 1 ? { name: 'argocd' } : {}) })) }),
      [
        [A, 'clusters[1].name', /^a cluster name other than/],
        [A, 'clusters', /^exactly one cluster with role 'build'/],
      ],
    ],
    [
      'fleet curated namespace OpenShift owns, and a cluster name repeated',
      fleet({ curatedNamespace: 'openshift-images', clusters: smallFleet().clusters.map((c, i) => (i === 2 ? { ...c, name: 'test' } : c)) }),
      [
        [A, 'curatedNamespace', /^a namespace of your own/],
        [A, 'clusters[2].name', /^a unique cluster name$/],
      ],
    ],
    [
      'registry scope with a scheme, and another scope repeated',
      registries({ allowedRegistries: ['https://quay.io', 'ghcr.io', 'ghcr.io'] }),
      [
        [R, 'allowedRegistries[0]', /^a registry scope/],
        [R, 'allowedRegistries[2]', /^a unique registry$/],
      ],
    ],
  ])('fails on %s with a message for each', (_, load, expected) => {
    // GIVEN two mistakes in values no check reads together WHEN the catalog loads
    const problems = catalogProblems(load);
    // THEN both are reported
    expect(problems.map((p) => [p.file, p.field])).toStrictEqual(expected.map(([file, field]) => [file, field]));
    problems.forEach((p, i) => expect(p.expected).toMatch(expected[i][2]));
  });
});

describe('a file that fails is the one message about it: cross-file checks skip it', () => {
  test('fails on a fleet cluster name that is invalid with one message, though five files refer to the cluster', () => {
    // GIVEN `prod` written as `Prod` in the fleet, and samples, registries, admission, an ICSP folder and a
    // tracked image (whose namespace check needs the fleet) that name or depend on it
    const clusters = smallFleet().clusters.map((c) => (c.name === 'prod' ? { ...c, name: 'Prod' } : c));
    const sources = imageSources({ patroni: smallImage() });
    sources.set(A, smallFleet({ clusters, curation: SMALL_CURATION }));
    sources.set('catalogs/samples.ts', { ...SMALL_SAMPLES, clusters: { prod: { managementState: 'Removed' } } });
    sources.set(R, { ...SMALL_REGISTRIES, clusters: { prod: { blockedRegistries: ['docker.io'] } } });
    sources.set('catalogs/admission.ts', { clusters: { prod: { validationActions: ['Warn'] } } });
    sources.set('catalogs/icsp/prod/a.yaml', {
      apiVersion: 'operator.openshift.io/v1alpha1',
      kind: 'ImageContentSourcePolicy',
      metadata: { name: 'a' },
      spec: { repositoryDigestMirrors: [{ source: 'quay.io/acme', mirrors: ['mirror.example.com/acme'] }] },
    });
    sources.set('catalogs/builders/python.ts', smallBuilderImage());
    // WHEN the catalog loads THEN only the name is reported, where it is wrong
    expect(catalogProblems(catalog(sources)).map((p) => [p.file, p.field])).toStrictEqual([[A, 'clusters[2].name']]);
  });

  test('fails on an image that a template runs with one message in the image file', () => {
    // GIVEN the curated Jenkins image the template runs, with retention 0
    const sources = templateSources({
      'catalogs/images/jenkins.ts': smallImage({ name: 'jenkins', versions: [{ version: '2.452.0' }], retention: 0 }),
    });
    // WHEN the catalog loads THEN the template is not also reported
    expect(catalogProblems(catalog(sources)).map((p) => [p.file, p.field])).toStrictEqual([['catalogs/images/jenkins.ts', 'retention']]);
  });

  test.each([
    ['images', (name: string, broken: boolean) => smallImage({ name, ...(broken ? { retention: 0 } : {}) })],
    ['templates', (name: string, broken: boolean) => smallJenkinsTemplate({ name, ...(broken ? { tags: [] } : {}) })],
  ])('fails on a file of %s that fails, and a second file of the same name, with one message', (folder, make) => {
    // GIVEN two files defining the same name, the first broken
    const sources = templateSources({ [`catalogs/${folder}/a.ts`]: make('jenkins', true), [`catalogs/${folder}/b.ts`]: make('jenkins', false) });
    if (folder === 'images') sources.delete('catalogs/images/jenkins.ts');
    // WHEN the catalog loads THEN the first file's mistake is reported, not "already defined" in the second
    expect(catalogProblems(catalog(sources)).map((p) => p.file)).toStrictEqual([`catalogs/${folder}/a.ts`]);
  });
});

/** Every zod schema reachable from `root`, each once. */
function schemasIn(root: unknown, seen = new Set<z.ZodType>()): Set<z.ZodType> {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    if (!('_zod' in value)) {
      // An object's shape: its fields.
      if (Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach(visit);
      return;
    }
    const schema = value as z.ZodType;
    if (seen.has(schema)) return;
    seen.add(schema);
    const def = schema._zod.def as unknown as Record<string, unknown>;
    for (const key of Object.keys(def)) if (key !== 'checks' && key !== 'error') visit(def[key]);
    if (def.type === 'object') visit((def as { shape: unknown }).shape);
  };
  visit(root);
  return seen;
}

const CONTAINERS = new Set(['object', 'array', 'record', 'tuple', 'map', 'set', 'intersection', 'union']);

/** The refinements of objects, arrays and records among `schemas` that are not `crossField` checks. */
function plainContainerRefinements(schemas: Iterable<z.ZodType>): string[] {
  const found: string[] = [];
  for (const schema of schemas) {
    const def = schema._zod.def;
    if (!CONTAINERS.has(def.type)) continue;
    for (const check of def.checks ?? []) {
      if (check._zod.def.check === 'custom' && !isCrossFieldCheck(check))
        found.push(`${def.type} with keys ${Object.keys(schema._zod.def).join(',')}`);
    }
  }
  return found;
}

describe('every refinement of an object, array or record is a crossField check (src/model/_schema.ts)', () => {
  const exported = Object.values(model).filter((v) => typeof v === 'object' && v !== null && '_zod' in v) as z.ZodType[];
  const all = schemasIn(exported);

  test('walks every catalog schema and the refinements in it', () => {
    // GIVEN the schemas src/model exports (the catalog files' and the samples inventory's)
    for (const schema of [model.fleetSchema, model.registriesSchema, model.samplesSchema, model.imageSchema, model.builderImageSchema]) {
      expect(all.has(schema)).toBe(true);
    }
    for (const schema of [
      model.jenkinsTemplateSchema,
      model.productionAdmissionSchema,
      model.imageContentSourcePolicySchema,
      model.samplesInventoryFileSchema,
    ]) {
      expect(all.has(schema)).toBe(true);
    }
    // THEN the walk reaches the refinements nested in lists and records too (mirror rules, pull secrets):
    // 37 when this was written (29 calls of crossField, one of them in uniqueList, which 9 lists use)
    const crossFieldChecks = new Set([...all].flatMap((s) => (s._zod.def.checks ?? []).filter((c) => isCrossFieldCheck(c))));
    expect(crossFieldChecks.size).toBeGreaterThanOrEqual(37);
  });

  test('finds no refinement of a container that could run on a value that failed', () => {
    expect(plainContainerRefinements(all)).toStrictEqual([]);
  });

  test('fails a plain superRefine on an object (the walk itself)', () => {
    // GIVEN a refinement added the old way, inside a list
    const schema = z.array(z.strictObject({ a: z.number() }).superRefine(() => undefined));
    // THEN it is found
    expect(plainContainerRefinements(schemasIn(schema))).toHaveLength(1);
  });
});

describe('crossField', () => {
  // GIVEN b must not exceed a, read by a check that reads both, and a check about c that reads c only
  const schema = z.strictObject({ a: z.number().min(0), b: z.number().max(10), c: z.array(z.string().min(1)) }).check(
    crossField([['a'], ['b']], (v, ctx) => {
      if (v.b > v.a) ctx.addIssue({ code: 'custom', path: ['b'], message: 'b above a' });
    }),
    crossField([['c', '*']], (v, ctx) => {
      if (v.c.length > 1) ctx.addIssue({ code: 'custom', path: ['c'], message: 'one c at most' });
    }),
    crossField([['b']], (v, ctx) => {
      if (v.b === 5) ctx.addIssue({ code: 'custom', path: ['b'], message: 'b is 5' });
    }),
  );
  const messages = (value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  test('fails on a value read with its own message only', () => {
    expect(messages({ a: -1, b: 3, c: [] })).toStrictEqual(['a: Too small: expected number to be >=0']);
    expect(messages({ a: 1, b: 3, c: ['x', ''] })).toStrictEqual(['c.1: Too small: expected string to have >=1 characters', 'b: b above a']);
  });

  test('fails on independent values with a message each, the findings of other checks not counting as failures', () => {
    // b above a, and b 5: the second check reads b, which failed no check of its own
    expect(messages({ a: 1, b: 5, c: [] })).toStrictEqual(['b: b above a', 'b: b is 5']);
    // an unknown key is no failure of a value read
    expect(messages({ a: 1, b: 3, c: [], d: 1 })).toStrictEqual([': Unrecognized key: "d"', 'b: b above a']);
  });

  test('fails on an aborting issue anywhere with that issue only, as zod does without crossField', () => {
    expect(messages({ a: 1, b: 3, c: 'x' })).toStrictEqual(['c: Invalid input: expected array, received string']);
  });
});
