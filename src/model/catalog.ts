import { type z } from 'zod';
import { didYouMean } from './_closest';
import { CatalogError, type CatalogProblem, describeValue, problemsFromZod } from './catalog-error';
import { type Fleet, fleetSchema } from './fleet';
import { type CuratedImage, IMAGES_FOLDER, imageSchema, resolveImages } from './images';
import { type Samples, samplesProblems, samplesSchema } from './samples';
import { bundledSamplesInventories, type SamplesInventory } from './samples-inventory';
import type { LegacyMirrorPolicy } from './image-content-source-policy';
import { type Registries, registriesSchema } from './registries';
import { icspFiles, parseIcspFiles, registriesCrossFileProblems } from './_registries-catalog';
import { type CatalogTemplate, jenkinsTemplateSchema, resolveTemplates, TEMPLATES_FOLDER } from './templates';
import { sourceProblems } from './_source-checks';
import { BUILDERS_FOLDER, type BuilderImage, builderImageSchema, resolveBuilderImages } from './builder-images';

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
export function parseCatalog(
  root: string,
  sources: CatalogSources,
  samplesInventories: readonly SamplesInventory[] = bundledSamplesInventories(),
): Catalog {
  // Reserved keys and credentials first: they make the rest of a file's messages meaningless.
  const sourceLevel = [...sources].flatMap(([file, value]) => sourceProblems(file, value));
  if (sourceLevel.length > 0) throw new CatalogError(sourceLevel);
  const problems: CatalogProblem[] = [];
  const fleetFile = `${root}/fleet.ts`;
  const registriesFile = `${root}/registries.ts`;
  const samplesFile = `${root}/samples.ts`;
  const imageFiles = folderFiles(root, IMAGES_FOLDER, sources);
  const templateFiles = folderFiles(root, TEMPLATES_FOLDER, sources);
  const builderFiles = folderFiles(root, BUILDERS_FOLDER, sources);
  const known = new Set<string>([fleetFile, registriesFile, samplesFile, ...icspFiles(root, sources), ...templateFiles, ...builderFiles]);

  const fleet = parseFile(sources, fleetFile, fleetSchema, problems, 'defineFleet({ clusters: [...], gitops: {...} })');
  const registries = parseFile(sources, registriesFile, registriesSchema, problems, 'defineRegistries({ distribution: {...} })');
  const samples = parseFile(sources, samplesFile, samplesSchema, problems, 'defineSamples({ keepImagestreams: [...], keepTemplates: [...] })');
  if (fleet && samples) problems.push(...samplesProblems(samples, samplesFile, fleet, fleetFile, samplesInventories));
  const images = collect(
    resolveImages(
      parseFiles(sources, imageFiles, imageSchema, problems, "defineImage({ name: '...', owner: '...', versions: [...] })"),
      fleet,
      fleetFile,
    ),
    problems,
  ).images;
  const imageContentSourcePolicies = parseIcspFiles(root, sources, problems);
  if (fleet && registries) problems.push(...registriesCrossFileProblems(fleet, registries, registriesFile, imageContentSourcePolicies));
  const templates = collect(
    resolveTemplates(
      parseFiles(sources, templateFiles, jenkinsTemplateSchema, problems, 'defineJenkinsTemplate({ name: ..., ... })'),
      fleet?.curatedNamespace ?? '',
    ),
    problems,
  ).templates;
  const builderImages = collect(
    resolveBuilderImages(
      parseFiles(sources, builderFiles, builderImageSchema, problems, "defineBuilderImage({ name: '...', owner: '...', tags: [...] })"),
      fleet,
      fleetFile,
    ),
    problems,
  ).images;

  for (const file of [...sources.keys()].sort()) {
    if (!known.has(file) && !imageFiles.includes(file)) {
      problems.push({
        file,
        field: '',
        expected: `a known catalog file: ${[...known].sort().join(', ')}, or ${root}/${IMAGES_FOLDER}/<image>.ts`,
        received: 'a file the compiler does not read',
        fix: didYouMean(
          file.slice(file.lastIndexOf('/') + 1),
          siblings(known, file),
          'move or rename the file to one of the expected names, or delete it',
        ),
      });
    }
  }

  if (problems.length > 0 || fleet === undefined || registries === undefined || samples === undefined) throw new CatalogError(problems);
  return {
    root,
    fleet,
    fleetFile,
    registries,
    registriesFile,
    samples,
    samplesFile,
    samplesInventories,
    images,
    imageContentSourcePolicies,
    templates,
    builderImages,
  };
}

/** `<root>/<folder>/<name>.ts`: the files of a folder with one definition each, directly in it, in name order. */
function folderFiles(root: string, folder: string, sources: CatalogSources): string[] {
  const prefix = `${root}/${folder}/`;
  return [...sources.keys()].filter((file) => file.startsWith(prefix) && /^[^/]+\.ts$/.test(file.slice(prefix.length))).sort();
}

/** Parses each file of a folder with its schema; cross-file resolution gets the files that failed too. */
function parseFiles<S extends z.ZodType>(
  sources: CatalogSources,
  files: readonly string[],
  schema: S,
  problems: CatalogProblem[],
  example: string,
): Array<{ file: string; value: z.output<S> | undefined }> {
  return files.map((file) => ({ file, value: parseValue(file, sources.get(file), schema, problems, example) }));
}

/** Adds a resolution's problems to the catalog's, in order. */
function collect<R extends { readonly problems: readonly CatalogProblem[] }>(resolution: R, problems: CatalogProblem[]): R {
  problems.push(...resolution.problems);
  return resolution;
}

/** The names of the known files in the folder of `file`, which a misspelt file name is compared with. */
function siblings(known: ReadonlySet<string>, file: string): string[] {
  const folder = file.slice(0, file.lastIndexOf('/') + 1);
  return [...known].filter((k) => k.startsWith(folder) && !k.slice(folder.length).includes('/')).map((k) => k.slice(folder.length));
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
    problems.push({
      file,
      field: '',
      expected: `export default ${example}`,
      received: 'no default export',
      fix: 'add `export default` before the definition',
    });
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
