import { processTemplate, type TemplateManifest } from '../oc-process';
import { type UpstreamSchemas, upstreamSchemas } from './upstream-schemas';

/**
 * Processes a template with its defaults (generators seeded) and validates every resulting object
 * against its upstream schema: one line per violation, `objects[3] (Deployment jenkins): /spec/replicas must be integer`.
 * Empty when the template instantiates into valid objects. Throws `TemplateProcessError` when it does not process.
 */
export function processedTemplateViolations(template: TemplateManifest, schemas: UpstreamSchemas = upstreamSchemas(), seed = 1): string[] {
  return processTemplate(template, { seed }).objects.flatMap((object, index) => {
    const name = (object.metadata as { name?: unknown } | undefined)?.name;
    return schemas.validate(object).map((v) => `objects[${index}] (${String(object.kind)} ${String(name)}): ${v.path} ${v.message}`);
  });
}
