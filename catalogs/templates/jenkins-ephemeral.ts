import { defineJenkinsTemplate } from '../../src/model';
import { jenkins } from './_jenkins';

/** Replaces the stock `openshift/jenkins-ephemeral` template (skipped in the Samples Operator configuration). */
export default defineJenkinsTemplate({
  ...jenkins,
  name: 'jenkins-ephemeral',
  displayName: 'Jenkins (Ephemeral)',
  description:
    'Jenkins service, without persistent storage, running the curated Jenkins image.\n\nWARNING: Any ' +
    'data stored will be lost upon pod destruction. Only use this template for testing.',
});
