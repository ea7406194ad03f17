import { evaluate } from '@marcbachmann/cel-js';

/** The parts of an AdmissionRequest the production policy reads. */
export interface AdmissionRequest {
  readonly operation: 'CREATE' | 'UPDATE';
  readonly namespace: string;
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string };
  readonly subResource?: string;
  readonly object: Record<string, unknown>;
  readonly oldObject?: Record<string, unknown>;
}

export interface AdmissionOutcome {
  /** The policy's constraints and match conditions select the request. */
  readonly matched: boolean;
  readonly allowed: boolean;
  readonly message?: string;
}

interface Policy {
  readonly spec: {
    readonly matchConstraints: {
      readonly resourceRules: ReadonlyArray<{ apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] }>;
    };
    readonly matchConditions: ReadonlyArray<{ name: string; expression: string }>;
    readonly variables: ReadonlyArray<{ name: string; expression: string }>;
    readonly validations: ReadonlyArray<{ expression: string; messageExpression: string }>;
  };
}

/**
 * Evaluates a ValidatingAdmissionPolicy on a request as the API server does (Kubernetes
 * `staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating`): resource rules, then
 * match conditions (which see `object`, `oldObject` and `request`), then each validation with
 * `variables`; a failed validation's message is its `messageExpression`.
 */
export function admit(policy: Policy, request: AdmissionRequest): AdmissionOutcome {
  const resource = request.subResource ? `${request.resource.resource}/${request.subResource}` : request.resource.resource;
  const ruleMatches = policy.spec.matchConstraints.resourceRules.some(
    (r) =>
      r.apiGroups.includes(request.resource.group) &&
      r.apiVersions.includes(request.resource.version) &&
      r.operations.includes(request.operation) &&
      r.resources.includes(resource),
  );
  const celRequest = {
    operation: request.operation,
    namespace: request.namespace,
    subResource: request.subResource ?? '',
    resource: request.resource,
  };
  const base = { object: request.object, oldObject: request.oldObject ?? null, request: celRequest };
  if (!ruleMatches || !policy.spec.matchConditions.every((c) => evaluate(c.expression, base) === true)) return { matched: false, allowed: true };
  const variables: Record<string, unknown> = {};
  for (const v of policy.spec.variables) variables[v.name] = evaluate(v.expression, { ...base, variables });
  const context = { ...base, variables, namespaceObject: { metadata: { name: request.namespace } } };
  for (const validation of policy.spec.validations) {
    if (evaluate(validation.expression, context) !== true)
      return { matched: true, allowed: false, message: String(evaluate(validation.messageExpression, context)) };
  }
  return { matched: true, allowed: true };
}
