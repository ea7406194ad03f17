import { type Construct } from 'constructs';
import { ClusterImagePolicy, ImagePolicy, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from '../constructs';
import { productionAdmissionCel } from '../constructs/_admission-cel';
import type { BundlePlan } from './cluster-chart';

/** Pods (and their ephemeral containers) and the pod templates of the workload kinds, on create and update. */
const RESOURCE_RULES = [
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'] as const, resources: ['pods', 'pods/ephemeralcontainers'] },
  {
    apiGroups: ['apps'],
    apiVersions: ['v1'],
    operations: ['CREATE', 'UPDATE'] as const,
    resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'],
  },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'] as const, resources: ['cronjobs', 'jobs'] },
];

/** The production admission policy and its binding, and the curated images' signature policy, as the plan has them. */
export function addProductionImagePolicies(scope: Construct, plan: BundlePlan): void {
  const admission = plan.admission;
  if (admission) {
    const curated = admission.curatedNamespaces;
    const whereFrom =
      `images for production come from the distribution registry ${admission.distributionRegistry}` +
      (curated.length > 0 ? ` or the curated ImageStreams of ${curated.join(', ')}` : '') +
      '; publish the image through the platform image pipeline';
    const cel = productionAdmissionCel({
      namespaceSuffix: admission.namespaceSuffix,
      allowedSources: admission.allowedSources.map((s) => s.prefix),
      whereFrom,
    });
    new ValidatingAdmissionPolicy(scope, 'ProductionAdmissionPolicy', {
      name: admission.policyName,
      resourceRules: RESOURCE_RULES,
      matchConditions: [{ name: 'production-namespace', expression: cel.matchCondition }],
      variables: cel.variables,
      validations: [
        {
          expression: cel.validation,
          message: `an image may not run in a production namespace: ${whereFrom}`,
          messageExpression: cel.messageExpression,
          reason: 'Forbidden',
        },
      ],
    });
    new ValidatingAdmissionPolicyBinding(scope, 'ProductionAdmissionPolicyBinding', {
      name: admission.policyName,
      policyName: admission.policyName,
      validationActions: admission.validationActions,
    });
  }
  if (plan.signatures) {
    new ClusterImagePolicy(scope, 'CuratedImagesSignaturePolicy', {
      name: plan.signatures.policyName,
      scopes: plan.signatures.scopes,
      rootOfTrust: plan.signatures.rootOfTrust,
    });
    for (const p of plan.signatures.imagePolicies) {
      new ImagePolicy(scope, `ImagePolicy-${p.namespace}-${p.name}`, {
        metadata: { name: p.name, namespace: p.namespace },
        scopes: p.scopes,
        rootOfTrust: p.rootOfTrust,
      });
    }
  }
}
