import fc from 'fast-check';
import { expressionProblem, generateValue, GeneratorError, mulberry32, SYMBOLS } from '../../src/oc-process';

const seeded = (seed = 7) => mulberry32(seed);

describe('mulberry32', () => {
  test('the same seed gives the same sequence, in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toStrictEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBe(100);
  });

  test('different seeds give different sequences', () => {
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});

describe('generateValue (OpenShift expression generator)', () => {
  test('is reproducible with a seeded random source', () => {
    // GIVEN the same seed twice WHEN a password is generated THEN it is the same
    expect(generateValue('[a-zA-Z0-9]{12}', seeded(3))).toBe(generateValue('[a-zA-Z0-9]{12}', seeded(3)));
    expect(generateValue('[a-zA-Z0-9]{12}', seeded(3))).not.toBe(generateValue('[a-zA-Z0-9]{12}', seeded(4)));
  });

  test('keeps the text around a construct and generates the construct', () => {
    expect(generateValue('test[0-9]{1}x', seeded())).toMatch(/^test[0-9]x$/);
    expect(generateValue('0x[A-F0-9]{4}', seeded())).toMatch(/^0x[A-F0-9]{4}$/);
    expect(generateValue('[a-z]{3}-[0-9]{2}', seeded())).toMatch(/^[a-z]{3}-[0-9]{2}$/);
  });

  test('like OpenShift, a range never yields its upper end', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const value = generateValue('[a-zA-Z0-9]{64}', mulberry32(seed));
        expect(value).toMatch(/^[a-yA-Y0-8]{64}$/);
      }),
      { numRuns: 200 },
    );
  });

  test('\\w, \\d, \\a and \\A draw from word characters, digits, letters and digits, and symbols', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(generateValue('[\\w]{40}', mulberry32(seed))).toMatch(/^[a-zA-Z0-9_]{40}$/);
        expect(generateValue('[\\d]{40}', mulberry32(seed))).toMatch(/^[0-9]{40}$/);
        expect(generateValue('[\\a]{40}', mulberry32(seed))).toMatch(/^[a-zA-Z0-9]{40}$/);
        expect([...generateValue('[\\A]{40}', mulberry32(seed))].every((c) => SYMBOLS.includes(c))).toBe(true);
      }),
      { numRuns: 100 },
    );
    // \d includes 9: a class, not a range
    const digits = new Set(generateValue('[\\d]{255}', seeded()));
    expect(digits.has('9')).toBe(true);
  });

  test('like OpenShift, reads [\\wa-z] as \\wa (taken for \\a) and z (an empty range)', () => {
    expect(generateValue('[\\wa-z]{255}', seeded())).toMatch(/^[a-zA-Z0-9]{255}$/);
  });

  test('copies what is not a [class]{length} construct literally, as OpenShift does', () => {
    expect(generateValue('[a-z]+', seeded())).toBe('[a-z]+');
    expect(generateValue('[a-z_]{4}', seeded())).toBe('[a-z_]{4}');
    expect(generateValue('plain', seeded())).toBe('plain');
  });

  test('a generated $ is inserted literally', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(generateValue('[\\A]{30}x', mulberry32(seed))).toHaveLength(31);
      }),
      { numRuns: 50 },
    );
  });

  test.each([
    ['[abc]{3}', 'malformed expression syntax: [abc]'],
    ['[a-z\\d]{3}', 'malformed expression syntax: [a-z\\d]'],
    ['[\\w0-9]{3}', 'invalid range specified: \\-0'],
    ['[z-a]{3}', 'invalid range specified: z-a'],
    ['[a-z]{0}', 'range must be within [1-255] characters (0)'],
    ['[a-z]{256}', 'range must be within [1-255] characters (256)'],
    ['[a-a]{3}', 'empty character class: [a-a]'],
  ])('fails on %s as OpenShift does: %s', (from, message) => {
    expect(() => generateValue(from, seeded())).toThrow(new GeneratorError(message));
  });
});

describe('expressionProblem', () => {
  test.each(['[a-zA-Z0-9]{16}', 'test[0-9]{1}x', '[\\w]{10}', '[\\d\\a]{8}', '[\\A]{10}', 'prefix-[a-f0-9]{8}.v1'])('accepts %s', (from) => {
    expect(expressionProblem(from)).toBeUndefined();
  });

  test.each([
    ['', 'the expression is empty, so the generated value would be empty'],
    ['[a-z]+', 'OpenShift generates only [class]{length} constructs and copies the rest literally, so "[a-z]+" would end up in the value as written'],
    ['^[a-z]{8}$', 'OpenShift generates only [class]{length} constructs and copies the rest literally, so "^$" would end up in the value as written'],
    [
      '[a-z_]{4}',
      'OpenShift generates only [class]{length} constructs and copies the rest literally, so "[a-z_]{4}" would end up in the value as written',
    ],
    [
      '[a-z]{4,8}',
      'OpenShift generates only [class]{length} constructs and copies the rest literally, so "[a-z]{4,8}" would end up in the value as written',
    ],
    ['x[abc]{3}', 'OpenShift fails on [abc]{3}: malformed expression syntax: [abc]'],
    ['[a-z]{300}', 'OpenShift fails on [a-z]{300}: range must be within [1-255] characters (300)'],
    ['[\\wa-z]{8}', 'the class [\\wa-z] is neither ranges within a-z, A-Z or 0-9 nor \\w \\d \\a \\A items, and OpenShift reads it as \\wa, z'],
    ['[a-Z]{8}', 'the class [a-Z] is neither ranges within a-z, A-Z or 0-9 nor \\w \\d \\a \\A items, and OpenShift reads it as a-Z'],
  ])('fails on %j: %s', (from, problem) => {
    expect(expressionProblem(from)).toBe(problem);
  });
});
