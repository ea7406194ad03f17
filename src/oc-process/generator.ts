/**
 * OpenShift's template value generator (`generate: expression`), ported from openshift/library-go
 * `pkg/template/generator` (ExpressionValueGenerator) with the same regular expressions and the
 * same quirks, so that what passes here behaves the same in `oc process` and the API server:
 *
 * - only `[class]{length}` is generated, length 1–255; everything else is copied literally
 *   (so `[a-z]+` or `[a-z_]{4}` come out as written);
 * - a class is `X-Y` ranges or `\w` (`[a-zA-Z0-9_]`), `\d` (digits), `\a` (letters and digits),
 *   `\A` (symbols), and must satisfy OpenShift's own syntax check (e.g. `[a-z\d]` is rejected);
 * - a range excludes its upper end (`[a-z]` never yields `z`), as upstream does.
 *
 * The random source is injected, so tests and synth are reproducible (`mulberry32(seed)`).
 */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const NUMERALS = '0123456789';
export const SYMBOLS = '~!@#$%^&*()-_+={}[]\\|<,>.?/"\';:`';
const ASCII = ALPHABET + NUMERALS + SYMBOLS;

const RANGE = /([\\]?[a-zA-Z0-9]-?[a-zA-Z0-9]?)/g;
/** One generator construct: `[class]{length}`. */
export const GENERATOR = /\[([a-zA-Z0-9\-\\]+)\](\{([0-9]+)\})/;
const EXPRESSION = /\[(\\w|\\d|\\a|\\A)|([a-zA-Z0-9]-[a-zA-Z0-9])+\]/;
/** Upstream loops until no construct is left; generated symbols could in theory form a new one. */
const MAX_CONSTRUCTS = 1000;

/** A number in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

export class GeneratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorError';
  }
}

/** Seedable 32-bit PRNG (mulberry32): small, fast, and good enough for test and placeholder values. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The value OpenShift would generate for `from`, drawing from `random`. Throws `GeneratorError` where OpenShift fails. */
export function generateValue(from: string, random: RandomSource): string {
  let expression = from;
  for (let i = 0; i < MAX_CONSTRUCTS; i++) {
    const match = GENERATOR.exec(expression);
    if (!match) return expression;
    const { alphabet, length } = parseConstruct(match[0]);
    let generated = '';
    for (let n = 0; n < length; n++) generated += alphabet[Math.floor(random() * alphabet.length)];
    expression = replaceFirst(expression, match[0], generated);
  }
  throw new GeneratorError(`more than ${MAX_CONSTRUCTS} generator constructs in ${JSON.stringify(from)}`);
}

/** The characters and length of one `[class]{length}` construct; throws `GeneratorError` as upstream does. */
export function parseConstruct(construct: string): { alphabet: string; length: number } {
  const brace = construct.lastIndexOf('{');
  const classExpression = construct.slice(0, brace);
  if (!EXPRESSION.test(classExpression)) throw new GeneratorError(`malformed expression syntax: ${classExpression}`);
  const length = Number(construct.slice(brace + 1, -1));
  if (!(length > 0 && length <= 255)) throw new GeneratorError(`range must be within [1-255] characters (${length})`);
  let alphabet = '';
  for (const [range] of classExpression.matchAll(RANGE)) {
    const from = range[0];
    const to = range[range.length - 1];
    switch (from + to) {
      case '\\w':
        alphabet += ALPHABET + NUMERALS + '_';
        break;
      case '\\d':
        alphabet += NUMERALS;
        break;
      case '\\a':
        alphabet += ALPHABET + NUMERALS;
        break;
      case '\\A':
        alphabet += SYMBOLS;
        break;
      default:
        alphabet += alphabetSlice(from, to);
    }
  }
  alphabet = removeDuplicateChars(alphabet);
  // Upstream would panic (rand.Intn(0)), e.g. on `[a-a]{4}`.
  if (alphabet.length === 0) throw new GeneratorError(`empty character class: ${classExpression}`);
  return { alphabet, length };
}

/** Upstream's range: from the first `from` up to, but excluding, the last `to` in its ASCII table. */
function alphabetSlice(from: string, to: string): string {
  const left = ASCII.indexOf(from);
  const right = ASCII.lastIndexOf(to);
  if (left > right) throw new GeneratorError(`invalid range specified: ${from}-${to}`);
  return ASCII.slice(left, right);
}

/** Upstream's de-duplication, which also reorders: a duplicate is overwritten by the last character. */
function removeDuplicateChars(input: string): string {
  const data = [...input];
  let last = data.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (data[i] === data[j]) {
        data[j] = data[last];
        data.length = last;
        last--;
        j--;
      }
    }
  }
  return data.join('');
}

/** Go's `strings.Replace(s, old, new, 1)`; unlike `String.replace`, `$` in `replacement` is literal. */
export function replaceFirst(s: string, search: string, replacement: string): string {
  const at = s.indexOf(search);
  return at === -1 ? s : s.slice(0, at) + replacement + s.slice(at + search.length);
}

/** A class as documented: ranges within a-z, A-Z or 0-9, or `\w \d \a \A` items (OpenShift misreads a mix of both). */
const DOCUMENTED_CLASS = /^((\\[wdaA])+|([a-z]-[a-z]|[A-Z]-[A-Z]|[0-9]-[0-9])+)$/;

/**
 * Why `from` is outside what OpenShift generates as intended, or undefined when it is fine: a
 * construct OpenShift rejects, a class it reads differently than written (`[\wa-z]` is read as
 * `\wa` and `z`), or regular-expression syntax it would copy into the value literally.
 */
export function expressionProblem(from: string): string | undefined {
  if (from === '') return 'the expression is empty, so the generated value would be empty';
  const constructs = new RegExp(GENERATOR.source, 'g');
  for (const [construct] of from.matchAll(constructs)) {
    try {
      parseConstruct(construct);
    } catch (error) {
      if (error instanceof GeneratorError) return `OpenShift fails on ${construct}: ${error.message}`;
      throw error;
    }
    const body = construct.slice(1, construct.lastIndexOf(']'));
    if (!DOCUMENTED_CLASS.test(body)) {
      return (
        `the class [${body}] is neither ranges within a-z, A-Z or 0-9 ` +
        `nor \\w \\d \\a \\A items, and OpenShift reads it as ${[...body.matchAll(RANGE)].map((m) => m[0]).join(', ')}`
      );
    }
  }
  const literal = from.replace(constructs, '');
  if (/[[\]{}()*+?|^$\\]/.test(literal)) {
    return (
      `OpenShift generates only [class]{length} constructs and copies ` +
      `the rest literally, so ${JSON.stringify(literal)} would end ` +
      `up in the value as written`
    );
  }
  return undefined;
}
