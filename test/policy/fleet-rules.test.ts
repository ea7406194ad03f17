import { parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet } from '../../src/policy';
import { smallFleet, smallSources } from '../support/fixtures';

describe('fleet rules', () => {
  test('fails when two clusters share an Argo CD destination', () => {
    // GIVEN two clusters registered under the same name
    const fleet = smallFleet();
    fleet.clusters[1] = { ...fleet.clusters[1], destination: { name: 'prod' } };
    const catalog = parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet }));
    // WHEN the fleet is checked
    const findings = checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() });
    // THEN the second one is reported with a fix
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'fleet/shared-destination',
        cluster: 'prod',
        file: 'catalogs/fleet.ts',
        field: 'clusters[2].destination',
        message: 'cluster prod deploys to the same Argo CD destination (name prod) as test; the two Applications would fight over the same objects',
        fix: 'give prod its own API server URL or registered cluster name',
      },
    ]);
  });
});
