import { Chart } from 'cdk8s';
import { type Construct } from 'constructs';
import { ApplicationSet } from '../constructs';
import type { Fleet } from '../model';
import { compareStrings } from '../shared';
import { applySyncPolicy } from './_sync-policy';

export interface ArgoCdChartProps {
  readonly fleet: Fleet;
}

/** The ApplicationSet that gives every cluster an Application applying `dist/<cluster>/`. */
export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { fleet } = props;
    new ApplicationSet(this, 'ApplicationSet', {
      metadata: { name: 'ocp-image-catalog', namespace: fleet.gitops.argocdNamespace },
      repoURL: fleet.gitops.repoURL,
      targetRevision: fleet.gitops.targetRevision,
      pathPrefix: `${fleet.gitops.path}/`,
      namePrefix: 'image-catalog-',
      project: fleet.gitops.project,
      elements: [...fleet.clusters]
        .sort((a, b) => compareStrings(a.name, b.name))
        .map((c) => ({
          cluster: c.name,
          environment: c.environment,
          destinationServer: 'server' in c.destination ? c.destination.server : '',
          destinationName: 'name' in c.destination ? c.destination.name : '',
        })),
      ignoreDifferences: [
        // The image API server sets a generation on every tag; it is not in git. It omits a false
        // `importPolicy.scheduled` (omitempty), which git writes out: ignore only that false value.
        {
          group: 'image.openshift.io',
          kind: 'ImageStream',
          jqPathExpressions: ['.spec.tags[]?.generation', '.spec.tags[]?.importPolicy | select(.scheduled == false) | .scheduled'],
        },
      ],
    });
    applySyncPolicy(this);
  }
}
