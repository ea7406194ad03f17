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
    internalRegistry: cluster.internalRegistry,
    resources: { requests: { ...t.resources.requests }, limits: { ...t.resources.limits } },
    volumeCapacity: t.volumeCapacity,
  }));
}

/** The image each template's Deployment pulls: its curated ImageStream tag through the internal registry. */
export function templateImageReferences(templates: readonly TemplatePlan[]): ImageReference[] {
  return templates.map((t) => ({
    image: `${t.internalRegistry}/${t.imageStreamNamespace}/${t.imageStreamTag}`,
    role: 'workload',
    usedBy: `Template ${t.namespace}/${t.name} (Deployment of ImageStream tag ${t.imageStreamNamespace}/${t.imageStreamTag})`,
    file: t.file,
    field: 'imageStreamTag',
  }));
}
