import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FleetInput } from '../../src/model';

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

/** The sources of a minimal valid catalog, for `parseCatalog('catalogs', …)`. */
export function smallSources(extra: Record<string, unknown> = {}): Map<string, unknown> {
  return new Map<string, unknown>([['catalogs/fleet.ts', smallFleet()], ['catalogs/registries.ts', SMALL_REGISTRIES], ...Object.entries(extra)]);
}

/** A scratch project folder: `catalogs/` written from `files` (path → module source or object), and an empty `dist/` location. */
export interface Workspace {
  readonly root: string;
  readonly catalogDir: string;
  readonly distDir: string;
  write(relativePath: string, content: string | object): void;
}

export function workspace(files: Record<string, string | object> = {}): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ocp-image-catalog-'));
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
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
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
    imageStreamTag: 'jenkins:2.452',
    resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    ...overrides,
  };
}
