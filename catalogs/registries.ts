import { defineRegistries, type MirrorRuleInput, type RegistryLocationInput } from '../src/model';

/** Artifactory: curated images are published here, and it proxies Red Hat and Quay content for emerald. */
const ARTIFACTORY = 'artifacts.developer.gov.bc.ca';
const INTERNAL_REGISTRY = 'image-registry.openshift-image-registry.svc:5000';
/** The lab cluster's internal registry, exposed by its default route; klab's build pipelines import from it. */
const LAB_REGISTRY = 'default-route-openshift-image-registry.apps.klab.devops.gov.bc.ca';

/**
 * Registries ImageStreams may import from: the curated images, and Red Hat's for the samples and base images.
 * The Samples Operator requires quay.io and registry.redhat.io here; the kept dotnet and OpenJDK samples import
 * from registry.access.redhat.com.
 */
const IMPORT_FROM: RegistryLocationInput[] = [
  { domainName: ARTIFACTORY },
  { domainName: 'quay.io' },
  { domainName: 'registry.access.redhat.com' },
  { domainName: 'registry.redhat.io' },
];

/** emerald reaches no public registry: Red Hat and Quay content comes through Artifactory remote repositories only. */
const EMERALD_MIRRORS: MirrorRuleInput[] = [
  { source: 'quay.io', mirrors: [`${ARTIFACTORY}/quay-docker-remote`], mirrorSourcePolicy: 'NeverContactSource' },
  { source: 'registry.redhat.io', mirrors: [`${ARTIFACTORY}/redhat-docker-remote`], mirrorSourcePolicy: 'NeverContactSource' },
];

/** Registry policy of the BC Gov fleet. */
export default defineRegistries({
  // Artifactory: the lab cluster publishes curated images here; every other cluster imports them from here.
  distribution: { registry: 'artifacts.developer.gov.bc.ca', repository: 'bcgov-docker-local' },
  // Artifactory serves no anonymous pulls: each namespace importing from it gets its pull secret from Vault.
  registriesRequiringCredentials: [ARTIFACTORY],
  pullSecrets: {
    [ARTIFACTORY]: {
      secretName: 'artifactory-pull',
      externalSecret: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        key: 'platform-services/artifactory/image-import',
        property: 'dockerconfigjson',
      },
    },
  },
  allowedRegistriesForImport: IMPORT_FROM,
  clusters: {
    klab: {
      allowedRegistriesForImport: [...IMPORT_FROM, { domainName: LAB_REGISTRY }],
    },
    emerald: {
      // Disconnected: pods may pull only through the mirror, the internal registry and the payload registries
      // (which the mirror sets redirect to Artifactory).
      allowedRegistries: [ARTIFACTORY, INTERNAL_REGISTRY, 'quay.io', 'registry.redhat.io'],
      imageDigestMirrors: EMERALD_MIRRORS,
      imageTagMirrors: EMERALD_MIRRORS,
    },
  },
});
