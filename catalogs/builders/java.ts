import { defineBuilderImage } from '../../src/model';

/**
 * Kept: S2I builder for Java (Maven) applications, the second most used on the fleet. Owned here so that
 * OpenJDK's quarterly security updates arrive when Red Hat publishes them. The sample's RHEL 7 tags (`8`,
 * `11`, `openjdk-*-el7`) are not carried over: RHEL 7 images get no more fixes. Repositories as in
 * cluster-samples-operator assets/operator/ocp-x86_64/java (java-rhel and ubi8-openjdk-21).
 */
export default defineBuilderImage({
  name: 'java',
  namespace: 'openshift',
  owner: 'Platform Services (builder images)',
  description: 'Build and run Java applications using Maven and OpenJDK on UBI 8.',
  display: {
    displayName: 'Red Hat OpenJDK',
    iconClass: 'icon-rh-openjdk',
    tags: ['builder', 'java', 'openjdk'],
    supports: ['java'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/jboss-openshift/openshift-quickstarts',
    sampleContextDir: 'undertow-servlet',
  },
  tags: [
    {
      name: 'openjdk-8-ubi8',
      from: 'registry.redhat.io/ubi8/openjdk-8:latest',
      version: '8',
      displayName: 'Red Hat OpenJDK 8 (UBI 8)',
      supports: ['java:8', 'java'],
    },
    {
      name: 'openjdk-11-ubi8',
      from: 'registry.redhat.io/ubi8/openjdk-11:latest',
      version: '11',
      displayName: 'Red Hat OpenJDK 11 (UBI 8)',
      supports: ['java:11', 'java'],
    },
    {
      name: 'openjdk-17-ubi8',
      from: 'registry.redhat.io/ubi8/openjdk-17:latest',
      version: '17',
      displayName: 'Red Hat OpenJDK 17 (UBI 8)',
      supports: ['java:17', 'java'],
    },
    {
      name: 'openjdk-21-ubi8',
      from: 'registry.redhat.io/ubi8/openjdk-21:latest',
      version: '21',
      displayName: 'Red Hat OpenJDK 21 (UBI 8)',
      supports: ['java:21', 'java'],
    },
  ],
  latest: 'openjdk-17-ubi8',
});
