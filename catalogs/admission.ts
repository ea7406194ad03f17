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
  // Signature verification (ClusterImagePolicy curated-images on every cluster from OpenShift 4.20) is
  // off until the image pipeline's real cosign public key is here: a policy with any other key makes
  // every node refuse direct pulls of the curated images. To turn it on:
  // signatures: {
  //   rootOfTrust: { publicKey: { keyData: `-----BEGIN PUBLIC KEY-----\n…the pipeline's cosign.pub…\n-----END PUBLIC KEY-----` } },
  //   // Mirrors that serve curated repositories and carry their signatures (sha256-<digest>.sig tags).
  //   mirrorsWithSignatures: [],
  // },
});
