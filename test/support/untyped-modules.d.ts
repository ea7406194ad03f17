// Packages without type declarations, as the tests use them.
declare module 'jq-web' {
  interface Jq {
    json(input: unknown, filter: string): unknown;
  }
  const jq: Jq | Promise<Jq>;
  export = jq;
}

declare module 'json-merge-patch' {
  export function generate(before: unknown, after: unknown): unknown;
  export function apply(target: unknown, patch: unknown): unknown;
}
