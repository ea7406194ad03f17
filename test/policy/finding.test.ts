import { type Finding, formatFinding, mergeAcrossClusters } from '../../src/policy';

const missingTag = (cluster: string): Finding => ({
  severity: 'error',
  rule: 'templates/image-stream-tag-missing',
  cluster,
  file: 'catalogs/templates/jenkins.ts',
  field: 'imageStreamTag',
  message:
    `template bcgov/jenkins runs the ImageStream tag bcgov/jenkins:2.500, ` +
    `which the catalog does not curate on ${cluster}; its Deployment ` +
    `would wait for an image that never comes`,
  fix: 'curate bcgov/jenkins:2.500 in the catalog, or set imageStreamTag to a tag it curates',
});

describe('mergeAcrossClusters', () => {
  test('one finding naming the clusters for the same mistake found on each of them', () => {
    // GIVEN the same finding on five clusters, the cluster's name in its message
    const findings = ['gold', 'golddr', 'lab', 'silver', 'emerald'].map(missingTag);
    // WHEN merged THEN one finding names them all
    const merged = mergeAcrossClusters(findings);
    expect(merged).toStrictEqual(
      [
        {
          ...missingTag('x'),
          cluster: undefined,
          clusters: ['gold', 'golddr', 'lab', 'silver', 'emerald'],
          message:
            'template bcgov/jenkins runs the ImageStream tag bcgov/jenkins:2.500, which the catalog does not ' +
            'curate on gold, golddr, lab, silver, emerald; its Deployment would wait for an image that never comes',
        },
      ].map(({ cluster: _cluster, ...rest }) => rest),
    );
    expect(formatFinding(merged[0])).toMatch(
      /^error templates\/image-stream-tag-missing \[gold, golddr, lab, silver, emerald\] catalogs\/templates\/jenkins\.ts: imageStreamTag\n/,
    );
  });

  test('keeps findings apart that differ in more than their cluster, and a cluster name inside another word', () => {
    const other = { ...missingTag('lab'), field: 'name' };
    // `gold` inside `golddr` is not the cluster name: the two messages differ.
    const own = { ...missingTag('gold'), message: 'gold differs from golddr' };
    const dr = { ...missingTag('golddr'), message: 'gold differs from golddr' };
    expect(mergeAcrossClusters([missingTag('lab'), other, own, dr])).toStrictEqual([missingTag('lab'), other, own, dr]);
  });
});
