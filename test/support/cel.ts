import { evaluate } from '@marcbachmann/cel-js';

/** A CEL rule of a CRD schema that the object breaks. */
export interface CelViolation {
  /** JSON path of the value the rule was evaluated on, e.g. `/spec/registrySources/allowedRegistries/0`. */
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly 'x-kubernetes-validations'?: ReadonlyArray<{ readonly rule: string; readonly message?: string }>;
}

/**
 * Evaluates every `x-kubernetes-validations` rule of a CRD `openAPIV3Schema` against `object`, with
 * `self` bound to the value the rule sits on, as the API server does on create. Rules about
 * updates (`oldSelf`) do not apply to a new object and are skipped.
 */
export function celViolations(schema: object, object: unknown): CelViolation[] {
  const out: CelViolation[] = [];
  walk(schema as SchemaNode, object, '', out);
  return out;
}

function walk(node: SchemaNode, value: unknown, path: string, out: CelViolation[]): void {
  if (value === undefined || value === null) return;
  for (const { rule, message } of node['x-kubernetes-validations'] ?? []) {
    if (rule.includes('oldSelf')) continue;
    let ok: unknown;
    try {
      ok = evaluate(rule, { self: toCel(node, value) });
    } catch (error) {
      throw new Error(`CEL rule at ${path || '/'} failed to evaluate: ${rule}: ${(error as Error).message}`, { cause: error });
    }
    if (ok !== true) out.push({ path: path || '/', rule, message: message ?? `failed rule: ${rule}` });
  }
  if (Array.isArray(value)) {
    if (node.items) value.forEach((item, i) => walk(node.items as SchemaNode, item, `${path}/${i}`, out));
    return;
  }
  if (typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childSchema = node.properties?.[key] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (childSchema) walk(childSchema, child, `${path}/${key}`, out);
  }
}

/** CEL integers are 64-bit: numbers the schema types as integers become bigint. */
function toCel(node: SchemaNode | undefined, value: unknown): unknown {
  if (node?.type === 'integer' && typeof value === 'number') return BigInt(value);
  if (Array.isArray(value)) return value.map((item) => toCel(node?.items, item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        toCel(node?.properties?.[k] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined), v),
      ]),
    );
  }
  return value;
}
