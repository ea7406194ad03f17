import { z } from 'zod';

/**
 * Kubernetes' quantity grammar, as k8s.io/apimachinery pkg/api/resource parses it (quantity.go
 * `ParseQuantity`, `parseQuantityString`; suffix.go `newSuffixer`, `suffixHandler.interpret`):
 * an optional sign, `<digits>`, `<digits>.<digits>`, `<digits>.` or `.<digits>`, then a binary suffix
 * (Ki…Ei), a decimal one (n, u, m, "", k, M, G, T, P, E) or a decimal exponent (`e`/`E` and a signed
 * integer, e.g. `2e9`).
 */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|(n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** The value of a quantity in base units (cores, bytes), or undefined when Kubernetes would not parse it. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, binary, decimal, exponent] = match;
  const magnitude = Number(number) * (binary ? 2 ** BINARY[binary] : 10 ** (decimal ? DECIMAL[decimal] : Number(exponent ?? 0)));
  return sign === '-' ? -magnitude : magnitude;
}

/** The value of a quantity in base units (cores, bytes), for comparisons. */
export function quantityValue(text: string): number {
  const value = parseQuantity(text);
  if (value === undefined) throw new Error(`not a quantity: ${text}`);
  return value;
}

/** A likely intended quantity for a rejected one (`5 GB` → `5Gi`, `1,5Gi` → `1.5Gi`, `2g` → `2Gi`), if one suggests itself. */
function corrected(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '').replace(/,/g, '.');
  if (parseQuantity(compact) !== undefined) return compact;
  const unit = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([kmgtpe])(?:i?b|i)|([kgtp]))$/i.exec(compact);
  if (unit) return `${unit[1]}${(unit[2] ?? unit[3]).toUpperCase()}i`;
  const bytes = /^(.+?)[Bb]$/.exec(compact);
  return bytes && parseQuantity(bytes[1]) !== undefined ? bytes[1] : undefined;
}

/**
 * A non-negative Kubernetes quantity (the API server rejects negative requests, limits and sizes:
 * k8s.io/kubernetes pkg/apis/core/validation `ValidateNonnegativeQuantity`). `example` is what the
 * hint offers when no correction of the rejected value suggests itself; it is never the rejected value.
 */
export function quantity(example: string) {
  const expected = `a Kubernetes quantity: a number with an optional unit or exponent, e.g. ${JSON.stringify(example)}`;
  const schema = z.string().superRefine((value, ctx) => {
    const parsed = parseQuantity(value);
    if (parsed !== undefined && parsed >= 0) return;
    if (parsed !== undefined) {
      const positive = value.replace(/^-/, '');
      ctx.addIssue({
        code: 'custom',
        message: expected,
        input: value,
        params: { expected: 'a quantity that is not negative', fix: `write ${JSON.stringify(positive)}; the API server rejects negative quantities` },
        continue: false,
      });
      return;
    }
    // Both are valid quantities, so neither is the rejected value.
    const suggestion = corrected(value) ?? example;
    ctx.addIssue({
      code: 'custom',
      message: expected,
      input: value,
      params: {
        expected,
        fix: `write e.g. ${JSON.stringify(suggestion)} (units: Ki, Mi, Gi, Ti are binary, k, M, G, T decimal, m thousandths; or an exponent: 2e9)`,
      },
      continue: false,
    });
  });
  return schema.meta({ pattern: QUANTITY.source, description: `${expected}; not negative` });
}
