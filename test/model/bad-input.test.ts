import * as path from 'node:path';
import { CatalogError, loadCatalog, parseCatalog } from '../../src/model';
import {
  catalogProblems,
  imageSources,
  runCli,
  SMALL_REGISTRIES,
  SMALL_SAMPLES,
  smallFleet,
  smallImage,
  smallSources,
  templateSources,
  smallJenkinsTemplate,
  workspace,
  type Workspace,
} from '../support/fixtures';

// The module object itself, so spies reach the loader (an `import * as` copy cannot be spied on).
const fs = jest.requireActual<typeof import('node:fs')>('node:fs');

const made: Workspace[] = [];
function catalogWorkspace(files: Record<string, string | object> = {}): Workspace {
  const ws = workspace({
    'catalogs/fleet.ts': smallFleet(),
    'catalogs/registries.ts': SMALL_REGISTRIES,
    'catalogs/samples.ts': SMALL_SAMPLES,
    ...files,
  });
  made.push(ws);
  return ws;
}

afterEach(() => {
  jest.restoreAllMocks();
  for (const ws of made.splice(0)) fs.rmSync(ws.root, { recursive: true, force: true });
});

const relative = (ws: Workspace, file: string) => path.relative(process.cwd(), path.join(ws.catalogDir, file));

describe('catalog files that cannot be read', () => {
  test.each(['icsp/loop.yaml', 'images/loop.ts'])('fails on a symlink loop (%s) naming the file, as a catalog problem', (file) => {
    const ws = catalogWorkspace();
    fs.mkdirSync(path.dirname(path.join(ws.catalogDir, file)), { recursive: true });
    fs.symlinkSync(path.basename(file), path.join(ws.catalogDir, file));
    expect(catalogProblems(() => loadCatalog(ws.catalogDir))).toStrictEqual([
      {
        file: relative(ws, file),
        field: '',
        expected: 'a file the compiler can read',
        received: 'too many levels of symbolic links (a symlink loop) (ELOOP)',
        fix: 'remove or repair the symbolic link',
      },
    ]);
  });

  test('fails on an unreadable YAML file as on an unreadable TypeScript file (EACCES)', () => {
    // GIVEN two files the system refuses to read (injected: this test may run as root)
    const ws = catalogWorkspace({ 'catalogs/icsp/a.yaml': 'kind: x\n', 'catalogs/images/b.ts': 'export default {};\n' });
    const original = fs.readFileSync;
    jest.spyOn(fs, 'readFileSync').mockImplementation(((file: import('node:fs').PathOrFileDescriptor, ...rest: unknown[]) => {
      if (/\/(a\.yaml|b\.ts)$/.test(String(file)))
        throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES', syscall: 'open', path: String(file) });
      return (original as (...args: unknown[]) => unknown)(file, ...rest);
    }) as never);
    // WHEN the catalog loads THEN both are named the same way
    const problems = catalogProblems(() => loadCatalog(ws.catalogDir));
    expect(problems.map((p) => [p.file, p.received])).toStrictEqual([
      [relative(ws, 'icsp/a.yaml'), 'permission denied (EACCES)'],
      [relative(ws, 'images/b.ts'), 'permission denied (EACCES)'],
    ]);
    expect(problems[0].fix).toMatch(/give your user read and write access/);
  });

  test('fails on a folder it cannot list, naming the folder', () => {
    const ws = catalogWorkspace({ 'catalogs/icsp/a.yaml': 'kind: x\n' });
    const original = fs.readdirSync;
    jest.spyOn(fs, 'readdirSync').mockImplementation(((dir: import('node:fs').PathLike, ...rest: unknown[]) => {
      if (String(dir).endsWith('/icsp')) throw Object.assign(new Error('EIO'), { code: 'EIO', syscall: 'scandir', path: String(dir) });
      return (original as (...args: unknown[]) => unknown)(dir, ...rest);
    }) as never);
    expect(catalogProblems(() => loadCatalog(ws.catalogDir)).map((p) => [p.file, p.received])).toStrictEqual([
      [relative(ws, 'icsp'), 'input/output error (EIO)'],
    ]);
  });

  test.each([
    [
      'icsp/latin1.yaml',
      Buffer.concat([Buffer.from('metadata:\n  name: café '), Buffer.from([0xe9]), Buffer.from('\n')]),
      'first at byte offset 24, line 2',
    ],
    [
      'images/latin1.ts',
      Buffer.concat([Buffer.from("export default { description: 'caf"), Buffer.from([0xe9]), Buffer.from("' };\n")]),
      'first at byte offset 34, line 1',
    ],
  ])('fails on bytes that are not UTF-8 in %s instead of writing U+FFFD', (file, bytes, at) => {
    const ws = catalogWorkspace();
    fs.mkdirSync(path.dirname(path.join(ws.catalogDir, file)), { recursive: true });
    fs.writeFileSync(path.join(ws.catalogDir, file), bytes);
    const problems = catalogProblems(() => loadCatalog(ws.catalogDir));
    expect(problems).toStrictEqual([
      {
        file: relative(ws, file),
        field: '',
        expected: 'a text file in UTF-8',
        received: `bytes that are not UTF-8 (${at})`,
        fix: expect.stringMatching(/save the file as UTF-8/),
      },
    ]);
  });

  test.each([
    ['images/big.ts', (filler: string) => `export default { description: '${filler}' ) };\n`],
    ['icsp/big.yaml', (filler: string) => `{ a: "${filler}", b: [ }\n`],
  ])('caps the excerpt of a syntax error in a 10 MB one-line file (%s)', (file, content) => {
    const ws = catalogWorkspace({ [`catalogs/${file}`]: content('x'.repeat(10 * 1024 * 1024)) });
    const error = (() => {
      try {
        loadCatalog(ws.catalogDir);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a CatalogError');
    })();
    expect(error).toBeInstanceOf(CatalogError);
    expect(error.message.length).toBeLessThan(1000);
  });
});

describe('keys a catalog cannot mean', () => {
  const refused = (field: string, key: string) => ({
    field,
    expected: 'no key named __proto__, constructor, prototype: no catalog field or name is called that',
    received: `the key ${JSON.stringify(key)}`,
    fix: `remove the key ${JSON.stringify(key)} or rename it`,
  });

  test.each(['__proto__', 'constructor', 'prototype'])('fails on %s as a key of every kind of map alike (records, YAML labels, CA maps)', (key) => {
    // GIVEN the key in a registries override, a CA map, a samples override and ICSP labels, all own properties as YAML and JSON produce them
    const own = (value: unknown) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`);
    const sources = smallSources({
      'catalogs/registries.ts': { ...SMALL_REGISTRIES, clusters: own({}), additionalTrustedCAs: own('x') },
      'catalogs/samples.ts': { ...SMALL_SAMPLES, clusters: own({}) },
      'catalogs/icsp/a.yaml': {
        apiVersion: 'operator.openshift.io/v1alpha1',
        kind: 'ImageContentSourcePolicy',
        metadata: { name: 'a', labels: own('x') },
        spec: {},
      },
    });
    // WHEN parsed THEN each is refused at its own place, with the same words
    const problems = catalogProblems(() => parseCatalog('catalogs', sources));
    expect(problems.map(({ file, ...rest }) => [file, rest])).toStrictEqual([
      ['catalogs/registries.ts', refused(`clusters.${key}`, key)],
      ['catalogs/registries.ts', refused(`additionalTrustedCAs.${key}`, key)],
      ['catalogs/samples.ts', refused(`clusters.${key}`, key)],
      ['catalogs/icsp/a.yaml', refused(`metadata.labels.${key}`, key)],
    ]);
  });

  test('fails on a __proto__ key in a TypeScript catalog file, where it would set the prototype and vanish', () => {
    // GIVEN `__proto__: {...}` in an object literal (JavaScript makes it the prototype, not a key)
    const ws = catalogWorkspace({
      'catalogs/samples.ts': `export default { keepImagestreams: ['nodejs'], keepTemplates: [],\n  clusters: { __proto__: { lab: {} } } };\n`,
    });
    const problems = catalogProblems(() => loadCatalog(ws.catalogDir));
    expect(problems).toStrictEqual([
      {
        file: relative(ws, 'samples.ts'),
        field: '',
        expected: 'a TypeScript module that loads',
        received:
          "`__proto__` at line 2: in an object literal it sets the object's prototype instead of adding a key, " +
          'so the value would vanish without a word',
        fix: 'fix the error in this file (npm run typecheck shows where)',
      },
    ]);
  });

  test('fails on an object whose prototype a __proto__ key set, however it was built', () => {
    const clusters = Object.create({ lab: { keepTemplates: [] } }) as object;
    expect(catalogProblems(() => parseCatalog('catalogs', smallSources({ 'catalogs/samples.ts': { ...SMALL_SAMPLES, clusters } })))).toStrictEqual([
      {
        file: 'catalogs/samples.ts',
        ...refused('clusters.__proto__', '__proto__'),
      },
    ]);
  });

  test('a __proto__ key in YAML stays an own key and is refused (never sets the prototype)', () => {
    const ws = catalogWorkspace({
      'catalogs/icsp/a.yaml':
        'apiVersion: operator.openshift.io/v1alpha1\nkind: ImageContentSourcePolicy\nmetadata:\n  name: a\n  ' +
        'labels:\n    __proto__: x\nspec: {}\n',
    });
    expect(catalogProblems(() => loadCatalog(ws.catalogDir)).map((p) => [p.file, p.field])).toStrictEqual([
      [relative(ws, 'icsp/a.yaml'), 'metadata.labels.__proto__'],
    ]);
  });
});

describe('names a catalog cannot use', () => {
  test('fails on a cluster or image named constructor, which every JavaScript object has (cdk8s crashed on it)', () => {
    const fleet = smallFleet();
    fleet.clusters[0] = { ...fleet.clusters[0], name: 'constructor' };
    const problems = catalogProblems(() =>
      parseCatalog('catalogs', new Map([...imageSources({ patroni: smallImage({ name: 'constructor' }) }), ['catalogs/fleet.ts', fleet]])),
    );
    expect(problems.map((p) => [p.file, p.field, p.expected])).toStrictEqual([
      [
        'catalogs/fleet.ts',
        'clusters[0].name',
        'a name other than constructor or prototype (reserved: every JavaScript object has a member of that name)',
      ],
      [
        'catalogs/images/patroni.ts',
        'name',
        'a name other than constructor or prototype (reserved: every JavaScript object has a member of that name)',
      ],
    ]);
  });
});

describe('credentials in the catalog', () => {
  test.each([
    [
      'fleet.ts',
      'gitops.repoURL',
      smallSources({ 'catalogs/fleet.ts': smallFleet({ gitops: { repoURL: 'https://robot:s3cr3t-token@git.example.com/platform/images.git' } }) }),
      'URL with user information (user:password@)',
    ],
    [
      'fleet.ts',
      'gitops.repoURL',
      smallSources({ 'catalogs/fleet.ts': smallFleet({ gitops: { repoURL: 'https://robot@git.example.com/platform/images.git' } }) }),
      'URL with user information (user:password@)',
    ],
    [
      'images/patroni.ts',
      'source',
      imageSources({ patroni: smallImage({ source: 'https://x:y@git.example.com/images/patroni' }) }),
      'URL with user information (user:password@)',
    ],
    [
      'images/patroni.ts',
      'description',
      imageSources({ patroni: smallImage({ description: `Pull with ghp_${'a1B2'.repeat(9)}.` }) }),
      'GitHub token',
    ],
    [
      'images/patroni.ts',
      'display.displayName',
      imageSources({ patroni: smallImage({ display: { displayName: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ' } }) }),
      'JSON web token',
    ],
  ])('fails on a credential in %s %s, naming the file and field', (file, field, sources, kind) => {
    expect(catalogProblems(() => parseCatalog('catalogs', sources))).toStrictEqual([
      {
        file: `catalogs/${file}`,
        field,
        expected: 'no credential: the output is committed to git and readable by everyone with access to it',
        received: `a ${kind}`,
        fix: expect.stringMatching(/^remove the credential from the catalog \(and revoke it/),
      },
    ]);
  });

  test('the command line refuses it with exit 2 and writes nothing', async () => {
    const ws = catalogWorkspace({ 'catalogs/fleet.ts': smallFleet({ gitops: { repoURL: 'https://robot:s3cr3t-token@git.example.com/x.git' } }) });
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/fleet\.ts: gitops\.repoURL\n  expected: no credential/);
    expect(fs.existsSync(ws.distDir)).toBe(false);
  });
});

describe('one mistake, one message', () => {
  test('fails on a misspelt field with one "did you mean", not "missing" and "unknown field"', () => {
    const { gitops, ...rest } = smallFleet();
    const problems = catalogProblems(() => parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': { ...rest, gitosp: gitops } })));
    expect(problems).toStrictEqual([
      {
        file: 'catalogs/fleet.ts',
        field: 'gitosp',
        expected: 'the field `gitops`',
        received: '`gitosp`, which this section does not define',
        fix: 'did you mean `gitops`? rename `gitosp` to `gitops`',
      },
    ]);
  });

  test('still reports an unknown field that resembles nothing, and a missing one', () => {
    const rest: Record<string, unknown> = { ...smallFleet() };
    delete rest.gitops;
    const problems = catalogProblems(() => parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': { ...rest, colour: 'blue' } })));
    expect(problems.map((p) => [p.field, p.received])).toStrictEqual([
      ['gitops', 'nothing (the field is missing)'],
      ['colour', 'unknown field `colour`'],
    ]);
  });

  test('fails on retention 0 with one message, not also "too many versions"', () => {
    const problems = catalogProblems(() => parseCatalog('catalogs', imageSources({ patroni: smallImage({ retention: 0 }) })));
    expect(problems.map((p) => [p.field, p.expected])).toStrictEqual([['retention', 'at least 1']]);
  });
});

describe('mirrors and namespaces', () => {
  test.each([
    [{ source: 'quay.io/acme', mirrors: [] }, 'imageDigestMirrors[0].mirrors', 'at least one mirror'],
    [{ source: 'quay.io/acme' }, 'imageDigestMirrors[0].mirrors', 'an array'],
    [
      { source: 'quay.io/acme', mirrors: ['mirror.example.com/acme', 'quay.io/acme'] },
      'imageDigestMirrors[0].mirrors[1]',
      'a mirror other than the source',
    ],
  ])('fails on a mirror rule %j', (rule, field, expected) => {
    const problems = catalogProblems(() =>
      parseCatalog('catalogs', smallSources({ 'catalogs/registries.ts': { ...SMALL_REGISTRIES, imageDigestMirrors: [rule] } })),
    );
    expect(problems.map((p) => [p.field, p.expected])).toStrictEqual([[field, expected]]);
  });

  test('fails on an ICSP entry mirrored to its own source', () => {
    const icsp = {
      apiVersion: 'operator.openshift.io/v1alpha1',
      kind: 'ImageContentSourcePolicy',
      metadata: { name: 'a' },
      spec: { repositoryDigestMirrors: [{ source: 'quay.io/acme', mirrors: ['quay.io/acme'] }] },
    };
    const problems = catalogProblems(() => parseCatalog('catalogs', smallSources({ 'catalogs/icsp/a.yaml': icsp })));
    expect(problems.map((p) => [p.file, p.field, p.expected])).toStrictEqual([
      ['catalogs/icsp/a.yaml', 'spec.repositoryDigestMirrors[0].mirrors[0]', 'a mirror other than the source'],
    ]);
  });

  test.each(['openshift-config', 'kube-system', 'default'])(
    'fails on a curated image or template in %s, as on the curated namespace there',
    (namespace) => {
      const image = catalogProblems(() => parseCatalog('catalogs', imageSources({ patroni: smallImage({ namespace }) })));
      const template = catalogProblems(() =>
        parseCatalog('catalogs', templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ namespace }) })),
      );
      for (const [problems, file] of [
        [image, 'catalogs/images/patroni.ts'],
        [template, 'catalogs/templates/jenkins.ts'],
      ] as const) {
        expect(problems.map((p) => [p.file, p.field, p.expected])).toStrictEqual([
          [file, 'namespace', 'a namespace of your own or openshift, not one OpenShift or Kubernetes owns (openshift-*, kube-*, default)'],
        ]);
      }
    },
  );
});
