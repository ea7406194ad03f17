import { Testing } from 'cdk8s';
import { ClusterChart } from '../../src/charts';
import { parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { smallFleet, smallSources } from '../support/fixtures';

// openshift-samples is the ClusterVersionCapability of the Samples Operator (openshift/api config/v1
// types_cluster_version.go, ClusterVersionCapabilityOpenShiftSamples); its Deployment carries
// `capability.openshift.io/name: openshift-samples` (cluster-samples-operator manifests/06-operator.yaml), so
// without it no operator reads a Config.
describe('ClusterChart samples Config', () => {
  test('a cluster without the openshift-samples capability gets no Config; the others keep theirs', () => {
    // GIVEN prod installed without the samples capability
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], disabledCapabilities: ['openshift-samples'] };
    const plans = planFleet(parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet })));
    // WHEN every cluster chart is synthesized
    const configs = plans.map((plan) => [
      plan.cluster.name,
      Testing.synth(new ClusterChart(Testing.app(), plan.cluster.name, { plan })).filter(
        (o) => o.kind === 'Config' && o.apiVersion === 'samples.operator.openshift.io/v1',
      ).length,
    ]);
    // THEN only prod has none
    expect(configs).toStrictEqual([
      ['lab', 1],
      ['prod', 0],
      ['test', 1],
    ]);
  });
});
