import { Chart } from 'cdk8s';
import { type Construct } from 'constructs';
import {
  CuratedImageStream,
  CuratedNamespace,
  JenkinsTemplate,
  SamplesOperatorConfig,
  SharedResourceViewerRole,
  SharedResourceViewersRoleBinding,
  TrackedImageStream,
} from '../constructs';
import type { ClusterPlan } from '../plan';
import { addRegistryConfiguration } from './_registries';
import { applySyncPolicy } from './_sync-policy';

export interface ClusterChartProps {
  readonly plan: ClusterPlan;
}

/** Everything Argo CD applies to one cluster, composed from its plan. */
export class ClusterChart extends Chart {
  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan } = props;

    new CuratedNamespace(this, 'CuratedNamespace', {
      name: plan.curatedNamespace,
      displayName: 'Curated images',
      description: 'Images and templates curated by the platform team; readable and pullable by every authenticated user.',
    });
    // Everyone reads the curated namespace as they read `openshift`.
    const viewer = new SharedResourceViewerRole(this, 'SharedResourceViewer', { namespace: plan.curatedNamespace });
    new SharedResourceViewersRoleBinding(this, 'SharedResourceViewers', { namespace: plan.curatedNamespace, roleName: viewer.resource.name });
    // Without the openshift-samples capability no operator reads a Config (plan.samples is absent).
    if (plan.samples) {
      new SamplesOperatorConfig(this, 'SamplesOperatorConfig', {
        managementState: plan.samples.managementState,
        architectures: plan.samples.architectures,
        samplesRegistry: plan.samples.samplesRegistry,
        skippedImagestreams: plan.samples.skippedImagestreams,
        skippedTemplates: plan.samples.skippedTemplates,
      });
    }
    for (const stream of plan.imageStreams) new CuratedImageStream(this, `ImageStream-${stream.name}`, stream);
    for (const stream of plan.builderImages) new TrackedImageStream(this, `TrackedImageStream-${stream.namespace}-${stream.name}`, stream);
    addRegistryConfiguration(this, plan.registries);
    for (const template of plan.templates) new JenkinsTemplate(this, `Template-${template.namespace}-${template.name}`, template);

    applySyncPolicy(this);
  }
}
