import { defineImage } from '../../src/model';

/**
 * The agent image the curated Jenkins templates' built-in pod templates run (their AGENT_BASE_IMAGE).
 * Versioned with the curated Jenkins image, so that each Jenkins runs agents of its own remoting version.
 */
export default defineImage({
  name: 'jenkins-agent-base',
  owner: 'Jason (Platform Services)',
  description: 'Jenkins inbound agent (JNLP) base image for the curated Jenkins: the agent pods of its built-in pod templates.',
  source: 'https://github.com/openshift/jenkins',
  rebuildSchedule: '0 2 * * 1',
  display: { displayName: 'Jenkins Base Agent', iconClass: 'icon-jenkins', tags: ['jenkins', 'cicd'] },
  // Versioned with Jenkins (see above), so bumps follow Jenkins LTS releases.
  // renovate: datasource=docker depName=jenkins/jenkins
  versions: [{ version: '2.440.3', deprecated: true }, { version: '2.452.4' }, { version: '2.462.3' }],
  tracking: { stable: '2.452.4' },
});
