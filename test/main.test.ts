import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { isAppliedManifest, manifestStream } from '../src/main';
import { readTree } from '../src/output';
import { catalogFiles, snapshot, workspace } from './support/fixtures';

const REPO = path.resolve(__dirname, '..');
const SCRIPTS = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));

/** A project with a catalog, a cdk8s.yaml like the repository's, and the repository's `cdk8s:synth` script. */
function cdk8sProject() {
  const ws = workspace(catalogFiles('catalogs'));
  ws.write(
    'cdk8s.yaml',
    `language: typescript\napp: node --require ${require.resolve('tsx/cjs')} ${path.join(REPO, 'src/main.ts')} ` +
      `--catalog catalogs --dist dist\noutput: cdk8s.out\n`,
  );
  ws.write('package.json', JSON.stringify({ name: 'cdk8s-project', private: true, scripts: { 'cdk8s:synth': SCRIPTS['cdk8s:synth'] } }));
  // As `npm run` finds node_modules/.bin/cdk8s in the repository.
  const run = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cdk8s:synth', ...(args.length > 0 ? ['--', ...args] : [])], {
      cwd: ws.root,
      encoding: 'utf8',
      env: { ...ENV, PATH: `${path.join(REPO, 'node_modules/.bin')}${path.delimiter}${ENV.PATH}` },
    });
  return { ws, run };
}

describe('cdk8s synth (cdk8s.yaml, npm run cdk8s:synth)', () => {
  // One project for both tests, each cdk8s run costing seconds: first `cdk8s synth -p` on the fresh
  // project (it writes dist/ and prints the stream), then a plain `cdk8s synth` over that dist/.
  let project: ReturnType<typeof cdk8sProject>;
  let printed: ReturnType<ReturnType<typeof cdk8sProject>['run']>;
  beforeAll(() => {
    project = cdk8sProject();
    printed = project.run('-p');
  }, 120_000);

  test('-p prints one valid YAML stream of exactly the manifests Argo CD applies, without warnings', () => {
    const { ws } = project;
    // No MaxListenersExceededWarning: cdk8s-cli pipes every output file into stdout at once, and there is one.
    expect(printed.stderr).toBe('');
    expect(printed.status).toBe(0);
    const documents = parseAllDocuments(printed.stdout);
    expect(documents.every((d) => d.errors.length === 0)).toBe(true);
    const dist = readTree(ws.distDir);
    const applied = [...dist.keys()].filter(isAppliedManifest).sort();
    // Every manifest in dist/, each once, in path order; left out: the reports (Markdown, oc-mirror's
    // ImageSetConfiguration) and the Argo CD health check (Lua and the argocd-cm patches).
    expect(applied.length).toBeGreaterThan(10);
    const left = [...dist.keys()].filter((f) => !applied.includes(f));
    expect(left.filter((f) => !f.startsWith('reports/'))).toEqual([
      expect.stringMatching(/^argocd\/_health-checks\/.*\.patch$/),
      expect.stringMatching(/\.patch$/),
      expect.stringMatching(/\.lua$/),
    ]);
    expect(printed.stdout.split(/^---\n/m)).toEqual(['', ...applied.map((f) => `# Source: dist/${f}\n${dist.get(f)}`)]);
    expect(documents.map((d) => d.toJS())).toEqual(applied.map((f) => parseAllDocuments(dist.get(f)!)[0].toJS()));
    expect(printed.stdout).not.toMatch(/ImageSetConfiguration/);
  });

  test('runs the atomic pipeline into dist/ and writes the applied manifests to cdk8s.out/app.k8s.yaml, with no update check', () => {
    // GIVEN a project synthesized once through cdk8s
    const { ws, run } = project;
    expect(printed.status).toBe(0);
    const before = snapshot(ws.distDir);
    // WHEN cdk8s synth runs again
    const again = run();
    // THEN it succeeds without the cdk8s-cli update check (offline it printed a stack trace and
    // "A new version undefined"), dist/ is untouched, and cdk8s.out/ holds the one stream file
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).not.toMatch(/new version|http error/);
    expect(snapshot(ws.distDir)).toStrictEqual(before);
    expect([...readTree(path.join(ws.root, 'cdk8s.out')).keys()]).toEqual(['app.k8s.yaml']);
    expect(fs.readFileSync(path.join(ws.root, 'cdk8s.out/app.k8s.yaml'), 'utf8')).toBe(manifestStream(readTree(ws.distDir), 'dist'));
  }, 120_000);
});

describe('isAppliedManifest', () => {
  test('takes the file names Argo CD reads and never the reports or health-check files', () => {
    // argo-cd reposerver/repository/repository.go, getPotentiallyValidManifestFile: only names matching
    // manifestFile = ^.*\.(yaml|yml|json|jsonnet)$ are read from an Application's folder.
    expect(isAppliedManifest('gold/bcgov/imagestream.image.openshift.io_nginx.yaml')).toBe(true);
    expect(isAppliedManifest('argocd/openshift-gitops/applicationset.argoproj.io_ocp-image-catalog.yaml')).toBe(true);
    expect(isAppliedManifest('reports/gold/imageset-configuration.yaml')).toBe(false);
    expect(isAppliedManifest('reports/gold.md')).toBe(false);
    expect(isAppliedManifest('argocd/_health-checks/image.openshift.io_ImageStream.lua')).toBe(false);
    expect(isAppliedManifest('argocd/_health-checks/argocd-cm.patch')).toBe(false);
  });
});
