import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { SharedResourceViewerRole, SharedResourceViewersRoleBinding } from '../../src/constructs';
import { readTree } from '../../src/output';
import { loadCatalog } from '../../src/model';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';

// Who may do what in the curated namespace, decided as the Kubernetes RBAC authorizer decides it:
// RuleAllows, VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches
// (kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go and pkg/apis/rbac/v1/evaluation_helpers.go,
// as vendored in openshift/openshift-apiserver at 56aa2d96edd7).
interface PolicyRule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}
interface Request {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly name?: string;
}

function ruleAllows(request: Request, rule: PolicyRule): boolean {
  const combined = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const verbMatches = rule.verbs.some((v) => v === '*' || v === request.verb);
  const groupMatches = (rule.apiGroups ?? []).some((g) => g === '*' || g === request.apiGroup);
  const resourceMatches = (rule.resources ?? []).some(
    (r) =>
      r === '*' ||
      r === combined ||
      (!!request.subresource && r.length === request.subresource.length + 2 && r.startsWith('*/') && r.endsWith(request.subresource)),
  );
  const nameMatches = !rule.resourceNames?.length || rule.resourceNames.includes(request.name ?? '');
  return verbMatches && groupMatches && resourceMatches && nameMatches;
}
const allows = (rules: readonly PolicyRule[], request: Request) => rules.some((rule) => ruleAllows(request, rule));
const describeRequest = (r: Request) => `${r.verb} ${r.apiGroup || 'core'}/${r.resource}${r.subresource ? `/${r.subresource}` : ''}`;

// OpenShift's own grant to every authenticated user in `openshift` (upstream/openshift/bootstrappolicy).
const UPSTREAM = path.resolve(__dirname, '../../upstream/openshift/bootstrappolicy');
const upstreamRole = (
  parse(fs.readFileSync(path.join(UPSTREAM, 'bootstrap_namespace_roles.yaml'), 'utf8')) as {
    items: Array<{ metadata: { name: string; namespace: string }; rules: PolicyRule[] }>;
  }
).items.find((r) => r.metadata.namespace === 'openshift' && r.metadata.name === 'shared-resource-viewer')!;
const upstreamBinding = (
  parse(fs.readFileSync(path.join(UPSTREAM, 'bootstrap_namespace_role_bindings.yaml'), 'utf8')) as {
    items: Array<{ metadata: { name: string; namespace: string }; roleRef: object; subjects: object[] }>;
  }
).items.find((b) => b.metadata.namespace === 'openshift' && b.metadata.name === 'shared-resource-viewers')!;

/**
 * What users do with a shared namespace: oc process <ns>//<template> (oc pkg/cli/process/process.go gets
 * the template there and processes it in the user's own namespace), oc new-app <ns>/<stream>~<repo>, the
 * console catalog, and pulls.
 */
const NEEDED: Request[] = [
  ...['get', 'list', 'watch'].map((verb) => ({ verb, apiGroup: 'template.openshift.io', resource: 'templates' })),
  ...['get', 'list', 'watch'].flatMap((verb) =>
    ['imagestreams', 'imagestreamtags', 'imagestreamimages'].map((resource) => ({ verb, apiGroup: 'image.openshift.io', resource })),
  ),
  { verb: 'get', apiGroup: 'image.openshift.io', resource: 'imagestreams', subresource: 'layers' },
];

/** Every request a user might make in the namespace, for the "nothing more" side. */
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const RESOURCES: Array<[string, string, string?]> = [
  ['template.openshift.io', 'templates'],
  ['template.openshift.io', 'processedtemplates'],
  ['template.openshift.io', 'templateinstances'],
  ['image.openshift.io', 'imagestreams'],
  ['image.openshift.io', 'imagestreamtags'],
  ['image.openshift.io', 'imagestreamimages'],
  ['image.openshift.io', 'imagetags'],
  ['image.openshift.io', 'imagestreamimports'],
  ['image.openshift.io', 'imagestreammappings'],
  ['image.openshift.io', 'imagestreams', 'layers'],
  ['image.openshift.io', 'imagestreams', 'secrets'],
  ['image.openshift.io', 'imagestreams', 'status'],
  ['', 'configmaps'],
  ['', 'secrets'],
  ['', 'pods'],
  ['', 'serviceaccounts'],
  ['rbac.authorization.k8s.io', 'roles'],
  ['rbac.authorization.k8s.io', 'rolebindings'],
  ['', 'imagestreams'],
  ['', 'templates'],
];
const EVERY_REQUEST: Request[] = VERBS.flatMap((verb) =>
  RESOURCES.map(([apiGroup, resource, subresource]) => ({ verb, apiGroup, resource, subresource })),
);

describe('SharedResourceViewerRole and SharedResourceViewersRoleBinding', () => {
  test('synthesize a Role and a RoleBinding that validate against the upstream OpenAPI', () => {
    const chart = Testing.chart();
    const role = new SharedResourceViewerRole(chart, 'Viewer', { namespace: 'images' });
    new SharedResourceViewersRoleBinding(chart, 'Viewers', { namespace: 'images', roleName: role.resource.name });
    const [roleObject, bindingObject] = Testing.synth(chart);
    expect(roleObject.metadata).toStrictEqual({ name: 'shared-resource-viewer', namespace: 'images' });
    expect(bindingObject).toMatchObject({
      metadata: { name: 'shared-resource-viewers', namespace: 'images' },
      roleRef: { kind: 'Role', name: 'shared-resource-viewer' },
    });
    for (const object of [roleObject, bindingObject]) expect(upstreamSchemas().validate(object)).toStrictEqual([]);
  });
});

describe('who can use the curated namespace on each committed cluster', () => {
  const catalog = loadCatalog('catalogs');
  const dist = readTree(path.resolve(__dirname, '../../dist'));
  const clusters = catalog.fleet.clusters.map((c) => c.name);
  const namespace = catalog.fleet.curatedNamespace;

  /** The rules every authenticated user gets in the curated namespace: Roles bound to system:authenticated there. */
  function authenticatedRules(cluster: string): PolicyRule[] {
    const objects = [...dist]
      .filter(([f]) => f.startsWith(`${cluster}/${namespace}/`) && f.endsWith('.yaml'))
      .flatMap(([, c]) => parseAllDocuments(c).map((d) => d.toJS() as Record<string, unknown>));
    const bindings = objects.filter((o) => o.kind === 'RoleBinding') as Array<{
      roleRef: { kind: string; name: string };
      subjects: Array<{ kind: string; name: string }>;
    }>;
    return bindings
      .filter((b) => b.subjects.some((s) => s.kind === 'Group' && s.name === 'system:authenticated'))
      .flatMap((b) => {
        expect(b.roleRef.kind).toBe('Role'); // a ClusterRole bound here would grant what this test does not see
        const role = objects.find((o) => o.kind === 'Role' && (o.metadata as { name: string }).name === b.roleRef.name) as
          { rules: PolicyRule[] } | undefined;
        expect(role).toBeDefined();
        return role?.rules ?? [];
      });
  }

  test('the upstream oracle is the one OpenShift binds to system:authenticated in openshift', () => {
    expect(upstreamBinding.roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'shared-resource-viewer' });
    expect(upstreamBinding.subjects).toStrictEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]);
    for (const request of NEEDED)
      expect([describeRequest(request), allows(upstreamRole.rules, request)]).toStrictEqual([describeRequest(request), true]);
  });

  test.each(clusters)('%s: every authenticated user reads the templates and image streams and pulls the images', (cluster) => {
    const rules = authenticatedRules(cluster);
    for (const request of NEEDED) expect([describeRequest(request), allows(rules, request)]).toStrictEqual([describeRequest(request), true]);
  });

  test.each(clusters)('%s: nothing more than OpenShift grants in openshift, and nothing that writes or reads secrets or config maps', (cluster) => {
    const rules = authenticatedRules(cluster);
    const granted = EVERY_REQUEST.filter((r) => allows(rules, r));
    expect(granted.filter((r) => !allows(upstreamRole.rules, r)).map(describeRequest)).toStrictEqual([]);
    expect(
      granted
        .filter((r) => !['get', 'list', 'watch'].includes(r.verb) || r.resource === 'secrets' || r.resource === 'configmaps')
        .map(describeRequest),
    ).toStrictEqual([]);
    expect(granted.map(describeRequest).sort()).toStrictEqual(NEEDED.map(describeRequest).sort());
  });
});
