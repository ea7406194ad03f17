import { isDeepStrictEqual } from 'node:util';
import { type z } from 'zod';
import { contentKey, type TextMemo } from '../shared';
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
import { admissionCrossFileProblems, type ProductionAdmission, productionAdmissionSchema } from './admission';

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
  /** `admission.ts`: what production namespaces may run, and the curated images' signature; absent when the file is. */
  readonly admission?: ProductionAdmission;
  readonly admissionFile: string;
}

/**
 * Validates every catalog file; throws one `CatalogError` listing every problem found. With `memo`,
 * a file whose value an earlier run checked and parsed (`LoadMemo`) is not checked and parsed again.
 */
export function parseCatalog(
  root: string,
  sources: CatalogSources,
  samplesInventories: readonly SamplesInventory[] = bundledSamplesInventories(),
  memo?: TextMemo,
): Catalog {
  const kept = memo && loadMemo(memo);
  // Reserved keys and credentials first: they make the rest of a file's messages meaningless.
  const sourceLevel = [...sources].flatMap(([file, value]) => checkedSource(file, value, kept));
  if (sourceLevel.length > 0) throw new CatalogError(sourceLevel);
  const problems: CatalogProblem[] = [];
  const fleetFile = `${root}/fleet.ts`;
  const registriesFile = `${root}/registries.ts`;
  const samplesFile = `${root}/samples.ts`;
  const admissionFile = `${root}/admission.ts`;
  const imageFiles = folderFiles(root, IMAGES_FOLDER, sources);
  const templateFiles = folderFiles(root, TEMPLATES_FOLDER, sources);
  const builderFiles = folderFiles(root, BUILDERS_FOLDER, sources);
  const known = new Set<string>([
    fleetFile,
    registriesFile,
    samplesFile,
    admissionFile,
    ...icspFiles(root, sources),
    ...templateFiles,
    ...builderFiles,
  ]);

  const fleet = parseFile(sources, fleetFile, fleetSchema, problems, 'defineFleet({ clusters: [...], gitops: {...} })', kept);
  const registries = parseFile(sources, registriesFile, registriesSchema, problems, 'defineRegistries({ distribution: {...} })', kept);
  const samples = parseFile(sources, samplesFile, samplesSchema, problems, 'defineSamples({ keepImagestreams: [...], keepTemplates: [...] })', kept);
  if (fleet && samples) problems.push(...samplesProblems(samples, samplesFile, fleet, fleetFile, samplesInventories));
  const images = collect(
    resolveImages(
      parseFiles(sources, imageFiles, imageSchema, problems, "defineImage({ name: '...', owner: '...', versions: [...] })", kept),
      fleet,
      fleetFile,
    ),
    problems,
  ).images;
  const imageContentSourcePolicies = parseIcspFiles(root, sources, problems);
  if (fleet && registries) problems.push(...registriesCrossFileProblems(fleet, registries, registriesFile, imageContentSourcePolicies));
  const admission = sources.has(admissionFile)
    ? parseValue(
        admissionFile,
        sources.get(admissionFile),
        productionAdmissionSchema,
        problems,
        "defineProductionAdmission({ validationActions: ['Deny'] })",
        kept,
      )
    : undefined;
  if (fleet && admission) problems.push(...admissionCrossFileProblems(fleet, fleetFile, admission, admissionFile));
  const templates = collect(
    resolveTemplates(
      parseFiles(sources, templateFiles, jenkinsTemplateSchema, problems, 'defineJenkinsTemplate({ name: ..., ... })', kept),
      fleet?.curatedNamespace ?? '',
    ),
    problems,
  ).templates;
  const builderImages = collect(
    resolveBuilderImages(
      parseFiles(sources, builderFiles, builderImageSchema, problems, "defineBuilderImage({ name: '...', owner: '...', tags: [...] })", kept),
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
    admission,
    admissionFile,
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
  memo?: LoadMemo,
): Array<{ file: string; value: z.output<S> | undefined }> {
  return files.map((file) => ({ file, value: parseValue(file, sources.get(file), schema, problems, example, memo) }));
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
  memo?: LoadMemo,
): z.output<S> | undefined {
  if (!sources.has(file)) {
    problems.push({ file, field: '', expected: `the file to exist and export default ${example}`, received: 'no such file', fix: `create ${file}` });
    return undefined;
  }
  return parseValue(file, sources.get(file), schema, problems, example, memo);
}

/** Parses one value with its schema, collecting problems instead of throwing. */
export function parseValue<S extends z.ZodType>(
  file: string,
  value: unknown,
  schema: S,
  problems: CatalogProblem[],
  example: string,
  memo?: LoadMemo,
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
  // The schema's example names it: one key per schema and value.
  const key = memo?.keyOf(value);
  const memoKey = key === undefined ? undefined : `catalog/parse\0${example}\0${key}`;
  const kept = memoKey === undefined ? undefined : memo!.memo.get(memoKey);
  if (kept !== undefined) return JSON.parse(kept) as z.output<S>;
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    problems.push(...problemsFromZod(file, result.error));
    return undefined;
  }
  if (memoKey !== undefined) {
    // Kept only where JSON gives the very output back (no undefined, no class instance, no lost number).
    const text = JSON.stringify(result.data);
    if (isDeepStrictEqual(JSON.parse(text), result.data)) memo!.memo.set(memoKey, text);
  }
  return result.data;
}

/**
 * A catalog load's memo: each file's source check and parse by its value as JSON, where the value is
 * plain data (`contentKey`: equal keys, equal data; the check and the parse read nothing else).
 */
export interface LoadMemo {
  readonly memo: TextMemo;
  readonly keyOf: (value: unknown) => string | undefined;
}

export function loadMemo(memo: TextMemo): LoadMemo {
  const keys = new Map<unknown, string | undefined>();
  return {
    memo,
    keyOf: (value) => {
      if (typeof value !== 'object' || value === null) return undefined;
      if (!keys.has(value)) keys.set(value, contentKey(value));
      return keys.get(value);
    },
  };
}

/** `sourceProblems`, skipped for a value an earlier run found clean. */
function checkedSource(file: string, value: unknown, memo?: LoadMemo): CatalogProblem[] {
  const key = memo?.keyOf(value);
  const memoKey = key === undefined ? undefined : `catalog/source-clean\0${key}`;
  if (memoKey !== undefined && memo!.memo.get(memoKey) !== undefined) return [];
  const problems = sourceProblems(file, value);
  if (memoKey !== undefined && problems.length === 0) memo!.memo.set(memoKey, '');
  return problems;
}

/** A problem for a value that is wrong in the context of the whole catalog (cross-file rules). */
export function crossFileProblem(file: string, field: string, expected: string, received: unknown, fix: string): CatalogProblem {
  return { file, field, expected, received: typeof received === 'string' ? received : describeValue(received), fix };
}
