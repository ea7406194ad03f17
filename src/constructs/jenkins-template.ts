import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, type IConstruct } from 'constructs';
import type { TemplateManifest, TemplateParameter } from '../oc-process';
import { Template, type TemplateProps } from './template';

/** The Template's annotations and message, as `TemplateProps` declares them; a Jenkins template requires some. */
type JenkinsTemplateDescription = Required<Pick<TemplateProps, 'displayName' | 'description' | 'iconClass' | 'tags' | 'providerDisplayName'>> &
  Pick<TemplateProps, 'longDescription' | 'documentationUrl' | 'supportUrl' | 'bindable'>;

export interface JenkinsTemplateProps extends JenkinsTemplateDescription {
  /** `metadata.name` of the Template, e.g. `jenkins-persistent`. */
  readonly name: string;
  /** Namespace the Template is published in. */
  readonly namespace: string;
  /** @default - where Jenkins runs and how to log in */
  readonly message?: string;
  /** Default of JENKINS_IMAGE_STREAM_TAG, `name:tag`, e.g. `jenkins:2.452`. */
  readonly imageStreamTag: string;
  /** Default of NAMESPACE, where the ImageStream is. */
  readonly imageStreamNamespace: string;
  /**
   * `name:tag` of the ImageStream tag, in NAMESPACE, that Jenkins's built-in agent pod templates run:
   * written as `AGENT_BASE_IMAGE`, pulled through the internal registry.
   * @default - unset: the Jenkins image runs `openshift/jenkins-agent-base:latest`
   */
  readonly agentImageStreamTag?: string;
  /** Registry the Deployment's initial image is pulled from until the image trigger sets the digest. */
  readonly internalRegistry: string;
  /** Defaults of CPU_REQUEST, MEMORY_REQUEST, CPU_LIMIT (no CPU limit when absent) and MEMORY_LIMIT. */
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu?: string; readonly memory: string };
  };
  /** Default of VOLUME_CAPACITY; makes the template persistent. @default - ephemeral: an emptyDir */
  readonly volumeCapacity?: string;
}

/** Parameter names, as in the stock OpenShift Jenkins templates where they exist there. */
const JENKINS_PARAMETERS = {
  serviceName: 'JENKINS_SERVICE_NAME',
  jnlpServiceName: 'JNLP_SERVICE_NAME',
  enableOauth: 'ENABLE_OAUTH',
  cpuRequest: 'CPU_REQUEST',
  memoryRequest: 'MEMORY_REQUEST',
  cpuLimit: 'CPU_LIMIT',
  memoryLimit: 'MEMORY_LIMIT',
  volumeCapacity: 'VOLUME_CAPACITY',
  namespace: 'NAMESPACE',
  imageStreamTag: 'JENKINS_IMAGE_STREAM_TAG',
  disableAdministrativeMonitors: 'DISABLE_ADMINISTRATIVE_MONITORS',
  javaFipsOptions: 'JAVA_FIPS_OPTIONS',
  enableFatalErrorLogFile: 'ENABLE_FATAL_ERROR_LOG_FILE',
  updateCenterInsecure: 'JENKINS_UC_INSECURE',
} as const;

const P = JENKINS_PARAMETERS;
const ref = (name: string) => `\${${name}}`;
const quantityRef = (name: string) => kplus.k8s.Quantity.fromString(ref(name));
const CONTAINER = 'jenkins';
const HTTP_PORT = 8080;
const JNLP_PORT = 50000;

/**
 * A Jenkins server as an OpenShift Template, like the stock `jenkins-ephemeral` / `jenkins-persistent`
 * but with an apps/v1 Deployment (image trigger on the curated ImageStream tag, Recreate strategy),
 * resource requests and limits as parameters, and a security context the restricted-v2 SCC admits.
 */
export class JenkinsTemplate extends Construct {
  public readonly template: Template;

  constructor(scope: Construct, id: string, props: JenkinsTemplateProps) {
    super(scope, id);
    this.template = new Template(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      displayName: props.displayName,
      description: props.description,
      longDescription: props.longDescription,
      iconClass: props.iconClass,
      tags: props.tags,
      providerDisplayName: props.providerDisplayName,
      documentationUrl: props.documentationUrl,
      supportUrl: props.supportUrl,
      bindable: props.bindable,
      message: props.message ?? `Jenkins is starting in your project behind the Route ${ref(P.serviceName)}. Log in with your OpenShift account.`,
      parameters: jenkinsParameters(props),
      labels: { app: props.name, template: `${props.name}-template` },
      synthesizedObjects: jenkinsObjects(this, props),
    });
  }
}

/**
 * Synthesized objects per app (one synth run), by what they depend on: the objects are the same for
 * every template of a fleet that shares these, and the cache goes with the app.
 */
const OBJECTS = new WeakMap<IConstruct, Map<string, readonly object[]>>();

/** The Template's objects, synthesized once per app and distinct inputs. */
function jenkinsObjects(scope: Construct, props: JenkinsTemplateProps): readonly object[] {
  const inputs: ObjectInputs = {
    internalRegistry: props.internalRegistry,
    agentImageStreamTag: props.agentImageStreamTag,
    cpuLimit: props.resources.limits.cpu !== undefined,
    persistent: props.volumeCapacity !== undefined,
  };
  const key = JSON.stringify(inputs);
  const root = scope.node.root;
  const cache = OBJECTS.get(root) ?? new Map<string, readonly object[]>();
  OBJECTS.set(root, cache);
  let objects = cache.get(key);
  if (objects === undefined) {
    const chart = new Chart(new App(), 'objects', { disableResourceNameHashes: true });
    buildObjects(chart, inputs);
    objects = chart.toJson();
    cache.set(key, objects);
  }
  return objects;
}

/** The Template a `JenkinsTemplate` renders, synthesized on its own (for checks that need the manifest). */
export function synthJenkinsTemplate(props: JenkinsTemplateProps): TemplateManifest {
  const chart = new Chart(new App(), 'template', { disableResourceNameHashes: true });
  new JenkinsTemplate(chart, 'Jenkins', props);
  return chart.toJson()[0] as TemplateManifest;
}

function jenkinsParameters(props: JenkinsTemplateProps): TemplateParameter[] {
  const { requests, limits } = props.resources;
  const parameters: Array<TemplateParameter | undefined> = [
    {
      name: P.serviceName,
      displayName: 'Jenkins Service Name',
      description: 'The name of the OpenShift Service exposed for the Jenkins container; also names the Deployment, Route and ServiceAccount.',
      value: 'jenkins',
      required: true,
    },
    {
      name: P.jnlpServiceName,
      displayName: 'Jenkins JNLP Service Name',
      description: 'The name of the service used for controller/agent communication.',
      value: 'jenkins-jnlp',
      required: true,
    },
    {
      name: P.enableOauth,
      displayName: 'Enable OAuth in Jenkins',
      description:
        "Whether to enable OAuth OpenShift integration. If false, the static account 'admin' will be " + "initialized with the password 'password'.",
      value: 'true',
    },
    {
      name: P.cpuRequest,
      displayName: 'CPU Request',
      description: 'CPU the container is guaranteed, e.g. 100m or 1.',
      value: requests.cpu,
      required: true,
    },
    {
      name: P.memoryRequest,
      displayName: 'Memory Request',
      description: 'Memory the container is guaranteed, e.g. 512Mi or 1Gi.',
      value: requests.memory,
      required: true,
    },
    limits.cpu === undefined
      ? undefined
      : { name: P.cpuLimit, displayName: 'CPU Limit', description: 'Maximum CPU the container can use.', value: limits.cpu, required: true },
    {
      name: P.memoryLimit,
      displayName: 'Memory Limit',
      description: 'Maximum amount of memory the container can use; the JVM heap is sized from it.',
      value: limits.memory,
      required: true,
    },
    props.volumeCapacity === undefined
      ? undefined
      : {
          name: P.volumeCapacity,
          displayName: 'Volume Capacity',
          description: 'Volume space available for data, e.g. 512Mi, 2Gi.',
          value: props.volumeCapacity,
          required: true,
        },
    {
      name: P.namespace,
      displayName: 'Jenkins ImageStream Namespace',
      description: 'The OpenShift Namespace where the Jenkins ImageStream resides.',
      value: props.imageStreamNamespace,
      required: true,
    },
    {
      name: P.imageStreamTag,
      displayName: 'Jenkins ImageStreamTag',
      description: 'Name of the ImageStreamTag to be used for the Jenkins image.',
      value: props.imageStreamTag,
      required: true,
    },
    {
      name: P.disableAdministrativeMonitors,
      displayName: 'Disable memory intensive administrative monitors',
      description:
        'Whether to perform memory intensive, possibly slow, synchronization with the Jenkins Update Center ' +
        'on start. If true, the Jenkins core update monitor and site warnings monitor are disabled.',
      value: 'false',
    },
    {
      name: P.javaFipsOptions,
      displayName: 'Allows control over how the JVM interacts with FIPS on startup.',
      description: 'Command line properties that let the JVM run on FIPS nodes (see the OpenJDK FIPS documentation).',
      value: '-Dcom.redhat.fips=false',
    },
    props.volumeCapacity === undefined
      ? undefined
      : {
          name: P.enableFatalErrorLogFile,
          displayName: 'Fatal Error Log File',
          description: 'When a fatal error occurs, an error log is created with information and the state obtained at the time of the fatal error.',
          value: 'false',
        },
    {
      name: P.updateCenterInsecure,
      displayName: 'Allows use of Jenkins Update Center repository with invalid SSL certificate',
      description:
        'Whether to allow use of a Jenkins Update Center that uses invalid certificate (self-signed, unknown ' +
        "CA). If any value other than 'false', certificate check is bypassed. By default, certificate check is enforced.",
      value: 'false',
    },
  ];
  return parameters.filter((p): p is TemplateParameter => p !== undefined);
}

/** What the Template's objects depend on (they hold parameter references for the rest). */
interface ObjectInputs extends Pick<JenkinsTemplateProps, 'internalRegistry' | 'agentImageStreamTag'> {
  readonly cpuLimit: boolean;
  readonly persistent: boolean;
}

function buildObjects(chart: Chart, inputs: ObjectInputs): void {
  const name = ref(P.serviceName);
  addRoute(chart, name);
  const caBundle = new kplus.ConfigMap(chart, 'TrustedCaBundle', {
    metadata: { name: `${name}-trusted-ca-bundle`, labels: { 'config.openshift.io/inject-trusted-cabundle': 'true' } },
  });
  const data = addDataVolume(chart, name, inputs.persistent);
  const serviceAccount = addServiceAccount(chart, name);
  addDeployment(chart, name, inputs, serviceAccount, data, caBundle);
  const edit = new kplus.RoleBinding(chart, 'EditRoleBinding', {
    // The stock templates' name, so instantiating over a stock Jenkins updates its binding.
    metadata: { name: `${name}_edit` },
    role: kplus.ClusterRole.fromClusterRoleName(chart, 'Edit', 'edit'),
  });
  edit.addSubjects(serviceAccount);
  addServices(chart, name);
}

function addRoute(chart: Chart, name: string): void {
  new ApiObject(chart, 'Route', {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: {
      name,
      annotations: {
        'haproxy.router.openshift.io/timeout': '4m',
        'template.openshift.io/expose-uri': 'https://{.spec.host}{.spec.path}',
      },
    },
    spec: {
      to: { kind: 'Service', name },
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
    },
  });
}

function addDataVolume(chart: Chart, name: string, persistent: boolean): kplus.Volume {
  if (persistent) {
    const claim = new kplus.PersistentVolumeClaim(chart, 'Data', {
      metadata: { name },
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      storage: Size.gibibytes(1),
    });
    // `storage` is typed (a Size); the parameter reference replaces the placeholder above. The
    // generated L1 class converts quantity fields after patching, so the value must be a Quantity.
    ApiObject.of(claim).addJsonPatch(JsonPatch.replace('/spec/resources/requests/storage', quantityRef(P.volumeCapacity)));
    return kplus.Volume.fromPersistentVolumeClaim(chart, 'DataVolume', claim, { name: `${name}-data` });
  }
  return kplus.Volume.fromEmptyDir(chart, 'DataVolume', `${name}-data`);
}

function addServiceAccount(chart: Chart, name: string): kplus.ServiceAccount {
  return new kplus.ServiceAccount(chart, 'ServiceAccount', {
    metadata: {
      name,
      annotations: {
        // Lets Jenkins use the OpenShift OAuth server through this service account, redirecting back to its Route.
        'serviceaccounts.openshift.io/oauth-redirectreference.jenkins': JSON.stringify({
          kind: 'OAuthRedirectReference',
          apiVersion: 'v1',
          reference: { kind: 'Route', name },
        }),
      },
    },
    // Agent pods the Kubernetes plugin starts with this service account need its token.
    automountToken: true,
  });
}

function addDeployment(
  chart: Chart,
  name: string,
  inputs: ObjectInputs,
  serviceAccount: kplus.ServiceAccount,
  data: kplus.Volume,
  caBundle: kplus.ConfigMap,
): void {
  const deployment = new kplus.Deployment(chart, 'Deployment', {
    metadata: {
      name,
      annotations: {
        'image.openshift.io/triggers': JSON.stringify([
          {
            from: { kind: 'ImageStreamTag', name: ref(P.imageStreamTag), namespace: ref(P.namespace) },
            fieldPath: `spec.template.spec.containers[?(@.name=="${CONTAINER}")].image`,
          },
        ]),
        'template.alpha.openshift.io/wait-for-ready': 'true',
      },
    },
    replicas: 1,
    select: false,
    // One pod at a time: the data volume is ReadWriteOnce and Jenkins does not share its home.
    strategy: kplus.DeploymentStrategy.recreate(),
    serviceAccount,
    automountServiceAccountToken: true,
    securityContext: { ensureNonRoot: true },
  });
  deployment.select(kplus.LabelSelector.of({ labels: { name } }));
  deployment.podMetadata.addLabel('name', name);

  const env: Record<string, string> = {
    OPENSHIFT_ENABLE_OAUTH: ref(P.enableOauth),
    OPENSHIFT_ENABLE_REDIRECT_PROMPT: 'true',
    DISABLE_ADMINISTRATIVE_MONITORS: ref(P.disableAdministrativeMonitors),
    KUBERNETES_MASTER: 'https://kubernetes.default:443',
    KUBERNETES_TRUST_CERTIFICATES: 'true',
    JENKINS_SERVICE_NAME: name,
    JNLP_SERVICE_NAME: ref(P.jnlpServiceName),
    JENKINS_UC_INSECURE: ref(P.updateCenterInsecure),
    CASC_JENKINS_CONFIG: '/var/lib/jenkins/proxy.yaml',
    JAVA_FIPS_OPTIONS: ref(P.javaFipsOptions),
  };
  if (inputs.persistent) env.ENABLE_FATAL_ERROR_LOG_FILE = ref(P.enableFatalErrorLogFile);
  // openshift/jenkins 2/contrib/jenkins/kube-slave-common.sh reads it when it first writes config.xml.
  if (inputs.agentImageStreamTag !== undefined) env.AGENT_BASE_IMAGE = `${inputs.internalRegistry}/${ref(P.namespace)}/${inputs.agentImageStreamTag}`;

  const container = deployment.addContainer({
    name: CONTAINER,
    // The image trigger replaces this with the tag's digest; until then the tag is pulled through the internal registry.
    image: `${inputs.internalRegistry}/${ref(P.namespace)}/${ref(P.imageStreamTag)}`,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    ports: [
      { number: HTTP_PORT, name: 'http' },
      { number: JNLP_PORT, name: 'jnlp' },
    ],
    envVariables: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
    // Jenkins starts slowly and pauses for garbage collection: the stock templates' generous timings.
    liveness: kplus.Probe.fromHttpGet('/login', {
      port: HTTP_PORT,
      initialDelaySeconds: Duration.seconds(420),
      periodSeconds: Duration.seconds(360),
      timeoutSeconds: Duration.seconds(240),
      failureThreshold: 2,
    }),
    readiness: kplus.Probe.fromHttpGet('/login', {
      port: HTTP_PORT,
      initialDelaySeconds: Duration.seconds(3),
      periodSeconds: Duration.seconds(10),
      timeoutSeconds: Duration.seconds(240),
      failureThreshold: 3,
    }),
    // What the restricted-v2 SCC (and the `restricted` pod security level) require; the UID comes from the namespace range.
    securityContext: {
      ensureNonRoot: true,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
  });
  container.mount('/var/lib/jenkins', data);
  container.mount(
    '/etc/pki/ca-trust/source/anchors',
    kplus.Volume.fromConfigMap(chart, 'TrustedCaBundleVolume', caBundle, { name: `${name}-trusted-ca-bundle`, optional: true }),
  );

  const resources: Record<string, Record<string, kplus.k8s.Quantity>> = {
    requests: { cpu: quantityRef(P.cpuRequest), memory: quantityRef(P.memoryRequest) },
    limits: { memory: quantityRef(P.memoryLimit) },
  };
  if (inputs.cpuLimit) resources.limits.cpu = quantityRef(P.cpuLimit);
  // kplus types requests and limits as Cpu/Size (numbers), so parameter references replace its
  // defaults as Quantities (see the claim above); kplus also labels the pod template for its own
  // selectors, which this Deployment does not use (pods are selected by `name`).
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/0/resources', resources),
    JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
  );
}

function addServices(chart: Chart, name: string): void {
  const jnlp = new kplus.Service(chart, 'JnlpService', {
    metadata: { name: ref(P.jnlpServiceName) },
    ports: [{ name: 'agent', port: JNLP_PORT, targetPort: JNLP_PORT }],
  });
  jnlp.selectLabel('name', name);

  const web = new kplus.Service(chart, 'WebService', {
    metadata: {
      name,
      annotations: {
        // Groups the JNLP service under the web service in the console.
        'service.alpha.openshift.io/dependencies': JSON.stringify([{ name: ref(P.jnlpServiceName), namespace: '', kind: 'Service' }]),
        'service.openshift.io/infrastructure': 'true',
      },
    },
    ports: [{ name: 'web', port: 80, targetPort: HTTP_PORT }],
  });
  web.selectLabel('name', name);
}
