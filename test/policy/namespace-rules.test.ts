import { parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet } from '../../src/policy';
import { namespaceNotCreated } from '../../src/policy/namespace-rules';
import { imageSources, smallImage } from '../support/fixtures';

describe('namespace rules', () => {
  test('warns once, naming the clusters, about an image in a namespace the catalog does not create', () => {
    // GIVEN an image placed in its own namespace, one in the curated namespace and one in openshift
    const catalog = parseCatalog(
      'catalogs',
      imageSources({
        patroni: smallImage({ namespace: 'databases' }),
        nginx: smallImage({ name: 'nginx' }),
        httpd: smallImage({ name: 'my-httpd', namespace: 'openshift' }),
      }),
    );
    // WHEN the fleet is checked with this rule
    const findings = checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() }, [namespaceNotCreated]);
    // THEN only the first is reported, once for all three clusters
    expect(findings).toStrictEqual([
      {
        severity: 'warning',
        rule: 'fleet/namespace-not-created',
        file: 'catalogs/images/patroni.ts',
        field: 'namespace',
        message:
          'ImageStream patroni is placed in namespace databases, which the catalog does not create and Argo CD ' +
          'will not create; on lab, prod, test the sync fails unless it already exists',
        fix: 'remove `namespace` to use the curated namespace "bcgov", or make sure "databases" exists on every ' + 'cluster before Argo CD syncs',
      },
    ]);
  });
});
