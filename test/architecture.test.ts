import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '..');
const SRC = path.join(REPO, 'src');
const FOLDERS = fs
  .readdirSync(SRC, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

interface Probe {
  readonly folder: string;
  readonly code: string;
}

// ESLint loads eslint.config.mjs with import(), which jest's module system cannot run: lint in a child process.
const LINT_PROBES = `
const { ESLint } = require('eslint');
const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
// A probe is not a file on disk, so the type-aware rules (which need the project service) are off for it.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/consistent-type-imports': 'off', '@typescript-eslint/no-floating-promises': 'off' },
  },
});
Promise.all(probes.map(async ({ folder, code }) => {
  const [result] = await eslint.lintText(code, { filePath: require('node:path').join('src', folder, '_layer-probe.ts') });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message);
})).then((messages) => process.stdout.write(JSON.stringify(messages)));
`;

/** Lints each probe's `code` as if it were a new file in `src/<folder>/`, with the project's lint configuration. */
function lint(probes: readonly Probe[]): string[][] {
  const child = spawnSync(process.execPath, ['-e', LINT_PROBES], { cwd: REPO, input: JSON.stringify(probes), encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as string[][];
}

const WRONG_WAY = [
  { folder: 'plan', code: "import { compile } from '../pipeline';\nexport const run = compile;\n" },
  { folder: 'policy', code: "import { renderFleet } from '../output/render';\nexport const r = renderFleet;\n" },
  { folder: 'constructs', code: "import type { ClusterPlan } from '../plan';\nexport type P = ClusterPlan;\n" },
];
const RIGHT_WAY = {
  folder: 'output',
  code: "import { compareStrings } from '../shared';\nimport { checkFleet } from '../policy';\nexport const f = [compareStrings, checkFleet];\n",
};
const OTHER_FOLDERS = FOLDERS.filter((f) => f !== 'shared');
const FROM_SHARED = OTHER_FOLDERS.map((folder) => ({ folder: 'shared', code: `import * as other from '../${folder}';\nexport const o = other;\n` }));
let results: string[][] = [];
beforeAll(() => {
  results = lint([...WRONG_WAY, RIGHT_WAY, ...FROM_SHARED]);
}, 60_000);

/** Folder → folders of src/ its files import (relative specifiers, resolved), from the real sources. */
function folderImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const folder of FOLDERS.filter((f) => f !== 'imports')) {
    const targets = new Set<string>();
    for (const file of fs.readdirSync(path.join(SRC, folder), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const from = path.join(SRC, folder, file);
      for (const { fileName } of ts.preProcessFile(fs.readFileSync(from, 'utf8')).importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const [top] = path.relative(SRC, path.resolve(path.dirname(from), fileName)).split(path.sep);
        if (top !== folder && FOLDERS.includes(top)) targets.add(top);
      }
    }
    graph.set(folder, targets);
  }
  return graph;
}

/** Every cycle's path, e.g. `output → policy → output`; empty when the graph is acyclic. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const visit = (node: string, trail: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (trail.includes(next)) found.add([...trail.slice(trail.indexOf(next)), next].join(' → '));
      else visit(next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) visit(start, [start]);
  return [...found];
}

describe('layers (docs/ARCHITECTURE.md)', () => {
  // GIVEN a new file in a folder of src/ WHEN it is linted THEN a wrong-way import is an error naming the rule.
  test('fails a wrong-way import with a message that names the layer rule', () => {
    expect(results[0]).toEqual([
      expect.stringMatching(/layers: src\/plan must not import src\/pipeline; it may import shared, model, oc-process, validation \(docs/),
    ]);
  });

  test('fails policy importing output, the import that once made a cycle', () => {
    expect(results[1]).toEqual([expect.stringMatching(/layers: src\/policy must not import src\/output/)]);
  });

  test('fails a construct importing the plan (constructs take props)', () => {
    expect(results[2]).toEqual([expect.stringMatching(/layers: src\/constructs must not import src\/plan/)]);
  });

  test('allows an import of a lower layer', () => {
    expect(results[3]).toEqual([]);
  });

  test('names every folder of src/ in the layer order (shared, the lowest, may import none of them)', () => {
    // A folder missing from the lint configuration's LAYERS would be importable from anywhere.
    const fromShared = OTHER_FOLDERS.map((folder, i) => [folder, results[4 + i]]);
    expect(fromShared).toEqual(
      OTHER_FOLDERS.map((folder) => [folder, [expect.stringMatching(new RegExp(`layers: src/shared must not import src/${folder};`))]]),
    );
  });

  test('no folder-level import cycle in src/', () => {
    const graph = folderImports();
    // The graph is real: output reads the policy's findings, the pipeline calls output.
    expect(graph.get('output')).toContain('policy');
    expect(graph.get('pipeline')).toContain('output');
    expect(cycles(graph)).toEqual([]);
  });

  test('fails on a cycle (the cycle finder itself)', () => {
    const graph = new Map([
      ['output', new Set(['policy'])],
      ['policy', new Set(['output'])],
    ]);
    expect(cycles(graph)).toContain('output → policy → output');
  });
});
