import { generateKeyPairSync } from 'node:crypto';
import { bundledSamplesInventories, parseCatalog, type ProductionAdmissionInput, type RegistriesInput } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet, formatFinding } from '../../src/policy';
import { scopeIsNestedInsideScope } from '../../src/policy/admission-rules';
import { imageSources, SMALL_REGISTRIES, smallFleet, SMALL_CURATION, smallImage, smallJenkinsTemplate, templateSources } from '../support/fixtures';
import { joinRegExp } from '../support/regexp';

const PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const SIGNED: ProductionAdmissionInput = { signatures: { rootOfTrust: { publicKey: { keyData: PUBLIC_KEY } } } };

function findings(
  rulePrefix: string,
  options: { admission?: ProductionAdmissionInput; registries?: RegistriesInput; fleet?: ReturnType<typeof smallFleet> } = {},
) {
  const sources = imageSources({ patroni: smallImage() });
  sources.set('catalogs/admission.ts', options.admission ?? {});
  if (options.registries) sources.set('catalogs/registries.ts', options.registries);
  if (options.fleet) sources.set('catalogs/fleet.ts', options.fleet);
  // The bundled inventories start at 4.22; older releases borrow one, as the samples do not matter here.
  const inventories = bundledSamplesInventories().map((i) => ({ ...i, openshiftReleases: [...i.openshiftReleases, '4.17', '4.19'] }));
  const catalog = parseCatalog('catalogs', sources, inventories);
  return checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() }).filter((f) => f.rule.startsWith(rulePrefix));
}

describe('admission/curated-image-denied', () => {
  test('passes when production runs the curated images from the distribution registry and the curated namespace', () => {
    expect(findings('admission/')).toStrictEqual([]);
  });

  test("fails when a template's Jenkins runs its agents from the openshift samples: production namespaces may not run them", () => {
    // GIVEN the Jenkins template without agentImageStreamTag (its agents run the openshift/jenkins-agent-base sample)
    const template = smallJenkinsTemplate();
    delete template.agentImageStreamTag;
    const sources = templateSources({ 'catalogs/admission.ts': {}, 'catalogs/templates/jenkins.ts': template });
    const catalog = parseCatalog('catalogs', sources);
    // WHEN checked
    const found = checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() }).filter((f) => f.rule === 'admission/curated-image-denied');
    // THEN prod, the only production cluster, gets one error at the template's agent field
    expect(found.map((f) => `${f.cluster} ${f.file} ${f.field}`)).toStrictEqual(['prod catalogs/templates/jenkins.ts agentImageStreamTag']);
    expect(found[0].message).toMatch(
      joinRegExp(
        /^Template bcgov\/jenkins \(Jenkins agent pods, AGENT_BASE_IMAGE\) /,
        /runs image-registry\.openshift-image-registry\.svc:5000\/openshift\/jenkins-agent-base:\S+, /,
        /which the production admission policy of cluster prod refuses /,
        /\(allowed: artifacts\.example\.com, image-registry\.openshift-image-registry\.svc:5000\/bcgov\)$/,
      ),
    );
  });
});

describe('signature rules', () => {
  test('scopeIsNestedInsideScope follows openshift/runtime-utils registries.go', () => {
    // From the function's own comment: *.foo.example.com and bar.example.com/bar under *.example.com; *.foo not matching quay/bar.foo…
    expect(scopeIsNestedInsideScope('bar.example.com/bar', '*.example.com')).toBe(true);
    expect(scopeIsNestedInsideScope('*.foo.example.com', '*.example.com')).toBe(true);
    expect(scopeIsNestedInsideScope('quay/bar.foo', '*.foo')).toBe(false);
    expect(scopeIsNestedInsideScope('quay/bar.foo:400', '*.foo')).toBe(false);
    expect(scopeIsNestedInsideScope('quay.io/a/b', 'quay.io/a')).toBe(true);
    expect(scopeIsNestedInsideScope('quay.io/ab', 'quay.io/a')).toBe(false);
    expect(scopeIsNestedInsideScope('quay.io', 'quay.io')).toBe(true);
  });

  test('warns on clusters whose release cannot verify signatures', () => {
    const fleet = smallFleet({ curation: SMALL_CURATION });
    fleet.clusters[1] = { ...fleet.clusters[1], openshiftVersion: '4.19' };
    expect(findings('signatures/', { admission: SIGNED, fleet }).map((f) => `${f.severity} ${f.rule} ${f.cluster}`)).toStrictEqual([
      'warning signatures/unsupported-release test',
    ]);
  });

  test('fails when allowedRegistries leaves out the curated repositories: the Machine Config Operator refuses the configuration', () => {
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      clusters: { prod: { allowedRegistries: ['quay.io', 'image-registry.openshift-image-registry.svc:5000'] } },
    };
    const found = findings('signatures/', { admission: SIGNED, registries });
    expect(found.map((f) => `${f.rule} ${f.cluster} ${f.field}`)).toStrictEqual([
      'signatures/scope-not-allowed prod clusters.prod.allowedRegistries',
    ]);
  });

  test('fails when a mirror serves the curated repositories without their signatures, and passes once it is declared to carry them', () => {
    // GIVEN prod pulls the distribution registry through a mirror
    const mirror = 'mirror.example.com:5000/artifacts';
    const registries: RegistriesInput = {
      ...SMALL_REGISTRIES,
      clusters: { prod: { imageDigestMirrors: [{ source: 'artifacts.example.com', mirrors: [mirror], mirrorSourcePolicy: 'NeverContactSource' }] } },
    };
    // WHEN the catalog does not declare the mirror carries the signatures THEN prod gets an error naming the mirror and the repositories
    const found = findings('signatures/', { admission: SIGNED, registries });
    expect(found.map(formatFinding)).toStrictEqual([
      'error signatures/mirror-without-signatures [prod] catalogs/registries.ts: clusters.prod.imageDigestMirrors[0]\n' +
        '  mirror mirror.example.com:5000/artifacts of artifacts.example.com serves the curated repositories ' +
        'artifacts.example.com/platform-images/patroni on cluster prod, which require a signature, but is ' +
        'not declared to carry their signatures: pulls through it could never verify\n' +
        '  fix: mirror the signatures with the images (sha256-<digest>.sig tags) and list ' +
        '"mirror.example.com:5000/artifacts" in signatures.mirrorsWithSignatures of catalogs/admission.ts, ' +
        'or remove the mirror for these repositories',
    ]);
    // WHEN it is declared THEN nothing is found
    expect(
      findings('signatures/', { admission: { signatures: { ...SIGNED.signatures!, mirrorsWithSignatures: [mirror] } }, registries }),
    ).toStrictEqual([]);
  });
});

describe('signatures/image-policy-overridden', () => {
  const teamPolicy = (scopes: string[]): ProductionAdmissionInput => ({
    signatures: {
      ...SIGNED.signatures!,
      imagePolicies: [{ namespace: 'payments-prod', name: 'team-signed', scopes, rootOfTrust: { publicKey: { keyData: PUBLIC_KEY } } }],
    },
  });

  test(
    'fails when a namespace ImagePolicy scope equals or lies under the curated ClusterImagePolicy scope ' +
      '(machine-config-operator getValidScopePolicies drops it)',
    () => {
      const found = findings('signatures/', {
        admission: teamPolicy(['artifacts.example.com/platform-images/patroni/sub', 'artifacts.example.com/payments']),
      });
      expect(found.map((f) => `${f.cluster} ${f.field}`)).toStrictEqual([
        'lab signatures.imagePolicies[0].scopes[0]',
        'prod signatures.imagePolicies[0].scopes[0]',
        'test signatures.imagePolicies[0].scopes[0]',
      ]);
      expect(found[0].message).toBe(
        'ImagePolicy payments-prod/team-signed scope artifacts.example.com/platform-images/patroni/sub ' +
          'equals or lies under ClusterImagePolicy curated-images scope ' +
          'artifacts.example.com/platform-images/patroni: the Machine Config Operator ignores it and applies ' +
          'only the cluster-wide policy',
      );
    },
  );

  test('passes a scope beside the curated repositories, and a broader one (the cluster policy wins only inside its own scope)', () => {
    expect(findings('signatures/', { admission: teamPolicy(['artifacts.example.com/payments', 'artifacts.example.com']) })).toStrictEqual([]);
  });
});
