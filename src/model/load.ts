import * as fs from 'node:fs';
import * as path from 'node:path';
import { transform, transformSync } from 'esbuild';
import { parseDocument } from 'yaml';
import { type Catalog, type CatalogSources, parseCatalog } from './catalog';
import { CatalogError, type CatalogProblem } from './catalog-error';
import { describeErrno, isErrnoError } from '../shared/environment-error';
import type { TextMemo } from '../shared';

/** Longest excerpt of a catalog file quoted in a message (a minified file is one very long line). */
const EXCERPT = 200;

/** Files in the catalog folder that are not data: documentation, hidden files, `_helpers.ts`. */
const IGNORED = /\.(md|txt)$|(^|\/)[._]/;

/** Told the absolute path and bytes of every file a catalog load reads (the run cache keys on them). */
export type OnCatalogRead = (absolute: string, bytes: Buffer) => void;

/** What esbuild is asked for each catalog module: its type annotations stripped, CommonJS out. */
export const TRANSFORM_OPTIONS = { loader: 'ts', format: 'cjs', target: 'node20' } as const;

/** A TypeScript catalog module's source → the JavaScript evaluated (`TRANSFORM_OPTIONS`); throws on a syntax error. */
export type TransformModule = (source: string, absolute: string) => string;

/** esbuild's two transforms, in an object a test can spy on (esbuild's own exports cannot be redefined). */
export const esbuildTransforms = { transform, transformSync };

export const transformModule: TransformModule = (source, absolute) =>
  esbuildTransforms.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: absolute }).code;

/** `transformModule` through esbuild's asynchronous service: the same JavaScript, without blocking while esbuild starts. */
export const transformModuleAsync = async (source: string, absolute: string): Promise<string> =>
  (await esbuildTransforms.transform(source, { ...TRANSFORM_OPTIONS, sourcefile: absolute })).code;

/**
 * Reads every catalog file under `dir`: TypeScript modules are evaluated afresh on every call,
 * YAML files are parsed. A file that does not load becomes a `CatalogError` naming it.
 */
export function readCatalogSources(dir: string, onRead?: OnCatalogRead, transform: TransformModule = transformModule): CatalogSources {
  const root = toPosix(path.relative(process.cwd(), path.resolve(dir))) || '.';
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    if (isErrnoError(error) && error.code === 'ENOENT') {
      throw CatalogError.of({
        file: root,
        field: '',
        expected: 'a catalog folder',
        received: 'no such folder',
        fix: `create ${root}/fleet.ts or pass --catalog <folder>`,
      });
    }
    throw CatalogError.of(unreadable(root, error));
  }
  if (!stat.isDirectory()) {
    throw CatalogError.of({
      file: root,
      field: '',
      expected: 'a catalog folder',
      received: 'a file',
      fix: `pass the folder that holds it: --catalog ${toPosix(path.dirname(root))}`,
    });
  }
  const sources = new Map<string, unknown>();
  const problems: CatalogProblem[] = [];
  const evaluated = new Map<string, CatalogModule>();
  for (const relative of listFiles(dir, problems, root)) {
    const file = `${root}/${relative}`;
    if (IGNORED.test(relative)) continue;
    const absolute = path.resolve(dir, relative);
    if (/\.ts$/.test(relative)) {
      try {
        sources.set(file, evaluateModule(absolute, { evaluated, onRead, transform }).default);
      } catch (error) {
        problems.push(
          isErrnoError(error) || error instanceof NotUtf8Error
            ? unreadable(file, error)
            : {
                file,
                field: '',
                expected: 'a TypeScript module that loads',
                received: firstLine(error),
                fix: 'fix the error in this file (npm run typecheck shows where)',
              },
        );
      }
    } else if (/\.ya?ml$/.test(relative)) {
      let text: string;
      try {
        text = readText(absolute, onRead);
      } catch (error) {
        problems.push(unreadable(file, error));
        continue;
      }
      // Keys stay own properties (`__proto__` included) for the catalog's key checks to see.
      const doc = parseDocument(text, { uniqueKeys: true });
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
        sources.set(file, doc.toJS({ maxAliasCount: 100 }));
      }
    } else {
      sources.set(file, undefined);
    }
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return sources;
}

/** Reads and validates the catalog in `dir`; `memo` keeps each file's check and parse for the next run. */
export function loadCatalog(dir: string, onRead?: OnCatalogRead, transform?: TransformModule, memo?: TextMemo): Catalog {
  const sources = readCatalogSources(dir, onRead, transform);
  const root = toPosix(path.relative(process.cwd(), path.resolve(dir))) || '.';
  return parseCatalog(root, sources, undefined, memo);
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
function evaluateModule(
  absolute: string,
  load: { evaluated: Map<string, CatalogModule>; onRead?: OnCatalogRead; transform: TransformModule },
): { default?: unknown } {
  const { evaluated, onRead } = load;
  const cached = evaluated.get(absolute);
  if (cached) return cached.exports;
  const source = readText(absolute, onRead);
  const proto = /\b__proto__\b/.exec(source);
  if (proto) {
    const line = source.slice(0, proto.index).split('\n').length;
    throw new Error(
      `\`__proto__\` at line ${line}: in an object literal it sets ` +
        `the object's prototype instead of adding a key, so the value ` +
        `would vanish without a word`,
    );
  }
  const code = load.transform(source, absolute);
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
    if (typescript) return evaluateModule(typescript, load);
    // A data file (JSON) loaded by require: its bytes are an input too.
    if (onRead) {
      const resolved = require.resolve(target);
      onRead(resolved, fs.readFileSync(resolved));
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(target);
  };
  new Function('exports', 'require', 'module', '__filename', '__dirname', code)(module.exports, requireFromCatalog, module, absolute, dir);
  return module.exports;
}

function listFiles(dir: string, problems: CatalogProblem[], root: string, prefix = ''): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    problems.push(unreadable(prefix ? `${root}/${prefix}` : root, error));
    return out;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, problems, root, relative));
    else out.push(relative);
  }
  return out;
}

class NotUtf8Error extends Error {}

/** A catalog file's text; bytes that are not UTF-8 are refused, not turned into U+FFFD. */
function readText(absolute: string, onRead?: OnCatalogRead): string {
  const bytes = fs.readFileSync(absolute);
  onRead?.(absolute, bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new NotUtf8Error(
      `bytes that are not UTF-8 (first at byte offset ${at}, line ${bytes.subarray(0, at).toString('latin1').split('\n').length})`,
    );
  }
}

/** The byte offset of the first byte sequence that is not UTF-8 (a real U+FFFD in the file is skipped). */
function firstInvalidUtf8(bytes: Buffer): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  let offset = 0;
  for (const char of text) {
    if (char === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    offset += Buffer.byteLength(char);
  }
  return offset;
}

/** A catalog file or folder that cannot be read: what the system said, and what to do. */
function unreadable(file: string, error: unknown): CatalogProblem {
  if (error instanceof NotUtf8Error) {
    return {
      file,
      field: '',
      expected: 'a text file in UTF-8',
      received: error.message,
      fix: 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or remove the stray bytes',
    };
  }
  if (isErrnoError(error)) {
    const fault = describeErrno(error);
    return { file, field: '', expected: 'a file the compiler can read', received: `${fault.what} (${error.code})`, fix: fault.todo };
  }
  return { file, field: '', expected: 'a file the compiler can read', received: firstLine(error), fix: 'check the file and run again' };
}

/** The first line of an error; for an esbuild syntax error, its first message with line and column. */
function firstLine(error: unknown): string {
  const syntax = (error as { errors?: Array<{ text: string; location?: { line: number; column: number; lineText: string } }> }).errors?.[0];
  if (syntax) {
    const at = syntax.location
      ? ` at line ${syntax.location.line}, column ${syntax.location.column + 1}: ${excerpt(syntax.location.lineText, syntax.location.column)}`
      : '';
    return `a syntax error: ${syntax.text}${at}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return excerpt(message.split('\n')[0], 0);
}

/** At most EXCERPT characters of `line`, around `column`. */
function excerpt(line: string, column: number): string {
  const text = line.trimEnd();
  if (text.length <= EXCERPT) return text.trim();
  const start = Math.max(0, Math.min(column - EXCERPT / 2, text.length - EXCERPT));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + EXCERPT)}${start + EXCERPT < text.length ? '…' : ''}`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
