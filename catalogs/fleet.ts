import { defineFleet } from '../src/model';

/** The BC Gov Platform Services fleet: one lab cluster that builds, production and DR clusters that consume. */
export default defineFleet({
  curatedNamespace: 'bcgov',
  curation: {
    // The image pipelines on the lab cluster run in this namespace and push to the distribution registry.
    buildNamespace: 'bcgov-tools',
    annotationDomain: 'images.developer.gov.bc.ca',
  },
  gitops: {
    repoURL: 'https://github.com/bcgov/ocp-image-catalog.git',
    targetRevision: 'main',
    argocdNamespace: 'openshift-gitops',
    project: 'default',
  },
  clusters: [
    {
      name: 'klab',
      openshiftVersion: '4.23',
      role: 'build',
      environment: 'lab',
      architectures: ['x86_64', 'aarch64'],
      destination: { server: 'https://api.klab.devops.gov.bc.ca:6443' },
    },
    {
      name: 'silver',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'prod',
      destination: { server: 'https://api.silver.devops.gov.bc.ca:6443' },
    },
    {
      name: 'gold',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'prod',
      destination: { server: 'https://api.gold.devops.gov.bc.ca:6443' },
    },
    {
      name: 'golddr',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'prod',
      destination: { server: 'https://api.golddr.devops.gov.bc.ca:6443' },
    },
    {
      name: 'emerald',
      openshiftVersion: '4.23',
      role: 'consumer',
      environment: 'prod',
      connectivity: 'disconnected',
      destination: { name: 'emerald' },
    },
  ],
});
