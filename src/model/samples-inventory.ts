import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { crossField, matching } from './_schema';
import { CatalogError, type CatalogProblem, problemsFromZod } from './catalog-error';
import { ARCHITECTURES, type Architecture } from './fleet';

const PROJECT_ROOT = path.resolve(__dirname, '../..');

/**
 * One file per Samples Operator inventory: the image streams and templates the operator installs in
 * the `openshift` namespace for the OpenShift releases it names, on one CPU architecture.
 * Supporting a new release is adding its release to a file or adding a file.
 */
export const SAMPLES_INVENTORY_DIR = path.join(PROJECT_ROOT, 'upstream/openshift/samples-inventory/releases');

const sampleName = z.string().min(1);

export const samplesInventoryFileSchema = z
  .strictObject({
    /** OpenShift releases (major.minor) whose Samples Operator ships exactly this inventory. */
    openshiftReleases: z.array(matching(/^\d+\.\d+$/, 'an OpenShift release as major.minor, e.g. "4.23"', () => 'write major.minor only')).min(1),
    /** The architecture whose asset folder the names come from (`assets/operator/ocp-<architecture>`). */
    architecture: z.enum(ARCHITECTURES),
    /** `<repository>@<commit> <path>` the names were read from. */
    source: z.string().min(1),
    /** Why the data applies to the releases listed. */
    provenance: z.string().min(1),
    imagestreams: z.array(sampleName).min(1),
    templates: z.array(sampleName),
    /** Image stream → the registry hosts its tags import from while `samplesRegistry` is unset. */
    imagestreamRegistries: z.record(sampleName, z.array(z.string().min(1)).min(1)),
  })
  .check(
    crossField([['imagestreams'], ['imagestreamRegistries']], (inventory, ctx) => {
      for (const name of inventory.imagestreams) {
        if (Object.hasOwn(inventory.imagestreamRegistries, name)) continue;
        const expected = `the registries of every image stream, "${name}" included`;
        ctx.addIssue({
          code: 'custom',
          path: ['imagestreamRegistries'],
          message: expected,
          input: Object.keys(inventory.imagestreamRegistries),
          params: { expected, fix: `add "${name}": the hosts of its spec.tags[].from.name in the operator's assets` },
        });
      }
    }),
  );

export interface SamplesInventory {
  /** The data file, relative to the project root. */
  readonly file: string;
  readonly openshiftReleases: readonly string[];
  readonly architecture: Architecture;
  readonly source: string;
  readonly imagestreams: readonly string[];
  readonly templates: readonly string[];
  /** Image stream → the registry hosts its tags import from while `samplesRegistry` is unset. */
  readonly imagestreamRegistries: Readonly<Record<string, readonly string[]>>;
}

/** Reads every `*.json` inventory in `dir`; a malformed file or a release claimed twice is a `CatalogError`. */
export function loadSamplesInventories(dir: string = SAMPLES_INVENTORY_DIR): SamplesInventory[] {
  const problems: CatalogProblem[] = [];
  const inventories: SamplesInventory[] = [];
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const name of files) {
    const file = toPosix(path.relative(PROJECT_ROOT, path.join(dir, name)));
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    } catch (error) {
      problems.push({ file, field: '', expected: 'a JSON document', received: (error as Error).message, fix: 'fix the JSON syntax' });
      continue;
    }
    const result = samplesInventoryFileSchema.safeParse(data, { reportInput: true });
    if (!result.success) {
      problems.push(...problemsFromZod(file, result.error));
      continue;
    }
    const { openshiftReleases, architecture, source, imagestreams, templates, imagestreamRegistries } = result.data;
    inventories.push({ file, openshiftReleases, architecture, source, imagestreams, templates, imagestreamRegistries });
  }
  for (const [index, inventory] of inventories.entries()) {
    for (const release of inventory.openshiftReleases) {
      const earlier = inventories.slice(0, index).find((i) => i.architecture === inventory.architecture && i.openshiftReleases.includes(release));
      if (earlier) {
        problems.push({
          file: inventory.file,
          field: 'openshiftReleases',
          expected: `one inventory per OpenShift release and architecture`,
          received: `"${release}" on ${inventory.architecture}, already in ${earlier.file}`,
          fix: `remove "${release}" from one of the two files`,
        });
      }
    }
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return inventories;
}

let bundled: SamplesInventory[] | undefined;

/** The inventories in `upstream/`, read once per process. */
export function bundledSamplesInventories(): SamplesInventory[] {
  bundled ??= loadSamplesInventories();
  return bundled;
}

/** `4.23` for `4.23` and `4.23.5`: the Samples Operator inventory changes with the minor release. */
export function openshiftRelease(openshiftVersion: string): string {
  return openshiftVersion.split('.').slice(0, 2).join('.');
}

export function findSamplesInventory(
  inventories: readonly SamplesInventory[],
  openshiftVersion: string,
  architecture: Architecture,
): SamplesInventory | undefined {
  const release = openshiftRelease(openshiftVersion);
  return inventories.find((i) => i.architecture === architecture && i.openshiftReleases.includes(release));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
