import { generateKeyPairSync } from 'node:crypto';
import { App, Chart, Testing } from 'cdk8s';
import { ImagePolicy } from '../../src/constructs';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { celViolations } from '../support/cel';

const PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('ImagePolicy', () => {
  test('a namespace policy with a public key is valid against the vendored CRD and its CEL rules', () => {
    // GIVEN a team's key and scope WHEN the policy is synthesized
    const chart = new Chart(new App(), 'test');
    new ImagePolicy(chart, 'Policy', {
      metadata: { name: 'team-signed', namespace: 'payments-prod' },
      scopes: ['artifacts.example.com/payments'],
      rootOfTrust: { publicKey: { keyData: PUBLIC_KEY } },
    });
    const object = Testing.synth(chart)[0] as { apiVersion: string; kind: string; metadata: object; spec: object };
    // THEN it is namespaced and valid upstream
    expect(object.metadata).toStrictEqual({ name: 'team-signed', namespace: 'payments-prod' });
    expect(upstreamSchemas().validate(object)).toStrictEqual([]);
    expect(celViolations(upstreamSchemas().crdSchema(object.apiVersion, object.kind)!, object)).toStrictEqual([]);
  });
});
