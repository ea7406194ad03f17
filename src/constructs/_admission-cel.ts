/**
 * The CEL of the production admission policy. Every function it calls is in the Kubernetes CEL
 * environment of Kubernetes 1.29 and later (cel-go standard definitions and macros, and
 * `ext.Strings` for `split`, `lowerAscii`, `indexOf`, `lastIndexOf`, `substring`), which
 * `test/constructs/production-admission-policy.test.ts` checks on the parsed expressions.
 */

/** One named CEL variable of the policy (`variables.<name>`). */
export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

/** The pod spec of a Pod or of a workload's pod template, for `object` or `oldObject`. */
function podSpecOf(object: string): string {
  return (
    `${object}.kind == 'Pod' ? ${object}.spec : (${object}.kind ` +
    `== 'CronJob' ? ${object}.spec.jobTemplate.spec.template.spec ` +
    `: ${object}.spec.template.spec)`
  );
}

/** Images of every container, init container and ephemeral container of a pod spec expression. */
function imagesOf(spec: string): string {
  return ['containers', 'initContainers', 'ephemeralContainers']
    .map((list) => `(has(${spec}.${list}) ? ${spec}.${list}.filter(c, has(c.image)).map(c, c.image) : [])`)
    .join(' + ');
}

/** As `normalizeImageReference` (src/plan/admission.ts) for the image `i`. */
const NORMALIZED = [
  "(i.contains('/') && (i.split('/')[0].contains('.') || i.split('/')[0].contains(':') || " +
    "i.split('/')[0] == 'localhost' || i.split('/')[0].lowerAscii() != i.split('/')[0]))",
  "? i.split('/')[0].lowerAscii() + i.substring(i.indexOf('/'))",
  ": 'docker.io/' + (i.contains('/') ? i : 'library/' + i)",
].join(' ');

/** As `repositoryOf` for the normalized reference `r[1]`. */
const REPOSITORY =
  "r[1].split('@')[0].lastIndexOf(':') > r[1].split('@')[0].lastIndexOf('/') ? " +
  "r[1].split('@')[0].substring(0, r[1].split('@')[0].lastIndexOf(':')) : r[1].split('@')[0]";

/** A CEL list literal of strings, written as JSON (a JSON string is a CEL string). */
export function celStringList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** Reads `celStringList`'s output back, for the diff. */
export function parseCelStringList(expression: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(expression);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The name of the variable holding the allowed sources; the diff reads it. */
export const ALLOWED_SOURCES_VARIABLE = 'allowedSources';

export interface ProductionAdmissionCel {
  readonly matchCondition: string;
  readonly variables: readonly CelVariable[];
  readonly validation: string;
  readonly messageExpression: string;
}

/**
 * `matchConditions` see `request.namespace` (the namespace of the object), not `namespaceObject`,
 * which only validations see; both name the same namespace here.
 * On UPDATE an image the object already ran is not judged again, so enabling `Deny` does not block
 * scaling or relabelling a workload admitted before; a changed or added image is judged.
 */
export function productionAdmissionCel(props: {
  readonly namespaceSuffix: string;
  readonly allowedSources: readonly string[];
  readonly whereFrom: string;
}): ProductionAdmissionCel {
  return {
    matchCondition: `request.namespace.endsWith(${JSON.stringify(props.namespaceSuffix)})`,
    variables: [
      { name: ALLOWED_SOURCES_VARIABLE, expression: celStringList(props.allowedSources) },
      { name: 'podSpec', expression: podSpecOf('object') },
      { name: 'images', expression: imagesOf('variables.podSpec') },
      { name: 'previousPodSpec', expression: `request.operation == 'UPDATE' && oldObject != null ? (${podSpecOf('oldObject')}) : null` },
      { name: 'previousImages', expression: `variables.previousPodSpec == null ? [] : ${imagesOf('variables.previousPodSpec')}` },
      { name: 'references', expression: `variables.images.filter(i, !(i in variables.previousImages)).map(i, [string(i), (${NORMALIZED})])` },
      { name: 'repositories', expression: `variables.references.map(r, [string(r[0]), (${REPOSITORY})])` },
      {
        name: 'denied',
        expression:
          `variables.repositories.filter(r, !variables.${ALLOWED_SOURCES_VARIABLE}.exists(p, ` +
          `r[1] == p || r[1].startsWith(p + '/'))).map(r, r[0])`,
      },
    ],
    validation: 'size(variables.denied) == 0',
    messageExpression:
      `'image ' + variables.denied[0] + (size(variables.denied) > ` +
      `1 ? ' (and ' + string(size(variables.denied) - 1) + ' more)' : '')` +
      ` + ' may not run in production namespace ' + request.namespace + ${JSON.stringify(`: ${props.whereFrom}`)}`,
  };
}
