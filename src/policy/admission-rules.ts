import { IMAGE_POLICY_MIN_RELEASE } from '../model';
import { type ClusterPlan, isAllowedInProduction, type PlannedMirror } from '../plan';
import type { Finding, Rule } from './finding';

/** An image a production namespace of the cluster would run because of the catalog, and where it comes from. */
interface ProductionImage {
  readonly image: string;
  readonly usedBy: string;
  readonly file: string;
  readonly field: string;
}

/**
 * What production namespaces use from the catalog: each curated tag as pods reference it (the
 * integrated registry, since every tag has `referencePolicy: Local`) and as imported from the
 * distribution registry, and the images the team's templates run.
 */
function productionImages(plan: ClusterPlan): ProductionImage[] {
  const streams = plan.imageStreams.flatMap((s) =>
    s.tags.flatMap((t): ProductionImage[] => [
      {
        image: `${plan.cluster.internalRegistry}/${s.namespace}/${s.name}:${t.name}`,
        usedBy: `ImageStream ${s.namespace}/${s.name} tag ${t.name}`,
        file: s.file,
        field: t.field,
      },
      ...(t.from.kind === 'DockerImage'
        ? [{ image: t.from.name, usedBy: `ImageStream ${s.namespace}/${s.name} tag ${t.name} (its source)`, file: s.file, field: t.field }]
        : []),
    ]),
  );
  const workloads = plan.imageUses
    .filter((r) => r.role === 'workload')
    .map((r) => ({ image: r.image, usedBy: r.usedBy, file: r.file, field: r.field }));
  return [...streams, ...workloads];
}

/**
 * `admission/curated-image-denied`: an image the catalog gives production namespaces is one the
 * cluster's own admission policy would refuse, so the first deployment of it would fail.
 */
export const curatedImageDenied: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const admission = plan.admission;
    if (!admission) return [];
    return productionImages(plan)
      .filter((used) => !isAllowedInProduction(admission, used.image))
      .map((used): Finding => ({
        severity: 'error',
        rule: 'admission/curated-image-denied',
        cluster: plan.cluster.name,
        file: used.file,
        field: used.field,
        message:
          `${used.usedBy} runs ${used.image}, which the production admission ` +
          `policy of cluster ${plan.cluster.name} refuses (allowed: ${admission.allowedSources.map((s) => s.prefix).join(', ')})`,
        fix: `publish the image through the distribution registry, or add ` + `its repository to exceptions in ${admission.file} with the reason`,
      }));
  });

/**
 * Whether `subScope` equals or lies under `superScope`, as openshift/runtime-utils
 * `pkg/registries/registries.go` `ScopeIsNestedInsideScope` (vendored by the machine-config-operator).
 */
export function scopeIsNestedInsideScope(subScope: string, superScope: string): boolean {
  if (subScope === superScope) return true;
  if (subScope.length > superScope.length && subScope.startsWith(superScope) && subScope[superScope.length] === '/') return true;
  if (!superScope.startsWith('*.')) return false;
  if (subScope.includes(':')) {
    const host = subScope.split(':')[0];
    return host.endsWith(superScope.slice(1)) && !host.includes('/');
  }
  return subScope.split('/')[0].endsWith(superScope.slice(1));
}

/** `signatures/unsupported-release`: the catalog declares a signature, and this cluster's release cannot verify it. */
export const signaturesUnsupported: Rule = ({ catalog, plans }) =>
  catalog.admission?.signatures === undefined || catalog.images.length === 0
    ? []
    : plans
        .filter((plan) => plan.signatures === undefined)
        .map((plan): Finding => ({
          severity: 'warning',
          rule: 'signatures/unsupported-release',
          cluster: plan.cluster.name,
          file: catalog.admissionFile,
          field: 'signatures',
          message:
            `cluster ${plan.cluster.name} runs OpenShift ${plan.cluster.openshiftVersion}, ` +
            `which serves no ClusterImagePolicy v1 (OpenShift ${IMAGE_POLICY_MIN_RELEASE.join('.')} ` +
            `and later): it does not verify the curated images' signatures`,
          fix: `upgrade ${plan.cluster.name} to OpenShift ${IMAGE_POLICY_MIN_RELEASE.join('.')} to verify them`,
        }));

/**
 * `signatures/scope-not-allowed`: the machine-config-operator refuses the whole registry
 * configuration when a ClusterImagePolicy scope is not nested inside `allowedRegistries` (when set)
 * or is nested inside `blockedRegistries` (machine-config-operator
 * `pkg/controller/container-runtime-config/helpers.go` `validateImagePolicyWithAllowedBlockedRegistries`).
 */
export const signatureScopeNotAllowed: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const signatures = plan.signatures;
    if (!signatures) return [];
    const { allowedRegistries, blockedRegistries, fields, file } = plan.registries;
    const scopes = [
      ...signatures.scopes.map((scope) => ({ scope, of: "the curated images' ClusterImagePolicy" })),
      ...signatures.imagePolicies.flatMap((p) => p.scopes.map((scope) => ({ scope, of: `ImagePolicy ${p.namespace}/${p.name}` }))),
    ];
    return scopes.flatMap(({ scope, of }): Finding[] => {
      const notAllowed = allowedRegistries.length > 0 && !allowedRegistries.some((r) => scopeIsNestedInsideScope(scope, r));
      const blocked = blockedRegistries.find((r) => scopeIsNestedInsideScope(scope, r));
      if (!notAllowed && blocked === undefined) return [];
      return [
        {
          severity: 'error',
          rule: 'signatures/scope-not-allowed',
          cluster: plan.cluster.name,
          file,
          field: notAllowed ? fields.allowedRegistries : fields.blockedRegistries,
          message:
            `${of} scope ${scope} is ${notAllowed ? 'not nested inside allowedRegistries' : `nested inside blocked registry ${blocked}`} ` +
            `on cluster ${plan.cluster.name}: the Machine Config Operator ` +
            `refuses the registry configuration`,
          fix: notAllowed
            ? `allow ${scope} (or a registry above it) in ${fields.allowedRegistries}`
            : `remove ${blocked} from ${fields.blockedRegistries}`,
        },
      ];
    });
  });

/**
 * `signatures/mirror-without-signatures`: a mirror serves a curated repository, but the catalog does
 * not declare that it carries the signatures. CRI-O fetches sigstore signatures as attachments from
 * the registry it pulls from (the machine-config-operator's `generateSigstoreRegistriesdConfig`
 * turns on `use-sigstore-attachments` for each scope's mirrors), so a pull through such a mirror
 * could never verify, and the pull fails.
 */
export const mirrorWithoutSignatures: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const signatures = plan.signatures;
    if (!signatures) return [];
    const rules: PlannedMirror[] = [...plan.registries.imageDigestMirrorSets, ...plan.registries.imageTagMirrorSets].flatMap((set) => set.rules);
    return rules.flatMap((rule): Finding[] => {
      const scopes = signatures.scopes.filter(
        (scope) => scopeIsNestedInsideScope(scope, rule.source) || scopeIsNestedInsideScope(rule.source, scope),
      );
      const unsigned = rule.mirrors.filter((m) => !signatures.mirrorsWithSignatures.includes(m));
      if (scopes.length === 0 || unsigned.length === 0) return [];
      return [
        {
          severity: 'error',
          rule: 'signatures/mirror-without-signatures',
          cluster: plan.cluster.name,
          file: rule.file,
          field: rule.field,
          message:
            `mirror ${unsigned.join(', ')} of ${rule.source} serves the ` +
            `curated repositories ${scopes.join(', ')} on cluster ${plan.cluster.name}, ` +
            `which require a signature, but is not declared to carry their ` +
            `signatures: pulls through it could never verify`,
          fix:
            `mirror the signatures with the images (sha256-<digest>.sig ` +
            `tags) and list ${unsigned.map((m) => JSON.stringify(m)).join(', ')} ` +
            `in signatures.mirrorsWithSignatures of ${signatures.file}, or ` +
            `remove the mirror for these repositories`,
        },
      ];
    });
  });

/**
 * `signatures/image-policy-overridden`: a namespace ImagePolicy scope equal to or nested under a
 * ClusterImagePolicy scope is dropped by the machine-config-operator
 * (`pkg/controller/container-runtime-config/container_runtime_config_controller.go`
 * `getValidScopePolicies`: "skip adding scope to namespacePolicies if it conflicting with
 * clusterimagepolicy scopes"; the ImagePolicy only gets a Pending status condition), so the
 * namespace's own requirement never applies.
 */
export const imagePolicyOverridden: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const signatures = plan.signatures;
    if (!signatures) return [];
    return signatures.imagePolicies.flatMap((policy, i) =>
      policy.scopes.flatMap((scope, j): Finding[] => {
        const cluster = signatures.scopes.find((c) => scopeIsNestedInsideScope(scope, c));
        if (cluster === undefined) return [];
        return [
          {
            severity: 'error',
            rule: 'signatures/image-policy-overridden',
            cluster: plan.cluster.name,
            file: signatures.file,
            field: `signatures.imagePolicies[${i}].scopes[${j}]`,
            message:
              `ImagePolicy ${policy.namespace}/${policy.name} scope ${scope} ` +
              `equals or lies under ClusterImagePolicy ${signatures.policyName} ` +
              `scope ${cluster}: the Machine Config Operator ignores it and ` +
              `applies only the cluster-wide policy`,
            fix:
              `remove ${scope} from the ImagePolicy (the curated images' signature ` + `already applies there), or choose a scope outside ${cluster}`,
          },
        ];
      }),
    );
  });

export const ADMISSION_RULES: readonly Rule[] = [
  curatedImageDenied,
  signaturesUnsupported,
  signatureScopeNotAllowed,
  mirrorWithoutSignatures,
  imagePolicyOverridden,
];
