import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { TEMPLATE_API_VERSION, type TemplateManifest, type TemplateParameter } from '../oc-process';

export type { TemplateManifest, TemplateParameter };

export interface TemplateProps {
  readonly metadata: { readonly name: string; readonly namespace: string };
  /** `openshift.io/display-name`. @default - none */
  readonly displayName?: string;
  /** `description`. @default - none */
  readonly description?: string;
  /** `openshift.io/long-description`. @default - none */
  readonly longDescription?: string;
  /** `iconClass`, e.g. `icon-jenkins`. @default - none */
  readonly iconClass?: string;
  /** `tags`, written comma-separated. @default - none */
  readonly tags?: readonly string[];
  /** `openshift.io/provider-display-name`. @default - none */
  readonly providerDisplayName?: string;
  /** `openshift.io/documentation-url`. @default - none */
  readonly documentationUrl?: string;
  /** `openshift.io/support-url`. @default - none */
  readonly supportUrl?: string;
  /** `template.openshift.io/bindable`; only `false` is written (bindable is OpenShift's default). @default - bindable */
  readonly bindable?: boolean;
  /** Shown after instantiation, parameters substituted. @default - none */
  readonly message?: string;
  /** @default - none */
  readonly parameters?: readonly TemplateParameter[];
  /** Labels processing applies to every object. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Objects already synthesized, placed before those of the `objects` chart: a template whose objects
   * are the same wherever it is published synthesizes them once. @default - none
   */
  readonly synthesizedObjects?: readonly object[];
}

/**
 * A `template.openshift.io/v1` Template. Its objects are cdk8s constructs added to `objects`, a chart
 * of its own (in an app of its own), synthesized when the template is and embedded in `objects`:
 * they are never applied to the cluster themselves, and the cluster chart's sync waves and
 * namespace do not touch them.
 */
export class Template extends Construct {
  public readonly resource: ApiObject;
  /** Add the template's objects here. They have no namespace: processing creates them in the user's project. */
  public readonly objects: Chart;

  constructor(scope: Construct, id: string, props: TemplateProps) {
    super(scope, id);
    this.objects = new Chart(new App(), 'objects', { disableResourceNameHashes: true });
    const annotations: Record<string, string> = {};
    const annotate = (key: string, value: string | undefined) => {
      if (value !== undefined) annotations[key] = value;
    };
    annotate('openshift.io/display-name', props.displayName);
    annotate('description', props.description);
    annotate('openshift.io/long-description', props.longDescription);
    annotate('iconClass', props.iconClass);
    annotate('tags', props.tags?.join(','));
    annotate('openshift.io/provider-display-name', props.providerDisplayName);
    annotate('openshift.io/documentation-url', props.documentationUrl);
    annotate('openshift.io/support-url', props.supportUrl);
    annotate('template.openshift.io/bindable', props.bindable === false ? 'false' : undefined);

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: TEMPLATE_API_VERSION,
      kind: 'Template',
      metadata: { name: props.metadata.name, namespace: props.metadata.namespace, annotations },
      message: props.message,
      parameters: props.parameters?.map((p) => ({ ...p })),
      labels: props.labels ? { ...props.labels } : undefined,
      objects: Lazy.any({ produce: () => [...(props.synthesizedObjects ?? []), ...this.objects.toJson()] }),
    });
  }
}
