import { z } from 'zod';
import { crossField, dnsSubdomain, matching, objectNamespace } from './_schema';
import { type CatalogProblem, describeValue } from './catalog-error';
import { quantity, quantityValue } from './quantity';

/** Folder of the template catalog files, under the catalog root: one template per `<name>.ts`. */
export const TEMPLATES_FOLDER = 'templates';

const webUrl = matching(
  /^https?:\/\/[^\s/]+(\/\S*)?$/,
  'an http:// or https:// URL',
  (value) => `write the full URL, e.g. ${JSON.stringify('https://' + value.replace(/^\w+:\/\//, ''))}`,
);

const tag = matching(
  /^[a-z0-9][a-z0-9-]*$/,
  'a catalog tag: lowercase letters, digits and "-", e.g. "instant-app"',
  (value) => `write e.g. ${JSON.stringify(value.toLowerCase().replace(/[^a-z0-9-]+/g, '-'))}`,
);

/** `name:tag` of an ImageStream tag, as in `oc get istag`. */
const imageStreamTag = matching(
  /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[\w][\w.-]{0,127}$/,
  'an ImageStream tag as name:tag, e.g. "jenkins:2.452"',
  (value) => {
    const name = value.split('/').pop();
    return `write the ImageStream name and the tag, e.g. ${JSON.stringify(value.includes(':') ? name : `${name || 'jenkins'}:latest`)}`;
  },
);

const resources = z.strictObject({
  /** What the scheduler reserves for the Jenkins container. */
  requests: z.strictObject({
    /** Default of CPU_REQUEST. */
    cpu: quantity('500m'),
    /** Default of MEMORY_REQUEST. */
    memory: quantity('1Gi'),
  }),
  /** What the Jenkins container may use at most. */
  limits: z.strictObject({
    /** Default of CPU_LIMIT; leave out for no CPU limit (the container may use idle CPU on the node). */
    cpu: quantity('1').optional(),
    /** Default of MEMORY_LIMIT. */
    memory: quantity('2Gi'),
  }),
});

export const jenkinsTemplateSchema = z
  .strictObject({
    /** `metadata.name` of the Template, e.g. `jenkins-persistent`. */
    name: dnsSubdomain,
    /** Namespace the Template is published in, e.g. `shared-images`. @default - the fleet's `curatedNamespace` */
    namespace: objectNamespace.optional(),
    /** `openshift.io/display-name`, the title in the developer catalog. */
    displayName: z.string().min(1),
    /** `description`: what the template deploys and what to know before using it. */
    description: z.string().min(1),
    /** `openshift.io/long-description`. @default - none */
    longDescription: z.string().min(1).optional(),
    /** `iconClass`. @default 'icon-jenkins' */
    iconClass: z.string().min(1).default('icon-jenkins'),
    /** `tags`, for search and catalog categories. */
    tags: z.array(tag).min(1),
    /** `openshift.io/provider-display-name`: who publishes the template. */
    providerDisplayName: z.string().min(1),
    /** `openshift.io/documentation-url`. @default - none */
    documentationUrl: webUrl.optional(),
    /** `openshift.io/support-url`. @default - none */
    supportUrl: webUrl.optional(),
    /** Shown after instantiation; may reference the template's parameters, e.g. `${JENKINS_SERVICE_NAME}`. @default - how to log in */
    message: z.string().min(1).optional(),
    /** `template.openshift.io/bindable`: false stops the Template Service Broker offering bindings. @default - bindable (no annotation) */
    bindable: z.boolean().optional(),
    /** The curated ImageStream tag the Deployment runs, in the template's namespace, e.g. `jenkins:2.452`. */
    imageStreamTag,
    /**
     * The curated ImageStream tag, in the template's namespace, that Jenkins's built-in agent pod templates
     * run (written as `AGENT_BASE_IMAGE`), e.g. `jenkins-agent-base:stable`.
     * @default - the Jenkins image's own default, `openshift/jenkins-agent-base:latest`, which the samples must keep
     */
    agentImageStreamTag: imageStreamTag.optional(),
    /** Defaults of the CPU_REQUEST, MEMORY_REQUEST, CPU_LIMIT and MEMORY_LIMIT parameters. */
    resources,
    /** Default of VOLUME_CAPACITY; setting it makes the template persistent (a PersistentVolumeClaim instead of an emptyDir). @default - ephemeral */
    volumeCapacity: quantity('5Gi').optional(),
  })
  .check(
    ...(['cpu', 'memory'] as const).map((resource) =>
      crossField<JenkinsTemplateSettings>(
        [
          ['resources', 'requests', resource],
          ['resources', 'limits', resource],
        ],
        (template, ctx) => {
          const request = template.resources.requests[resource];
          const limit = template.resources.limits[resource];
          if (limit === undefined || quantityValue(request) <= quantityValue(limit)) return;
          const expected = `a ${resource} request no greater than the ${resource} limit (${limit})`;
          ctx.addIssue({
            code: 'custom',
            path: ['resources', 'requests', resource],
            message: expected,
            input: request,
            params: { expected, fix: `lower the request or raise resources.limits.${resource}; the API server rejects a request above its limit` },
          });
        },
      ),
    ),
  );

/**
 * A Jenkins template as written in `catalogs/templates/<name>.ts` (`defineJenkinsTemplate`): published
 * to every cluster as an OpenShift Template whose Deployment runs a curated ImageStream tag.
 */
export type JenkinsTemplateInput = z.input<typeof jenkinsTemplateSchema>;
/** A Jenkins template as validated, defaults applied. */
export type JenkinsTemplateSettings = z.output<typeof jenkinsTemplateSchema>;

/** A template of the catalog, with the file it came from and its namespace resolved. */
export interface CatalogTemplate extends Omit<JenkinsTemplateSettings, 'namespace'> {
  readonly file: string;
  readonly namespace: string;
}

/** Typed identity: gives editor completion and type checks in `catalogs/templates/<name>.ts`. */
export function defineJenkinsTemplate(template: JenkinsTemplateInput): JenkinsTemplateInput {
  return template;
}

/**
 * Completes the templates parsed from their files with their namespace (by default the curated one).
 * Two templates with the same name in the same namespace are a problem of the second file.
 */
export function resolveTemplates(
  parsed: ReadonlyArray<{ readonly file: string; readonly value: JenkinsTemplateSettings | undefined }>,
  curatedNamespace: string,
): { templates: CatalogTemplate[]; problems: CatalogProblem[] } {
  const templates: CatalogTemplate[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, string>();
  for (const { file, value } of parsed) {
    if (value === undefined) continue;
    const template: CatalogTemplate = { ...value, namespace: value.namespace ?? curatedNamespace, file };
    const key = `${template.namespace}/${template.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        file,
        field: 'name',
        expected: `a template name not used by another file in namespace ${template.namespace}`,
        received: `${describeValue(template.name)}, already defined in ${first}`,
        fix: 'rename one of the two templates',
      });
      continue;
    }
    seen.set(key, file);
    templates.push(template);
  }
  return { templates, problems };
}
