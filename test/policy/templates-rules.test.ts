import { loadCatalog, parseCatalog } from '../../src/model';
import { planFleet } from '../../src/plan';
import { checkFleet, checkTemplate, templateAgentImageRule, templateImageStreamRule } from '../../src/policy';
import type { TemplateManifest, TemplateParameter } from '../../src/oc-process';
import * as fs from 'node:fs';
import { runCli, smallJenkinsTemplate, workspace, templateSources, templateCatalogFiles } from '../support/fixtures';
import type { ClusterPlan } from '../../src/plan';
import { joinRegExp } from '../support/regexp';

const FILE = 'catalogs/templates/app.ts';

/** A template with one ConfigMap holding `data`, and the given parameters. */
function template(data: Record<string, unknown>, parameters: TemplateParameter[], extra: Partial<TemplateManifest> = {}): TemplateManifest {
  return {
    apiVersion: 'template.openshift.io/v1',
    kind: 'Template',
    metadata: { name: 'app', namespace: 'shared' },
    objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data }],
    parameters,
    ...extra,
  };
}

describe('template checks', () => {
  test('a template whose references all resolve and whose parameters are all used has no findings', () => {
    const t = template(
      { url: 'https://${HOST}/', replicas: '${{N}}' },
      [
        { name: 'HOST', value: 'example.com' },
        { name: 'N', value: '2' },
        { name: 'API_TOKEN', generate: 'expression', from: '[a-zA-Z0-9]{32}' },
      ],
      { message: 'token: ${API_TOKEN}' },
    );
    expect(checkTemplate(t, FILE)).toStrictEqual([]);
  });

  test('fails on a reference to a parameter the template does not define', () => {
    const t = template({ url: 'https://${HOSTNAME}/' }, [{ name: 'HOST', value: 'example.com' }], { labels: { app: '${{APP}}' } });
    expect(checkTemplate(t, FILE).filter((f) => f.rule === 'templates/unknown-parameter')).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/unknown-parameter',
        file: FILE,
        field: 'objects[0].data.url',
        message: 'template shared/app: ${HOSTNAME} references no parameter of the template; processing would leave it as written',
        fix: 'add a parameter named HOSTNAME or correct the reference',
      },
      {
        severity: 'error',
        rule: 'templates/unknown-parameter',
        file: FILE,
        field: 'labels.app',
        message: 'template shared/app: ${{APP}} references no parameter of the template; processing would leave it as written',
        fix: 'add a parameter named APP or correct the reference',
      },
    ]);
  });

  test('warns about a parameter nothing references', () => {
    const t = template({ a: '${USED}' }, [
      { name: 'USED', value: 'x' },
      { name: 'LEFTOVER', value: 'y' },
    ]);
    expect(checkTemplate(t, FILE)).toStrictEqual([
      {
        severity: 'warning',
        rule: 'templates/unused-parameter',
        file: FILE,
        field: 'parameters[1]',
        message: 'template shared/app: parameter LEFTOVER is not referenced in the objects, labels or message; setting it changes nothing',
        fix: 'remove the parameter or reference it as ${LEFTOVER}',
      },
    ]);
  });

  test('fails on ${{NAME}} that is not alone in its field', () => {
    const t = template({ replicas: 'x${{N}}' }, [{ name: 'N', value: '2' }]);
    expect(checkTemplate(t, FILE)).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/non-string-reference-not-alone',
        file: FILE,
        field: 'objects[0].data.replicas',
        message:
          'template shared/app: ${{N}} is not alone in its field ("x${{N}}"); OpenShift substitutes ${{N}} ' +
          'only when it is the whole value, so it would stay as written',
        fix: 'write ${N} to insert the value into text, or make ${{N}} the whole value',
      },
    ]);
  });

  test('fails on a generator expression outside the syntax OpenShift supports', () => {
    const t = template({ a: '${PASSWORD}' }, [{ name: 'PASSWORD', generate: 'expression', from: '[a-z]+' }]);
    expect(checkTemplate(t, FILE)).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/generator-expression',
        file: FILE,
        field: 'parameters[0].from',
        message:
          'template shared/app: parameter PASSWORD generates from "[a-z]+", outside the syntax OpenShift ' +
          'supports: OpenShift generates only [class]{length} constructs and copies the rest literally, so ' +
          '"[a-z]+" would end up in the value as written',
        fix:
          'use literal text and [class]{length} constructs only (classes of a-z, A-Z, 0-9 ranges or \\w \\d ' +
          '\\a \\A; length 1-255), e.g. "[a-zA-Z0-9]{16}"',
      },
    ]);
  });

  test('fails on a generator OpenShift does not know', () => {
    const t = template({ a: '${ID}' }, [{ name: 'ID', generate: 'uuid' }]);
    expect(checkTemplate(t, FILE)).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/generator-expression',
        file: FILE,
        field: 'parameters[0].generate',
        message:
          'template shared/app: parameter ID uses the generator "uuid"; OpenShift knows only "expression" and ' + 'fails to process the template',
        fix: 'write generate: "expression" with from: "[a-zA-Z0-9]{16}"',
      },
    ]);
  });

  test('fails on a required parameter with neither a value nor a generator', () => {
    const t = template({ a: '${SOURCE_URL}' }, [{ name: 'SOURCE_URL', required: true }]);
    expect(checkTemplate(t, FILE)).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/required-without-value',
        file: FILE,
        field: 'parameters[0]',
        message:
          'template shared/app: parameter SOURCE_URL is required but has neither a value nor a generator, so ' + 'processing with the defaults fails',
        fix: 'give it a default value, or generate: "expression" with a from expression',
      },
    ]);
  });

  test.each(['ADMIN_PASSWORD', 'WEBHOOK_SECRET', 'api_token'])('fails on a default value for %s, a credential', (name) => {
    const t = template({ a: `\${${name}}` }, [{ name, value: 'changeme' }]);
    expect(checkTemplate(t, FILE)).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/secret-default',
        file: FILE,
        field: 'parameters[0].value',
        message:
          `template shared/app: parameter ${name} holds a credential (its ` +
          `name says password, secret or token) but has a default value, ` +
          `which every instance would share and anyone who can read the ` +
          `template can see`,
        fix: 'remove the value and generate one: generate: "expression", from: "[a-zA-Z0-9]{32}"',
      },
    ]);
  });

  test('fails when processing with the defaults fails', () => {
    const t: TemplateManifest = { ...template({}, []), objects: ['not an object' as unknown as Record<string, unknown>] };
    expect(checkTemplate(t, FILE)).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/processing-failed',
        file: FILE,
        field: 'parameters',
        message: 'template shared/app: processing with the defaults fails: item[0].objects: unable to handle object',
        fix: 'correct the parameter the error names',
      },
    ]);
  });
});

describe('template rules over the catalog', () => {
  test('the Jenkins template of a catalog passes every check', () => {
    const catalog = parseCatalog('catalogs', templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ volumeCapacity: '2Gi' }) }));
    expect(checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() })).toStrictEqual([]);
  });

  test('findings kept in the memo stand for the check: a run with unchanged templates reads them', () => {
    // GIVEN a fleet whose template has a finding, and an empty memo
    const catalog = parseCatalog(
      'catalogs',
      templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ message: 'Log in as ${ADMIN_USER}.' }) }),
    );
    const kept = new Map<string, string>();
    const memo = { get: (key: string) => kept.get(key), set: (key: string, value: string) => void kept.set(key, value) };
    // WHEN checked with the memo
    const first = checkFleet({ catalog, plans: planFleet(catalog), previous: new Map(), memo });
    // THEN it says what a run without the memo says, and keeps the findings of each distinct template
    expect(first).toStrictEqual(checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() }));
    expect(first.map((f) => f.rule)).toContain('templates/unknown-parameter');
    expect(kept.size).toBeGreaterThan(0);
    // AND WHEN what it kept is replaced by other findings and the fleet checked again
    const other = {
      severity: 'warning',
      rule: 'templates/unused-parameter',
      file: 'catalogs/templates/jenkins.ts',
      field: 'f',
      message: 'kept',
      fix: 'x',
    };
    for (const key of kept.keys()) kept.set(key, JSON.stringify([other]));
    // THEN the kept findings are what it reports: the check did not run again
    expect(checkFleet({ catalog, plans: planFleet(catalog), previous: new Map(), memo })).toStrictEqual([other]);
  });

  test('fails once for the whole fleet on a message that references an unknown parameter', () => {
    // GIVEN a template whose message names a parameter the Jenkins template does not have
    const catalog = parseCatalog(
      'catalogs',
      templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ message: 'Log in as ${ADMIN_USER}.' }) }),
    );
    // WHEN the fleet is checked
    const findings = checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() });
    // THEN one finding, for every cluster at once, names the file and the field
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'templates/unknown-parameter',
        file: 'catalogs/templates/jenkins.ts',
        field: 'message',
        message: 'template bcgov/jenkins: ${ADMIN_USER} references no parameter of the template; processing would leave it as written',
        fix: 'add a parameter named ADMIN_USER or correct the reference',
      },
    ]);
  });

  test('a template error stops the synth: exit 1, nothing written, the finding on stderr', async () => {
    const ws = workspace({
      ...templateCatalogFiles('catalogs'),
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ message: 'Log in as ${ADMIN_USER}.' }),
    });
    const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      joinRegExp(
        /^error templates\/unknown-parameter \S+\/catalogs\/templates\/jenkins\.ts: message\n/,
        /  template bcgov\/jenkins: \$\{ADMIN_USER\} references no parameter/,
      ),
    );
    expect(fs.existsSync(ws.distDir)).toBe(false);
  });

  test('reports a finding per cluster when only some clusters have it', () => {
    // GIVEN a plan in which one cluster's template differs from the others' (as a per-cluster setting would make it)
    const catalog = parseCatalog(
      'catalogs',
      templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ message: 'Open ${JENKINS_SERVICE_NAME}.' }) }),
    );
    const plans = planFleet(catalog);
    const odd = { ...plans[0], templates: plans[0].templates.map((t) => ({ ...t, message: 'Open ${JENKINS_URL}.' })) };
    // WHEN the fleet is checked
    const findings = checkFleet({ catalog, plans: [odd, ...plans.slice(1)], previous: new Map() });
    // THEN the finding names that cluster
    expect(findings.map((f) => [f.cluster, f.rule, f.field])).toStrictEqual([[plans[0].cluster.name, 'templates/unknown-parameter', 'message']]);
  });
});

describe('templateImageStreamRule', () => {
  const catalog = parseCatalog(
    'catalogs',
    templateSources({
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate(),
      'catalogs/templates/jenkins-next.ts': smallJenkinsTemplate({ name: 'jenkins-next', imageStreamTag: 'jenkins:2.500' }),
    }),
  );
  const plans = planFleet(catalog);

  test('passes when every template runs a curated ImageStream tag of its cluster', () => {
    const rule = templateImageStreamRule(() => new Set(['bcgov/jenkins:2.452.0', 'bcgov/jenkins:2.500']));
    expect(rule({ catalog, plans, previous: new Map() })).toStrictEqual([]);
  });

  test('fails for a template whose ImageStream tag a cluster does not curate', () => {
    // GIVEN the lab cluster curates both tags, the others only the older one
    const rule = templateImageStreamRule(
      (plan) => new Set(plan.cluster.name === 'lab' ? ['bcgov/jenkins:2.452.0', 'bcgov/jenkins:2.500'] : ['bcgov/jenkins:2.452.0']),
    );
    // WHEN the rule runs THEN the newer template fails on the two consumer clusters
    const findings = rule({ catalog, plans, previous: new Map() });
    expect(findings.map((f) => f.cluster)).toStrictEqual(['prod', 'test']);
    expect(findings[0]).toStrictEqual({
      severity: 'error',
      rule: 'templates/image-stream-tag-missing',
      cluster: 'prod',
      file: 'catalogs/templates/jenkins-next.ts',
      field: 'imageStreamTag',
      message:
        'template bcgov/jenkins-next runs the ImageStream tag bcgov/jenkins:2.500, which the catalog does ' +
        'not curate on prod; its Deployment would wait for an image that never comes',
      fix: 'did you mean "jenkins:2.452.0"? Otherwise curate bcgov/jenkins:2.500 in the catalog, or set ' + 'imageStreamTag to a tag it curates',
    });
  });
});

/*
 * Oracle: openshift/jenkins 2/contrib/jenkins/kube-slave-common.sh (read at 985ca283),
 * `AGENT_BASE=${AGENT_BASE_IMAGE:-image-registry.openshift-image-registry.svc:5000/openshift/jenkins-agent-base:latest}`,
 * and `generate_kubernetes_config`, which writes ${AGENT_BASE} as the `jnlp` container image of the built-in
 * `java-builder` and `nodejs-builder` pod templates.
 */
describe('templateAgentImageRule', () => {
  /** Every curated tag of the plan, as the policy's own curatedTags gives them. */
  const curated = (plan: ClusterPlan): ReadonlySet<string> =>
    new Set(
      plan.imageStreams.flatMap((s) =>
        [...s.tags.map((t) => t.name), ...s.trackingTags.map((t) => t.name)].map((tag) => `${s.namespace}/${s.name}:${tag}`),
      ),
    );
  const run = (sources: Map<string, unknown>) => {
    const catalog = parseCatalog('catalogs', sources);
    return templateAgentImageRule(curated)({ catalog, plans: planFleet(catalog), previous: new Map() });
  };

  test("passes when the template's agent image is a curated tag of every cluster", () => {
    expect(run(templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate() }))).toStrictEqual([]);
  });

  test('fails when agentImageStreamTag names a tag the catalog does not curate', () => {
    const findings = run(
      templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ agentImageStreamTag: 'jenkins-agent-base:9.9.9' }) }),
    );
    expect(findings.map((f) => f.cluster)).toStrictEqual(['lab', 'prod', 'test']);
    expect(findings[1]).toStrictEqual({
      severity: 'error',
      rule: 'templates/agent-image-missing',
      cluster: 'prod',
      file: 'catalogs/templates/jenkins.ts',
      field: 'agentImageStreamTag',
      message:
        'template bcgov/jenkins sets AGENT_BASE_IMAGE to the ImageStream tag bcgov/jenkins-agent-base:9.9.9, ' +
        'which the catalog does not curate on prod; Jenkins agent pods would fail to pull their image',
      fix: 'curate bcgov/jenkins-agent-base:9.9.9 in catalogs/images/, or set agentImageStreamTag to a tag the catalog curates in bcgov',
    });
  });

  test("fails when the Jenkins image's default agent is a sample the keep-list skips", () => {
    // GIVEN no agentImageStreamTag, and samples that keep nodejs and python only
    const findings = run(templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ agentImageStreamTag: undefined }) }));
    // THEN every cluster lacks openshift/jenkins-agent-base:latest
    expect(findings.map((f) => f.cluster)).toStrictEqual(['lab', 'prod', 'test']);
    expect(findings[1]).toStrictEqual({
      severity: 'error',
      rule: 'templates/agent-image-missing',
      cluster: 'prod',
      file: 'catalogs/templates/jenkins.ts',
      field: 'agentImageStreamTag',
      message:
        'template bcgov/jenkins sets no agentImageStreamTag, so its Jenkins runs agent pods from ' +
        "openshift/jenkins-agent-base:latest (the Jenkins image's default when AGENT_BASE_IMAGE is unset), " +
        'which prod does not have: the samples keep-list skips jenkins-agent-base',
      fix:
        'set agentImageStreamTag to a curated tag of the agent image (e.g. "jenkins-agent-base:stable" with ' +
        'catalogs/images/jenkins-agent-base.ts), or keep "jenkins-agent-base" in keepImagestreams in ' +
        'catalogs/samples.ts with the operator Managed',
    });
  });

  test('fails on a cluster whose Samples Operator does not install the kept default agent', () => {
    // GIVEN the keep-list keeps jenkins-agent-base, but the samples are Removed on prod
    const findings = run(
      templateSources({
        'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ agentImageStreamTag: undefined }),
        'catalogs/samples.ts': { keepImagestreams: ['jenkins-agent-base'], keepTemplates: [], clusters: { prod: { managementState: 'Removed' } } },
      }),
    );
    // THEN only prod fails, naming the setting
    expect(findings.map((f) => [f.cluster, f.message])).toStrictEqual([
      [
        'prod',
        'template bcgov/jenkins sets no agentImageStreamTag, so its Jenkins runs agent pods from ' +
          "openshift/jenkins-agent-base:latest (the Jenkins image's default when AGENT_BASE_IMAGE is unset), " +
          'which prod does not have: the Samples Operator is Removed there (clusters.prod.managementState)',
      ],
    ]);
  });

  test('the bundled catalog gives every cluster that receives a template the agent image it runs', () => {
    const catalog = loadCatalog('catalogs');
    const plans = planFleet(catalog);
    expect(
      plans
        .filter((p) => p.templates.length > 0)
        .map((p) => p.cluster.name)
        .sort(),
    ).toStrictEqual(catalog.fleet.clusters.map((c) => c.name).sort());
    expect(plans.flatMap((p) => p.templates.map((t) => t.agentImageStreamTag))).not.toContain(undefined);
    expect(templateAgentImageRule(curated)({ catalog, plans, previous: new Map() })).toStrictEqual([]);
  });
});
