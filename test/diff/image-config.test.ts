import { imageConfigSummary } from '../../src/diff/image-config';
import { objectChange } from '../../src/diff';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { imageConfig } from '../support/openshift-objects';

describe('Image config summary', () => {
  test('names the registries added and removed per list', () => {
    // GIVEN a registry policy that changes every list
    const before = imageConfig({
      allowedRegistriesForImport: [{ domainName: 'docker.io' }, { domainName: 'quay.io' }],
      registrySources: {
        allowedRegistries: ['quay.io'],
        insecureRegistries: ['registry.local:5000'],
        containerRuntimeSearchRegistries: ['a.example.com', 'b.example.com'],
      },
      externalRegistryHostnames: ['registry.apps.example.com'],
    });
    const after = imageConfig({
      allowedRegistriesForImport: [{ domainName: 'quay.io', insecure: true }, { domainName: 'registry.redhat.io' }],
      registrySources: { allowedRegistries: ['quay.io', 'registry.redhat.io'], containerRuntimeSearchRegistries: ['b.example.com', 'a.example.com'] },
    });
    expect(upstreamSchemas().validate(before)).toStrictEqual([]);
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    // WHEN it is summarized
    // THEN each registry is one detail under the list it belongs to; a reordered search list is reported
    expect(imageConfigSummary.details(before, after)).toStrictEqual([
      { field: 'allowedRegistriesForImport', key: 'quay.io', path: 'insecure', change: 'added', after: 'true' },
      { field: 'allowedRegistriesForImport', key: 'registry.redhat.io', change: 'added' },
      { field: 'allowedRegistriesForImport', key: 'docker.io', change: 'removed' },
      { field: 'registrySources.allowedRegistries', key: 'registry.redhat.io', change: 'added' },
      { field: 'registrySources.insecureRegistries', key: 'registry.local:5000', change: 'removed' },
      {
        field: 'registrySources.containerRuntimeSearchRegistries',
        change: 'reordered',
        before: 'a.example.com, b.example.com',
        after: 'b.example.com, a.example.com',
      },
      { field: 'externalRegistryHostnames', key: 'registry.apps.example.com', change: 'removed' },
    ]);
  });

  test('names the trusted CA ConfigMap; other fields are compared field by field', () => {
    const before = imageConfig({ additionalTrustedCA: { name: 'cas' } });
    const after = imageConfig({ additionalTrustedCA: { name: 'registry-cas' }, imageStreamImportMode: 'PreserveOriginal' });
    expect(objectChange('_cluster/image.config.openshift.io_cluster.yaml', before, after)?.details).toStrictEqual([
      { field: 'additionalTrustedCA', change: 'changed', before: 'ConfigMap openshift-config/cas', after: 'ConfigMap openshift-config/registry-cas' },
      { field: 'spec.imageStreamImportMode', change: 'added', after: 'PreserveOriginal' },
    ]);
    expect(imageConfigSummary.details(imageConfig({}), after)).toStrictEqual([
      { field: 'additionalTrustedCA', change: 'added', after: 'ConfigMap openshift-config/registry-cas' },
    ]);
    expect(imageConfigSummary.details(before, imageConfig({}))).toStrictEqual([
      { field: 'additionalTrustedCA', change: 'removed', before: 'ConfigMap openshift-config/cas' },
    ]);
  });
});
