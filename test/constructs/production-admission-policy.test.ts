import { parse as parseCel } from '@marcbachmann/cel-js';
import { parse } from 'yaml';
import { bundledSamplesInventories, parseCatalog, type ProductionAdmissionInput } from '../../src/model';
import { renderFleet } from '../../src/output';
import { isAllowedInProduction, planFleet } from '../../src/plan';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { admit, type AdmissionRequest } from '../support/admission';
import { imageSources, smallImage } from '../support/fixtures';

const POLICY_PATH = 'prod/_cluster/validatingadmissionpolicy.admissionregistration.k8s.io_production-image-sources.yaml';
const BINDING_PATH = 'prod/_cluster/validatingadmissionpolicybinding.admissionregistration.k8s.io_production-image-sources.yaml';
const DIGEST = 'sha256:' + 'a'.repeat(64);
const CURATED = 'artifacts.example.com/platform-images/patroni:1.2.0';
const INTERNAL = 'image-registry.openshift-image-registry.svc:5000';

/** The small fleet with one curated image and `admission.ts`; prod is its only production cluster. */
function compiled(admission: ProductionAdmissionInput = {}) {
  const catalog = parseCatalog('catalogs', new Map([...imageSources({ patroni: smallImage() }), ['catalogs/admission.ts', admission]]));
  const plans = planFleet(catalog);
  const files = renderFleet(catalog, plans);
  const object = (path: string) => {
    const content = files.get(path);
    if (content === undefined) throw new Error(`no ${path}; have ${[...files.keys()].join(', ')}`);
    return parse(content) as Record<string, unknown> & { spec: never };
  };
  return {
    files,
    plans,
    policy: () => object(POLICY_PATH),
    binding: () => object(BINDING_PATH),
    plan: plans.find((p) => p.cluster.name === 'prod')!,
  };
}

type Workload = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob';

const RESOURCES: Record<Workload, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
};

interface PodSpecImages {
  readonly containers?: string[];
  readonly initContainers?: string[];
  readonly ephemeralContainers?: string[];
}

function podSpec(images: PodSpecImages): Record<string, unknown> {
  const list = (names: string[] | undefined, prefix: string) => names?.map((image, i) => ({ name: `${prefix}${i}`, image }));
  return Object.fromEntries(
    Object.entries({
      containers: list(images.containers ?? [], 'c'),
      initContainers: list(images.initContainers, 'init'),
      ephemeralContainers: list(images.ephemeralContainers, 'debug'),
    }).filter(([, v]) => v !== undefined),
  );
}

/** The object of a kind as a client sends it, with the pod spec where that kind keeps it. */
function objectOf(kind: Workload, images: PodSpecImages, replicas = 1): Record<string, unknown> {
  const spec = podSpec(images);
  const template = { metadata: { labels: { app: 'x' } }, spec };
  const apiVersion = RESOURCES[kind].group ? `${RESOURCES[kind].group}/v1` : 'v1';
  const body =
    kind === 'Pod'
      ? spec
      : kind === 'CronJob'
        ? { schedule: '0 * * * *', jobTemplate: { spec: { template } } }
        : { replicas, selector: { matchLabels: { app: 'x' } }, template };
  return { apiVersion, kind, metadata: { name: 'x' }, spec: body };
}

function request(kind: Workload, images: PodSpecImages, options: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    operation: 'CREATE',
    namespace: 'payments-prod',
    resource: { ...RESOURCES[kind], version: 'v1' },
    object: objectOf(kind, images),
    ...options,
  };
}

describe('production admission policy', () => {
  test('each production cluster gets the policy and its binding, valid against the upstream OpenAPI; other clusters get neither', () => {
    // GIVEN the small fleet (lab, test, prod) with admission.ts
    const { files, policy, binding } = compiled({ validationActions: ['Warn', 'Audit'] });
    // WHEN it is rendered
    // THEN prod holds both objects, each valid upstream, and only prod has them
    expect(upstreamSchemas().validate(policy())).toStrictEqual([]);
    expect(upstreamSchemas().validate(binding())).toStrictEqual([]);
    expect(binding().spec).toStrictEqual({ policyName: 'production-image-sources', validationActions: ['Warn', 'Audit'] });
    expect([...files.keys()].filter((f) => f.includes('validatingadmissionpolicy')).map((f) => f.split('/')[0])).toStrictEqual(['prod', 'prod']);
  });

  test('a cluster override replaces the fleet-wide mode and exceptions', () => {
    // GIVEN a fleet-wide Warn and a prod override to Deny with its own exception
    const { binding, plan } = compiled({
      validationActions: ['Warn'],
      exceptions: [{ image: 'quay.io/a', reason: 'fleet' }],
      clusters: { prod: { validationActions: ['Deny'], exceptions: [{ image: 'quay.io/b', reason: 'prod only' }] } },
    });
    // THEN prod denies, and allows quay.io/b but not quay.io/a
    expect(binding().spec).toMatchObject({ validationActions: ['Deny'] });
    expect(plan.admission?.allowedSources.map((s) => s.prefix)).toStrictEqual(['artifacts.example.com', `${INTERNAL}/bcgov`, 'quay.io/b']);
  });

  describe('the table of admission requests', () => {
    const { policy, plan } = compiled({
      exceptions: [
        { image: 'docker.io/library/nginx', reason: 'test exception' },
        { image: 'registry.example.com:5000/tools', reason: 'test exception with a port' },
      ],
    });
    const vap = policy();

    // [case, request, allowed]
    const table: Array<[string, AdmissionRequest, boolean]> = [
      ['pod container from the distribution registry', request('Pod', { containers: [CURATED] }), true],
      ['pod container from elsewhere', request('Pod', { containers: ['quay.io/evil/app:1'] }), false],
      ['init container from the distribution registry', request('Pod', { containers: [CURATED], initContainers: [CURATED] }), true],
      ['init container from elsewhere', request('Pod', { containers: [CURATED], initContainers: ['quay.io/evil/init:1'] }), false],
      [
        'ephemeral container from the distribution registry',
        request(
          'Pod',
          { containers: [CURATED], ephemeralContainers: [CURATED] },
          { operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: objectOf('Pod', { containers: [CURATED] }) },
        ),
        true,
      ],
      [
        'ephemeral container from elsewhere',
        request(
          'Pod',
          { containers: [CURATED], ephemeralContainers: ['busybox'] },
          { operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: objectOf('Pod', { containers: [CURATED] }) },
        ),
        false,
      ],
      [
        'pod update that adds a container image from elsewhere',
        request('Pod', { containers: ['quay.io/evil/app:2'] }, { operation: 'UPDATE', oldObject: objectOf('Pod', { containers: [CURATED] }) }),
        false,
      ],
      ['short name under an exception (docker.io/library/nginx)', request('Pod', { containers: ['nginx:1.27'] }), true],
      ['short name by digest under an exception', request('Pod', { containers: [`nginx@${DIGEST}`] }), true],
      ['short name that only starts like the exception', request('Pod', { containers: ['nginx-evil:1'] }), false],
      ['short name with a namespace (docker.io/library2/nginx)', request('Pod', { containers: ['library2/nginx:1'] }), false],
      ['short name without exception', request('Pod', { containers: ['busybox:1.36'] }), false],
      ['registry with a port under an exception', request('Pod', { containers: ['registry.example.com:5000/tools/cli:1'] }), true],
      ['same registry on another port', request('Pod', { containers: ['registry.example.com:5001/tools/cli:1'] }), false],
      ['same registry without the port', request('Pod', { containers: ['registry.example.com/tools/cli:1'] }), false],
      [
        'curated namespace in the integrated registry (port 5000) by digest',
        request('Pod', { containers: [`${INTERNAL}/bcgov/patroni@${DIGEST}`] }),
        true,
      ],
      ['a team namespace in the integrated registry', request('Pod', { containers: [`${INTERNAL}/payments-prod/app:1`] }), false],
      ['a namespace that only starts like the curated one', request('Pod', { containers: [`${INTERNAL}/bcgov-evil/app:1`] }), false],
      [
        'the integrated registry through its route host',
        request('Pod', { containers: ['default-route-openshift-image-registry.apps.prod.example.com/bcgov/patroni:1.2.0'] }),
        false,
      ],
      ['distribution registry by digest', request('Pod', { containers: [`artifacts.example.com/platform-images/patroni@${DIGEST}`] }), true],
      [
        'distribution registry by tag and digest',
        request('Pod', { containers: [`artifacts.example.com/platform-images/patroni:1.2.0@${DIGEST}`] }),
        true,
      ],
      ['other registry by digest', request('Pod', { containers: [`quay.io/evil/app@${DIGEST}`] }), false],
      [
        'host that only starts like the distribution registry',
        request('Pod', { containers: ['artifacts.example.com.evil.test/platform-images/patroni:1.2.0'] }),
        false,
      ],
      [
        'host that only starts like the distribution registry, without a dot',
        request('Pod', { containers: ['artifacts.example.comevil/platform-images/patroni:1.2.0'] }),
        false,
      ],
      [
        'distribution registry on an explicit port',
        request('Pod', { containers: ['artifacts.example.com:443/platform-images/patroni:1.2.0'] }),
        false,
      ],
      [
        'distribution registry written in capitals (hosts are case-insensitive)',
        request('Pod', { containers: ['ARTIFACTS.example.com/platform-images/patroni:1.2.0'] }),
        true,
      ],
      ...(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const).flatMap(
        (kind): Array<[string, AdmissionRequest, boolean]> => [
          [
            `${kind} pod template from the distribution registry`,
            request(kind, { containers: [CURATED], initContainers: [`${INTERNAL}/bcgov/patroni:1.2.0`] }),
            true,
          ],
          [`${kind} pod template container from elsewhere`, request(kind, { containers: ['ghcr.io/evil/app:1'] }), false],
          [`${kind} pod template init container from elsewhere`, request(kind, { containers: [CURATED], initContainers: ['alpine'] }), false],
        ],
      ),
      [
        'update that keeps an image admitted before (scaling)',
        request(
          'Deployment',
          { containers: ['ghcr.io/legacy/app:1'] },
          { operation: 'UPDATE', oldObject: objectOf('Deployment', { containers: ['ghcr.io/legacy/app:1'] }, 3) },
        ),
        true,
      ],
      [
        'update that changes the image to another from elsewhere',
        request(
          'Deployment',
          { containers: ['ghcr.io/legacy/app:2'] },
          { operation: 'UPDATE', oldObject: objectOf('Deployment', { containers: ['ghcr.io/legacy/app:1'] }) },
        ),
        false,
      ],
    ];

    test.each(table)('%s', (_case, req, allowed) => {
      // GIVEN the request WHEN the policy judges it THEN it is matched and allowed or denied; the compiler's own check agrees on CREATE
      const outcome = admit(vap, req);
      expect(outcome).toMatchObject({ matched: true, allowed });
      if (!allowed) {
        const before = req.oldObject ? Object.values(podSpecImages(req.oldObject)).flat() : [];
        const firstDenied = Object.values(podSpecImages(req.object))
          .flat()
          .find((i) => !before.includes(i) && !isAllowedInProduction(plan.admission!, i));
        expect(outcome.message).toContain(
          `image ${firstDenied} may not run in production namespace payments-prod: ` +
            `images for production come from the distribution registry artifacts.example.com ` +
            `or the curated ImageStreams of bcgov`,
        );
      }
      if (req.operation === 'CREATE') {
        const images = Object.values(podSpecImages(req.object)).flat();
        expect(images.every((i) => isAllowedInProduction(plan.admission!, i))).toBe(allowed);
      }
    });

    test('the message names the first image from elsewhere and how many more', () => {
      const outcome = admit(vap, request('Pod', { containers: ['quay.io/evil/a:1', CURATED, 'nginx-evil:2', 'busybox'] }));
      expect(outcome.message).toBe(
        'image quay.io/evil/a:1 (and 2 more) may not run in production namespace payments-prod: images for ' +
          'production come from the distribution registry artifacts.example.com or the curated ImageStreams of ' +
          'bcgov; publish the image through the platform image pipeline',
      );
    });

    test.each([
      ['a namespace without the suffix', 'payments-dev'],
      ['a namespace that contains the suffix but does not end with it', 'payments-production'],
    ])('does not judge %s', (_case, namespace) => {
      expect(admit(vap, request('Pod', { containers: ['quay.io/evil/app:1'] }, { namespace }))).toStrictEqual({ matched: false, allowed: true });
    });

    test('does not judge scaling through the scale subresource or deletes', () => {
      expect(admit(vap, request('Deployment', { containers: ['quay.io/evil/app:1'] }, { subResource: 'scale', operation: 'UPDATE' })).matched).toBe(
        false,
      );
    });
  });

  test('every CEL expression calls only functions and macros of the Kubernetes CEL environment', () => {
    // GIVEN the emitted policy
    const vap = compiled().policy() as {
      spec: {
        matchConditions: Array<{ expression: string }>;
        variables: Array<{ expression: string }>;
        validations: Array<{ expression: string; messageExpression: string }>;
      };
    };
    const expressions = [
      ...vap.spec.matchConditions.map((c) => c.expression),
      ...vap.spec.variables.map((v) => v.expression),
      ...vap.spec.validations.flatMap((v) => [v.expression, v.messageExpression]),
    ];
    // WHEN each is parsed and its calls are collected
    const called = new Set(expressions.flatMap((e) => callsOf(parseCel(e).ast)));
    // THEN every call is in the environment of Kubernetes 1.29 (the API server's compatibility version on OpenShift 4.17)
    expect([...called].filter((name) => !KUBERNETES_CEL_FUNCTIONS.has(name))).toStrictEqual([]);
    expect(called.size).toBeGreaterThan(5);
  });

  test('fails to load when a production cluster runs a release without ValidatingAdmissionPolicy v1', () => {
    const sources = imageSources({ patroni: smallImage() });
    const fleet = sources.get('catalogs/fleet.ts') as { clusters: Array<{ openshiftVersion: string }> };
    fleet.clusters[2].openshiftVersion = '4.16';
    sources.set('catalogs/admission.ts', {});
    // The bundled samples inventories start at 4.22; 4.16 borrows one so that only the admission problem remains.
    const inventories = bundledSamplesInventories().map((i) => ({ ...i, openshiftReleases: [...i.openshiftReleases, '4.16'] }));
    expect(() => parseCatalog('catalogs', sources, inventories)).toThrow(
      /catalogs\/fleet\.ts: clusters\[2\]\.openshiftVersion\n\s+expected: OpenShift 4\.17 or newer on production cluster prod/,
    );
  });

  test('fails when Deny and Warn are combined, or an override names a cluster that is not production', () => {
    expect(() => compiled({ validationActions: ['Deny', 'Warn'] })).toThrow(/Deny or Warn, not both/);
    expect(() => compiled({ clusters: { test: { validationActions: ['Deny'] } } })).toThrow(
      /clusters\.test[\s\S]*a production cluster of the fleet: prod/,
    );
  });
});

function podSpecImages(object: Record<string, unknown>): Record<string, string[]> {
  const kind = object.kind as Workload;
  const spec = object.spec as Record<string, never>;
  const pod = (kind === 'Pod' ? spec : kind === 'CronJob' ? spec.jobTemplate['spec']['template']['spec'] : spec.template['spec']) as Record<
    string,
    Array<{ image: string }> | undefined
  >;
  return Object.fromEntries(['containers', 'initContainers', 'ephemeralContainers'].map((k) => [k, (pod[k] ?? []).map((c) => c.image)]));
}

/** The names of every function and macro an expression calls (cel-js AST: `call` and `rcall` nodes). */
function callsOf(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const { op, args } = node as { op?: string; args?: unknown };
  const own = op === 'call' || op === 'rcall' ? [(args as [string])[0]] : [];
  const children = Array.isArray(args) ? args.flat(2) : [];
  return [...own, ...children.flatMap(callsOf)];
}

/**
 * What the Kubernetes CEL environment offers at compatibility version 1.29, the lowest a supported
 * cluster uses (OpenShift 4.17 is Kubernetes 1.30, whose API server accepts CEL of 1.29, n-1).
 * kubernetes/kubernetes `staging/src/k8s.io/apiserver/pkg/cel/environment/base.go` (`baseOptsWithoutStrictCost`):
 * cel-go's standard library; `ext.Strings` (version 0 until 1.29, version 2 from 1.29: listed here are
 * the version 0 functions, google/cel-go `ext/strings.go`); `library.URLs`, `library.Regex`, `library.Lists`
 * (from 1.0), `library.Authz` (1.27), `library.Quantity` and optional types (1.28), `ext.Sets` (1.29).
 */
const KUBERNETES_CEL_FUNCTIONS = new Set([
  // cel-go standard macros and functions
  'has',
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  'size',
  'contains',
  'startsWith',
  'endsWith',
  'matches',
  'int',
  'uint',
  'double',
  'string',
  'bytes',
  'bool',
  'type',
  'dyn',
  'duration',
  'timestamp',
  // ext.Strings version 0
  'charAt',
  'indexOf',
  'lastIndexOf',
  'lowerAscii',
  'replace',
  'split',
  'substring',
  'trim',
  'upperAscii',
  // library.Lists, library.Regex, library.URLs
  'isSorted',
  'sum',
  'min',
  'max',
  'find',
  'findAll',
  'url',
  'isURL',
  'getScheme',
  'getHost',
  'getHostname',
  'getPort',
  'getEscapedPath',
  'getQuery',
]);

describe('production admission catalog', () => {
  test('fails on an exception written as a short name, and says how the runtime reads it', () => {
    expect(() => compiled({ exceptions: [{ image: 'nginx', reason: 'x' }] })).toThrow(
      /exceptions\[0\]\.image[\s\S]*fully qualified[\s\S]*"docker\.io\/library\/nginx"/,
    );
  });
});
