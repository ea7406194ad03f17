import * as path from 'node:path';
import * as fc from 'fast-check';
import { readTree } from '../../src/output';
import { credentialIn, mayHoldCredential } from '../../src/model/_credentials';
import { scanForSecrets } from '../../src/policy/_secrets-scan';

describe('secrets scan', () => {
  test('the committed dist/ holds no pull secret, private key, token or literal password', () => {
    // GIVEN everything the default catalog produced, reports included
    const dist = readTree(path.resolve(__dirname, '../../dist'));
    expect(dist.size).toBeGreaterThan(0);
    // WHEN it is scanned THEN nothing is found
    expect(scanForSecrets(dist)).toStrictEqual([]);
  });

  test.each([
    ['pull secret (.dockerconfigjson)', 'type: kubernetes.io/dockerconfigjson'],
    ['private key', '  tls.key: "-----BEGIN RSA PRIVATE KEY-----"'],
    ['GitHub token', `  value: ghp_${'a'.repeat(36)}`],
    ['AWS access key', '  AWS_ACCESS_KEY_ID: AKIAABCDEFGHIJKLMNOP'],
    ['JSON web token', '  token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ'],
    ['URL with user information (user:password@)', '  url: https://robot:hunter22@registry.example.com/v2/'],
    ['literal password, secret or token', '    password: hunter22'],
  ])('fails on a %s', (kind, line) => {
    const hits = scanForSecrets(new Map([['gold/x.yaml', `apiVersion: v1\n${line}\n`]]));
    expect(hits.map((h) => h.kind)).toContain(kind);
    expect(hits[0]).toMatchObject({ file: 'gold/x.yaml', line: 2 });
  });

  test.each([
    ['a template parameter reference', '    password: ${JENKINS_PASSWORD}'],
    ['a generated parameter', '  - name: JENKINS_PASSWORD\n    generate: expression\n    from: "[a-zA-Z0-9]{16}"'],
    ['a Secret reference', '    secretName: jenkins-tls'],
    ['a service account token setting', '  automountServiceAccountToken: false'],
  ])('accepts %s', (_name, text) => {
    expect(scanForSecrets(new Map([['gold/x.yaml', text]]))).toStrictEqual([]);
  });

  const externalSecret = (data: string) =>
    `kind: ExternalSecret\nspec:\n  data:\n    - secretKey: dockerconfigjson\n  ` +
    `target:\n    template:\n      data:\n        .dockerconfigjson: ${data}\n      ` +
    `type: kubernetes.io/dockerconfigjson\n`;

  test('accepts an ExternalSecret whose pull secret is only a template over the secret store', () => {
    expect(scanForSecrets(new Map([['gold/bcgov/x.yaml', externalSecret('"{{ .dockerconfigjson | toString }}"')]]))).toStrictEqual([]);
  });

  test('fails on an ExternalSecret whose template holds a literal pull secret', () => {
    const hits = scanForSecrets(new Map([['gold/bcgov/x.yaml', externalSecret('\'{"auths":{"r.io":{"auth":"dTpw"}}}\'')]]));
    expect(hits.map((h) => [h.kind, h.line])).toStrictEqual([['pull secret (.dockerconfigjson)', 8]]);
  });
});

describe('secrets scan of a file in chunks', () => {
  /** Lines that hold a credential, an `ExternalSecret` marker, a reference it exempts, multibyte text, or nothing. */
  const LINES = [
    '',
    '# prod',
    'kind: ExternalSecret',
    '      type: kubernetes.io/dockerconfigjson',
    '    - secretKey: dockerconfigjson',
    '    password: hunter22',
    `  value: ghp_${'a'.repeat(36)}`,
    'Password: hunter22 is the login. (`catalogs/images/x.ts`)',
    '| `bcgov/jenkins:stable` → `2.440.1` | — |',
    'Ünïcödé ✓ 🚀',
  ];
  const text = fc
    .array(fc.oneof(fc.constantFrom(...LINES), fc.string({ unit: 'grapheme' })), { minLength: 1, maxLength: 6 })
    .map((lines) => lines.join('\n'));

  /** A report's chunks as `withReports` makes them: each piece with its line break, a blank line between pieces. */
  const reportChunks = (pieces: readonly string[]) =>
    pieces.flatMap((piece, i) => (i === 0 ? [Buffer.from(`${piece}\n`)] : [Buffer.from('\n'), Buffer.from(`${piece}\n`)]));

  test('finds what a scan of the whole text finds, on the same lines', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (pieces) => {
        // GIVEN a report made of pieces joined by a blank line
        const whole = `${pieces.join('\n\n')}\n`;
        // WHEN it is scanned as chunks, as bytes and as text THEN the hits are the same
        const expected = scanForSecrets(new Map([['reports/prod.md', whole]]));
        expect(scanForSecrets([['reports/prod.md', reportChunks(pieces)]])).toStrictEqual(expected);
        expect(scanForSecrets([['reports/prod.md', Buffer.from(whole)]])).toStrictEqual(expected);
      }),
    );
  });

  test('a chunk shared by several files is scanned once yet found on each file at its own line', () => {
    fc.assert(
      fc.property(text, text, text, (shared, a, b) => {
        // GIVEN two files holding the same chunk object after different text
        const chunk = Buffer.from(`${shared}\n`);
        const files: [string, Buffer[]][] = [
          ['reports/a.md', [Buffer.from(`${a}\n`), chunk, Buffer.from('end')]],
          ['reports/b.md', [Buffer.from(`${b}\n`), Buffer.from('\n'), chunk]],
        ];
        // WHEN scanned in one pass THEN each file's hits are those of its whole text
        const expected = files.flatMap(([file, chunks]) => scanForSecrets([[file, Buffer.concat(chunks).toString()]]));
        expect(scanForSecrets(files)).toStrictEqual(expected);
      }),
    );
  });

  test('chunks that do not end with a line break are scanned joined', () => {
    fc.assert(
      fc.property(text, fc.nat(), (whole, at) => {
        // GIVEN a text cut anywhere, even inside a line or a UTF-8 sequence
        const bytes = Buffer.from(whole);
        const cut = at % (bytes.length + 1);
        // WHEN scanned as the two chunks THEN the hits are those of the whole text
        expect(scanForSecrets([['x.yaml', [bytes.subarray(0, cut), bytes.subarray(cut)]]])).toStrictEqual(scanForSecrets([['x.yaml', bytes]]));
      }),
    );
  });

  test("an ExternalSecret marker in one chunk exempts the other chunks' reference lines, as in the whole file", () => {
    const pieces = ['kind: ExternalSecret', '      type: kubernetes.io/dockerconfigjson\n    password: hunter22'];
    expect(scanForSecrets([['x.md', reportChunks(pieces)]])).toStrictEqual([{ file: 'x.md', line: 4, kind: 'literal password, secret or token' }]);
    expect(scanForSecrets([['x.md', reportChunks(pieces.slice(1))]])).toStrictEqual([
      { file: 'x.md', line: 1, kind: 'pull secret (.dockerconfigjson)' },
      { file: 'x.md', line: 2, kind: 'literal password, secret or token' },
    ]);
  });
});

describe('secrets scan of a text tested whole first', () => {
  /** Line fragments that hold a credential, almost do, or end with a character JavaScript's `m` flag breaks lines at. */
  const FRAGMENTS = [
    'password: hunter22',
    'password:',
    ...['passwd', 'Secret', 'TOKEN', 'apikey', 'api_key', 'Db_Password'].map((key) => `  - "${key}": abcd`),
    ' abcd',
    '"',
    "'",
    '${X}',
    ' ',
    '\r',
    '\u2028',
    'kind: ExternalSecret',
    '    secretName: x',
    `ghp_${'a'.repeat(36)}`,
    'https://u:p@r.io',
    'eyJabcdefghijk.eyJabcdefghijk.abcdefghijk',
    '"auths"',
    ':',
    'AKIA',
    'ABCDEFGHIJKLMNOP',
  ];
  const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS, '\n'), fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join(''));

  test('a text the whole-text test clears has no line that holds a credential', () => {
    fc.assert(
      fc.property(text, (whole) => {
        // GIVEN any text WHEN the whole-text test clears it THEN no line of it holds a credential
        if (!mayHoldCredential(whole)) expect(whole.split('\n').filter((line) => credentialIn(line) !== undefined)).toStrictEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  test('finds what testing every line finds', () => {
    fc.assert(
      fc.property(text, (whole) => {
        // GIVEN any text, and its hits found line by line (as src/policy/_secrets-scan.ts documents them)
        const lines = whole.split('\n');
        const externalSecret = lines.includes('kind: ExternalSecret');
        const reference = /^\s*(?:type: kubernetes\.io\/dockerconfigjson|\.dockerconfigjson: "\{\{[^}"]*\}\}"|-?\s*secretKey: [\w.-]+)\s*$/;
        const expected = lines.flatMap((line, i) => {
          const kind = credentialIn(line);
          return kind === undefined || (externalSecret && reference.test(line)) ? [] : [{ file: 'x.yaml', line: i + 1, kind }];
        });
        // WHEN it is scanned as text and as bytes THEN the hits are those
        expect(scanForSecrets([['x.yaml', whole]])).toStrictEqual(expected);
        expect(scanForSecrets([['x.yaml', Buffer.from(whole)]])).toStrictEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  test('a line break other than \\n does not end the ExternalSecret marker line', () => {
    // GIVEN a chunk whose marker line ends with \r, and a chunk with a reference line the real marker would exempt
    const chunks = [Buffer.from('kind: ExternalSecret\r\n'), Buffer.from('      type: kubernetes.io/dockerconfigjson\n')];
    // WHEN scanned THEN the reference line is a hit: the file holds no `kind: ExternalSecret` line
    expect(scanForSecrets([['x.md', chunks]])).toStrictEqual([{ file: 'x.md', line: 2, kind: 'pull secret (.dockerconfigjson)' }]);
  });
});
