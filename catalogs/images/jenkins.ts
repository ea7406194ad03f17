import { defineImage } from '../../src/model';

/** Jenkins with the platform's plugin set and sane resource defaults; pairs with the curated Jenkins template. */
export default defineImage({
  name: 'jenkins',
  owner: 'Jason (Platform Services)',
  description: 'Jenkins LTS with the plugins and configuration the platform supports, for pipelines in *-tools namespaces.',
  source: 'https://github.com/BCDevOps/openshift-jenkins',
  rebuildSchedule: '0 2 * * 1',
  display: { displayName: 'Jenkins', iconClass: 'icon-jenkins', tags: ['jenkins', 'cicd'] },
  // renovate: datasource=docker depName=jenkins/jenkins
  versions: [{ version: '2.440.3', deprecated: true }, { version: '2.452.4' }, { version: '2.462.3' }],
  tracking: { stable: '2.452.4' },
});
