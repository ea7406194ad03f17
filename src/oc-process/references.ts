import { fieldPath } from '../model/catalog-error';
import type { TemplateManifest } from './manifest';

/** `${NAME}` inside a string (upstream `stringParameterExp`). */
export const STRING_REFERENCE = /\$\{([a-zA-Z0-9_]+?)\}/g;
/** `${{NAME}}` as the whole string (upstream `nonStringParameterExp`). */
export const NON_STRING_REFERENCE = /^\$\{\{([a-zA-Z0-9_]+)\}\}$/;
/** `${{NAME}}` anywhere, to find the ones that are not alone in their field. */
const ANY_NON_STRING_REFERENCE = /\$\{\{([a-zA-Z0-9_]+)\}\}/g;

/** One parameter reference in a template, where processing substitutes it. */
export interface ParameterReference {
  readonly name: string;
  /**
   * `string`: `${NAME}`; `non-string`: `${{NAME}}` alone in its field; `misplaced`: `${{NAME}}` with
   * other text, which OpenShift leaves as written.
   */
  readonly syntax: 'string' | 'non-string' | 'misplaced';
  /** Path in the template, e.g. `objects[2].spec.replicas`. */
  readonly path: string;
  /** The string that holds it. */
  readonly text: string;
}

/** Every parameter reference in the parts processing substitutes: objects (keys and values), labels, message. */
export function templateReferences(template: TemplateManifest): ParameterReference[] {
  const out: ParameterReference[] = [];
  template.objects.forEach((object, index) => collect(object, ['objects', index], out));
  if (template.labels) collect(template.labels, ['labels'], out);
  if (template.message !== undefined) collect(template.message, ['message'], out);
  return out;
}

function collect(value: unknown, path: PropertyKey[], out: ParameterReference[]): void {
  if (typeof value === 'string') {
    out.push(...referencesInString(value, fieldPath(path)));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, [...path, index], out));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(...referencesInString(key, fieldPath(path)));
      collect(item, [...path, key], out);
    }
  }
}

/** The references in one string, in the order they appear. */
export function referencesInString(text: string, path: string): ParameterReference[] {
  const alone = NON_STRING_REFERENCE.exec(text);
  if (alone) return [{ name: alone[1], syntax: 'non-string', path, text }];
  const found: Array<{ at: number; reference: ParameterReference }> = [];
  for (const match of text.matchAll(STRING_REFERENCE)) found.push({ at: match.index, reference: { name: match[1], syntax: 'string', path, text } });
  for (const match of text.matchAll(ANY_NON_STRING_REFERENCE))
    found.push({ at: match.index, reference: { name: match[1], syntax: 'misplaced', path, text } });
  return found.sort((a, b) => a.at - b.at).map((f) => f.reference);
}
