import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BuilderImageInput, CatalogError, type CatalogProblem, type FleetInput, type ImageInput, type SamplesInput } from '../../src/model';

/** A small valid fleet: one lab cluster and two consumers, one of them production. */
export function smallFleet(overrides: Partial<FleetInput> = {}): FleetInput {
  return {
    gitops: { repoURL: 'https://git.example.com/platform/images.git' },
    clusters: [
      { name: 'lab', openshiftVersion: '4.23', role: 'build', environment: 'lab', destination: { server: 'https://api.lab.example.com:6443' } },
      { name: 'test', openshiftVersion: '4.23', role: 'consumer', environment: 'test', destination: { server: 'https://api.test.example.com:6443' } },
      { name: 'prod', openshiftVersion: '4.23', role: 'consumer', environment: 'prod', destination: { name: 'prod' } },
    ],
    ...overrides,
  };
}

export const SMALL_REGISTRIES = { distribution: { registry: 'artifacts.example.com', repository: 'platform-images' } };

/** Samples settings that keep two image streams and one template of the OpenShift 4.23 inventory. */
export const SMALL_SAMPLES: SamplesInput = { keepImagestreams: ['nodejs', 'python'], keepTemplates: ['nginx-example'] };

/** Samples switched off: for tests about other areas that must not see the samples registry. */
export const SAMPLES_REMOVED: SamplesInput = { managementState: 'Removed', keepImagestreams: [], keepTemplates: [] };

/** The sources of a minimal valid catalog, for `parseCatalog('catalogs', …)`. */
export function smallSources(extra: Record<string, unknown> = {}): Map<string, unknown> {
  return new Map<string, unknown>([
    ['catalogs/fleet.ts', smallFleet()],
    ['catalogs/registries.ts', SMALL_REGISTRIES],
    ['catalogs/samples.ts', SMALL_SAMPLES],
    ...Object.entries(extra),
  ]);
}

/** The files of a minimal valid catalog folder for `workspace()`, e.g. `catalogFiles('catalogs', { 'fleet.ts': … })`. */
export function catalogFiles(folder: string, overrides: Record<string, unknown> = {}): Record<string, object> {
  const files: Record<string, unknown> = { 'fleet.ts': smallFleet(), 'registries.ts': SMALL_REGISTRIES, 'samples.ts': SMALL_SAMPLES, ...overrides };
  return Object.fromEntries(Object.entries(files).map(([file, value]) => [`${folder}/${file}`, value as object]));
}

/** Fleet-wide settings of curated images, for `smallFleet({ curation: SMALL_CURATION })`. */
export const SMALL_CURATION = { buildNamespace: 'platform-tools', annotationDomain: 'images.example.com' };

/** A small valid curated image (catalogs/images/patroni.ts). */
export function smallImage(overrides: Partial<ImageInput> = {}): ImageInput {
  return {
    name: 'patroni',
    owner: 'team-data',
    description: 'Highly available PostgreSQL.',
    source: 'https://git.example.com/images/patroni',
    rebuildSchedule: '0 3 * * 1',
    display: { displayName: 'Patroni', iconClass: 'icon-postgresql', tags: ['postgresql', 'database'] },
    versions: [{ version: '1.1.0' }, { version: '1.2.0' }],
    ...overrides,
  };
}

/** The sources of a minimal valid catalog with curated images, keyed `catalogs/images/<key>.ts`. */
export function imageSources(images: Record<string, unknown>): Map<string, unknown> {
  return new Map<string, unknown>([
    ['catalogs/fleet.ts', smallFleet({ curation: SMALL_CURATION })],
    ['catalogs/registries.ts', SMALL_REGISTRIES],
    ['catalogs/samples.ts', SMALL_SAMPLES],
    ...Object.entries(images).map(([name, image]): [string, unknown] => [`catalogs/images/${name}.ts`, image]),
  ]);
}

/** A scratch project folder: `catalogs/` written from `files` (path → module source or object), and an empty `dist/` location. */
export interface Workspace {
  readonly root: string;
  readonly catalogDir: string;
  readonly distDir: string;
  write(relativePath: string, content: string | object): void;
}

const tempDirs: string[] = [];

/** A new folder in the temp folder, deleted after the tests of the file that made it. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

// Jest loads this module afresh for each test file, so each file deletes the folders it made.
afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A scratch project in a `tempDir()`, deleted after the test file. */
export function workspace(files: Record<string, string | object> = {}): Workspace {
  const root = tempDir('ocp-image-catalog-');
  const ws: Workspace = {
    root,
    catalogDir: path.join(root, 'catalogs'),
    distDir: path.join(root, 'dist'),
    write(relativePath, content) {
      const target = path.join(root, relativePath);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, typeof content === 'string' ? content : moduleSource(content));
    },
  };
  for (const [file, content] of Object.entries(files)) ws.write(file, content);
  return ws;
}

/** A catalog module exporting `value` as its default export. */
export function moduleSource(value: object): string {
  return `export default ${JSON.stringify(value, null, 2)};\n`;
}

/** Every file under `dir` with its bytes and modification time. */
export function snapshot(dir: string): Map<string, { content: string; mtimeMs: number; ino: number }> {
  const out = new Map<string, { content: string; mtimeMs: number; ino: number }>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else {
        const stat = fs.statSync(path.join(dir, child));
        out.set(child, { content: fs.readFileSync(path.join(dir, child), 'utf8'), mtimeMs: stat.mtimeMs, ino: stat.ino });
      }
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/** Runs the CLI in-process with its output captured. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), color: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A small valid Jenkins template setting (ephemeral, no CPU limit), for `catalogs/templates/<name>.ts`. */
export function smallJenkinsTemplate(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'jenkins',
    displayName: 'Jenkins',
    description: 'Jenkins for tests.',
    tags: ['jenkins'],
    providerDisplayName: 'Platform team',
    imageStreamTag: 'jenkins:2.452.0',
    agentImageStreamTag: 'jenkins-agent-base:2.452.0',
    resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    ...overrides,
  };
}

/** A catalog with templates: the curated Jenkins image the templates run is part of it. */
export function templateSources(extra: Record<string, unknown> = {}): Map<string, unknown> {
  return smallSources({
    ...Object.fromEntries(
      Object.entries(templateCatalogFiles('catalogs')).filter(([file]) => !file.endsWith('/registries.ts') && !file.endsWith('/samples.ts')),
    ),
    ...extra,
  });
}

/** `catalogFiles()` plus fleet curation and the curated Jenkins and agent images, for `workspace()`. */
export function templateCatalogFiles(folder: string, overrides: Record<string, unknown> = {}): Record<string, object> {
  return catalogFiles(folder, {
    'fleet.ts': smallFleet({ curation: SMALL_CURATION }),
    'images/jenkins.ts': smallImage({ name: 'jenkins', display: { displayName: 'Jenkins', tags: ['jenkins'] }, versions: [{ version: '2.452.0' }] }),
    'images/jenkins-agent-base.ts': smallImage({
      name: 'jenkins-agent-base',
      display: { displayName: 'Jenkins Agent', tags: ['jenkins'] },
      versions: [{ version: '2.452.0' }],
    }),
    ...overrides,
  });
}

/** A small valid tracked builder image in `openshift` (catalogs/builders/python.ts), two tags from registry.redhat.io. */
export function smallBuilderImage(overrides: Partial<BuilderImageInput> = {}): BuilderImageInput {
  return {
    name: 'python',
    namespace: 'openshift',
    owner: 'team-builders',
    description: 'Build and run Python applications on UBI 9.',
    display: {
      displayName: 'Python',
      iconClass: 'icon-python',
      tags: ['python', 'builder'],
      supports: ['python'],
      sampleRepo: 'https://github.com/sclorg/django-ex.git',
    },
    tags: [
      { name: '3.12-ubi9', from: 'registry.redhat.io/ubi9/python-312:latest', version: '3.12', displayName: 'Python 3.12 (UBI 9)' },
      { name: '3.11-ubi9', from: 'registry.redhat.io/ubi9/python-311:latest', version: '3.11', hidden: true },
    ],
    latest: '3.12-ubi9',
    ...overrides,
  };
}

/** The problems of the CatalogError `load` throws; fails when it throws nothing or another error. */
export function catalogProblems(load: () => unknown): readonly CatalogProblem[] {
  try {
    load();
  } catch (error) {
    if (error instanceof CatalogError) return error.problems;
    throw error;
  }
  throw new Error('expected a CatalogError');
}
