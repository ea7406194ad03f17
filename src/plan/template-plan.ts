import type { CatalogTemplate, Cluster } from '../model';
import type { ImageReference } from './cluster-plan';

/**
 * A Jenkins template as one cluster receives it: the catalog settings plus what the cluster decides
 * (the internal registry the Deployment's initial image points at). Its fields are the props of the
 * `JenkinsTemplate` construct.
 */
export interface TemplatePlan {
  /** Catalog file the template comes from. */
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  readonly displayName: string;
  readonly description: string;
  readonly longDescription?: string;
  readonly iconClass: string;
  readonly tags: readonly string[];
  readonly providerDisplayName: string;
  readonly documentationUrl?: string;
  readonly supportUrl?: string;
  readonly message?: string;
  readonly bindable?: boolean;
  /** `name:tag` of the curated ImageStream tag, in `imageStreamNamespace`. */
  readonly imageStreamTag: string;
  readonly imageStreamNamespace: string;
  /**
   * `name:tag` of the ImageStream tag Jenkins's built-in agent pod templates run, in `imageStreamNamespace`
   * (`AGENT_BASE_IMAGE`). @default - the Jenkins image's default, `openshift/jenkins-agent-base:latest`
   */
  readonly agentImageStreamTag?: string;
  /** Host of the cluster's internal registry, for the image the Deployment starts with. */
  readonly internalRegistry: string;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu?: string; readonly memory: string };
  };
  /** Set for the persistent variant. */
  readonly volumeCapacity?: string;
}

/** Every catalog template goes to every cluster, in the template's namespace (by default the curated one). */
export function planTemplates(templates: readonly CatalogTemplate[], cluster: Cluster): TemplatePlan[] {
  return templates.map((t) => ({
    file: t.file,
    name: t.name,
    namespace: t.namespace,
    displayName: t.displayName,
    description: t.description,
    longDescription: t.longDescription,
    iconClass: t.iconClass,
    tags: [...t.tags],
    providerDisplayName: t.providerDisplayName,
    documentationUrl: t.documentationUrl,
    supportUrl: t.supportUrl,
    message: t.message,
    bindable: t.bindable,
    imageStreamTag: t.imageStreamTag,
    imageStreamNamespace: t.namespace,
    agentImageStreamTag: t.agentImageStreamTag,
    internalRegistry: cluster.internalRegistry,
    resources: { requests: { ...t.resources.requests }, limits: { ...t.resources.limits } },
    volumeCapacity: t.volumeCapacity,
  }));
}

/**
 * The Jenkins image's agent image when `AGENT_BASE_IMAGE` is unset (openshift/jenkins
 * `2/contrib/jenkins/kube-slave-common.sh`: `AGENT_BASE=${AGENT_BASE_IMAGE:-…/openshift/jenkins-agent-base:latest}`).
 */
export const DEFAULT_JENKINS_AGENT = { namespace: 'openshift', imageStreamTag: 'jenkins-agent-base:latest' } as const;

/** The ImageStream tag (`namespace`, `name:tag`) a template's Jenkins runs its built-in agent pods from. */
export function jenkinsAgentImage(t: TemplatePlan): { readonly namespace: string; readonly imageStreamTag: string } {
  return t.agentImageStreamTag === undefined ? DEFAULT_JENKINS_AGENT : { namespace: t.imageStreamNamespace, imageStreamTag: t.agentImageStreamTag };
}

/**
 * The images each template's pods pull through the internal registry: the Deployment's curated
 * ImageStream tag, and the agent image of Jenkins's built-in pod templates.
 */
export function templateImageReferences(templates: readonly TemplatePlan[]): ImageReference[] {
  return templates.flatMap((t): ImageReference[] => {
    const agent = jenkinsAgentImage(t);
    return [
      {
        image: `${t.internalRegistry}/${t.imageStreamNamespace}/${t.imageStreamTag}`,
        role: 'workload',
        usedBy: `Template ${t.namespace}/${t.name} (Deployment of ImageStream tag ${t.imageStreamNamespace}/${t.imageStreamTag})`,
        file: t.file,
        field: 'imageStreamTag',
      },
      {
        image: `${t.internalRegistry}/${agent.namespace}/${agent.imageStreamTag}`,
        role: 'workload',
        usedBy: `Template ${t.namespace}/${t.name} (Jenkins agent pods, AGENT_BASE_IMAGE)`,
        file: t.file,
        field: 'agentImageStreamTag',
      },
    ];
  });
}
