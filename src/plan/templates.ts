import type { CatalogTemplate, Cluster } from '../model';
import { getOrSet, memoByIdentity } from '../shared';
import type { ImageUse } from './cluster-plan';

/**
 * A Jenkins template as one cluster receives it: the catalog template plus what the cluster decides
 * (the internal registry the Deployment's initial image points at). It is the props of the
 * `JenkinsTemplate` construct, checked structurally where the cluster chart passes it.
 */
export interface TemplatePlan extends CatalogTemplate {
  /** Namespace of the curated ImageStream tags: the template's own. */
  readonly imageStreamNamespace: string;
  /** Host of the cluster's internal registry, for the image the Deployment starts with. */
  readonly internalRegistry: string;
}

/** Every catalog template goes to every cluster, in the template's namespace (by default the curated one). */
export function planTemplates(templates: readonly CatalogTemplate[], cluster: Cluster): readonly TemplatePlan[] {
  // A function of the catalog's templates (never changed after loading) and the internal registry,
  // the only thing it reads of the cluster: clusters with the same registry share one frozen array.
  const byRegistry = getOrSet(TEMPLATES, templates, () => new Map<string, readonly TemplatePlan[]>());
  return getOrSet(byRegistry, cluster.internalRegistry, () =>
    Object.freeze(templates.map((t) => ({ ...t, imageStreamNamespace: t.namespace, internalRegistry: cluster.internalRegistry }))),
  );
}
const TEMPLATES = new WeakMap<readonly CatalogTemplate[], Map<string, readonly TemplatePlan[]>>();

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
// Plans are read-only and clusters share their template arrays (`planTemplates`).
export const templateImageUses = memoByIdentity((templates: readonly TemplatePlan[]): readonly ImageUse[] => Object.freeze(imageUsesOf(templates)));

function imageUsesOf(templates: readonly TemplatePlan[]): ImageUse[] {
  return templates.flatMap((t): ImageUse[] => {
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
