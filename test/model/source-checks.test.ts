import { sourceProblems } from '../../src/model/_source-checks';

describe('source checks', () => {
  test('a literal credential under a key that names one is found through arrays, at its field', () => {
    // GIVEN a value with a password under its key, a secret in a list under its key, and harmless look-alikes
    const value = {
      users: [{ name: 'a', password: 'hunter22' }],
      config: { secret: ['abcdefgh'], secretName: 'jenkins-tls', notes: ['password: ${PASSWORD}'] },
    };
    // WHEN checked THEN the two credentials are reported, each at its own field
    expect(sourceProblems('catalogs/x.ts', value).map((p) => [p.field, p.received])).toStrictEqual([
      ['users[0].password', 'a literal password, secret or token'],
      ['config.secret[0]', 'a literal password, secret or token'],
    ]);
  });

  test('a string holding a credential on a later line is found', () => {
    // GIVEN a multi-line description whose second line holds a token
    const value = { description: `Pull with\nghp_${'a1B2'.repeat(9)} please` };
    // WHEN checked THEN it is reported
    expect(sourceProblems('catalogs/x.ts', value).map((p) => [p.field, p.received])).toStrictEqual([['description', 'a GitHub token']]);
  });

  test('reserved keys are reported at their path, and the walk goes on past them', () => {
    // GIVEN a reserved key beside a credential
    const value = JSON.parse('{"a":{"constructor":1,"b":["https://u:p@r.io"]}}') as unknown;
    // WHEN checked THEN both are reported
    expect(sourceProblems('catalogs/x.ts', value).map((p) => p.field)).toStrictEqual(['a.constructor', 'a.b[0]']);
  });
});
