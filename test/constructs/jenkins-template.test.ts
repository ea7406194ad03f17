import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { JenkinsTemplate, type JenkinsTemplateProps, synthJenkinsTemplate } from '../../src/constructs';
import { checkTemplate } from '../../src/policy';
import { processTemplate, type TemplateManifest } from '../../src/oc-process';
import { toYaml } from '../../src/output';
import { processedTemplateViolations } from '../../src/validation/processed-template';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { expectGolden } from '../support/golden';

const PROPS: JenkinsTemplateProps = {
  name: 'jenkins-persistent',
  namespace: 'shared-images',
  displayName: 'Jenkins',
  description: 'Jenkins with persistent storage.',
  longDescription: 'A Jenkins server from the curated image.',
  iconClass: 'icon-jenkins',
  tags: ['instant-app', 'jenkins'],
  providerDisplayName: 'Platform team',
  documentationUrl: 'https://docs.example.com/jenkins',
  supportUrl: 'https://support.example.com',
  imageStreamTag: 'jenkins:2.452',
  imageStreamNamespace: 'shared-images',
  internalRegistry: 'image-registry.openshift-image-registry.svc:5000',
  resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
  volumeCapacity: '5Gi',
};
const EPHEMERAL: JenkinsTemplateProps = {
  ...PROPS,
  name: 'jenkins-ephemeral',
  volumeCapacity: undefined,
  resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '2Gi' } },
};

const GOLDEN = path.join(__dirname, 'golden/jenkins-persistent.yaml');

type Obj = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
const objectsOf = (t: TemplateManifest) => t.objects as unknown as Obj[];
const byKind = (t: TemplateManifest, kind: string) => objectsOf(t).filter((o) => o.kind === kind);

describe('JenkinsTemplate', () => {
  test('renders the persistent template as in the golden file (UPDATE_GOLDEN=1 rewrites it)', () => {
    expectGolden(GOLDEN, toYaml(synthJenkinsTemplate(PROPS)));
  });

  test.each([
    ['persistent', PROPS],
    ['ephemeral', EPHEMERAL],
  ])('the %s template validates upstream, passes every check, and processes into valid objects', (_variant, props) => {
    const template = synthJenkinsTemplate(props);
    expect(upstreamSchemas().validate({ ...template })).toStrictEqual([]);
    expect(checkTemplate(template, 'catalogs/templates/jenkins.ts')).toStrictEqual([]);
    expect(processedTemplateViolations(template)).toStrictEqual([]);
  });

  test('the persistent template has a claim sized by VOLUME_CAPACITY; the ephemeral one an emptyDir', () => {
    const persistent = synthJenkinsTemplate(PROPS);
    const ephemeral = synthJenkinsTemplate(EPHEMERAL);
    expect(objectsOf(persistent).map((o) => o.kind)).toStrictEqual([
      'Route',
      'ConfigMap',
      'PersistentVolumeClaim',
      'ServiceAccount',
      'Deployment',
      'RoleBinding',
      'Service',
      'Service',
    ]);
    expect(objectsOf(ephemeral).map((o) => o.kind)).toStrictEqual([
      'Route',
      'ConfigMap',
      'ServiceAccount',
      'Deployment',
      'RoleBinding',
      'Service',
      'Service',
    ]);
    expect(byKind(persistent, 'PersistentVolumeClaim')[0].spec).toStrictEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '${VOLUME_CAPACITY}' } },
      volumeMode: 'Filesystem',
    });
    const volumes = (d: TemplateManifest) =>
      (byKind(d, 'Deployment')[0].spec as { template: { spec: { volumes: Array<Record<string, unknown>> } } }).template.spec.volumes[0];
    expect(volumes(persistent)).toStrictEqual({
      name: '${JENKINS_SERVICE_NAME}-data',
      persistentVolumeClaim: { claimName: '${JENKINS_SERVICE_NAME}', readOnly: false },
    });
    expect(volumes(ephemeral)).toStrictEqual({ name: '${JENKINS_SERVICE_NAME}-data', emptyDir: {} });
    expect(ephemeral.parameters?.map((p) => p.name)).not.toContain('VOLUME_CAPACITY');
  });

  test('requests and limits are parameters with the given defaults; no CPU limit when none is given', () => {
    type Deployment = { spec: { template: { spec: { containers: Array<{ resources: unknown }> } } } };
    const resources = (t: TemplateManifest) => {
      const deployment = processTemplate(t).objects.find((o) => o.kind === 'Deployment') as Deployment;
      return deployment.spec.template.spec.containers[0].resources;
    };
    expect(resources(synthJenkinsTemplate(PROPS))).toStrictEqual({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '100m', memory: '1Gi' } });
    expect(resources(synthJenkinsTemplate(EPHEMERAL))).toStrictEqual({ limits: { memory: '2Gi' }, requests: { cpu: '100m', memory: '1Gi' } });
    expect(processTemplate(synthJenkinsTemplate(PROPS), { values: { MEMORY_LIMIT: '4Gi' } }).values.MEMORY_LIMIT).toBe('4Gi');
  });

  test('the Deployment follows the curated ImageStream tag and is waited for', () => {
    const [deployment] = byKind(synthJenkinsTemplate(PROPS), 'Deployment');
    expect(deployment.metadata.annotations).toStrictEqual({
      'image.openshift.io/triggers':
        '[{"from":{"kind":"ImageStreamTag","name":"${JENKINS_IMAGE_STREAM_TAG}","namespace":"${NAMESPACE}"},' +
        '"fieldPath":"spec.template.spec.containers[?(@.name==\\"jenkins\\")].image"}]',
      'template.alpha.openshift.io/wait-for-ready': 'true',
    });
    const processed = processTemplate(synthJenkinsTemplate(PROPS)).objects.find((o) => o.kind === 'Deployment') as {
      spec: { template: { spec: { containers: Array<{ image: string }> } } };
    };
    expect(processed.spec.template.spec.containers[0].image).toBe('image-registry.openshift-image-registry.svc:5000/shared-images/jenkins:2.452');
  });

  test('AGENT_BASE_IMAGE points the built-in agent pod templates at the curated agent tag; unset, Jenkins keeps its default', () => {
    // openshift/jenkins 2/contrib/jenkins/kube-slave-common.sh reads AGENT_BASE_IMAGE, else openshift/jenkins-agent-base:latest
    type Deployment = { spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> } } } };
    const agentEnv = (props: JenkinsTemplateProps) => {
      const deployment = processTemplate(synthJenkinsTemplate(props)).objects.find((o) => o.kind === 'Deployment') as Deployment;
      return deployment.spec.template.spec.containers[0].env.filter((e) => e.name === 'AGENT_BASE_IMAGE');
    };
    expect(agentEnv({ ...PROPS, agentImageStreamTag: 'jenkins-agent-base:2.452' })).toStrictEqual([
      { name: 'AGENT_BASE_IMAGE', value: 'image-registry.openshift-image-registry.svc:5000/shared-images/jenkins-agent-base:2.452' },
    ]);
    expect(agentEnv(PROPS)).toStrictEqual([]);
  });

  test(
    'the pod runs under the restricted-v2 SCC: non-root without a fixed UID, no privilege escalation, no ' + 'capabilities, RuntimeDefault seccomp',
    () => {
      const [deployment] = byKind(synthJenkinsTemplate(PROPS), 'Deployment');
      const pod = (
        deployment.spec as {
          template: { spec: { securityContext: object; containers: Array<{ securityContext: object }>; automountServiceAccountToken: boolean } };
        }
      ).template.spec;
      expect(pod.securityContext).toStrictEqual({ fsGroupChangePolicy: 'Always', runAsNonRoot: true });
      expect(pod.containers[0].securityContext).toStrictEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: false,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(true);
    },
  );

  test('the ServiceAccount may redirect OAuth logins to the Route, and the RoleBinding gives it edit', () => {
    const template = synthJenkinsTemplate(PROPS);
    expect(byKind(template, 'ServiceAccount')[0].metadata.annotations).toStrictEqual({
      'serviceaccounts.openshift.io/oauth-redirectreference.jenkins':
        '{"kind":"OAuthRedirectReference","apiVersion":"v1","reference":{"kind":"Route","name":"${JENKINS_SERVICE_NAME}"}}',
    });
    expect(byKind(template, 'RoleBinding')[0]).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'ServiceAccount', name: '${JENKINS_SERVICE_NAME}' }],
    });
    expect(byKind(template, 'Route')[0].spec).toStrictEqual({
      to: { kind: 'Service', name: '${JENKINS_SERVICE_NAME}' },
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
    });
  });

  test('in a chart it renders one Template and nothing else', () => {
    const chart = Testing.chart();
    new JenkinsTemplate(chart, 'Jenkins', PROPS);
    expect(Testing.synth(chart).map((o) => `${String(o.kind)}/${String(o.metadata.name)}`)).toStrictEqual(['Template/jenkins-persistent']);
  });
});
