import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { statTuple, treePaths } from '../../src/output';
import { check, synth } from '../../src/pipeline';
import { esbuildTransforms, TRANSFORM_OPTIONS } from '../../src/model';
import { cacheFolder } from '../../src/pipeline/run-cache';
import { runCli, SMALL_CURATION, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, smallImage, snapshot, workspace } from '../support/fixtures';

/** A catalog whose checks give a warning (latest pinned below the highest version), so that findings are part of what is compared. */
function warnedWorkspace() {
  return workspace({
    'catalogs/fleet.ts': smallFleet({ curation: SMALL_CURATION }),
    'catalogs/registries.ts': SMALL_REGISTRIES,
    'catalogs/samples.ts': SMALL_SAMPLES,
    'catalogs/images/patroni.ts': smallImage({ tracking: { latest: '1.1.0' } }),
  });
}

const cli = (command: string, ws: ReturnType<typeof workspace>, ...extra: string[]) =>
  runCli([command, '--catalog', ws.catalogDir, '--dist', ws.distDir, ...extra]);
const options = (ws: ReturnType<typeof workspace>) => ({ catalogDir: ws.catalogDir, distDir: ws.distDir });
const recordFile = (ws: ReturnType<typeof workspace>) => path.join(cacheFolder(path.resolve(ws.distDir)), 'run.json');
const imageStreamFile = 'lab/bcgov/imagestream.image.openshift.io_patroni.yaml';

/**
 * Rewrites the record's head and files part (each a JSON line after its checksum line) with `change`,
 * and checksums that match: a record that reads as intact.
 */
function rewriteRecord(ws: ReturnType<typeof workspace>, change: (head: Record<string, unknown>, files: Record<string, unknown>) => void): void {
  const lines = fs.readFileSync(recordFile(ws), 'utf8').split('\n');
  const [head, files] = [JSON.parse(lines[1]) as Record<string, unknown>, JSON.parse(lines[3]) as Record<string, unknown>];
  change(head, files);
  const checked = (json: string) => `${crypto.createHash('sha256').update(json).digest('hex')}\n${json}\n`;
  fs.writeFileSync(recordFile(ws), checked(JSON.stringify(head)) + checked(JSON.stringify(files)));
}

/** What the full work says, with no record at all: the oracle every shortcut must match. */
async function withoutRecord(ws: ReturnType<typeof workspace>, command: 'synth' | 'check') {
  fs.rmSync(cacheFolder(path.resolve(ws.distDir)), { recursive: true, force: true });
  return cli(command, ws);
}

describe('the run record', () => {
  test('a synth with nothing changed skips the compile and says what the full run says', async () => {
    // GIVEN a synthesized catalog with a warning
    const ws = warnedWorkspace();
    const first = await cli('synth', ws);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/warning images\/latest-not-highest/);
    const before = snapshot(ws.distDir);
    // WHEN it is synthesized and checked again
    const again = await synth(options(ws));
    const [synthAgain, checkAgain] = [await cli('synth', ws), await cli('check', ws)];
    // THEN nothing was compiled, nothing rewritten, and the output, findings and exit codes are the full run's
    expect(again.compilation).toBeUndefined();
    expect(again.findings.map((f) => f.rule)).toStrictEqual(['images/latest-not-highest']);
    expect(snapshot(ws.distDir)).toStrictEqual(before);
    expect(synthAgain).toStrictEqual({ ...first, stdout: `${ws.distDir}/: 0 written, 0 removed, ${before.size} unchanged` });
    expect(checkAgain).toStrictEqual(await withoutRecord(ws, 'check'));
    expect(checkAgain.code).toBe(0);
  });

  test('a record drafted while the changed files are written holds dist/ as the write left it, even a file changed meanwhile', async () => {
    for (const edit of [false, true]) {
      // GIVEN a synthesized catalog, then a changed image
      const ws = warnedWorkspace();
      await cli('synth', ws);
      ws.write('catalogs/images/patroni.ts', smallImage({ tracking: { latest: '1.1.0' }, description: 'Changed.' }));
      // WHEN it is synthesized (with edit, the first file written anew is edited as soon as it is staged)
      let edited: string | undefined;
      const onStaged = (file: string, how: string) => {
        if (!edit || how !== 'written' || edited) return;
        edited = file;
        fs.appendFileSync(path.join(treePaths(ws.distDir).staging, file), '# edited\n');
      };
      const { write } = await synth(options(ws), { onStaged });
      expect(write!.written.length).toBeGreaterThan(1);
      // THEN the record holds each file of dist/ with its stat tuple and content hash
      const stored = JSON.parse(fs.readFileSync(recordFile(ws), 'utf8').split('\n')[3]) as {
        paths: string[];
        hashes: string[];
        dist: { hash: number[]; tuple: string[] };
      };
      expect(stored.paths).toStrictEqual([...snapshot(ws.distDir).keys()].sort());
      stored.paths.forEach((file, i) => {
        const absolute = path.join(ws.distDir, file);
        expect([file, stored.dist.tuple[i], stored.hashes[stored.dist.hash[i]]]).toStrictEqual([
          file,
          statTuple(fs.lstatSync(absolute, { bigint: true })),
          crypto.createHash('sha256').update(fs.readFileSync(absolute)).digest('hex'),
        ]);
      });
      // AND check, from the record, finds the edited file and nothing else
      expect((await check(options(ws))).stale).toMatchObject({ written: edited ? [edited] : [], removed: [] });
    }
  });

  test('check finds a file edited in place with its inode, size and modification time kept', async () => {
    // GIVEN a synthesized fleet whose ImageStream file has a whole-second mtime (utimes cannot set nanoseconds), recorded by a check
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const file = path.join(ws.distDir, imageStreamFile);
    const original = fs.readFileSync(file, 'utf8');
    const second = Math.floor(fs.statSync(file).mtimeMs / 1000);
    fs.utimesSync(file, second, second);
    expect((await cli('check', ws)).code).toBe(0);
    const before = fs.statSync(file, { bigint: true });
    // WHEN the file is rewritten in place with other bytes of the same length, its mtime set back
    fs.writeFileSync(file, original.replace('patroni', 'patronj'));
    fs.utimesSync(file, second, second);
    const after = fs.statSync(file, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toStrictEqual([before.ino, before.size, before.mtimeNs]);
    const result = await cli('check', ws);
    // THEN the edit is found (only its ctime changed), as the full work finds it
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`differs or missing: ${ws.distDir}/${imageStreamFile}`);
    expect(result).toStrictEqual(await withoutRecord(ws, 'check'));
    // AND a synth puts the file back
    await cli('synth', ws);
    expect(await cli('synth', ws)).toMatchObject({ code: 0, stdout: expect.stringMatching(/: 0 written, 0 removed/) });
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });

  test('check finds a file added by hand, in a cluster folder and in a new folder, and synth removes them', async () => {
    // GIVEN a synthesized fleet and two files added by hand
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const before = snapshot(ws.distDir);
    fs.writeFileSync(path.join(ws.distDir, 'lab/bcgov/extra.yaml'), 'kind: ConfigMap\n');
    fs.mkdirSync(path.join(ws.distDir, 'lab/new-namespace'));
    fs.writeFileSync(path.join(ws.distDir, 'lab/new-namespace/other.yaml'), 'kind: ConfigMap\n');
    // WHEN the output is checked, then synthesized
    const result = await cli('check', ws);
    expect(result).toStrictEqual(await withoutRecord(ws, 'check'));
    await cli('synth', ws);
    // THEN check named both, and the synth removed both
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no longer produced: ${ws.distDir}/lab/bcgov/extra.yaml`);
    expect(result.stderr).toContain(`no longer produced: ${ws.distDir}/lab/new-namespace/other.yaml`);
    expect([...snapshot(ws.distDir).keys()]).toStrictEqual([...before.keys()]);
  });

  test('check finds a deleted file, and synth writes it again', async () => {
    // GIVEN a synthesized fleet with one file deleted
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const content = fs.readFileSync(path.join(ws.distDir, imageStreamFile), 'utf8');
    fs.rmSync(path.join(ws.distDir, imageStreamFile));
    // WHEN checked, then synthesized
    const result = await cli('check', ws);
    expect(result).toStrictEqual(await withoutRecord(ws, 'check'));
    const written = await cli('synth', ws);
    // THEN it was missing, and it is back
    expect(result.stderr).toContain(`differs or missing: ${ws.distDir}/${imageStreamFile}`);
    expect(written.stdout).toMatch(/: 1 written, 0 removed/);
    expect(fs.readFileSync(path.join(ws.distDir, imageStreamFile), 'utf8')).toBe(content);
  });

  const damaged: Array<[string, (ws: ReturnType<typeof workspace>) => void]> = [
    ['not JSON', (ws) => fs.writeFileSync(recordFile(ws), 'garbage\n{')],
    ['truncated', (ws) => fs.writeFileSync(recordFile(ws), fs.readFileSync(recordFile(ws), 'utf8').slice(0, 500))],
    ['empty', (ws) => fs.writeFileSync(recordFile(ws), '')],
    [
      'edited by hand (checksum no longer matches)',
      (ws) => fs.writeFileSync(recordFile(ws), fs.readFileSync(recordFile(ws), 'utf8').replace('latest', 'lAtest')),
    ],
    ['of another format', (ws) => rewriteRecord(ws, (body) => (body.format = 999))],
    ['of another build of the tool', (ws) => rewriteRecord(ws, (body) => (body.tool = '0'.repeat(64)))],
    ['of another shape', (ws) => rewriteRecord(ws, (_, files) => (files.dist = 'not a list'))],
    ['of another shape in its head', (ws) => rewriteRecord(ws, (head) => (head.listing = 7))],
    ['a folder', (ws) => fs.rmSync(recordFile(ws)) ?? fs.mkdirSync(recordFile(ws))],
  ];
  test.each(damaged)('a record that is %s is no record: the full work runs and gives the full result', async (_, damage) => {
    // GIVEN a synthesized fleet whose record is then damaged, and one output file edited
    const ws = warnedWorkspace();
    const first = await cli('synth', ws);
    const before = snapshot(ws.distDir);
    damage(ws);
    fs.writeFileSync(path.join(ws.distDir, imageStreamFile), 'edited\n');
    // WHEN checked and synthesized
    const checked = await cli('check', ws);
    const outcome = await synth(options(ws));
    // THEN the edit is found, the compile ran, and the output is the full run's
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`differs or missing: ${ws.distDir}/${imageStreamFile}`);
    expect(outcome.compilation).toBeDefined();
    expect(outcome.write).toMatchObject({ written: [imageStreamFile], removed: [] });
    expect([...snapshot(ws.distDir)].map(([file, { content }]) => [file, content])).toStrictEqual(
      [...before].map(([file, { content }]) => [file, content]),
    );
    expect(await cli('synth', ws)).toStrictEqual({ ...first, stdout: `${ws.distDir}/: 0 written, 0 removed, ${before.size} unchanged` });
  });

  const catalogChanges: Array<[string, (ws: ReturnType<typeof workspace>) => void]> = [
    [
      'a changed catalog file',
      (ws) => ws.write('catalogs/images/patroni.ts', smallImage({ description: 'Changed.', tracking: { latest: '1.1.0' } })),
    ],
    ['an added catalog file', (ws) => ws.write('catalogs/images/other.ts', smallImage({ name: 'other' }))],
    ['a changed helper the catalog imports', (ws) => ws.write('catalogs/_description.ts', "export const description = 'Changed.';\n")],
  ];
  test.each(catalogChanges)('%s makes the run compile again', async (_, change) => {
    // GIVEN a catalog whose image takes its description from a helper file, synthesized
    const ws = warnedWorkspace();
    ws.write('catalogs/_description.ts', "export const description = 'Highly available PostgreSQL.';\n");
    const image = JSON.stringify(smallImage({ tracking: { latest: '1.1.0' } }), null, 2).replace('"Highly available PostgreSQL."', 'description');
    ws.write('catalogs/images/patroni.ts', `import { description } from '../_description';\nexport default ${image};\n`);
    await cli('synth', ws);
    expect((await synth(options(ws))).compilation).toBeUndefined();
    // WHEN the catalog changes
    change(ws);
    // THEN the next run compiles, and its output is what a run without a record writes
    const outcome = await synth(options(ws));
    expect(outcome.compilation).toBeDefined();
    expect(outcome.write!.written.length).toBeGreaterThan(0);
    const after = snapshot(ws.distDir);
    fs.rmSync(ws.distDir, { recursive: true });
    await withoutRecord(ws, 'synth');
    expect([...snapshot(ws.distDir)].map(([f, { content }]) => [f, content])).toStrictEqual([...after].map(([f, { content }]) => [f, content]));
  });

  test("a files part altered without its checksum is not believed when the catalog changed: the scan's worker checks it", async () => {
    // GIVEN the ImageStream a changed image description gives (synthesized elsewhere), and its hash
    const changed = smallImage({ description: 'Changed.', tracking: { latest: '1.1.0' } });
    const elsewhere = warnedWorkspace();
    elsewhere.write('catalogs/images/patroni.ts', changed);
    await cli('synth', elsewhere);
    const wanted = fs.readFileSync(path.join(elsewhere.distDir, imageStreamFile));
    // AND a synthesized fleet whose record then claims dist/ holds that ImageStream already, its checksum left as it was
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const lines = fs.readFileSync(recordFile(ws), 'utf8').split('\n');
    const files = JSON.parse(lines[3]) as { paths: string[]; hashes: string[]; dist: { hash: number[] } };
    files.dist.hash[files.paths.indexOf(imageStreamFile)] = files.hashes.push(crypto.createHash('sha256').update(wanted).digest('hex')) - 1;
    lines[3] = JSON.stringify(files);
    fs.writeFileSync(recordFile(ws), lines.join('\n'));
    // WHEN the image is changed that way and synthesized
    ws.write('catalogs/images/patroni.ts', changed);
    const outcome = await synth(options(ws));
    // THEN the ImageStream was compared by its content and written
    expect(outcome.write!.written).toContain(imageStreamFile);
    expect(fs.readFileSync(path.join(ws.distDir, imageStreamFile))).toStrictEqual(wanted);
  });

  test('findings that read dist/ hold only while what they read holds', async () => {
    // GIVEN a synthesized fleet, then the committed samples Config of prod edited to other architectures
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const config = path.join(ws.distDir, 'prod/_cluster/config.samples.operator.openshift.io_cluster.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('- x86_64', '- ppc64le'));
    // WHEN checked
    const result = await check(options(ws));
    // THEN the rule that reads the committed Config ran again and refuses the change, as without a record
    expect(result.compilation).toBeDefined();
    expect(result.findings.map((f) => f.rule)).toContain('samples/architecture-change');
    expect(await cli('check', ws)).toStrictEqual(await withoutRecord(ws, 'check'));
  });

  test('--cluster works from the record as from the full work', async () => {
    // GIVEN a synthesized fleet, and one file of prod edited
    const ws = warnedWorkspace();
    await cli('synth', ws);
    fs.writeFileSync(path.join(ws.distDir, 'prod/_cluster/namespace_bcgov.yaml'), 'edited\n');
    // WHEN checked per cluster, and with an unknown cluster
    const [test, prod, unknown] = [
      await cli('check', ws, '--cluster', 'test'),
      await cli('check', ws, '--cluster', 'prod'),
      await cli('check', ws, '--cluster', 'nope'),
    ];
    // THEN only prod differs, and the unknown cluster is a usage error, each as without a record
    expect([test.code, prod.code, unknown.code]).toStrictEqual([0, 1, 2]);
    for (const [result, args] of [
      [test, ['--cluster', 'test']],
      [prod, ['--cluster', 'prod']],
      [unknown, ['--cluster', 'nope']],
    ] as const) {
      fs.rmSync(cacheFolder(path.resolve(ws.distDir)), { recursive: true, force: true });
      expect(await cli('check', ws, ...args)).toStrictEqual(result);
      await cli('check', ws); // writes the record again for the next case
    }
  });

  test('lives beside dist/, where Argo CD reads nothing, and git never commits it', async () => {
    // GIVEN a git repository with a synthesized output folder
    const ws = warnedWorkspace();
    expect(spawnSync('git', ['init', '-q'], { cwd: ws.root }).status).toBe(0);
    await cli('synth', ws);
    // WHEN everything is added
    expect(spawnSync('git', ['add', '-A'], { cwd: ws.root }).status).toBe(0);
    const tracked = spawnSync('git', ['ls-files'], { cwd: ws.root, encoding: 'utf8' }).stdout.split('\n');
    // THEN the record is outside dist/ and not added, though this repository has no .gitignore of its own
    expect(fs.existsSync(path.join(ws.root, '.dist.cache/run.json'))).toBe(true);
    expect(tracked.filter((f) => f.startsWith('dist/')).length).toBeGreaterThan(0);
    expect(tracked.filter((f) => f.includes('cache'))).toStrictEqual([]);
  });
});

/** A cache file beside the record: its path, its body, and a new body written with a checksum that matches. */
function cacheFile(ws: ReturnType<typeof workspace>, name: string) {
  const file = path.join(cacheFolder(path.resolve(ws.distDir)), name);
  return {
    file,
    read: () => {
      const text = fs.readFileSync(file, 'utf8');
      return JSON.parse(text.slice(text.indexOf('\n') + 1)) as { tool: string; values: Record<string, string> };
    },
    write: (body: unknown) => {
      const json = JSON.stringify(body);
      fs.writeFileSync(file, `${crypto.createHash('sha256').update(json).digest('hex')}\n${json}\n`);
    },
  };
}

/** A change to samples.ts that changes nothing it says, so that the next run compiles. */
function touchSamples(ws: ReturnType<typeof workspace>): void {
  ws.write('catalogs/samples.ts', `${fs.readFileSync(path.join(ws.root, 'catalogs/samples.ts'), 'utf8')}\n// changed\n`);
}

describe('the transforms cache', () => {
  const transformsFile = (ws: ReturnType<typeof workspace>) => cacheFile(ws, 'transforms.json').file;
  const readTransforms = (ws: ReturnType<typeof workspace>) => cacheFile(ws, 'transforms.json').read();
  const writeTransforms = (ws: ReturnType<typeof workspace>, body: unknown) => cacheFile(ws, 'transforms.json').write(body);
  const sourceHash = (ws: ReturnType<typeof workspace>, file: string) =>
    crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(ws.root, file)))
      .digest('hex');

  test('a catalog module whose bytes did not change is evaluated from the JavaScript the last load made', async () => {
    // GIVEN a synthesized catalog, whose cache holds the JavaScript of each TypeScript module by its source's hash
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const stored = readTransforms(ws);
    expect(Object.keys(stored.values).sort()).toStrictEqual(
      ['catalogs/fleet.ts', 'catalogs/registries.ts', 'catalogs/samples.ts', 'catalogs/images/patroni.ts'].map((f) => sourceHash(ws, f)).sort(),
    );
    // AND the stored JavaScript of the image altered (its description), with a checksum that matches
    const key = sourceHash(ws, 'catalogs/images/patroni.ts');
    const altered = stored.values[key].replace('Highly available PostgreSQL.', 'From the cache.');
    expect(altered).not.toBe(stored.values[key]);
    writeTransforms(ws, { ...stored, values: { ...stored.values, [key]: altered } });
    // WHEN another file changes (so the catalog is compiled again) and it is synthesized
    touchSamples(ws);
    await synth(options(ws));
    // THEN the unchanged image was evaluated from the cache, and the changed file's JavaScript replaced its old entry
    expect(fs.readFileSync(path.join(ws.distDir, imageStreamFile), 'utf8')).toContain('From the cache.');
    expect(Object.keys(readTransforms(ws).values)).toContain(sourceHash(ws, 'catalogs/samples.ts'));
    expect(Object.keys(readTransforms(ws).values)).toHaveLength(4);
  });

  test("a changed module is transformed in esbuild's service while the run starts, the same JavaScript, and the load uses it", async () => {
    // GIVEN a synthesized catalog, then its image module changed
    const ws = warnedWorkspace();
    await synth(options(ws));
    ws.write('catalogs/images/patroni.ts', smallImage({ tracking: { latest: '1.1.0' }, description: 'Changed.' }));
    const key = sourceHash(ws, 'catalogs/images/patroni.ts');
    const transformSync = jest.spyOn(esbuildTransforms, 'transformSync');
    // WHEN it is synthesized
    let transformedByTheLoad: number;
    try {
      await synth(options(ws));
    } finally {
      transformedByTheLoad = transformSync.mock.calls.length;
      transformSync.mockRestore();
    }
    // THEN the load transformed nothing itself, and the cached JavaScript is what the synchronous transform gives
    expect(transformedByTheLoad).toBe(0);
    expect(fs.readFileSync(path.join(ws.distDir, imageStreamFile), 'utf8')).toContain('Changed.');
    const source = fs.readFileSync(path.join(ws.root, 'catalogs/images/patroni.ts'), 'utf8');
    const absolute = path.resolve(ws.root, 'catalogs/images/patroni.ts');
    expect(readTransforms(ws).values[key]).toBe(esbuildTransforms.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: absolute }).code);
  });

  test('a cache cut short, altered without its checksum, or from another build of the tool is not used', async () => {
    // GIVEN a synthesized catalog
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const stored = readTransforms(ws);
    const key = sourceHash(ws, 'catalogs/images/patroni.ts');
    const altered = { ...stored.values, [key]: stored.values[key].replace('Highly available PostgreSQL.', 'From the cache.') };
    const text = fs.readFileSync(transformsFile(ws), 'utf8');
    for (const damage of [
      () => fs.writeFileSync(transformsFile(ws), text.slice(0, text.length / 2)),
      () => fs.writeFileSync(transformsFile(ws), text.replace('Highly available PostgreSQL.', 'From the cache.')),
      () => writeTransforms(ws, { tool: 'another build', values: altered }),
    ]) {
      // WHEN the cache is damaged that way and the catalog compiled again
      damage();
      touchSamples(ws);
      await synth(options(ws));
      // THEN every module was transformed from its source
      expect(fs.readFileSync(path.join(ws.distDir, imageStreamFile), 'utf8')).toContain('Highly available PostgreSQL.');
    }
  });

  test('a module that does not compile is reported as without a cache, and not cached', async () => {
    // GIVEN a synthesized catalog, then an image file with a syntax error
    const ws = warnedWorkspace();
    await cli('synth', ws);
    ws.write('catalogs/images/patroni.ts', 'export default { name: ;\n');
    // WHEN it is synthesized
    const result = await cli('synth', ws);
    // THEN it fails as it does without a cache, and the cache holds no JavaScript for it
    expect(result.code).toBe(2);
    expect(Object.keys(readTransforms(ws).values)).not.toContain(sourceHash(ws, 'catalogs/images/patroni.ts'));
    expect(result).toStrictEqual(await withoutRecord(ws, 'synth'));
  });
});

describe('the serialized manifests cache', () => {
  const manifestsFile = (ws: ReturnType<typeof workspace>) => cacheFile(ws, 'manifests.json').file;
  const readManifests = (ws: ReturnType<typeof workspace>) => cacheFile(ws, 'manifests.json').read();
  const writeManifests = (ws: ReturnType<typeof workspace>, body: unknown) => cacheFile(ws, 'manifests.json').write(body);
  const namespaceFile = 'lab/_cluster/namespace_bcgov.yaml';

  test('an object serialized by the last run is not serialized again: its YAML comes from the cache', async () => {
    // GIVEN a catalog synthesized, then compiled again over its output (which the samples rule reads),
    // whose cache holds the YAML of every distinct object it serialized, alone or in its cluster chart's files
    const ws = warnedWorkspace();
    await cli('synth', ws);
    touchSamples(ws);
    await cli('synth', ws);
    const stored = readManifests(ws);
    const namespace = fs.readFileSync(path.join(ws.distDir, namespaceFile), 'utf8');
    const altered = `${namespace}# from the cache\n`;
    const alter = (value: string): string => {
      if (value === namespace) return altered;
      if (!value.startsWith('[["')) return value;
      const files = JSON.parse(value) as Array<[string, string]>;
      return JSON.stringify(files.map(([file, yaml]) => [file, yaml === namespace ? altered : yaml]));
    };
    const values = Object.fromEntries(Object.entries(stored.values).map(([key, value]) => [key, alter(value)]));
    expect(values).not.toStrictEqual(stored.values);
    // AND the Namespace's stored YAML altered, with a checksum that matches
    writeManifests(ws, { ...stored, values });
    // WHEN the catalog changes elsewhere and it is synthesized
    touchSamples(ws);
    await synth(options(ws));
    // THEN the Namespace's file is the cached YAML, and the cache holds what this run used
    expect(fs.readFileSync(path.join(ws.distDir, namespaceFile), 'utf8')).toBe(altered);
    expect(Object.keys(readManifests(ws).values).sort()).toStrictEqual(Object.keys(stored.values).sort());
  });

  test('a run keeps what it only read: parsed catalog files stay for the run after next', async () => {
    // GIVEN a catalog synthesized, then compiled again over its output (which the samples rule reads),
    // whose cache holds each catalog file's parse and the committed samples Config's
    const ws = warnedWorkspace();
    await cli('synth', ws);
    touchSamples(ws);
    await cli('synth', ws);
    const stored = Object.keys(readManifests(ws).values).sort();
    expect(stored.length).toBeGreaterThan(0);
    // WHEN it is compiled twice more with no value changed (each run reads the parses, sets none)
    for (let run = 0; run < 2; run++) {
      touchSamples(ws);
      await synth(options(ws));
      // THEN the cache still holds every entry
      expect(Object.keys(readManifests(ws).values).sort()).toStrictEqual(stored);
    }
  });

  test('a cache cut short, of another build of the tool, or missing changes nothing in the output', async () => {
    // GIVEN a synthesized catalog and its output
    const ws = warnedWorkspace();
    await cli('synth', ws);
    const stored = readManifests(ws);
    const namespace = fs.readFileSync(path.join(ws.distDir, namespaceFile), 'utf8');
    const altered = Object.fromEntries(Object.entries(stored.values).map(([key, yaml]) => [key, `${yaml}# from the cache\n`]));
    const text = fs.readFileSync(manifestsFile(ws), 'utf8');
    for (const damage of [
      () => fs.writeFileSync(manifestsFile(ws), text.slice(0, text.length / 2)),
      () => writeManifests(ws, { tool: 'another build', values: altered }),
      () => fs.rmSync(manifestsFile(ws)),
    ]) {
      // WHEN the cache is damaged that way and the catalog compiled again
      damage();
      touchSamples(ws);
      await synth(options(ws));
      // THEN every object was serialized anew
      expect(fs.readFileSync(path.join(ws.distDir, namespaceFile), 'utf8')).toBe(namespace);
      expect((await check(options(ws))).stale).toMatchObject({ written: [], removed: [] });
    }
  });
});
