import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** One generated Application: the folder it applies and where. */
export interface ApplicationSetElement {
  /** Cluster name; the Application is `<namePrefix><cluster>` and applies `<pathPrefix><cluster>`. */
  readonly cluster: string;
  readonly environment: string;
  /** API server URL; exactly one of `destinationServer` and `destinationName` is set, the other is empty. */
  readonly destinationServer: string;
  /** Cluster name registered in Argo CD. */
  readonly destinationName: string;
}

/** Ignore rule for a field the API server fills in (Argo CD `spec.ignoreDifferences[]`). */
export interface ResourceIgnoreDifferences {
  readonly group: string;
  readonly kind: string;
  readonly jqPathExpressions: readonly string[];
}

export interface ApplicationSetProps {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder prefix in the repository, e.g. `dist/`. */
  readonly pathPrefix: string;
  readonly namePrefix: string;
  readonly project: string;
  readonly elements: readonly ApplicationSetElement[];
  /** @default - none */
  readonly ignoreDifferences?: readonly ResourceIgnoreDifferences[];
}

/**
 * An Argo CD `ApplicationSet` with a list generator: one Application per element.
 * Written as a plain ApiObject: the generated class for this CRD is 77k lines for one object.
 */
export class ApplicationSet extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ApplicationSetProps) {
    super(scope, id);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: props.metadata,
      spec: {
        // No resources finalizer on the generated Applications: deleting one, removing its cluster
        // from the list, or deleting the ApplicationSet deletes nothing on any cluster (argo-cd
        // applicationset/utils/utils.go RenderTemplateParams).
        syncPolicy: { preserveResourcesOnDeletion: true },
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements: props.elements.map((e) => ({ ...e })) } }],
        template: {
          metadata: {
            name: `${props.namePrefix}{{.cluster}}`,
            labels: { 'app.kubernetes.io/part-of': props.metadata.name, environment: '{{.environment}}' },
          },
          spec: {
            project: props.project,
            source: {
              repoURL: props.repoURL,
              targetRevision: props.targetRevision,
              path: `${props.pathPrefix}{{.cluster}}`,
              directory: { recurse: true },
            },
            // Argo CD treats an empty `server` or `name` as unset, so each element sets exactly one.
            destination: { server: '{{.destinationServer}}', name: '{{.destinationName}}' },
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              // No RespectIgnoreDifferences: with ignore paths inside spec.tags[] it would apply the
              // live tag list instead of git's (argo-cd controller/sync.go normalizeTargetResources).
              syncOptions: ['ServerSideApply=true'],
            },
            ignoreDifferences: (props.ignoreDifferences ?? []).map((d) => ({ ...d, jqPathExpressions: [...d.jqPathExpressions] })),
          },
        },
      },
    });
  }
}
