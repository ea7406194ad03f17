/**
 * `template.openshift.io/v1` Template, typed by hand (it is served by the OpenShift API server, not a
 * CRD, so `cdk8s import` cannot generate it). Field names and docs follow openshift/api template/v1.
 */
export interface TemplateManifest {
  readonly apiVersion: 'template.openshift.io/v1';
  readonly kind: 'Template';
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly labels?: Readonly<Record<string, string>>;
  };
  /** Shown after instantiation; parameters are substituted in it. */
  readonly message?: string;
  /** The objects processing creates, with `${NAME}` / `${{NAME}}` references to parameters. */
  readonly objects: readonly TemplateObject[];
  readonly parameters?: readonly TemplateParameter[];
  /** Applied to every object processing creates; parameters are substituted in keys and values. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One object of a template, as written: any Kubernetes object, possibly holding parameter references. */
export type TemplateObject = { readonly [field: string]: unknown };

export interface TemplateParameter {
  /** Referenced as `${NAME}` inside strings or `${{NAME}}` alone for non-string values. */
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  /** The default; when set, the generator is not used. */
  readonly value?: string;
  /** The only generator OpenShift knows is `expression`. */
  readonly generate?: string;
  /** Input of the generator, e.g. `[a-zA-Z0-9]{16}`. */
  readonly from?: string;
  /** Processing fails when the parameter ends up empty. */
  readonly required?: boolean;
}

export const TEMPLATE_API_VERSION = 'template.openshift.io/v1';
