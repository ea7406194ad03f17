// What Argo CD does with the committed output, written from its source (argoproj/argo-cd at tag
// v3.5.1, commit 109ca7ca71139e514114499d294a492e7910a965, the release the vendored CRDs come from;
// the same code at master 37ee0097cf85). Each function names the Go function it reproduces.
import jqWeb from 'jq-web';
import * as mergePatch from 'json-merge-patch';
import { isDeepStrictEqual } from 'node:util';

export type KubeObject = {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Record<string, string>;
    readonly finalizers?: readonly string[];
  };
  readonly [key: string]: unknown;
};

export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
/** pkg/apis/application/v1alpha1/application_defaults.go */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const PROPAGATION_POLICY_FINALIZERS = [RESOURCES_FINALIZER, `${RESOURCES_FINALIZER}/foreground`, `${RESOURCES_FINALIZER}/background`];

/** gitops-engine/pkg/sync/resource/annotations.go GetAnnotationCSVs: split on `,`, trim, drop empty and repeated values. */
export function annotationCSVs(object: KubeObject, key: string): string[] {
  const values: string[] = [];
  for (const item of (object.metadata.annotations?.[key] ?? '').split(',')) {
    const value = item.trim();
    if (value !== '' && !values.includes(value)) values.push(value);
  }
  return values;
}

/** gitops-engine/pkg/sync/resource/annotations.go GetAnnotationOptionValue: the first `<key>=<value>`. */
export function annotationOptionValue(object: KubeObject, annotation: string, optionKey: string): string | undefined {
  const prefix = `${optionKey}=`;
  return annotationCSVs(object, annotation)
    .find((item) => item.startsWith(prefix))
    ?.slice(prefix.length);
}

/** pkg/apis/application/v1alpha1/types.go SyncOptions.GetOptionValue. */
export function syncOptionValue(options: readonly string[] | undefined, optionKey: string): string | undefined {
  const prefix = `${optionKey}=`;
  return options?.find((item) => item.startsWith(prefix))?.slice(prefix.length);
}

/** The parts of an Application these rules read. */
export interface Application {
  readonly metadata: { readonly name: string; readonly finalizers: readonly string[] };
  readonly spec: { readonly syncPolicy?: { readonly syncOptions?: readonly string[] } };
}

/**
 * applicationset/utils/utils.go RenderTemplateParams: a generated Application gets the resources
 * finalizer when its template has no finalizers and the ApplicationSet's syncPolicy does not set
 * preserveResourcesOnDeletion.
 */
export function generatedApplication(applicationSet: KubeObject, name: string): Application {
  const spec = applicationSet.spec as {
    syncPolicy?: { preserveResourcesOnDeletion?: boolean };
    template: { metadata: { finalizers?: string[] }; spec: Application['spec'] };
  };
  const templateFinalizers = spec.template.metadata.finalizers ?? [];
  const finalizers = templateFinalizers.length === 0 && !spec.syncPolicy?.preserveResourcesOnDeletion ? [RESOURCES_FINALIZER] : templateFinalizers;
  return { metadata: { name, finalizers }, spec: spec.template.spec };
}

/**
 * pkg/apis/application/v1alpha1/types.go Application.CascadedDeletion: the application controller
 * deletes the Application's resources (controller/appcontroller.go finalizeApplicationDeletion) only
 * when a propagation-policy finalizer is present.
 */
export function cascadedDeletion(app: Application): boolean {
  return app.metadata.finalizers.some((f) => PROPAGATION_POLICY_FINALIZERS.includes(f));
}

/**
 * controller/appcontroller.go shouldBeDeleted: on cascade deletion an object is deleted unless it is
 * a CRD, the Application itself, marked `Delete=false` (annotation first, then the Application's
 * syncOptions) or helm's `helm.sh/resource-policy: keep`. `Prune` is not read.
 */
export function shouldBeDeleted(app: Application, object: KubeObject): boolean {
  const deleteOption =
    annotationOptionValue(object, SYNC_OPTIONS_ANNOTATION, 'Delete') ?? syncOptionValue(app.spec.syncPolicy?.syncOptions, 'Delete');
  const isCRD = object.kind === 'CustomResourceDefinition' && object.apiVersion.startsWith('apiextensions.k8s.io/');
  const isSelf = object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/') && object.metadata.name === app.metadata.name;
  return !isCRD && !isSelf && deleteOption !== 'false' && !annotationCSVs(object, 'helm.sh/resource-policy').includes('keep');
}

/** What deleting an Application removes from its cluster: nothing without cascade, else what shouldBeDeleted allows. */
export function deletedWithApplication(app: Application, liveObjects: readonly KubeObject[]): KubeObject[] {
  return cascadedDeletion(app) ? liveObjects.filter((o) => shouldBeDeleted(app, o)) : [];
}

/**
 * gitops-engine/pkg/sync/sync_context.go isPruningDisabled: `Prune=false` on the object, else the
 * Application's `Prune` sync option (controller/sync.go WithDefaultPruneOption).
 */
export function isPruningDisabled(app: Application, object: KubeObject): boolean {
  return (annotationOptionValue(object, SYNC_OPTIONS_ANNOTATION, 'Prune') ?? syncOptionValue(app.spec.syncPolicy?.syncOptions, 'Prune')) === 'false';
}

/** `resource.customizations`-free ignoreDifferences of one Application, as the CRD spells them. */
export interface IgnoreDifferences {
  readonly group?: string;
  readonly kind: string;
  readonly jqPathExpressions?: readonly string[];
  readonly jsonPointers?: readonly string[];
}

let jq: { json(input: unknown, filter: string): unknown } | undefined;
/** jq-web (jq compiled to WebAssembly) stands in for gojq: both run `del(<expression>)`. */
export async function loadJq(): Promise<void> {
  jq = await jqWeb;
}

/**
 * util/argo/normalizers/diff_normalizer.go: each jqPathExpression of a matching rule is run as
 * `del(<expression>)` on the object (live and target alike). Only jqPathExpressions are modelled.
 */
export function normalize(object: KubeObject, rules: readonly IgnoreDifferences[]): KubeObject {
  if (!jq) throw new Error('call loadJq() first');
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  let result: unknown = object;
  for (const rule of rules) {
    if (rule.kind !== object.kind || (rule.group ?? '') !== group) continue;
    if (rule.jsonPointers?.length) throw new Error('jsonPointers are not modelled');
    for (const expression of rule.jqPathExpressions ?? []) result = jq.json(result, `del(${expression})`);
  }
  return result as KubeObject;
}

/**
 * controller/sync.go: with `RespectIgnoreDifferences=true` the object applied is
 * normalizeTargetResources(target, live); otherwise the target as it is in git. For a kind the
 * client-go scheme does not know (ImageStream, Template, every CRD) the live values are copied with a
 * JSON merge patch (RFC 7386, arrays replaced whole: getMergePatch / applyMergePatch), then
 * restoreNonIgnoredFields puts back the target's fields the normalizer left alone.
 */
export function objectToApply(
  target: KubeObject,
  live: KubeObject | undefined,
  rules: readonly IgnoreDifferences[],
  syncOptions: readonly string[],
): KubeObject {
  if (!syncOptions.includes('RespectIgnoreDifferences=true') || live === undefined) return target;
  const normalizedTarget = normalize(target, rules);
  const normalizedLive = normalize(live, rules);
  const withoutStatus = (o: KubeObject): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'status'));
  const livePatch = mergePatch.generate(withoutStatus(normalizedLive), withoutStatus(live)) ?? {};
  const patched = mergePatch.apply(structuredClone(normalizedTarget), livePatch) as Record<string, unknown>;
  restoreNonIgnoredFields(
    patched,
    target as Record<string, unknown>,
    normalizedTarget as Record<string, unknown>,
    normalizedLive as Record<string, unknown>,
  );
  return patched as KubeObject;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const deepEqual = isDeepStrictEqual; // reflect.DeepEqual on decoded JSON

/** controller/sync.go restoreNonIgnoredFields, pass for pass. */
function restoreNonIgnoredFields(
  patched: Record<string, unknown>,
  original: Record<string, unknown>,
  normalizedTarget: Record<string, unknown>,
  normalizedLive: Record<string, unknown> | undefined,
): void {
  for (const [key, originalValue] of Object.entries(original)) {
    const inPatched = key in patched;
    const inNormalized = key in normalizedTarget;
    const patchedValue = patched[key];
    const normalizedValue = normalizedTarget[key];
    if (inPatched && isMap(patchedValue) && isMap(originalValue) && isMap(normalizedValue)) {
      const live = normalizedLive?.[key];
      restoreNonIgnoredFields(patchedValue, originalValue, normalizedValue, isMap(live) ? live : undefined);
      continue;
    }
    if (inNormalized && deepEqual(normalizedValue, originalValue) && (!inPatched || !deepEqual(patchedValue, originalValue)))
      patched[key] = originalValue;
  }
  for (const key of Object.keys(patched)) {
    if (key in original) continue;
    if (normalizedLive && key in normalizedLive) delete patched[key];
  }
}
