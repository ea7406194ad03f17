import type { KindSummary } from './_kind';
import { itemChanges, keyedChanges, listAt } from './_values';

const REGISTRY_SOURCE_LISTS = ['allowedRegistries', 'blockedRegistries', 'insecureRegistries', 'containerRuntimeSearchRegistries'] as const;

interface RegistryLocation {
  readonly domainName: string;
  readonly insecure?: boolean;
}

/**
 * The cluster image configuration (`config.openshift.io/v1 Image cluster`): registries added to and
 * removed from each list, per list.
 */
export const imageConfigSummary: KindSummary = {
  label: 'Image config',
  fields: ['spec.allowedRegistriesForImport', 'spec.registrySources', 'spec.externalRegistryHostnames'],
  details: (before, after) => [
    ...keyedChanges(listAt<RegistryLocation>(before, 'spec.allowedRegistriesForImport'), listAt<RegistryLocation>(after, 'spec.allowedRegistriesForImport'), {
      field: 'allowedRegistriesForImport',
      key: (r) => r.domainName,
      describe: (r) => (r.insecure ? 'insecure' : undefined),
      ignore: ['domainName'],
    }),
    ...REGISTRY_SOURCE_LISTS.flatMap((list) => itemChanges(before, after, `spec.registrySources.${list}`, `registrySources.${list}`)),
    ...itemChanges(before, after, 'spec.externalRegistryHostnames', 'externalRegistryHostnames'),
  ],
};
