import { type Construct } from 'constructs';
import { ClusterImageConfig, DockerConfigExternalSecret, ImageDigestMirrorSet, ImageTagMirrorSet, TrustedRegistryCAs } from '../constructs';
import type { ClusterRegistries, MirrorSet } from '../plan';

/** The cluster's `Image` config, its trusted-CA ConfigMap (when it has CAs), its mirror sets, and the pull secrets it can emit. */
export function addRegistryConfiguration(scope: Construct, registries: ClusterRegistries): void {
  const cas =
    registries.additionalTrustedCAs.length > 0
      ? new TrustedRegistryCAs(scope, 'TrustedRegistryCAs', {
          certificates: Object.fromEntries(registries.additionalTrustedCAs.map((ca) => [ca.registry, ca.pem])),
        })
      : undefined;
  new ClusterImageConfig(scope, 'ImageConfig', {
    allowedRegistriesForImport: registries.allowedRegistriesForImport,
    allowedRegistries: registries.allowedRegistries,
    blockedRegistries: registries.blockedRegistries,
    insecureRegistries: registries.insecureRegistries,
    containerRuntimeSearchRegistries: registries.containerRuntimeSearchRegistries,
    additionalTrustedCA: cas?.name,
  });
  for (const set of registries.imageDigestMirrorSets) {
    new ImageDigestMirrorSet(scope, `ImageDigestMirrorSet-${set.name}`, {
      name: set.name,
      labels: set.labels,
      annotations: set.annotations,
      imageDigestMirrors: rulesOf(set),
    });
  }
  for (const set of registries.imageTagMirrorSets) {
    new ImageTagMirrorSet(scope, `ImageTagMirrorSet-${set.name}`, { name: set.name, imageTagMirrors: rulesOf(set) });
  }
  for (const { namespace, secret } of registries.pullSecrets) {
    // A secret provisioned out of band is only listed in the report; nothing is emitted for it.
    if (!secret?.externalSecret) continue;
    const { secretStoreRef, key, property, refreshInterval } = secret.externalSecret;
    new DockerConfigExternalSecret(scope, `ExternalSecret-${namespace}-${secret.secretName}`, {
      metadata: { name: secret.secretName, namespace },
      secretStoreRef,
      remoteRef: { key, property },
      refreshInterval,
      targetName: secret.secretName,
    });
  }
}

function rulesOf(set: MirrorSet) {
  return set.rules.map(({ source, mirrors, mirrorSourcePolicy }) => ({ source, mirrors, mirrorSourcePolicy }));
}
