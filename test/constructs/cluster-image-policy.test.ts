import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { App, Chart, Testing } from 'cdk8s';
import { ClusterImagePolicy } from '../../src/constructs';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { celViolations } from '../support/cel';

const PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const SCOPES = ['artifacts.example.com/platform-images/patroni', 'artifacts.example.com/platform-images/velero'];

function synth(rootOfTrust: ConstructorParameters<typeof ClusterImagePolicy>[2]['rootOfTrust']) {
  const chart = new Chart(new App(), 'test');
  new ClusterImagePolicy(chart, 'Policy', { name: 'curated-images', scopes: SCOPES, rootOfTrust });
  return Testing.synth(chart)[0] as { apiVersion: string; kind: string; spec: { policy: { rootOfTrust: { publicKey: { keyData: string } } } } };
}

describe('ClusterImagePolicy', () => {
  test('a public key becomes a PublicKey root of trust, base64 of the PEM, valid against the vendored CRD and its CEL rules', () => {
    // GIVEN a cosign public key WHEN the policy is synthesized
    const object = synth({ publicKey: { keyData: PUBLIC_KEY } });
    // THEN the key is the base64 of the PEM, and the object passes the upstream schema and CEL rules
    expect(Buffer.from(object.spec.policy.rootOfTrust.publicKey.keyData, 'base64').toString()).toBe(PUBLIC_KEY.trim() + '\n');
    expect(upstreamSchemas().validate(object)).toStrictEqual([]);
    expect(celViolations(upstreamSchemas().crdSchema(object.apiVersion, object.kind)!, object)).toStrictEqual([]);
  });

  test('fails the CRD CEL rule when the key data is not a PEM public key (the rules read the decoded bytes)', () => {
    const object = synth({ publicKey: { keyData: PUBLIC_KEY } });
    object.spec.policy.rootOfTrust.publicKey.keyData = Buffer.from(
      'not a key, but long enough to pass the minimum length of sixty-eight characters',
    ).toString('base64');
    expect(celViolations(upstreamSchemas().crdSchema(object.apiVersion, object.kind)!, object).map((v) => v.message)).toContain(
      "the keyData must start with base64 encoding of '-----BEGIN PUBLIC KEY-----'.",
    );
  });
});

describe('ClusterImagePolicy, keyless', () => {
  test('a Fulcio CA, Rekor key and identity become a FulcioCAWithRekor root of trust, valid against the vendored CRD', () => {
    // GIVEN a CA certificate (the test registry CA stands in for Fulcio's) and a Rekor key
    const ca = fs.readFileSync(path.join(__dirname, '../fixtures/registries/test-ca.crt'), 'utf8');
    const object = synth({
      fulcioCAWithRekor: {
        fulcioCAData: ca,
        rekorKeyData: PUBLIC_KEY,
        fulcioSubject: { oidcIssuer: 'https://token.actions.githubusercontent.com', signedEmail: 'pipeline@example.com' },
      },
    }) as unknown as { apiVersion: string; kind: string; spec: { policy: { rootOfTrust: Record<string, unknown> } } };
    // THEN the policy type and its data are set, and the object is valid upstream
    expect(object.spec.policy.rootOfTrust.policyType).toBe('FulcioCAWithRekor');
    // The CRD's CEL rules are not evaluated here: one calls isURL (Kubernetes' URL library), which cel-js lacks.
    expect(upstreamSchemas().validate(object)).toStrictEqual([]);
  });
});
