import { defineProductionAdmission } from '../src/model';

/**
 * What production namespaces (names ending in -prod) may run: images from Artifactory, the distribution
 * registry, and the curated ImageStreams imported from it; nothing else unless listed under exceptions.
 */
export default defineProductionAdmission({
  namespaceSuffix: '-prod',
  // Rolling out: warn the user and record an audit event; switch to ['Deny'] once the audit log is clean,
  // per cluster under clusters: { gold: { validationActions: ['Deny'] } } or here for the whole fleet.
  validationActions: ['Warn', 'Audit'],
  // Images production may run from elsewhere, each with who allowed it, why and until when, e.g.
  // { image: 'registry.redhat.io/ubi9/ubi-minimal', reason: 'Jane (Platform Services), TICKET-123, until 2027-03-31' }
  exceptions: [],
  signatures: {
    // The cosign public key the image pipeline signs curated images with.
    // NOTE: a stand-in generated for this repository (no private key exists); replace it with the
    // pipeline's cosign.pub before this reaches a live cluster, or pulls of curated images fail.
    rootOfTrust: {
      publicKey: {
        keyData: `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEstm3a0ltHkYcEoLgULbFF1amJPtF
nAc0zSt1mkgRdXfvcG/iHX+PcJojuRfLMHwCbJ+MHVfes1syqoeqXSd2nA==
-----END PUBLIC KEY-----`,
      },
    },
    // No cluster pulls the curated repositories through a mirror, so no mirror must carry their signatures.
    mirrorsWithSignatures: [],
  },
});
