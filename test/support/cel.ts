import { evaluate } from '@marcbachmann/cel-js';

/** A CRD validation rule (`x-kubernetes-validations`) the object breaks. */
export interface CelViolation {
  /** JSON pointer of the value the rule is attached to, e.g. `/spec/skippedHelmCharts`. */
  readonly path: string;
  readonly rule: string;
  /** The rule's `message`, as the API server would report it. */
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
 * Evaluates every CEL rule of a CRD's `openAPIV3Schema` against `object`, as the API server does on
 * create: each rule with `self` bound to the value it is attached to. Rules on absent values are not
 * evaluated; transition rules (those using `oldSelf`) need an old object and are skipped. Integers
 * become CEL ints, as the schema types them.
 */
export function celViolations(schema: object, object: unknown): CelViolation[] {
  const violations: CelViolation[] = [];
  walk(schema as SchemaNode, object, '', violations);
  return violations;
}

function walk(node: SchemaNode, value: unknown, path: string, out: CelViolation[]): void {
  if (value === undefined || value === null) return;
  for (const { rule, message } of node['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(rule)) continue;
    let result: unknown;
    try {
      result = evaluate(rule, { self: toCel(node, value) });
    } catch (error) {
      result = `error: ${(error as Error).message}`;
    }
    if (result !== true) out.push({ path: path || '/', rule, message: message ?? `failed rule: ${rule}` });
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

/** JSON → CEL values: `type: integer` numbers become bigints (CEL `int`), the rest stays as it is. */
function toCel(node: SchemaNode | undefined, value: unknown): unknown {
  if (node?.type === 'integer' && typeof value === 'number') return BigInt(value);
  if (Array.isArray(value)) return value.map((item) => toCel(node?.items, item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      const child = node?.properties?.[k] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined);
      return [k, toCel(child, v)];
    }));
  }
  return value;
}
