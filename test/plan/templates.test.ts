import { parseCatalog } from '../../src/model';
import { jenkinsAgentImage, planFleet } from '../../src/plan';
import { smallFleet, smallJenkinsTemplate, templateSources, SMALL_CURATION } from '../support/fixtures';

describe('template plan', () => {
  test('every cluster gets every template, with its own internal registry, and depends on the image it pulls', () => {
    // GIVEN a fleet whose lab cluster has a non-default internal registry, and one template
    const fleet = smallFleet({ curation: SMALL_CURATION });
    fleet.clusters[0] = { ...fleet.clusters[0], internalRegistry: 'registry.lab.example.com:5000' };
    const catalog = parseCatalog(
      'catalogs',
      new Map<string, unknown>([...templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate() }), ['catalogs/fleet.ts', fleet]]),
    );
    // WHEN the fleet is planned
    const plans = planFleet(catalog);
    // THEN each cluster has the template in the curated namespace, running the curated tag through its registry
    expect(
      plans.map((p) => [
        p.cluster.name,
        p.templates.map((t) => `${t.namespace}/${t.name} ${t.imageStreamNamespace}/${t.imageStreamTag} via ${t.internalRegistry}`),
      ]),
    ).toStrictEqual([
      ['lab', ['bcgov/jenkins bcgov/jenkins:2.452.0 via registry.lab.example.com:5000']],
      ['prod', ['bcgov/jenkins bcgov/jenkins:2.452.0 via image-registry.openshift-image-registry.svc:5000']],
      ['test', ['bcgov/jenkins bcgov/jenkins:2.452.0 via image-registry.openshift-image-registry.svc:5000']],
    ]);
    // AND on the Jenkins agent image its built-in pod templates pull (AGENT_BASE_IMAGE)
    expect(plans[0].imageUses.filter((r) => r.role === 'workload')).toStrictEqual([
      {
        image: 'registry.lab.example.com:5000/bcgov/jenkins:2.452.0',
        role: 'workload',
        usedBy: 'Template bcgov/jenkins (Deployment of ImageStream tag bcgov/jenkins:2.452.0)',
        file: 'catalogs/templates/jenkins.ts',
        field: 'imageStreamTag',
      },
      {
        image: 'registry.lab.example.com:5000/bcgov/jenkins-agent-base:2.452.0',
        role: 'workload',
        usedBy: 'Template bcgov/jenkins (Jenkins agent pods, AGENT_BASE_IMAGE)',
        file: 'catalogs/templates/jenkins.ts',
        field: 'agentImageStreamTag',
      },
    ]);
  });

  test("without agentImageStreamTag, the agent image is the Jenkins image's default, openshift/jenkins-agent-base:latest", () => {
    // openshift/jenkins 2/contrib/jenkins/kube-slave-common.sh:
    // AGENT_BASE=${AGENT_BASE_IMAGE:-image-registry.openshift-image-registry.svc:5000/openshift/jenkins-agent-base:latest}
    const catalog = parseCatalog(
      'catalogs',
      templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ agentImageStreamTag: undefined }) }),
    );
    const [plan] = planFleet(catalog);
    expect(plan.templates.map(jenkinsAgentImage)).toStrictEqual([{ namespace: 'openshift', imageStreamTag: 'jenkins-agent-base:latest' }]);
    expect(plan.imageUses.filter((r) => r.field === 'agentImageStreamTag').map((r) => r.image)).toStrictEqual([
      'image-registry.openshift-image-registry.svc:5000/openshift/jenkins-agent-base:latest',
    ]);
  });
});
