import { parse } from 'yaml';
import { diffOutputs, renderMarkdown } from '../../src/diff';
import { clusterImagePolicySummary, validatingAdmissionPolicyBindingSummary, validatingAdmissionPolicySummary } from '../../src/diff/admission';
import { parseCatalog, type ProductionAdmissionInput } from '../../src/model';
import type { ManifestObject } from '../../src/output';
import { renderFleet } from '../../src/output';
import { planFleet } from '../../src/plan';
import { imageSources, smallImage } from '../support/fixtures';

const KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEstm3a0ltHkYcEoLgULbFF1amJPtF
nAc0zSt1mkgRdXfvcG/iHX+PcJojuRfLMHwCbJ+MHVfes1syqoeqXSd2nA==
-----END PUBLIC KEY-----`;

/** The small fleet's output with one curated image (or two) and `admission.ts`. */
function output(admission: ProductionAdmissionInput, images = ['patroni']) {
  const catalog = parseCatalog(
    'catalogs',
    new Map([...imageSources(Object.fromEntries(images.map((name) => [name, smallImage({ name })]))), ['catalogs/admission.ts', admission]]),
  );
  return renderFleet(catalog, planFleet(catalog));
}

const object = (files: Map<string, string>, path: string) => parse(files.get(path)!) as ManifestObject;
const VAP = 'prod/_cluster/validatingadmissionpolicy.admissionregistration.k8s.io_production-image-sources.yaml';
const BINDING = 'prod/_cluster/validatingadmissionpolicybinding.admissionregistration.k8s.io_production-image-sources.yaml';
const CIP = 'prod/_cluster/clusterimagepolicy.config.openshift.io_curated-images.yaml';

describe('admission and signature summaries', () => {
  test('names allowed sources added and removed, and the policy mode before and after', () => {
    // GIVEN an exception replaced by another, and the mode switched from Warn/Audit to Deny
    const before = output({ validationActions: ['Warn', 'Audit'], exceptions: [{ image: 'quay.io/a', reason: 'x' }] });
    const after = output({ validationActions: ['Deny'], exceptions: [{ image: 'quay.io/b', reason: 'y' }] });
    // WHEN summarized
    // THEN the policy names the sources, the binding the mode
    expect(validatingAdmissionPolicySummary.details(object(before, VAP), object(after, VAP))).toStrictEqual([
      { field: 'allowed source', key: 'quay.io/b', change: 'added' },
      { field: 'allowed source', key: 'quay.io/a', change: 'removed' },
    ]);
    expect(validatingAdmissionPolicyBindingSummary.details(object(before, BINDING), object(after, BINDING))).toStrictEqual([
      { field: 'policy mode (validationActions)', change: 'changed', before: 'Warn, Audit', after: 'Deny' },
    ]);
    // AND the reviewer summary shows both under prod
    const markdown = renderMarkdown(
      diffOutputs(
        before,
        after,
        new Map([
          ['lab', 'lab'],
          ['test', 'test'],
          ['prod', 'prod'],
        ]),
      ),
      { ref: 'main', commit: '0'.repeat(40), mergeBase: true },
    );
    expect(markdown).toContain('**Production touched:** prod.');
    expect(markdown).toContain('allowed source `quay.io/b` added');
    expect(markdown).toContain('policy mode (validationActions) changed: `Warn, Audit` → `Deny`');
  });

  test('names signature scopes added and a changed root of trust by fingerprint', () => {
    const before = output({ signatures: { rootOfTrust: { publicKey: { keyData: KEY } } } });
    const after = output({ signatures: { rootOfTrust: { publicKey: { keyData: KEY, rekorKeyData: KEY } } } }, ['patroni', 'velero']);
    const details = clusterImagePolicySummary.details(object(before, CIP), object(after, CIP));
    expect(details.map((d) => `${d.field} ${d.key ?? ''} ${d.change}`)).toStrictEqual([
      'root of trust  changed',
      'signature scope artifacts.example.com/platform-images/velero added',
    ]);
    expect(details[0].before).toMatch(/^PublicKey, sha256 [0-9a-f]{12}$/);
  });
});

describe('admission and signature summaries of added objects', () => {
  test('a new binding names its mode, a new ClusterImagePolicy its root of trust', () => {
    const after = output({ validationActions: ['Warn', 'Audit'], signatures: { rootOfTrust: { publicKey: { keyData: KEY } } } });
    expect(validatingAdmissionPolicyBindingSummary.details(undefined, object(after, BINDING))).toStrictEqual([
      { field: 'policy mode (validationActions)', change: 'added', after: 'Warn, Audit' },
    ]);
    expect(clusterImagePolicySummary.details(undefined, object(after, CIP))[0]).toMatchObject({
      field: 'root of trust',
      change: 'added',
      after: expect.stringMatching(/^PublicKey, sha256 [0-9a-f]{12}$/),
    });
  });
});
