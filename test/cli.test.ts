import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../src/cli';
import { readTree, treePaths } from '../src/output';
import { processStart } from '../src/output/tree-writer';
import { catalogFiles, runCli, SMALL_CURATION, smallFleet, smallImage, snapshot, workspace, type Workspace } from './support/fixtures';

const REPO = path.resolve(__dirname, '..');
const ESC = '\u001b';
const [RED, RESET] = [`${ESC}[31m`, `${ESC}[39m`];
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

// Run inside a git hook or npm script, these would reach the children and the git commands.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GIT_|npm_|FORCE_COLOR$|NO_COLOR$)/.test(name)));

function spawn(command: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const run = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', timeout: 120_000, ...options, env: { ...ENV, ...options.env } });
  return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
}

/** The command line as the npm scripts run it: the bundle, through scripts/run.js. */
const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => spawn(process.execPath, [path.join(REPO, 'scripts/run.js'), ...args], { env });

function git(ws: Workspace, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: ws.root,
    encoding: 'utf8',
    env: ENV,
  });
}

async function committedWorkspace(): Promise<Workspace> {
  const ws = workspace(catalogFiles('catalogs'));
  git(ws, 'init', '--quiet', '-b', 'main');
  expect((await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir])).code).toBe(0);
  git(ws, 'add', '.');
  git(ws, 'commit', '--quiet', '-m', 'synth');
  return ws;
}

describe('the real command line refuses what it does not understand', () => {
  test('fails on `npm run synth --cluster gold`: says npm took the flag and shows the -- form', () => {
    // GIVEN the repository WHEN a user forgets the `--` THEN exit 2 before any work, with the form to use
    const before = snapshot(path.join(REPO, 'dist'));
    const run = spawn('npm', ['run', 'synth', '--cluster', 'gold']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('npm took --cluster as its own option');
    expect(run.stderr).toContain('  npm run synth -- --cluster gold\n');
    expect(run.stderr).toContain('usage: ocp-image-catalog synth [options]');
    expect(snapshot(path.join(REPO, 'dist'))).toStrictEqual(before);
  }, 120_000);

  test.each([
    [['synth', 'gold'], 'synth takes no argument "gold"'],
    [['synth', 'help'], 'synth takes no argument "help"'],
    [['diff', '--json', '--frob'], 'unknown option --frob'],
    [['check', '--json'], 'check does not take --json (diff does)'],
  ])('fails on %j with exit 2 and the usage on stderr', (args, message) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).toMatch(/usage: ocp-image-catalog \w+ \[options\]/);
    expect(run.stdout).toBe('');
  });

  test('--help, <command> --help and --version print to stdout and exit 0', () => {
    const help = cli(['--help']);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^usage: ocp-image-catalog <command> \[options\]/);
    const diffHelp = cli(['diff', '-h']);
    expect(diffHelp.status).toBe(0);
    expect(diffHelp.stdout).toContain('--exit-code');
    expect(cli(['--version'])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('exit codes of the real command line', () => {
  test('a held output lock is a problem of the environment (exit 3), not an internal error (70)', async () => {
    // GIVEN a synthesized workspace whose lock a live process (this one) holds
    const ws = workspace(catalogFiles('catalogs'));
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    const lock = treePaths(ws.distDir).lock;
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, start: processStart(process.pid), since: '2026-01-01T00:00:00.000Z' }));
    try {
      // WHEN the bundled command line waits at most 0.2 s THEN it gives up with exit 3 and says why, no stack trace
      const run = cli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir], { OCP_IMAGE_CATALOG_LOCK_TIMEOUT: '0.2' });
      expect(run.status).toBe(3);
      expect(run.stderr).toContain('which holds the output lock');
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }, 60_000);
});

describe('npx ocp-image-catalog (the package bin)', () => {
  test('runs the bundled command line from the repository, offline', () => {
    // GIVEN package.json's bin WHEN npx runs it in the repository (no registry) THEN it is the same CLI
    expect(spawn('npx', ['--no-install', 'ocp-image-catalog', '--version'])).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    const ws = workspace(catalogFiles('catalogs'));
    const run = spawn('npx', ['--no-install', 'ocp-image-catalog', 'synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/ written, 0 removed, 0 unchanged\n$/);
    expect(fs.existsSync(path.join(ws.distDir, 'prod'))).toBe(true);
  }, 120_000);
});

describe('diff --exit-code and --cluster', () => {
  test('exits 0 when nothing changes and 1 when the output changes, as git diff --exit-code does', async () => {
    const ws = await committedWorkspace();
    const args = ['diff', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--base', 'HEAD'];
    expect((await runCli([...args, '--exit-code'])).code).toBe(0);
    ws.write('catalogs/fleet.ts', smallFleet({ curatedNamespace: 'images' }));
    const changed = await runCli([...args, '--exit-code']);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('## Catalog changes');
    expect((await runCli(args)).code).toBe(0);
  }, 60_000);

  test('--cluster limits the summary to that cluster; an unknown one fails with exit 2', async () => {
    const ws = await committedWorkspace();
    ws.write('catalogs/fleet.ts', smallFleet({ curatedNamespace: 'images' }));
    const args = ['diff', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--base', 'HEAD', '--json'];
    const all = JSON.parse((await runCli(args)).stdout) as { clusters: { name: string }[] };
    expect(all.clusters.map((c) => c.name).sort()).toEqual(['lab', 'prod', 'test']);
    const one = await runCli([...args, '--cluster', 'test']);
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as { clusters: { name: string }[] }).clusters.map((c) => c.name)).toEqual(['test']);
    const unknown = await runCli([...args, '--cluster', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown cluster nope; the fleet has lab, test, prod/);
  }, 60_000);
});

describe('check --cluster and synth --cluster', () => {
  test('check --cluster compares only that cluster', async () => {
    const ws = workspace(catalogFiles('catalogs'));
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    fs.appendFileSync(path.join(ws.distDir, 'prod/_cluster/namespace_bcgov.yaml'), '# tweak\n');
    const check = (...extra: string[]) => runCli(['check', '--catalog', ws.catalogDir, '--dist', ws.distDir, ...extra]);
    expect(await check('--cluster', 'test')).toMatchObject({ code: 0, stdout: `${ws.distDir}/ is up to date with the catalog for test.` });
    const prod = await check('--cluster', 'prod');
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain('run `npm run synth -- --cluster prod` and commit');
    expect(prod.stderr).toContain(`differs or missing: ${ws.distDir}/prod/_cluster/namespace_bcgov.yaml`);
  }, 60_000);

  test('synth --cluster of a new cluster warns that the ApplicationSet is stale and how to write it', async () => {
    // GIVEN a synthesized fleet, then a cluster added to the catalog
    const ws = workspace(catalogFiles('catalogs'));
    await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    const fleet = smallFleet();
    fleet.clusters.push({
      name: 'edge',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'test',
      destination: { server: 'https://api.edge.example.com:6443' },
    });
    ws.write('catalogs/fleet.ts', fleet);
    const appSet = readTree(ws.distDir);
    // WHEN only the new cluster is synthesized
    const run = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'edge']);
    // THEN its folder is written, the ApplicationSet is not, and the warning says so and what to run
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^warning .*\/argocd\/.*applicationset.* is stale: .*Argo CD will not deploy edge; write it with a synth of the whole fleet: npm run synth$/,
    );
    const after = readTree(ws.distDir);
    const argocd = [...after.keys()].filter((f) => f.startsWith('argocd/'));
    expect(argocd.map((f) => after.get(f))).toEqual(argocd.map((f) => appSet.get(f)));
    // AND a whole synth leaves nothing to warn about
    const whole = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'edge']);
    expect(whole.stderr).toContain('is stale');
    expect((await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir])).stderr).toBe('');
    expect((await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir, '--cluster', 'edge'])).stderr).toBe('');
  }, 60_000);
});

describe('colour and progress only for a person at a terminal', () => {
  const SHARED_DESTINATION = () => {
    const fleet = smallFleet();
    fleet.clusters[1].destination = fleet.clusters[2].destination;
    return catalogFiles('catalogs', { 'fleet.ts': fleet });
  };

  test('findings: "error" red with FORCE_COLOR, plain with NO_COLOR and in a pipe', async () => {
    const ws = workspace(SHARED_DESTINATION());
    const args = ['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir];
    const stderr = async (env: NodeJS.ProcessEnv) => {
      const err: string[] = [];
      expect(await main(args, { out: () => undefined, err: (l) => err.push(l) }, env)).toBe(1);
      return err.join('\n');
    };
    const [first] = (await stderr({ FORCE_COLOR: '1' })).split('\n');
    expect(first.slice(0, first.indexOf(']') + 1)).toBe(`${RED}error${RESET} fleet/shared-destination [prod]`);
    expect(await stderr({ NO_COLOR: '1' })).toMatch(/^error fleet\/shared-destination/m);
    // The real command line in a pipe: no escape codes at all, no progress line.
    const piped = cli(args);
    expect(piped.status).toBe(1);
    expect(piped.stderr).toMatch(/^error fleet\/shared-destination/m);
    expect(piped.stderr).not.toContain(ESC);
    expect(piped.stderr).not.toContain('\r');
  }, 60_000);

  test('a catalog that imports a JSON data file synthesizes, and a change to that file is compiled', () => {
    // GIVEN a curated image whose description comes from a JSON file outside the catalog folder
    const fleet = smallFleet({ curation: SMALL_CURATION });
    const ws = workspace(catalogFiles('catalogs', { 'fleet.ts': fleet }));
    ws.write('data/patroni.json', JSON.stringify({ description: 'From a data file.' }));
    const image = JSON.stringify(smallImage({ description: 'replaced' }), null, 2);
    ws.write(
      'catalogs/images/patroni.ts',
      `import data from '../../data/patroni.json';\nexport default { ...${image}, description: data.description };\n`,
    );
    const synth = () => cli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    const descriptions = () => [...readTree(ws.distDir).values()].filter((c) => c.includes('description: ')).join('\n');
    // WHEN the bundled command line compiles it, then again after the data file changed
    const first = synth();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(descriptions()).toContain('From a data file.');
    ws.write('data/patroni.json', JSON.stringify({ description: 'Changed in the data file.' }));
    // THEN the second run sees the change (the data file is an input of the run record)
    expect(synth().status).toBe(0);
    expect(descriptions()).toContain('Changed in the data file.');
    expect(descriptions()).not.toContain('From a data file.');
  }, 60_000);

  test('on a terminal (a pseudo-terminal from script(1)): progress on stderr, cleared before the result', () => {
    const ws = workspace(catalogFiles('catalogs'));
    const command = [process.execPath, path.join(REPO, 'scripts/run.js'), 'synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]
      .map((a) => `'${a}'`)
      .join(' ');
    const run = spawn('script', ['-qec', `${command} 2>&1`, '/dev/null'], { env: { TERM: 'xterm-256color' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('\r\u001b[Kloading ');
    expect(run.stdout).toContain('\r\u001b[Kcompiling and checking 3 cluster(s)');
    expect(run.stdout).toContain(`${ESC}[K${ws.distDir}/: `);
  }, 60_000);
});
