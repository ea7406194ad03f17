import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

/**
 * Validates Kubernetes/OpenShift objects against the upstream schemas copied into `upstream/`:
 * CRD `openAPIV3Schema`s (OpenShift config/samples, Argo CD, external-secrets.io), the derived JSON Schemas for
 * ImageStream and Template, and the OpenShift OpenAPI document for core kinds; apps/v1, which the
 * OpenShift OpenAPI lacks, with kubernetes-models (see `KUBERNETES_MODELS`).
 *
 * Every source is read on first use: parsing the Argo CD CRDs alone takes most of a second.
 *
 * Objects are checked strictly: a field the schema does not define is an error, as it is for an
 * API server with strict field validation (the default of `kubectl apply` since Kubernetes 1.27).
 */
export const UPSTREAM_DIR = path.resolve(__dirname, '../../upstream');

export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

/** Where a kind's schema comes from; `group/version/kind` keys (`core` for the core group). */
interface SchemaSource {
  readonly schema: object;
  readonly origin: string;
  /** A CRD's schema, which Kubernetes requires to be structural: no `$ref`, no `definitions`. */
  readonly structural?: boolean;
}

export const CRD_FILES = [
  'openshift/crds/config.openshift.io_images.yaml',
  'openshift/crds/config.openshift.io_imagedigestmirrorsets.yaml',
  'openshift/crds/config.openshift.io_imagetagmirrorsets.yaml',
  'openshift/crds/operator.openshift.io_imagecontentsourcepolicies.yaml',
  'openshift/crds/config.openshift.io_clusterimagepolicies.yaml',
  'openshift/crds/config.openshift.io_imagepolicies.yaml',
  'openshift/crds/samples.operator.openshift.io_configs.yaml',
  'external-secrets/crds/external-secrets.io_externalsecrets.yaml',
  // The largest last: a file is read only when a kind the files before it lack is validated.
  'argocd/crds/appproject-crd.yaml',
  'argocd/crds/application-crd.yaml',
  'argocd/crds/applicationset-crd.yaml',
];

const JSON_SCHEMA_FILES: Record<string, string> = {
  'image.openshift.io/v1/ImageStream': 'openshift/schemas/imagestream.image.openshift.io_v1.json',
  'template.openshift.io/v1/Template': 'openshift/schemas/template.template.openshift.io_v1.json',
};

/** Kinds taken from the OpenShift OpenAPI document (which has no group-version-kind index). */
const OPENAPI_DEFINITIONS: Record<string, string> = {
  'core/v1/Namespace': 'io.k8s.api.core.v1.Namespace',
  'core/v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
  'core/v1/Service': 'io.k8s.api.core.v1.Service',
  'core/v1/ServiceAccount': 'io.k8s.api.core.v1.ServiceAccount',
  'core/v1/PersistentVolumeClaim': 'io.k8s.api.core.v1.PersistentVolumeClaim',
  'core/v1/Secret': 'io.k8s.api.core.v1.Secret',
  'rbac.authorization.k8s.io/v1/Role': 'io.k8s.api.rbac.v1.Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'io.k8s.api.rbac.v1.RoleBinding',
  'route.openshift.io/v1/Route': 'com.github.openshift.api.route.v1.Route',
  'image.openshift.io/v1/ImageStreamTag': 'com.github.openshift.api.image.v1.ImageStreamTag',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding',
};

/**
 * Kinds missing from the OpenShift OpenAPI, validated with kubernetes-models (MIT, generated from the
 * Kubernetes OpenAPI). Its validators accept unknown fields, so the parts the OpenShift OpenAPI does
 * define are validated strictly against it as well; an unknown field elsewhere (e.g. a misspelt
 * `spec.replica`) goes unnoticed.
 */
const KUBERNETES_MODELS: Record<string, { readonly module: string; readonly strictParts: Readonly<Record<string, string>> }> = {
  'apps/v1/Deployment': {
    module: 'kubernetes-models/apps/v1/Deployment',
    strictParts: {
      '/metadata': 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      '/spec/selector': 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
      '/spec/template': 'io.k8s.api.core.v1.PodTemplateSpec',
    },
  },
};

interface KubernetesModel {
  validate(): void;
}

export function gvkKey(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return `${group}/${version}/${kind}`;
}

/** Adds `additionalProperties: false` wherever a schema lists properties and allows no extras. */
export function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === 'properties' || key === 'definitions' || key === 'patternProperties'
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, strictify(v)]))
        : strictify(value);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** Keywords whose value is a schema, and those whose value maps names (or lists) to schemas. */
const SCHEMA_KEYWORDS = ['additionalProperties', 'additionalItems', 'items', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'];
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', 'dependencies'];
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'items'];
/** Subschemas shorter than this (as JSON) are not worth a shared function. */
const SHARED_MIN_LENGTH = 2000;

/** `schema` with `f` applied to each of its direct subschemas. */
function mapSubschemas(schema: Record<string, unknown>, f: (sub: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...schema };
  for (const key of SCHEMA_MAP_KEYWORDS) {
    const value = schema[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? f(v) : v]));
    }
  }
  for (const key of SCHEMA_KEYWORDS) if (schema[key] && typeof schema[key] === 'object' && !Array.isArray(schema[key])) out[key] = f(schema[key]);
  for (const key of SCHEMA_LIST_KEYWORDS) if (Array.isArray(schema[key])) out[key] = (schema[key] as unknown[]).map(f);
  return out;
}

/**
 * A structural (CRD) schema with every large subschema that occurs more than once (the Application
 * template an ApplicationSet repeats under each generator) moved to `definitions` and referenced:
 * ajv compiles it once instead of at every place (an ApplicationSet took 3 to 5 s to compile, now
 * about 0.3 s). What it accepts, and the errors it gives, do not change.
 */
export function shareRepeatedSubschemas(schema: object): object {
  const seen = new Map<string, number>();
  const count = (node: unknown): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const json = JSON.stringify(node);
    if (json.length >= SHARED_MIN_LENGTH) seen.set(json, (seen.get(json) ?? 0) + 1);
    mapSubschemas(node as Record<string, unknown>, (sub) => (count(sub), sub));
  };
  count(schema);
  const definitions: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const share = (node: unknown, root = false): unknown => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
    const json = JSON.stringify(node);
    if (!root && (seen.get(json) ?? 0) > 1) {
      let name = names.get(json);
      if (!name) {
        name = `shared${names.size}`;
        names.set(json, name);
        definitions[name] = mapSubschemas(node as Record<string, unknown>, (sub) => share(sub));
      }
      return { $ref: `#/definitions/${name}` };
    }
    return mapSubschemas(node as Record<string, unknown>, (sub) => share(sub));
  };
  if ('definitions' in schema || JSON.stringify(schema).includes('"$ref"')) throw new Error('shareRepeatedSubschemas: not a structural schema');
  const shared = share(schema, true) as Record<string, unknown>;
  return names.size === 0 ? schema : { ...shared, definitions };
}

export class UpstreamSchemas {
  private readonly ajv: Ajv;
  private readonly sources = new Map<string, SchemaSource>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private openapiLoaded = false;
  private crdsRead = 0;

  constructor(private readonly dir: string = UPSTREAM_DIR) {
    // Loaded here rather than imported: synth imports this module (UPSTREAM_DIR) but validates nothing.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { default: AjvClass } = require('ajv') as typeof import('ajv');
    const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
    /* eslint-enable @typescript-eslint/no-require-imports */
    // Referenced schemas stay functions of their own (inlineRefs), so a shared subschema is compiled once.
    this.ajv = new AjvClass({ strict: false, allErrors: true, validateFormats: true, inlineRefs: false });
    addFormats(this.ajv);
    for (const format of ['int32', 'int64']) this.ajv.addFormat(format, { type: 'number', validate: Number.isInteger });
    for (const format of ['double', 'float']) this.ajv.addFormat(format, { type: 'number', validate: () => true });
    for (const format of ['byte', 'int-or-string', 'quantity']) this.ajv.addFormat(format, () => true);
  }

  /** Every `group/version/kind` this validator knows. */
  kinds(): string[] {
    this.loadCrds();
    return [
      ...new Set([...this.sources.keys(), ...Object.keys(JSON_SCHEMA_FILES), ...Object.keys(OPENAPI_DEFINITIONS), ...Object.keys(KUBERNETES_MODELS)]),
    ].sort();
  }

  /** The CEL rules (`x-kubernetes-validations`) of a CRD-defined kind, with their JSON paths. */
  crdSchema(apiVersion: string, kind: string): object | undefined {
    return this.source(gvkKey(apiVersion, kind))?.schema;
  }

  /** Violations of the object's upstream schema; throws if no schema is known for its kind. */
  validate(object: { readonly apiVersion?: unknown; readonly kind?: unknown; readonly [field: string]: unknown }): SchemaViolation[] {
    const key = gvkKey(String(object.apiVersion), String(object.kind));
    if (KUBERNETES_MODELS[key]) return this.validateWithKubernetesModels(key, object);
    const validateFn = this.validator(key);
    if (validateFn(object)) return [];
    return (validateFn.errors ?? []).map(toViolation);
  }

  private validator(key: string): ValidateFunction {
    const cached = this.compiled.get(key);
    if (cached) return cached;
    let fn: ValidateFunction;
    if (OPENAPI_DEFINITIONS[key]) {
      fn = this.openapiValidator(OPENAPI_DEFINITIONS[key]);
    } else {
      const source = this.source(key);
      if (!source) throw new Error(`no upstream schema for ${key}; known: ${this.kinds().join(', ')}`);
      fn = this.ajv.compile(source.structural ? shareRepeatedSubschemas(source.schema) : source.schema);
    }
    this.compiled.set(key, fn);
    return fn;
  }

  private openapiValidator(definition: string): ValidateFunction {
    const ref = `openapi#/definitions/${definition}`;
    const cached = this.compiled.get(ref);
    if (cached) return cached;
    this.loadOpenapi();
    const fn = this.ajv.compile({ $ref: ref });
    this.compiled.set(ref, fn);
    return fn;
  }

  private validateWithKubernetesModels(key: string, object: Record<string, unknown>): SchemaViolation[] {
    const { module, strictParts } = KUBERNETES_MODELS[key];
    const kind = key.split('/')[2];
    // Loaded on first use: only templates hold apps/v1 objects.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Model = (require(module) as Record<string, new (data: object) => KubernetesModel>)[kind];
    const violations: SchemaViolation[] = [];
    try {
      new Model(object).validate();
    } catch (error) {
      const errors = (error as { errors?: ErrorObject[] }).errors;
      if (!errors) throw error;
      violations.push(...errors.map(toViolation));
    }
    for (const [pointer, definition] of Object.entries(strictParts)) {
      const part = pointer
        .split('/')
        .slice(1)
        .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
      if (part === undefined) continue;
      const validateFn = this.openapiValidator(definition);
      if (validateFn(part)) continue;
      violations.push(...(validateFn.errors ?? []).map((e) => toViolation({ ...e, instancePath: pointer + e.instancePath })));
    }
    const seen = new Set<string>();
    return violations.filter((v) => {
      const id = `${v.path} ${v.message}`;
      return seen.has(id) ? false : (seen.add(id), true);
    });
  }

  /** The schema of a kind defined by a derived JSON Schema file or a CRD, read on first use. */
  private source(key: string): SchemaSource | undefined {
    const cached = this.sources.get(key);
    if (cached) return cached;
    const file = JSON_SCHEMA_FILES[key];
    if (file) {
      const schema = JSON.parse(fs.readFileSync(path.join(this.dir, file), 'utf8')) as Record<string, unknown>;
      delete schema.$schema;
      this.sources.set(key, { schema: strictify(schema) as object, origin: `upstream/${file}` });
    } else {
      this.loadCrds(key);
    }
    return this.sources.get(key);
  }

  /** Reads the CRD files in order, until the one defining `key` (all of them without a key). */
  private loadCrds(key?: string): void {
    while (this.crdsRead < CRD_FILES.length && !(key && this.sources.has(key))) this.addCrd(CRD_FILES[this.crdsRead++]);
  }

  private addCrd(file: string): void {
    // js-yaml, with the YAML 1.2 core schema as yaml's parser uses, reads the 1.4 MB ApplicationSet CRD about ten
    // times faster; test/validation/upstream-schemas.test.ts checks both read every CRD file the same.
    for (const doc of loadAll(fs.readFileSync(path.join(this.dir, file), 'utf8'), { schema: CORE_SCHEMA })) {
      const crd = doc as {
        spec: { group: string; names: { kind: string }; versions: Array<{ name: string; served?: boolean; schema?: { openAPIV3Schema: object } }> };
      };
      for (const version of crd.spec.versions) {
        // A version the server does not serve (external-secrets.io v1beta1) accepts no object.
        if (!version.schema || version.served === false) continue;
        const schema = strictify(version.schema.openAPIV3Schema) as Record<string, unknown>;
        // The API server validates metadata itself; CRD schemas leave it open.
        this.sources.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { schema, origin: `upstream/${file}`, structural: true });
      }
    }
  }

  private loadOpenapi(): void {
    if (this.openapiLoaded) return;
    const doc = JSON.parse(fs.readFileSync(path.join(this.dir, 'openshift/openapi/openapi.json'), 'utf8')) as { definitions: Record<string, object> };
    // OpenAPI v2 can only say `type: string` for these; the API server accepts a number as well.
    const numberOrString = {
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'integer',
      'io.k8s.apimachinery.pkg.api.resource.Quantity': 'number',
    };
    for (const [key, type] of Object.entries(numberOrString)) doc.definitions[key] = { ...doc.definitions[key], type: ['string', type] };
    this.ajv.addSchema({ $id: 'openapi', definitions: strictify(doc.definitions) as object });
    this.openapiLoaded = true;
  }
}

function toViolation(error: ErrorObject): SchemaViolation {
  const where = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') {
    return { path: where, message: `unknown field ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}` };
  }
  const allowed = error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : '';
  return { path: where, message: `${error.message ?? error.keyword}${allowed}` };
}

let shared: UpstreamSchemas | undefined;

/** One validator per process: compiling schemas is the expensive part. */
export function upstreamSchemas(): UpstreamSchemas {
  shared ??= new UpstreamSchemas();
  return shared;
}
