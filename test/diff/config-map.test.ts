import { configMapSummary } from '../../src/diff/config-map';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { configMap, pem } from '../support/openshift-objects';

describe('ConfigMap summary', () => {
  test('names the keys added, removed and changed; certificates are counted and fingerprinted, not printed, under their registry host:port', () => {
    // GIVEN the registry CA bundle, one CA replaced, one added, one removed
    const before = configMap('openshift-config', 'registry-cas', { 'a.example.com': pem('QQ=='), 'old.example.com': pem('Tw==') });
    const after = configMap('openshift-config', 'registry-cas', {
      'a.example.com': pem('Qg==') + pem('Qw=='),
      'registry.local..5000': pem('TA=='),
      note: 'one line',
    });
    expect(upstreamSchemas().validate(after)).toStrictEqual([]);
    // WHEN it is summarized
    const details = configMapSummary.details(before, after);
    // THEN
    expect(
      details.map((d) => [d.field, d.key, d.change, d.before?.replace(/sha256 \w+/, 'sha256 …'), d.after?.replace(/sha256 \w+/, 'sha256 …')]),
    ).toStrictEqual([
      ['registry CA', 'a.example.com', 'changed', '1 certificate, sha256 …', '2 certificates, sha256 …'],
      ['registry CA', 'registry.local:5000', 'added', undefined, '1 certificate, sha256 …'],
      ['registry CA', 'old.example.com', 'removed', '1 certificate, sha256 …', undefined],
      ['data', 'note', 'added', undefined, 'one line'],
    ]);
    expect(details[0].before).not.toBe(details[2].before);
  });
});
