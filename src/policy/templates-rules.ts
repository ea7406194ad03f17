import { synthJenkinsTemplate } from '../constructs/jenkins-template';
import { didYouMean } from '../model/_closest';
import { type ClusterPlan, jenkinsAgentImage, type TemplatePlan } from '../plan';
import { expressionProblem, processTemplate, type TemplateManifest, TemplateProcessError, templateReferences } from '../oc-process';
import type { Finding, Rule, RuleId } from './finding';
import { getOrSet, keptJson } from '../shared';

/** A parameter whose name says it holds a credential. */
const SECRET_NAME = /password|secret|token/i;
/** Fixed, so that processing (and any finding about it) is the same on every run. */
const GENERATOR_SEED = 1;
const EXAMPLE_EXPRESSION = '[a-zA-Z0-9]{16}';

/** A finding about one template before it is tied to clusters. */
type TemplateFinding = Omit<Finding, 'cluster'>;

/**
 * The checks of one Template manifest, as it will be published: parameter references, unused
 * parameters, generator expressions, required parameters, credentials with defaults, and — when
 * those pass — processing with the defaults (like `oc process`). Findings are located at the
 * catalog `file`, with the template path as the field.
 *
 * Validating the processed objects against their upstream schemas is left to the tests
 * (`processedTemplateViolations`): compiling those schemas takes longer than all the rest of a synth.
 */
export function checkTemplate(template: TemplateManifest, file: string): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  const name = `template ${template.metadata.namespace ? `${template.metadata.namespace}/` : ''}${template.metadata.name}`;
  const add = (severity: Finding['severity'], rule: RuleId, field: string, message: string, fix: string) =>
    findings.push({ severity, rule, file, field, message: `${name}: ${message}`, fix });

  const parameters = template.parameters ?? [];
  const defined = new Set(parameters.map((p) => p.name));
  const references = templateReferences(template);
  const referenced = new Set(references.map((r) => r.name));
  const reported = new Set<string>();
  for (const reference of references) {
    const key = `${reference.path} ${reference.name} ${reference.syntax}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const written = reference.syntax === 'string' ? `\${${reference.name}}` : `\${{${reference.name}}}`;
    if (reference.syntax === 'misplaced') {
      add(
        'error',
        'templates/non-string-reference-not-alone',
        reference.path,
        `${written} is not alone in its field (${JSON.stringify(reference.text)}); ` +
          `OpenShift substitutes ${written} only when it is the whole value, ` +
          `so it would stay as written`,
        `write \${${reference.name}} to insert the value into text, or make ${written} the whole value`,
      );
    }
    if (!defined.has(reference.name)) {
      add(
        'error',
        'templates/unknown-parameter',
        reference.path,
        `${written} references no parameter of the template; processing would leave it as written`,
        `add a parameter named ${reference.name} or correct the reference`,
      );
    }
  }

  parameters.forEach((parameter, index) => {
    const at = `parameters[${index}]`;
    if (!referenced.has(parameter.name)) {
      add(
        'warning',
        'templates/unused-parameter',
        at,
        `parameter ${parameter.name} is not referenced in the objects, labels or message; setting it changes nothing`,
        `remove the parameter or reference it as \${${parameter.name}}`,
      );
    }
    if (parameter.generate !== undefined && parameter.generate !== 'expression') {
      add(
        'error',
        'templates/generator-expression',
        `${at}.generate`,
        `parameter ${parameter.name} uses the generator ${JSON.stringify(parameter.generate)}; ` +
          `OpenShift knows only "expression" and fails to process the template`,
        `write generate: "expression" with from: ${JSON.stringify(EXAMPLE_EXPRESSION)}`,
      );
    } else if (parameter.generate === 'expression' && !parameter.value) {
      const problem = expressionProblem(parameter.from ?? '');
      if (problem !== undefined) {
        add(
          'error',
          'templates/generator-expression',
          `${at}.from`,
          `parameter ${parameter.name} generates from ${JSON.stringify(parameter.from ?? '')}, ` +
            `outside the syntax OpenShift supports: ${problem}`,
          `use literal text and [class]{length} constructs only (classes ` +
            `of a-z, A-Z, 0-9 ranges or \\w \\d \\a \\A; length 1-255), e.g. ${JSON.stringify(EXAMPLE_EXPRESSION)}`,
        );
      }
    }
    if (parameter.required && !parameter.value && !parameter.generate) {
      add(
        'error',
        'templates/required-without-value',
        at,
        `parameter ${parameter.name} is required but has neither a value nor a generator, so processing with the defaults fails`,
        `give it a default value, or generate: "expression" with a from expression`,
      );
    }
    if (SECRET_NAME.test(parameter.name) && parameter.value) {
      add(
        'error',
        'templates/secret-default',
        `${at}.value`,
        `parameter ${parameter.name} holds a credential (its name says ` +
          `password, secret or token) but has a default value, which every ` +
          `instance would share and anyone who can read the template can see`,
        `remove the value and generate one: generate: "expression", from: "[a-zA-Z0-9]{32}"`,
      );
    }
  });

  if (findings.some((f) => f.severity === 'error')) return findings;

  try {
    processTemplate(template, { seed: GENERATOR_SEED });
  } catch (error) {
    if (!(error instanceof TemplateProcessError)) throw error;
    for (const message of error.errors) {
      add(
        'error',
        'templates/processing-failed',
        'parameters',
        `processing with the defaults fails: ${message}`,
        'correct the parameter the error names',
      );
    }
  }
  return findings;
}

/**
 * Every catalog template is checked as each cluster will receive it. The manifest is synthesized with
 * the same construct the cluster chart uses (a pure function of the plan). Identical manifests are
 * checked once; a finding every cluster shares is reported once, without a cluster.
 */
export const templateRules: Rule = ({ plans, memo }) => {
  const checked = new Map<string, TemplateFinding[]>();
  // Clusters share their template plans (`planTemplates`), which are read-only: the JSON text of each
  // distinct object is made once.
  const checkedPlans = new Map<TemplatePlan, TemplateFinding[]>();
  const findingKeys = new Map<TemplateFinding, string>();
  const clustersOf = new Map<string, { finding: TemplateFinding; clusters: string[] }>();
  for (const plan of plans) {
    for (const template of plan.templates) {
      // The manifest is a function of the template plan (which holds its file): one check per distinct plan.
      const findings = getOrSet(checkedPlans, template, () => {
        const key = JSON.stringify(template);
        // Synthesizing the manifest is most of the cost: a run whose templates are unchanged reads the findings kept.
        return getOrSet(checked, key, () =>
          keptJson(memo, `templates/check\0${key}`, () => checkTemplate(synthJenkinsTemplate(template), template.file)),
        );
      });
      for (const finding of findings) {
        const key = getOrSet(findingKeys, finding, () => JSON.stringify(finding));
        const entry = clustersOf.get(key) ?? { finding, clusters: [] };
        entry.clusters.push(plan.cluster.name);
        clustersOf.set(key, entry);
      }
    }
  }
  return [...clustersOf.values()].flatMap(({ finding, clusters }) =>
    clusters.length === plans.length ? [finding] : clusters.map((cluster) => ({ ...finding, cluster })),
  );
};

/**
 * The curated ImageStream tag each template runs must exist on the cluster. `imageStreamTags` gives,
 * per cluster, the `namespace/name:tag` the catalog curates there.
 */
export function templateImageStreamRule(imageStreamTags: (plan: ClusterPlan) => ReadonlySet<string>): Rule {
  return ({ plans }) =>
    plans.flatMap((plan) => {
      const available = imageStreamTags(plan);
      return plan.templates
        .filter((t) => !available.has(templateImage(t)))
        .map((t): Finding => ({
          severity: 'error',
          rule: 'templates/image-stream-tag-missing',
          cluster: plan.cluster.name,
          file: t.file,
          field: 'imageStreamTag',
          message:
            `template ${t.namespace}/${t.name} runs the ImageStream tag ${templateImage(t)}, ` +
            `which the catalog does not curate on ${plan.cluster.name}; its ` +
            `Deployment would wait for an image that never comes`,
          fix: didYouMean(
            t.imageStreamTag,
            sameNamespace(available, t.imageStreamNamespace),
            `curate ${templateImage(t)} in the catalog, or set imageStreamTag to a tag it curates`,
          ),
        }));
    });
}

/**
 * The `jnlp` container of Jenkins's built-in `java-builder` and `nodejs-builder` pod templates runs
 * `AGENT_BASE_IMAGE`, by default `openshift/jenkins-agent-base:latest` (openshift/jenkins
 * `2/contrib/jenkins/kube-slave-common.sh`, `generate_kubernetes_config`). That ImageStream tag must
 * exist on every cluster that receives the template: curated in the template's namespace, or, for the
 * default, the sample the Samples Operator installs in `openshift` (kept, and the operator `Managed`).
 */
export function templateAgentImageRule(imageStreamTags: (plan: ClusterPlan) => ReadonlySet<string>): Rule {
  return ({ plans }) =>
    plans.flatMap((plan) =>
      plan.templates.flatMap((t): Finding[] => {
        const agent = jenkinsAgentImage(t);
        const image = `${agent.namespace}/${agent.imageStreamTag}`;
        const base = {
          severity: 'error' as const,
          rule: 'templates/agent-image-missing' as const,
          cluster: plan.cluster.name,
          file: t.file,
          field: 'agentImageStreamTag',
        };
        if (t.agentImageStreamTag !== undefined) {
          if (imageStreamTags(plan).has(image)) return [];
          return [
            {
              ...base,
              message:
                `template ${t.namespace}/${t.name} sets AGENT_BASE_IMAGE to ` +
                `the ImageStream tag ${image}, which the catalog does not curate ` +
                `on ${plan.cluster.name}; Jenkins agent pods would fail to pull their image`,
              fix: `curate ${image} in catalogs/images/, or set agentImageStreamTag to a tag the catalog curates in ${agent.namespace}`,
            },
          ];
        }
        const [stream] = agent.imageStreamTag.split(':');
        const samples = plan.samples;
        if (samples?.managementState === 'Managed' && samples.keptImagestreams.includes(stream)) return [];
        const why =
          samples === undefined
            ? 'it runs no Samples Operator (the openshift-samples capability is disabled in catalogs/fleet.ts)'
            : samples.managementState === 'Managed'
              ? `the samples keep-list skips ${stream}`
              : `the Samples Operator is ${samples.managementState} there (${samples.managementStateField})`;
        return [
          {
            ...base,
            message:
              `template ${t.namespace}/${t.name} sets no agentImageStreamTag, ` +
              `so its Jenkins runs agent pods from ${image} (the Jenkins image's ` +
              `default when AGENT_BASE_IMAGE is unset), which ${plan.cluster.name} ` +
              `does not have: ${why}`,
            fix:
              `set agentImageStreamTag to a curated tag of the agent image ` +
              `(e.g. "${stream}:stable" with catalogs/images/${stream}.ts), ` +
              `or keep "${stream}" in keepImagestreams in catalogs/samples.ts ` +
              `with the operator Managed`,
          },
        ];
      }),
    );
}

/** `name:tag` of the tags in `namespace`, as the template's `imageStreamTag` names them. */
function sameNamespace(tags: ReadonlySet<string>, namespace: string): string[] {
  return [...tags].filter((t) => t.startsWith(`${namespace}/`)).map((t) => t.slice(namespace.length + 1));
}

function templateImage(t: TemplatePlan): string {
  return `${t.imageStreamNamespace}/${t.imageStreamTag}`;
}
