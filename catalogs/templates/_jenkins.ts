import type { JenkinsTemplateInput } from '../../src/model';

/** What the two Jenkins templates share: the curated image, display metadata and sizing. */
export const jenkins = {
  // The curated Jenkins ImageStream in the curated namespace (bump the tag here for both templates).
  imageStreamTag: 'jenkins:stable', // follows the tag the image owner marks stable; the trigger rolls the Deployment when it moves
  // The agent pods of Jenkins's built-in pod templates (AGENT_BASE_IMAGE): the curated agent of the same version.
  agentImageStreamTag: 'jenkins-agent-base:stable',
  iconClass: 'icon-jenkins',
  tags: ['instant-app', 'jenkins'],
  providerDisplayName: 'BC Gov Platform Services',
  documentationUrl: 'https://github.com/openshift/jenkins',
  supportUrl: 'https://github.com/bcgov/ocp-image-catalog/issues',
  longDescription:
    "This template deploys a Jenkins server from the platform team's curated Jenkins image, capable of " +
    'managing OpenShift Pipeline builds and supporting OpenShift-based OAuth login.',
  // The stock templates give Jenkins a 1Gi memory limit and nothing else; Jenkins needs more headroom.
  resources: {
    requests: { cpu: '100m', memory: '1Gi' },
    limits: { cpu: '1', memory: '2Gi' },
  },
} satisfies Partial<JenkinsTemplateInput>;
