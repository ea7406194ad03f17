import { Testing } from 'cdk8s';
import { ClusterChart } from '../../src/charts';
import { parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { smallFleet, smallJenkinsTemplate, templateSources, SMALL_CURATION } from '../support/fixtures';

describe('ClusterChart templates', () => {
  test('publishes every catalog template in its namespace, in the last sync wave, and none of its objects', () => {
    // GIVEN a catalog with an ephemeral and a persistent Jenkins template
    const catalog = parseCatalog(
      'catalogs',
      templateSources({
        'catalogs/templates/jenkins-ephemeral.ts': smallJenkinsTemplate({ name: 'jenkins-ephemeral' }),
        'catalogs/templates/jenkins-persistent.ts': smallJenkinsTemplate({ name: 'jenkins-persistent', volumeCapacity: '5Gi' }),
      }),
    );
    const [plan] = planFleet(catalog);
    // WHEN the cluster chart is synthesized
    const objects = Testing.synth(new ClusterChart(Testing.app(), plan.cluster.name, { plan }));
    // THEN the two Templates are among its objects, and no Deployment, Route or claim of theirs is
    expect(
      objects.map(
        (o) =>
          `${String(o.kind)} ${String(o.metadata.namespace)}/${String(o.metadata.name)} ` +
          `wave ${String(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'])}`,
      ),
    ).toStrictEqual([
      'Namespace undefined/bcgov wave 0',
      'Role bcgov/shared-resource-viewer wave 0',
      'RoleBinding bcgov/shared-resource-viewers wave 0',
      'Config undefined/cluster wave 1',
      'ImageStream bcgov/jenkins wave 2',
      'ImageStream bcgov/jenkins-agent-base wave 2',
      'Image undefined/cluster wave 1',
      'Template bcgov/jenkins-ephemeral wave 3',
      'Template bcgov/jenkins-persistent wave 3',
    ]);
  });

  test("the template's Deployment starts from the cluster's internal registry", () => {
    const fleet = smallFleet({ curation: SMALL_CURATION });
    fleet.clusters[0] = { ...fleet.clusters[0], internalRegistry: 'registry.lab.example.com:5000' };
    const catalog = parseCatalog(
      'catalogs',
      new Map<string, unknown>([...templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate() }), ['catalogs/fleet.ts', fleet]]),
    );
    const [lab] = planFleet(catalog).filter((p) => p.cluster.name === 'lab');
    const [template] = Testing.synth(new ClusterChart(Testing.app(), 'lab', { plan: lab })).filter((o) => o.kind === 'Template');
    expect(JSON.stringify(template)).toContain('"image":"registry.lab.example.com:5000/${NAMESPACE}/${JENKINS_IMAGE_STREAM_TAG}"');
  });
});
