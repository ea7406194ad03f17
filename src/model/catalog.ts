import { z } from 'zod';
import { CatalogError, CatalogProblem, describeValue, problemsFromZod } from './catalog-error';
import { Fleet, fleetSchema } from './fleet';
import { CuratedImage, imageSchema, isImageFile, resolveImages } from './images';
import { Samples, samplesProblems, samplesSchema } from './samples';
import { bundledSamplesInventories, SamplesInventory } from './samples-inventory';
import type { LegacyMirrorPolicy } from './image-content-source-policy';
import { Registries, registriesSchema } from './registries';
import { icspFiles, parseIcspFiles, registriesCrossFileProblems } from './_registries-catalog';
import { CatalogTemplate, parseTemplates } from './templates';
import { sourceProblems } from './_source-checks';
import { BuilderImage, builderImageSchema, isBuilderImageFile, resolveBuilderImages } from './builder-images';

/**
 * What the catalog folder holds, before validation: each file's default export (TypeScript files)
 * or parsed document (YAML files), keyed by its path relative to the working directory.
 */
export type CatalogSources = ReadonlyMap<string, unknown>;

/** The validated, normalized catalog. Every part remembers the file it came from. */
export interface Catalog {
  /** The catalog folder as given, e.g. `catalogs`. */
  readonly root: string;
  readonly fleet: Fleet;
  readonly fleetFile: string;
  readonly registries: Registries;
  readonly registriesFile: string;
  /** The `openshift` namespace: Samples Operator settings and keep-lists. */
  readonly samples: Samples;
  readonly samplesFile: string;
  /** Samples Operator inventories per OpenShift release (OpenShift data from `upstream/`, not catalog data). */
  readonly samplesInventories: readonly SamplesInventory[];
  /** One per file in `images/`, in file order; each remembers its `file`. */
  readonly images: readonly CuratedImage[];
  /** Legacy `ImageContentSourcePolicy` files under `icsp/`, converted to ImageDigestMirrorSets. */
  readonly imageContentSourcePolicies: readonly LegacyMirrorPolicy[];
  /** One per `catalogs/templates/*.ts`, in file order. */
  readonly templates: readonly CatalogTemplate[];
  /** One per `catalogs/builders/*.ts`, in file order: images tracked from upstream, not built. */
  readonly builderImages: readonly BuilderImage[];
}

/** Validates every catalog file; throws one `CatalogError` listing every problem found. */
export function parseCatalog(root: string, sources: CatalogSources, samplesInventories: readonly SamplesInventory[] = bundledSamplesInventories()): Catalog {
  // Reserved keys and credentials first: they make the rest of a file's messages meaningless.
  const sourceLevel = [...sources].flatMap(([file, value]) => sourceProblems(file, value));
  if (sourceLevel.length > 0) throw new CatalogError(sourceLevel);
  const problems: CatalogProblem[] = [];
  const fleetFile = `${root}/fleet.ts`;
  const registriesFile = `${root}/registries.ts`;
  const samplesFile = `${root}/samples.ts`;
  const known = new Set<string>([fleetFile, registriesFile, samplesFile, ...icspFiles(root, sources)]);

  const fleet = parseFile(sources, fleetFile, fleetSchema, problems, 'defineFleet({ clusters: [...], gitops: {...} })');
  const registries = parseFile(sources, registriesFile, registriesSchema, problems, 'defineRegistries({ distribution: {...} })');
  const samples = parseFile(sources, samplesFile, samplesSchema, problems, 'defineSamples({ keepImagestreams: [...], keepTemplates: [...] })');
  if (fleet && samples) problems.push(...samplesProblems(samples, samplesFile, fleet, fleetFile, samplesInventories));
  const imageFiles = [...sources.keys()].filter((file) => isImageFile(root, file)).sort();
  const resolved = resolveImages(
    imageFiles.map((file) => ({ file, image: parseValue(file, sources.get(file), imageSchema, problems, "defineImage({ name: '...', owner: '...', versions: [...] })") })),
    fleet,
    fleetFile,
  );
  const images = resolved.images;
  problems.push(...resolved.problems);
  const imageContentSourcePolicies = parseIcspFiles(root, sources, problems);
  if (fleet && registries) problems.push(...registriesCrossFileProblems(fleet, registries, registriesFile, imageContentSourcePolicies));
  const templates = parseTemplates(root, sources, fleet?.curatedNamespace ?? '', known, problems);
  const builderFiles = [...sources.keys()].filter((file) => isBuilderImageFile(root, file)).sort();
  builderFiles.forEach((file) => known.add(file));
  const builderImages = resolveBuilderImages(
    builderFiles.map((file) => ({ file, image: parseValue(file, sources.get(file), builderImageSchema, problems, "defineBuilderImage({ name: '...', owner: '...', tags: [...] })") })),
    fleet,
    fleetFile,
    problems,
  );

  for (const file of [...sources.keys()].sort()) {
    if (!known.has(file) && !isImageFile(root, file)) {
      problems.push({
        file,
        field: '',
        expected: `a known catalog file: ${[...known].sort().join(', ')}, or ${root}/images/<image>.ts`,
        received: 'a file the compiler does not read',
        fix: 'move or rename the file to one of the expected names, or delete it',
      });
    }
  }

  if (problems.length > 0 || fleet === undefined || registries === undefined || samples === undefined) throw new CatalogError(problems);
  return { root, fleet, fleetFile, registries, registriesFile, samples, samplesFile, samplesInventories, images, imageContentSourcePolicies, templates, builderImages };
}

/** Parses one required catalog file with its schema, collecting problems instead of throwing. */
export function parseFile<S extends z.ZodType>(
  sources: CatalogSources,
  file: string,
  schema: S,
  problems: CatalogProblem[],
  example: string,
): z.output<S> | undefined {
  if (!sources.has(file)) {
    problems.push({ file, field: '', expected: `the file to exist and export default ${example}`, received: 'no such file', fix: `create ${file}` });
    return undefined;
  }
  return parseValue(file, sources.get(file), schema, problems, example);
}

/** Parses one value with its schema, collecting problems instead of throwing. */
export function parseValue<S extends z.ZodType>(
  file: string,
  value: unknown,
  schema: S,
  problems: CatalogProblem[],
  example: string,
): z.output<S> | undefined {
  if (value === undefined) {
    problems.push({ file, field: '', expected: `export default ${example}`, received: 'no default export', fix: 'add `export default` before the definition' });
    return undefined;
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    problems.push(...problemsFromZod(file, result.error));
    return undefined;
  }
  return result.data;
}

/** A problem for a value that is wrong in the context of the whole catalog (cross-file rules). */
export function crossFileProblem(file: string, field: string, expected: string, received: unknown, fix: string): CatalogProblem {
  return { file, field, expected, received: typeof received === 'string' ? received : describeValue(received), fix };
}
