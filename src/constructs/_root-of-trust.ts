/** How images are signed: a cosign public key, or keyless (Fulcio CA, Rekor key, identity); PEM text. */
export type RootOfTrust =
  | { readonly publicKey: { readonly keyData: string; readonly rekorKeyData?: string } }
  | {
      readonly fulcioCAWithRekor: {
        readonly fulcioCAData: string;
        readonly rekorKeyData: string;
        readonly fulcioSubject: { readonly oidcIssuer: string; readonly signedEmail: string };
      };
    };

const base64 = (pem: string) => Buffer.from(pem.trim() + '\n', 'utf8').toString('base64');

/**
 * `spec.policy` of a ClusterImagePolicy or ImagePolicy: the root of trust with its PEM data base64
 * encoded (`format: byte`), and the identity match the Machine Config Operator applies when none is
 * given (`helpers.go` `policyItemFromSpec`: `NewPRMMatchRepoDigestOrExact`), written so the object says it.
 */
export function imagePolicySpecPolicy(trust: RootOfTrust): object {
  const rootOfTrust =
    'publicKey' in trust
      ? {
          policyType: 'PublicKey',
          publicKey: {
            keyData: base64(trust.publicKey.keyData),
            ...(trust.publicKey.rekorKeyData ? { rekorKeyData: base64(trust.publicKey.rekorKeyData) } : {}),
          },
        }
      : {
          policyType: 'FulcioCAWithRekor',
          fulcioCAWithRekor: {
            fulcioCAData: base64(trust.fulcioCAWithRekor.fulcioCAData),
            rekorKeyData: base64(trust.fulcioCAWithRekor.rekorKeyData),
            fulcioSubject: trust.fulcioCAWithRekor.fulcioSubject,
          },
        };
  return { rootOfTrust, signedIdentity: { matchPolicy: 'MatchRepoDigestOrExact' } };
}
