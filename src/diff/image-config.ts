import { valueAt } from '../shared';
import type { KindSummary } from './_kind';
import type { Detail } from './summary';
import { itemChanges, keyedChanges, listAt } from './_values';

const REGISTRY_SOURCE_LISTS = ['allowedRegistries', 'blockedRegistries', 'insecureRegistries', 'containerRuntimeSearchRegistries'] as const;

interface RegistryLocation {
  readonly domainName: string;
  readonly insecure?: boolean;
}

/** The ConfigMap `additionalTrustedCA` names (in `openshift-config`), added, removed or replaced. */
function trustedCAChange(before: unknown, after: unknown): Detail[] {
  const configMap = (object: unknown) => {
    const name = valueAt(object, 'spec.additionalTrustedCA.name');
    return typeof name === 'string' ? `ConfigMap openshift-config/${name}` : undefined;
  };
  const [was, now] = [configMap(before), configMap(after)];
  if (was === now) return [];
  if (was === undefined) return [{ field: 'additionalTrustedCA', change: 'added', after: now }];
  if (now === undefined) return [{ field: 'additionalTrustedCA', change: 'removed', before: was }];
  return [{ field: 'additionalTrustedCA', change: 'changed', before: was, after: now }];
}

/**
 * The cluster image configuration (`config.openshift.io/v1 Image cluster`): registries added to and
 * removed from each list, per list.
 */
export const imageConfigSummary: KindSummary = {
  label: 'Image config',
  fields: ['spec.allowedRegistriesForImport', 'spec.registrySources', 'spec.externalRegistryHostnames', 'spec.additionalTrustedCA'],
  details: (before, after) => [
    ...trustedCAChange(before, after),
    ...keyedChanges(
      listAt<RegistryLocation>(before, 'spec.allowedRegistriesForImport'),
      listAt<RegistryLocation>(after, 'spec.allowedRegistriesForImport'),
      {
        field: 'allowedRegistriesForImport',
        key: (r) => r.domainName,
        describe: (r) => (r.insecure ? 'insecure' : undefined),
        ignore: ['domainName'],
      },
    ),
    ...REGISTRY_SOURCE_LISTS.flatMap((list) => itemChanges(before, after, `spec.registrySources.${list}`, `registrySources.${list}`)),
    ...itemChanges(before, after, 'spec.externalRegistryHostnames', 'externalRegistryHostnames'),
  ],
};
