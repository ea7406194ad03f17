import { parseDocument, Scalar, visit } from 'yaml';

/**
 * The tag go-yaml v2 gives a plain scalar, written from go.yaml.in/yaml/v2 v2.4 `resolve.go`
 * (`resolve`, `resolveTable`, `resolveMapList`, `parseTimestamp`), the YAML library of
 * sigs.k8s.io/yaml v1.6 (its go.mod), which kubectl, the API server and Argo CD (argo-cd go.mod:
 * sigs.k8s.io/yaml v1.6.0; gitops-engine `pkg/utils/kube/kube.go` `SplitYAML` decodes with
 * k8s.io/apimachinery's YAMLOrJSONDecoder) read manifests with. Go's `strconv.ParseInt(s, 0, 64)`,
 * `ParseUint` and `ParseFloat` are reproduced for the inputs go-yaml hands them.
 */
export function goYamlPlainTag(value: string): 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp' | 'merge' {
  // decode.go `isMerge`: a plain `<<` key merges a mapping (resolve() itself never sees it: '<' has no hint).
  if (value === '<<') return 'merge';
  const mapped = RESOLVE_MAP.get(value);
  const hint = value === '' ? 'N' : hintOf(value[0]);
  if (hint === undefined) return 'str';
  if (mapped) return mapped;
  if (hint === '.') return goParseFloat(value) ? 'float' : 'str';
  if (hint === 'D' || hint === 'S') {
    if (isTimestamp(value)) return 'timestamp';
    const plain = value.replace(/_/g, '');
    if (goParseInt(plain, true) || goParseInt(plain, false)) return 'int';
    if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return 'float';
  }
  return 'str';
}

function hintOf(c: string): string | undefined {
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

const RESOLVE_MAP = new Map<string, ReturnType<typeof goYamlPlainTag>>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, 'bool'] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, 'bool'] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, 'null'] as const),
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'].map((s) => [s, 'float'] as const),
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** `strconv.ParseInt(s, 0, 64)` (signed) or `strconv.ParseUint(s, 0, 64)` succeeds. */
function goParseInt(s: string, signed: boolean): boolean {
  let digits = s;
  let negative = false;
  if (signed && (digits[0] === '+' || digits[0] === '-')) {
    negative = digits[0] === '-';
    digits = digits.slice(1);
  }
  if (digits === '') return false;
  let base = 10;
  if (digits[0] === '0') {
    const p = digits[1]?.toLowerCase();
    if (digits.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
      base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
      digits = digits.slice(2);
    } else {
      base = 8;
      digits = digits.slice(1);
      if (digits === '') return true;
    }
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return false;
  const n = [...digits].reduce((acc, d) => acc * BigInt(base) + BigInt(parseInt(d, 16)), 0n);
  const max = signed ? (negative ? 2n ** 63n : 2n ** 63n - 1n) : 2n ** 64n - 1n;
  return n <= max;
}

/** `strconv.ParseFloat(s, 64)` for a string starting with `.` (no underscores, no hex without 0x). */
function goParseFloat(s: string): boolean {
  return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s));
}

const DATE = /[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/.source;
const CLOCK = /[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?/.source;
const TIMESTAMP = new RegExp(`^${DATE}(?:(?:[Tt]${CLOCK}(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: ${CLOCK}))?$`);

/** `parseTimestamp`: four digits and `-`, then one of `allowedTimestampFormats`. */
function isTimestamp(s: string): boolean {
  return TIMESTAMP.test(s);
}

/**
 * Every plain scalar of `text` that yaml (1.2) reads as a string but go-yaml v2 would not, as
 * `"<source>" → <tag>`; empty when go-yaml reads every string as the same string.
 */
export function goYamlMisreadStrings(text: string): string[] {
  const doc = parseDocument(text);
  const misread: string[] = [];
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (node.type !== Scalar.PLAIN || typeof node.value !== 'string') return;
      const tag = goYamlPlainTag(node.source ?? String(node.value));
      if (tag !== 'str') misread.push(`${JSON.stringify(node.source)} → ${tag}`);
    },
  });
  return misread;
}
