import { defineSamples } from '../src/model';

/**
 * The `openshift` namespace of the BC Gov fleet: it holds only the samples the platform team decided
 * to keep, and the Samples Operator keeps those up to date. Every other sample of the operator's
 * inventory is skipped. The seed list this comes from, and what became of each name, is in docs/SAMPLES.md.
 */
export default defineSamples({
  managementState: 'Managed',
  keepImagestreams: [
    'dotnet',
    'dotnet-runtime',
    'golang',
    'java',
    // Successors of the seed list's jboss-webserver30/31/50 streams.
    'jboss-webserver57-openjdk11-tomcat9-openshift-ubi8',
    'jboss-webserver57-openjdk8-tomcat9-openshift-ubi8',
    'mysql',
    'nginx',
    'nodejs',
    'openjdk-11-rhel7',
    'postgresql',
    'python',
    'redhat-openjdk18-openshift',
    'redis',
    'ruby',
  ],
  // No stock template is kept: the team ships its own Jenkins template, and the seed list keeps no other.
  keepTemplates: [],
  clusters: {
    // Disconnected: registry.redhat.io is out of reach and no mirror of it is decided yet. To install the
    // kept samples, set samplesRegistry to that mirror and managementState to 'Managed'.
    emerald: { managementState: 'Removed' },
  },
});
