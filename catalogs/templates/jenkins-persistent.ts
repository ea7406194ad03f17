import { defineJenkinsTemplate } from '../../src/model';
import { jenkins } from './_jenkins';

/** Replaces the stock `openshift/jenkins-persistent` template (skipped in the Samples Operator configuration). */
export default defineJenkinsTemplate({
  ...jenkins,
  name: 'jenkins-persistent',
  displayName: 'Jenkins',
  description:
    'Jenkins service, with persistent storage, running the curated Jenkins image.\n\nNOTE: You must have ' +
    'persistent volumes available in your cluster to use this template.',
  volumeCapacity: '5Gi',
});
