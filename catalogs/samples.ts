import { defineSamples } from '../src/model';

/**
 * The `openshift` namespace of the BC Gov fleet: it holds only the samples the platform team decided
 * to keep, and the Samples Operator keeps those up to date. Every other sample of the operator's
 * inventory is skipped. The seed list this comes from, and what became of each name, is in docs/SAMPLES.md.
 */
export default defineSamples({
  managementState: 'Managed',
  // The language builders (dotnet, golang, java, nginx, nodejs, python, ruby) are no longer samples: the catalog
  // owns them in catalogs/builders/, imported on a schedule (docs/SAMPLES.md, "Owning the builder streams").
  keepImagestreams: [
    // The .NET runtime image of chained builds; not a builder.
    'dotnet-runtime',
    // Successors of the seed list's jboss-webserver30/31/50 streams: product images with fixed version tags.
    'jboss-webserver57-openjdk11-tomcat9-openshift-ubi8',
    'jboss-webserver57-openjdk8-tomcat9-openshift-ubi8',
    'mysql',
    // RHEL 7 OpenJDK builders with fixed version tags, kept for the builds that still use them.
    'openjdk-11-rhel7',
    'postgresql',
    'redhat-openjdk18-openshift',
    'redis',
  ],
  // No stock template is kept: the team ships its own Jenkins template, and the seed list keeps no other.
  keepTemplates: [],
  clusters: {
    // Disconnected: registry.redhat.io is out of reach and no mirror of it is decided yet. To install the
    // kept samples, set samplesRegistry to that mirror and managementState to 'Managed'.
    emerald: { managementState: 'Removed' },
  },
});
