import * as path from 'node:path';
import { z } from 'zod';
import {
  builderImageSchema,
  fleetSchema,
  imageContentSourcePolicySchema,
  imageSchema,
  jenkinsTemplateSchema,
  registriesSchema,
  samplesSchema,
} from '../model';
import { type FieldDoc, fieldDocs } from './field-docs';

/** One kind of catalog file: where it lives, how it is written, and the schema that parses it. */
export interface CatalogKind {
  /** File name of the JSON Schema, `schemas/catalog/<id>.schema.json`. */
  readonly id: string;
  readonly title: string;
  /** Where files of this kind live, under the catalog folder. */
  readonly location: string;
  /** How a file of this kind starts. */
  readonly form: string;
  readonly schema: z.ZodType;
  /** The schema's source file and constant, whose field comments describe the fields. */
  readonly source: string;
  readonly schemaName: string;
  /** Which bundled catalog files give the examples (paths relative to the catalog folder). */
  readonly examples: (file: string) => boolean;
}

export const CATALOG_KINDS: readonly CatalogKind[] = [
  {
    id: 'fleet',
    title: 'Fleet',
    location: 'catalogs/fleet.ts',
    form: 'export default defineFleet({ … })',
    schema: fleetSchema,
    source: 'src/model/fleet.ts',
    schemaName: 'fleetSchema',
    examples: (f) => f === 'fleet.ts',
  },
  {
    id: 'registries',
    title: 'Registry policy and mirrors',
    location: 'catalogs/registries.ts',
    form: 'export default defineRegistries({ … })',
    schema: registriesSchema,
    source: 'src/model/registries.ts',
    schemaName: 'registriesSchema',
    examples: (f) => f === 'registries.ts',
  },
  {
    id: 'samples',
    title: 'Samples keep-list',
    location: 'catalogs/samples.ts',
    form: 'export default defineSamples({ … })',
    schema: samplesSchema,
    source: 'src/model/samples.ts',
    schemaName: 'samplesSchema',
    examples: (f) => f === 'samples.ts',
  },
  {
    id: 'image',
    title: 'Curated image',
    location: 'catalogs/images/<image>.ts',
    form: 'export default defineImage({ … })',
    schema: imageSchema,
    source: 'src/model/images.ts',
    schemaName: 'imageSchema',
    examples: (f) => f.startsWith('images/'),
  },
  {
    id: 'builder-image',
    title: 'Tracked (builder) image',
    location: 'catalogs/builders/<name>.ts',
    form: 'export default defineBuilderImage({ … })',
    schema: builderImageSchema,
    source: 'src/model/builder-images.ts',
    schemaName: 'builderImageSchema',
    examples: (f) => f.startsWith('builders/'),
  },
  {
    id: 'template',
    title: 'Jenkins template',
    location: 'catalogs/templates/<name>.ts',
    form: 'export default defineJenkinsTemplate({ … })',
    schema: jenkinsTemplateSchema,
    source: 'src/model/templates.ts',
    schemaName: 'jenkinsTemplateSchema',
    examples: (f) => f.startsWith('templates/') && !path.posix.basename(f).startsWith('_'),
  },
  {
    id: 'image-content-source-policy',
    title: 'Legacy ImageContentSourcePolicy (YAML)',
    location: 'catalogs/icsp/<name>.yaml or catalogs/icsp/<cluster>/<name>.yaml',
    form: 'an ImageContentSourcePolicy object in YAML',
    schema: imageContentSourcePolicySchema,
    source: 'src/model/image-content-source-policy.ts',
    schemaName: 'imageContentSourcePolicySchema',
    examples: (f) => f.startsWith('icsp/'),
  },
];

export const SCHEMA_FOLDER = 'schemas/catalog';
export const REFERENCE_FILE = 'docs/CATALOG.md';

type JsonSchema = { [key: string]: unknown };

/** What a catalog author writes (defaults applied later), with each field's comment as its description. */
export function catalogJsonSchema(kind: CatalogKind, root: string): JsonSchema {
  const schema = z.toJSONSchema(kind.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const docs = fieldDocs(path.join(root, kind.source), kind.schemaName);
  forEachField(schema, '', (field, at) => {
    const doc = docs.get(at);
    if (!doc) return;
    const expected = typeof field.description === 'string' ? field.description : undefined;
    field.description = [
      doc.text,
      expected && !doc.text.includes(expected) ? `Expected: ${expected}.` : '',
      doc.default !== undefined ? `Default: ${doc.default}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
  });
  return {
    $schema: schema.$schema,
    $id: `https://ocp-image-catalog.invalid/${SCHEMA_FOLDER}/${kind.id}.schema.json`,
    title: `${kind.title} (${kind.location})`,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** Calls `visit` with every field schema of `schema` and its path (`a.b`, `a[]`, `a.*`). */
function forEachField(schema: JsonSchema, at: string, visit: (field: JsonSchema, at: string) => void): void {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [name, field] of Object.entries(properties ?? {})) {
    const fieldAt = at ? `${at}.${name}` : name;
    visit(field, fieldAt);
    forEachField(field, fieldAt, visit);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const option of (schema[key] as JsonSchema[] | undefined) ?? []) forEachField(option, at, visit);
  if (schema.items && typeof schema.items === 'object') forEachField(schema.items as JsonSchema, `${at}[]`, visit);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    forEachField(schema.additionalProperties as JsonSchema, `${at}.*`, visit);
}

/** One row of the reference: a field of a kind. */
export interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  /** Markdown: a value in a code span, or prose. */
  readonly default?: string;
  readonly constraints: readonly string[];
  readonly description: string;
  readonly example: string;
}

/**
 * Every field of `kind`, in schema order, with an example from the bundled catalog (`sources`, keyed by
 * path relative to the catalog folder) or from the schema.
 */
export function fieldRows(kind: CatalogKind, root: string, sources: ReadonlyMap<string, unknown>): FieldRow[] {
  const schema = z.toJSONSchema(kind.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const docs = fieldDocs(path.join(root, kind.source), kind.schemaName);
  const examples = exampleValues(
    [...sources]
      .filter(([file]) => kind.examples(file))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, v]) => v),
  );
  const rows: FieldRow[] = [];
  const walk = (node: JsonSchema, at: string, requiredHere: boolean) => {
    const properties = (node.properties as Record<string, JsonSchema> | undefined) ?? {};
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const [name, field] of Object.entries(properties)) {
      const fieldAt = at ? `${at}.${name}` : name;
      rows.push(row(fieldAt, field, requiredHere && required.has(name), docs.get(fieldAt), exampleAt(examples, fieldAt)));
      walkInto(field, fieldAt);
    }
  };
  const walkInto = (field: JsonSchema, at: string) => {
    walk(field, at, true);
    for (const option of (field.anyOf as JsonSchema[] | undefined) ?? []) walk(option, at, false);
    if (field.items && typeof field.items === 'object') walkInto(field.items as JsonSchema, `${at}[]`);
    if (field.additionalProperties && typeof field.additionalProperties === 'object') walkInto(field.additionalProperties as JsonSchema, `${at}.*`);
  };
  walk(schema, '', true);
  // A field reachable twice (through the options of a union) is listed once.
  return rows.filter((r, i) => rows.findIndex((o) => o.path === r.path) === i);
}

/**
 * The example of `at`, or of the same field where the catalog sets it without the map around it:
 * `clusters.*.imageDigestMirrors[].source` (a per-cluster override) → `imageDigestMirrors[].source`.
 */
function exampleAt(examples: ReadonlyMap<string, unknown>, at: string): unknown {
  for (let path: string | undefined = at; path !== undefined; path = path.includes('.*.') ? path.slice(path.indexOf('.*.') + 3) : undefined) {
    if (examples.has(path)) return examples.get(path);
  }
  return undefined;
}

function row(at: string, field: JsonSchema, required: boolean, doc: FieldDoc | undefined, example: unknown): FieldRow {
  const expected = typeof field.description === 'string' ? field.description : undefined;
  // `@default - prose` describes a behaviour; `@default value` and zod defaults are values.
  const defaultText =
    field.default !== undefined
      ? code(JSON.stringify(field.default))
      : doc?.default?.startsWith('- ')
        ? doc.default.slice(2)
        : doc?.default !== undefined
          ? code(doc.default)
          : undefined;
  return {
    path: at,
    type: typeName(field),
    required,
    ...(defaultText === undefined ? {} : { default: defaultText }),
    constraints: constraints(field, expected),
    description: doc?.text ?? '',
    example: example === undefined ? syntheticExample(field, [expected, doc?.text].join(' ')) : inline(example),
  };
}

/** Markdown code span of `text`. */
export function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  const pad = text.includes('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function typeName(field: JsonSchema): string {
  if (field.const !== undefined) return `${JSON.stringify(field.const)}`;
  if (Array.isArray(field.enum)) return field.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (Array.isArray(field.anyOf)) return (field.anyOf as JsonSchema[]).map(typeName).join(' or ');
  if (field.type === 'array') return `${field.items ? typeName(field.items as JsonSchema) : 'any'}[]`;
  if (field.type === 'object' && field.additionalProperties && typeof field.additionalProperties === 'object' && !field.properties) {
    return `map of ${typeName(field.additionalProperties as JsonSchema)}`;
  }
  if (typeof field.type === 'string') return field.type === 'integer' ? 'integer' : field.type;
  return 'any';
}

function constraints(field: JsonSchema, expected: string | undefined): string[] {
  const out: string[] = [];
  if (expected) out.push(expected);
  if (typeof field.minLength === 'number' && field.minLength > 0) out.push('not empty');
  if (typeof field.minItems === 'number') out.push(`at least ${field.minItems} item${field.minItems === 1 ? '' : 's'}`);
  if (typeof field.maxItems === 'number') out.push(`at most ${field.maxItems} items`);
  if (typeof field.minimum === 'number') out.push(`at least ${field.minimum}`);
  // zod's .int() bounds every integer by Number.MAX_SAFE_INTEGER, which is no constraint to an author.
  if (typeof field.maximum === 'number' && field.maximum < Number.MAX_SAFE_INTEGER) out.push(`at most ${field.maximum}`);
  if (field.additionalProperties === false) out.push('no other fields');
  return out;
}

/** The first value each field path takes in the given catalog values. */
function exampleValues(values: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: unknown, at: string) => {
    if (at && !out.has(at)) out.set(at, value);
    if (Array.isArray(value)) for (const item of value) walk(item, `${at}[]`);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, at ? `${at}.${key}` : key);
    }
  };
  for (const value of values) walk(value, '');
  // Record keys are free: the value under any key is an example of `.*`.
  for (const [at, value] of [...out]) {
    const star = at.replace(/\.[^.[\]]+$/, '.*');
    if (star !== at && !out.has(star)) out.set(star, value);
  }
  return out;
}

function syntheticExample(field: JsonSchema, text: string | undefined): string {
  const quoted = /e\.g\. ("[^"]*"|'[^']*'|`[^`]*`)/.exec(text ?? '');
  if (quoted) return quoted[1].startsWith('`') ? quoted[1].slice(1, -1) : quoted[1];
  if (field.default !== undefined) return inline(field.default);
  if (field.const !== undefined) return inline(field.const);
  if (Array.isArray(field.enum)) return inline(field.enum[0]);
  if (Array.isArray(field.anyOf)) return syntheticExample((field.anyOf as JsonSchema[])[0], undefined);
  if (field.type === 'boolean') return 'true';
  if (field.type === 'integer' || field.type === 'number') return String(typeof field.minimum === 'number' ? field.minimum : 1);
  if (field.type === 'array') return '[]';
  if (field.type === 'object') return '{}';
  return 'anything';
}

function inline(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
