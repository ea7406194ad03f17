import { groupOf } from '../charts';
import type { KindSummary } from './_kind';
import { applicationSetSummary } from './application-set';
import { clusterImagePolicySummary, validatingAdmissionPolicyBindingSummary, validatingAdmissionPolicySummary } from './admission';
import { configMapSummary } from './config-map';
import { imageConfigSummary } from './image-config';
import { imageStreamSummary } from './image-stream';
import { imageDigestMirrorSetSummary, imageTagMirrorSetSummary } from './mirror-set';
import { samplesConfigSummary } from './samples-config';
import { templateSummary } from './template';

export type { KindSummary } from './_kind';

/** Kinds with their own summary, by `<group>/<kind>`; every other kind is compared field by field. */
const KINDS: Readonly<Record<string, KindSummary>> = {
  'image.openshift.io/ImageStream': imageStreamSummary,
  'config.openshift.io/Image': imageConfigSummary,
  'config.openshift.io/ImageDigestMirrorSet': imageDigestMirrorSetSummary,
  'config.openshift.io/ImageTagMirrorSet': imageTagMirrorSetSummary,
  'samples.operator.openshift.io/Config': samplesConfigSummary,
  'template.openshift.io/Template': templateSummary,
  'core/ConfigMap': configMapSummary,
  'argoproj.io/ApplicationSet': applicationSetSummary,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': validatingAdmissionPolicySummary,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': validatingAdmissionPolicyBindingSummary,
  'config.openshift.io/ClusterImagePolicy': clusterImagePolicySummary,
};

export function kindSummary(apiVersion: string, kind: string): KindSummary | undefined {
  return KINDS[`${groupOf(apiVersion)}/${kind}`];
}

/** How the summary names a kind. */
export function kindLabel(apiVersion: string, kind: string): string {
  return kindSummary(apiVersion, kind)?.label ?? kind;
}
