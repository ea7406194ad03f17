import { generateValue, GeneratorError, mulberry32, type RandomSource, replaceFirst } from './generator';
import type { TemplateManifest } from './manifest';
import { NON_STRING_REFERENCE, STRING_REFERENCE } from './references';

/**
 * Offline template processing, like `oc process --local`: the same steps, in the same order, as
 * openshift/library-go `pkg/template/templateprocessing` (Processor.Process) and oc's `injectUserVars`.
 */
export interface ProcessOptions {
  /** Parameter values, like `oc process -p NAME=value`; a name the template does not define is an error. */
  readonly values?: Readonly<Record<string, string>>;
  /** Seed of the generator's random source. @default - a random seed */
  readonly seed?: number;
}

export interface ProcessedTemplate {
  /** The objects to create, parameters substituted and template labels applied. */
  readonly objects: Array<Record<string, unknown>>;
  /** The template message with parameters substituted. */
  readonly message?: string;
  /** Every parameter's final value (given, default or generated). */
  readonly values: Readonly<Record<string, string>>;
}

/** Processing failed; `errors` are what OpenShift would report. */
export class TemplateProcessError extends Error {
  constructor(public readonly errors: readonly string[]) {
    super(`template processing failed:\n  ${errors.join('\n  ')}`);
    this.name = 'TemplateProcessError';
  }
}

export function processTemplate(template: TemplateManifest, options: ProcessOptions = {}): ProcessedTemplate {
  const parameters = (template.parameters ?? []).map((p) => ({ ...p }));
  const errors: string[] = [];

  // oc's injectUserVars: a given value replaces the default and switches the generator off.
  for (const [name, value] of Object.entries(options.values ?? {})) {
    const parameter = parameters.find((p) => p.name === name);
    if (!parameter) {
      errors.push(`unknown parameter name ${JSON.stringify(name)}`);
      continue;
    }
    parameter.value = value;
    parameter.generate = undefined;
  }
  if (errors.length > 0) throw new TemplateProcessError(errors);

  // GenerateParameterValues: only empty parameters are generated; required ones must end up non-empty.
  const random: RandomSource = mulberry32(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  parameters.forEach((parameter, index) => {
    if (parameter.value) return;
    const at = `template.parameters[${index}]`;
    if (parameter.generate) {
      if (parameter.generate !== 'expression') {
        errors.push(`${at}: unknown generator name ${JSON.stringify(parameter.generate)} for parameter ${parameter.name}`);
        return;
      }
      try {
        parameter.value = generateValue(parameter.from ?? '', random);
      } catch (error) {
        if (!(error instanceof GeneratorError)) throw error;
        errors.push(`${at}: parameter ${parameter.name}: ${error.message}`);
        return;
      }
    }
    if (!parameter.value && parameter.required) errors.push(`${at}: parameter ${parameter.name} is required and must be specified`);
  });
  if (errors.length > 0) throw new TemplateProcessError(errors);

  const values = new Map(parameters.map((p) => [p.name, p.value ?? '']));
  const message = template.message === undefined ? undefined : substitute(values, template.message).value;
  const labels =
    template.labels === undefined
      ? undefined
      : Object.fromEntries(Object.entries(template.labels).map(([k, v]) => [substitute(values, k).value, substitute(values, v).value]));

  const objects = template.objects.map((item, index) => {
    if (!isObject(item)) {
      errors.push(`item[${index}].objects: unable to handle object`);
      return {};
    }
    const object = structuredClone(item) as Record<string, unknown>;
    stripNamespace(object);
    const processed = visitMap(values, object);
    if (labels !== undefined) addObjectLabels(processed, labels);
    return processed;
  });
  if (errors.length > 0) throw new TemplateProcessError(errors);
  return { objects, message, values: Object.fromEntries(values) };
}

/**
 * EvaluateParameterSubstitution: `${{NAME}}` alone is replaced and marked non-string; otherwise every
 * `${NAME}` of a known parameter is replaced. References to unknown parameters stay as written.
 */
function substitute(values: ReadonlyMap<string, string>, text: string): { value: string; asString: boolean } {
  const alone = NON_STRING_REFERENCE.exec(text);
  if (alone && values.has(alone[1])) return { value: replaceFirst(text, alone[0], values.get(alone[1]) ?? ''), asString: false };
  let out = text;
  for (const match of text.matchAll(STRING_REFERENCE)) {
    const value = values.get(match[1]);
    if (value !== undefined) out = replaceFirst(out, match[0], value);
  }
  return { value: out, asString: true };
}

/** visitUnsettableValues: a non-string result is decoded as JSON, or kept as a string when it is not JSON. */
function visitValue(values: ReadonlyMap<string, string>, value: unknown): unknown {
  if (typeof value === 'string') {
    const { value: out, asString } = substitute(values, value);
    return asString ? out : decodeJson(out);
  }
  if (Array.isArray(value)) return value.map((item) => visitValue(values, item));
  if (isObject(value)) return visitMap(values, value);
  return value;
}

/** Keys are substituted as strings; a value that decodes to JSON `null` removes its key, as in Go. */
function visitMap(values: ReadonlyMap<string, string>, map: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    const visited = visitValue(values, value);
    if (visited !== null || value === null) out[substitute(values, key).value] = visited;
  }
  return out;
}

function decodeJson(text: string): unknown {
  try {
    const decoded: unknown = JSON.parse(text);
    // Go's decoder rejects numbers beyond float64 (JSON.parse makes them Infinity).
    return typeof decoded === 'number' && !Number.isFinite(decoded) ? text : decoded;
  } catch {
    return text;
  }
}

/** A fixed namespace is removed; one that references a parameter is kept and substituted. */
function stripNamespace(object: Record<string, unknown>): void {
  const metadata = object.metadata;
  if (!isObject(metadata) || !('namespace' in metadata)) return;
  const namespace = metadata.namespace;
  if (typeof namespace === 'string' && (namespace === '' || new RegExp(STRING_REFERENCE.source).test(namespace))) return;
  delete metadata.namespace;
}

/**
 * addObjectLabels: template labels overwrite the object's own. Objects are decoded unstructured, so
 * upstream's extra labelling of DeploymentConfig pod templates never applies to them; neither here.
 */
function addObjectLabels(object: Record<string, unknown>, labels: Readonly<Record<string, string>>): void {
  const metadata = isObject(object.metadata) ? object.metadata : (object.metadata = {});
  const existing = isObject(metadata.labels) ? metadata.labels : {};
  metadata.labels = { ...existing, ...labels };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
