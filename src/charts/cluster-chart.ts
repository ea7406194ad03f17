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
import { addProductionImagePolicies } from './_admission';
import { applySyncPolicy } from './_sync-policy';

/**
 * What a cluster's manifests are made of: its plan without the cluster's identity and its image
 * references (which only the checks read). Clusters whose bundle plans are equal get the same
 * manifests, so the synth renders each distinct bundle once.
 */
export type BundlePlan = Omit<ClusterPlan, 'cluster' | 'imageUses'>;

export interface ClusterChartProps {
  readonly plan: BundlePlan;
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
    for (const stream of plan.imageStreams) addCuratedImageStream(this, stream);
    for (const stream of plan.builderImages) new TrackedImageStream(this, `TrackedImageStream-${stream.namespace}-${stream.name}`, stream);
    addRegistryConfiguration(this, plan.registries);
    for (const template of plan.templates) new JenkinsTemplate(this, `Template-${template.namespace}-${template.name}`, template);

    addProductionImagePolicies(this, plan);

    applySyncPolicy(this);
  }
}

/**
 * One curated ImageStream as `ClusterChart` renders it, in a chart of its own: an ImageStream's
 * manifest is a function of its plan alone, so the render makes each distinct one once and keeps it
 * for the next run (most are the same on every cluster and between runs).
 */
export class CuratedImageStreamChart extends Chart {
  constructor(scope: Construct, id: string, props: CuratedImageStreamChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    addCuratedImageStream(this, props.stream);
    applySyncPolicy(this);
  }
}

export interface CuratedImageStreamChartProps {
  readonly stream: BundlePlan['imageStreams'][number];
}

function addCuratedImageStream(scope: Construct, stream: BundlePlan['imageStreams'][number]): void {
  new CuratedImageStream(scope, `ImageStream-${stream.name}`, stream);
}
