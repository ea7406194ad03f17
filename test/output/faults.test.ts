import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// The module object itself, so spies reach the code under test (an `import * as` copy cannot be spied on).
const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
import { readTree, treePaths, withLock } from '../../src/output';
import { statTreeAddon } from '../../src/output/_stat-tree-addon';
import { processStart } from '../../src/output/tree-writer';
import { moduleSource, runCli, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, snapshot, workspace, type Workspace } from '../support/fixtures';

/**
 * Faults of the environment: each gets one message (what, where, what to do), exit code 3 (2 for a
 * --dist the command line cannot use), an intact dist/ and no staging folder.
 */
const made: Workspace[] = [];
function synthedWorkspace(): Workspace {
  const ws = workspace({ 'catalogs/fleet.ts': smallFleet(), 'catalogs/registries.ts': SMALL_REGISTRIES, 'catalogs/samples.ts': SMALL_SAMPLES });
  made.push(ws);
  return ws;
}

afterEach(() => {
  jest.restoreAllMocks();
  for (const ws of made.splice(0)) fs.rmSync(ws.root, { recursive: true, force: true });
});

const synthIn = (ws: Workspace) => runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);

function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, ${syscall} '${file}'`), { code, syscall, path: file, errno: -1 });
}

/** Makes the n-th call of `fs[method]` whose first argument is under `under` fail with `code`. */
function failOnce(method: 'writeFileSync' | 'linkSync' | 'mkdirSync' | 'renameSync', code: string, under: string): void {
  const original = fs[method] as (...args: unknown[]) => unknown;
  let failed = false;
  jest.spyOn(fs, method).mockImplementation(((...args: unknown[]) => {
    const target = String(method === 'linkSync' || method === 'renameSync' ? args[1] : args[0]);
    if (!failed && target.startsWith(under)) {
      failed = true;
      throw errnoError(code, method.replace('Sync', ''), target);
    }
    return original(...args);
  }) as never);
}

/**
 * Makes the first write of a changed file into the staging folder fail with `code`: `fs.writeFileSync`
 * where this thread writes, and the `stat-tree` addon's `writeFiles` (libuv's pool) where it is built.
 */
function failWrite(code: string, staging: string): void {
  failOnce('writeFileSync', code, staging);
  if (statTreeAddon?.writeFiles) {
    jest
      .spyOn(statTreeAddon as Required<typeof statTreeAddon>, 'writeFiles')
      .mockImplementation((root, _incoming, targets) =>
        Promise.reject(errnoError(code, 'open', `${root}/${targets.slice(0, targets.indexOf('\0'))}`)),
      );
  }
}

/** A change to the catalog, so the next synth writes files. */
function changeCatalog(ws: Workspace): void {
  ws.write('catalogs/fleet.ts', smallFleet({ gitops: { ...smallFleet().gitops, targetRevision: 'release' } }));
}

function expectIntact(ws: Workspace, before: ReturnType<typeof snapshot>): void {
  expect(snapshot(ws.distDir)).toStrictEqual(before);
  const paths = treePaths(ws.distDir);
  for (const leftover of [paths.staging, paths.ready, paths.retired, paths.lock]) expect(fs.existsSync(leftover)).toBe(false);
}

describe('environment faults', () => {
  test.each([
    ['ENOSPC', /cannot write the output folder: write .* \(no space left on the device, ENOSPC\)[\s\S]*fix: free some space/],
    ['EDQUOT', /\(disk quota exceeded, EDQUOT\)/],
    ['EIO', /\(input\/output error, EIO\)/],
    ['EROFS', /\(read-only file system, EROFS\)/],
    ['EACCES', /\(permission denied, EACCES\)/],
    ['EMFILE', /\(too many open files, EMFILE\)/],
  ])('fails on %s while writing: exit 3, one message, dist/ intact, no staging folder', async (code, message) => {
    // GIVEN a synthesized workspace and a catalog change
    const ws = synthedWorkspace();
    expect((await synthIn(ws)).code).toBe(0);
    const before = snapshot(ws.distDir);
    changeCatalog(ws);
    // WHEN writing a staged file fails
    failWrite(code, treePaths(ws.distDir).staging);
    const result = await synthIn(ws);
    // THEN one environment message, exit 3, the old tree in place
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expectIntact(ws, before);
  });

  test('fails on EXDEV when the new tree cannot be renamed into place', async () => {
    const ws = synthedWorkspace();
    await synthIn(ws);
    const before = snapshot(ws.distDir);
    changeCatalog(ws);
    failOnce('renameSync', 'EXDEV', treePaths(ws.distDir).ready);
    const result = await synthIn(ws);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/not on the same file system, EXDEV/);
    expectIntact(ws, before);
  });

  test('copies unchanged files when hard links are refused (EPERM: another user owns the output)', async () => {
    // GIVEN an output folder whose files the kernel will not link (fs.protected_hardlinks)
    const ws = synthedWorkspace();
    await synthIn(ws);
    const files = readTree(ws.distDir).size;
    changeCatalog(ws);
    jest.spyOn(fs, 'linkSync').mockImplementation(((_from: import('node:fs').PathLike, to: import('node:fs').PathLike) => {
      throw errnoError('EPERM', 'link', String(to));
    }) as never);
    // WHEN it synthesizes a change THEN it succeeds and the unchanged files are copies with the same bytes
    const result = await synthIn(ws);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`1 written, 0 removed, ${files - 1} unchanged`));
    expect(fs.readFileSync(path.join(ws.distDir, 'lab/_cluster/namespace_bcgov.yaml'), 'utf8')).toMatch(/name: bcgov/);
  });

  test('fails on an output folder on /proc with a usage message, not a hang or a crash', async () => {
    const ws = synthedWorkspace();
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', '/proc/ocp-image-catalog/dist']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: \/proc\/ocp-image-catalog\/dist is on \/proc, a file system the kernel makes up/);
  });

  test('fails on a catalog file name longer than a file system accepts, at compile time with the object named', async () => {
    // GIVEN an ICSP named with a valid 253-character name: its ImageDigestMirrorSet file name is 46 bytes longer
    const ws = synthedWorkspace();
    await synthIn(ws);
    const before = snapshot(ws.distDir);
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name).toHaveLength(253);
    ws.write(
      'catalogs/icsp/long.yaml',
      `apiVersion: operator.openshift.io/v1alpha1\nkind: ImageContentSourcePolicy\nmetadata:\n  ` +
        `name: ${name}\nspec:\n  repositoryDigestMirrors:\n  - source: ` +
        `quay.io/acme\n    mirrors: [mirror.example.com/acme]\n`,
    );
    // WHEN it is synthesized THEN it is refused before anything is written
    const result = await synthIn(ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error output\/file-name-too-long \S*catalogs\/icsp\/long\.yaml\n/);
    expect(result.stderr).toMatch(
      new RegExp(
        `the imagedigestmirrorset ${name} \\(on lab, prod, test\\) would ` +
          `be written to a file named 299 bytes long; file systems accept ` +
          `at most 255 bytes per name\\n  fix: shorten the name to at most ` +
          `209 characters`,
      ),
    );
    expectIntact(ws, before);
  });
});

describe('the output lock', () => {
  test('a waiting run says who holds the lock and gives up after the timeout with exit 3', async () => {
    // GIVEN a lock held by a live process (this one, with its real start time)
    const ws = synthedWorkspace();
    await synthIn(ws);
    const paths = treePaths(ws.distDir);
    fs.writeFileSync(paths.lock, JSON.stringify({ pid: process.pid, start: processStart(process.pid), since: '2026-01-01T00:00:00.000Z' }));
    // WHEN a run waits at most 0.2 s
    process.env.OCP_IMAGE_CATALOG_LOCK_TIMEOUT = '0.2';
    const waits: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation(((line: string) => waits.push(line)) as never);
    let result;
    try {
      result = await synthIn(ws);
    } finally {
      delete process.env.OCP_IMAGE_CATALOG_LOCK_TIMEOUT;
      fs.rmSync(paths.lock, { force: true });
    }
    // THEN it said once who holds it, then gave up with exit 3
    expect(waits).toStrictEqual([
      `waiting for another run (pid ${process.pid}, since 2026-01-01T00:00:00.000Z), ` + `which holds ${paths.lock} (giving up after 0 s)\n`,
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      new RegExp(
        `gave up after waiting 0 s for another run \\(pid ${process.pid}, ` +
          `since 2026-01-01T00:00:00.000Z\\), which holds the output lock: ` +
          `.*\\.dist\\.lock\\n  fix: .*OCP_IMAGE_CATALOG_LOCK_TIMEOUT`,
      ),
    );
  });

  test('takes over at once a lock whose pid now belongs to another program (other start time)', async () => {
    // GIVEN a lock naming a live pid whose process started at another time than the lock's owner
    const ws = synthedWorkspace();
    const paths = treePaths(ws.distDir);
    fs.mkdirSync(path.dirname(paths.lock), { recursive: true });
    fs.writeFileSync(paths.lock, JSON.stringify({ pid: process.pid, start: '1', since: '2026-01-01T00:00:00.000Z' }));
    // WHEN a run takes the lock with a timeout far below a wait THEN it runs at once
    const started = Date.now();
    await expect(withLock(paths, () => 'ran', { timeoutMs: 0, onWait: () => undefined })).resolves.toBe('ran');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fs.existsSync(paths.lock)).toBe(false);
  });

  test('takes over the lock of a process that died', async () => {
    const ws = synthedWorkspace();
    const paths = treePaths(ws.distDir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(paths.lock, dead);
    await expect(withLock(paths, () => 'ran', { timeoutMs: 0 })).resolves.toBe('ran');
  });
});

/** A real small file system, where the kernel allows this process to mount one (root in a container). */
function mountTmpfs(dir: string, size: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}

describe('a real full disk (tmpfs)', () => {
  test('fails on ENOSPC from a full tmpfs with exit 3 and dist/ intact', async () => {
    const ws = synthedWorkspace();
    const disk = path.join(ws.root, 'disk');
    fs.mkdirSync(disk);
    if (!mountTmpfs(disk, '1m')) {
      // Mounting needs privileges; the injected ENOSPC test above covers the same path.
      console.warn('tmpfs not permitted here: the real ENOSPC case was not run');
      return;
    }
    try {
      const distDir = path.join(disk, 'dist');
      const run = () => runCli(['synth', '--catalog', ws.catalogDir, '--dist', distDir]);
      expect((await run()).code).toBe(0);
      const before = snapshot(distDir);
      // Fill the disk to the last block.
      const filler = path.join(disk, 'filler');
      try {
        fs.writeFileSync(filler, Buffer.alloc(2 * 1024 * 1024));
      } catch {
        // Written up to the limit.
      }
      ws.write('catalogs/fleet.ts', moduleSource(smallFleet({ gitops: { ...smallFleet().gitops, targetRevision: 'x'.repeat(200) } })));
      const result = await run();
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/no space left on the device, ENOSPC/);
      expect(snapshot(distDir)).toStrictEqual(before);
      // Nothing beside dist/ but the run record of the run before (no staging, no temporary record).
      expect(fs.readdirSync(disk).sort()).toStrictEqual(['.dist.cache', 'dist', 'filler']);
      expect(fs.readdirSync(path.join(disk, '.dist.cache')).sort()).toStrictEqual(['.gitignore', 'manifests.json', 'run.json', 'transforms.json']);
    } finally {
      spawnSync('umount', [disk]);
    }
  });
});
