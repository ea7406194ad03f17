import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformSync } from 'esbuild';
import { parseDocument } from 'yaml';
import { Catalog, CatalogSources, parseCatalog } from './catalog';
import { CatalogError, CatalogProblem } from './catalog-error';

/** Files in the catalog folder that are not data: documentation, hidden files, `_helpers.ts`. */
const IGNORED = /\.(md|txt)$|(^|\/)[._]/;

/**
 * Reads every catalog file under `dir`: TypeScript modules are evaluated afresh on every call,
 * YAML files are parsed. A file that does not load becomes a `CatalogError` naming it.
 */
export function readCatalogSources(dir: string): CatalogSources {
  const root = toPosix(path.relative(process.cwd(), path.resolve(dir))) || '.';
  if (!fs.existsSync(dir)) {
    throw CatalogError.of({ file: root, field: '', expected: 'a catalog folder', received: 'no such folder', fix: `create ${root}/fleet.ts or pass --catalog <folder>` });
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw CatalogError.of({ file: root, field: '', expected: 'a catalog folder', received: 'a file', fix: `pass the folder that holds it: --catalog ${toPosix(path.dirname(root))}` });
  }
  const sources = new Map<string, unknown>();
  const problems: CatalogProblem[] = [];
  const evaluated = new Map<string, CatalogModule>();
  for (const relative of listFiles(dir)) {
    const file = `${root}/${relative}`;
    if (IGNORED.test(relative)) continue;
    const absolute = path.resolve(dir, relative);
    if (/\.ts$/.test(relative)) {
      try {
        sources.set(file, evaluateModule(absolute, evaluated).default);
      } catch (error) {
        problems.push({ file, field: '', expected: 'a TypeScript module that loads', received: firstLine(error), fix: 'fix the error in this file (npm run typecheck shows where)' });
      }
    } else if (/\.ya?ml$/.test(relative)) {
      const doc = parseDocument(fs.readFileSync(absolute, 'utf8'));
      if (doc.errors.length > 0) {
        const multiple = doc.errors[0].code === 'MULTIPLE_DOCS';
        problems.push({
          file,
          field: '',
          expected: 'a YAML document',
          received: multiple ? 'several YAML documents (separated by ---)' : firstLine(doc.errors[0]),
          fix: multiple ? 'put each object in a file of its own' : 'fix the YAML syntax at the position given',
        });
      } else {
        sources.set(file, doc.toJS());
      }
    } else {
      sources.set(file, undefined);
    }
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return sources;
}

export function loadCatalog(dir: string): Catalog {
  const sources = readCatalogSources(dir);
  const root = toPosix(path.relative(process.cwd(), path.resolve(dir))) || '.';
  return parseCatalog(root, sources);
}

/**
 * Where catalog files import the compiler's model API from. This file and the bundled CLI
 * (scripts/build.js) both sit two folders below the project root.
 */
const MODEL_API = path.resolve(__dirname, '../../src/model');
const MODEL_API_PATHS = new Set([MODEL_API, path.join(MODEL_API, 'index'), path.join(MODEL_API, 'index.ts')]);

interface CatalogModule {
  exports: { default?: unknown };
}

/**
 * Evaluates one catalog module without Node's module cache, so a changed file is always read anew
 * (a long-running test or watch process sees edits). TypeScript files it imports by path (helpers
 * such as `_jenkins.ts`) are evaluated the same way, once per catalog read (`evaluated`); the model
 * API (`../src/model`) is the one this process runs, so catalogs work the same from the TypeScript
 * sources and from the bundled CLI, which cannot load `.ts` files. Packages load normally.
 */
function evaluateModule(absolute: string, evaluated: Map<string, CatalogModule>): { default?: unknown } {
  const cached = evaluated.get(absolute);
  if (cached) return cached.exports;
  const { code } = transformSync(fs.readFileSync(absolute, 'utf8'), { loader: 'ts', format: 'cjs', sourcefile: absolute, target: 'node20' });
  const module: CatalogModule = { exports: {} };
  evaluated.set(absolute, module);
  const dir = path.dirname(absolute);
  const requireFromCatalog = (specifier: string): unknown => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return require(specifier);
    const target = path.resolve(dir, specifier);
    // Required when asked for, not imported: `./index` re-exports this file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (MODEL_API_PATHS.has(target)) return require('./index');
    const typescript = [target, `${target}.ts`, path.join(target, 'index.ts')].find((f) => f.endsWith('.ts') && fs.existsSync(f));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return typescript ? evaluateModule(typescript, evaluated) : require(target);
  };
  new Function('exports', 'require', 'module', '__filename', '__dirname', code)(module.exports, requireFromCatalog, module, absolute, dir);
  return module.exports;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, relative));
    else out.push(relative);
  }
  return out;
}

/** The first line of an error; for an esbuild syntax error, its first message with line and column. */
function firstLine(error: unknown): string {
  const syntax = (error as { errors?: Array<{ text: string; location?: { line: number; column: number; lineText: string } }> }).errors?.[0];
  if (syntax) {
    const at = syntax.location ? ` at line ${syntax.location.line}, column ${syntax.location.column + 1}: ${syntax.location.lineText.trim()}` : '';
    return `a syntax error: ${syntax.text}${at}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
