import * as path from 'node:path';
import { readTree } from '../../src/output';
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
