import { createPublicKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { crossField, dnsLabel, dnsSubdomain, matching, reportDuplicates } from './_schema';
import { crossFileProblem } from './catalog';
import type { CatalogProblem } from './catalog-error';
import type { Fleet } from './fleet';
import { MIRROR_LOCATION, REGISTRY_SCOPE } from './registries';

/** What a `ValidatingAdmissionPolicyBinding` does with a failed validation (its `validationActions`). */
export const VALIDATION_ACTIONS = ['Deny', 'Warn', 'Audit'] as const;
export type ValidationAction = (typeof VALIDATION_ACTIONS)[number];

/**
 * The first OpenShift release that serves `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy:
 * 4.17 is Kubernetes 1.30 (openshift/api release-4.17 go.mod: k8s.io/api v0.30.1, whose
 * `admissionregistration/v1/types.go` declares ValidatingAdmissionPolicy; release-4.16 has v0.29.0 without it).
 */
export const ADMISSION_POLICY_MIN_RELEASE = [4, 17] as const;

/**
 * The first release that serves `config.openshift.io/v1` ClusterImagePolicy in the Default feature set:
 * openshift/api release-4.20 `features.md` (SigstoreImageVerification enabled by default) and
 * `config/v1/zz_generated.crd-manifests/…clusterimagepolicies-Default.crd.yaml`; before, only v1alpha1
 * under TechPreviewNoUpgrade.
 */
export const IMAGE_POLICY_MIN_RELEASE = [4, 20] as const;

/** Whether an OpenShift release (`4.17`, `4.17.3`) is at least `min`. */
export function releaseAtLeast(release: string, min: readonly [number, number]): boolean {
  const [major, minor] = release.split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** A reference prefix the admission policy allows: a registry `host[:port]` or a repository path under it. */
const IMAGE_PREFIX = MIRROR_LOCATION;

const validationActions = z
  .array(z.enum(VALIDATION_ACTIONS))
  .min(1)
  .check(
    crossField([], (actions, ctx) => reportDuplicates(actions, String, ctx, (i) => [i], 'validation action')),
    crossField([['*']], (actions, ctx) => {
      if (actions.includes('Deny') && actions.includes('Warn')) {
        // The API server refuses the pair (Kubernetes ValidatingAdmissionPolicyBindingSpec.validationActions).
        const expected = 'Deny or Warn, not both (the API server refuses the pair: Deny already reports the failure)';
        ctx.addIssue({
          code: 'custom',
          message: expected,
          input: actions,
          params: { expected, fix: "use ['Deny'] to enforce, or ['Warn', 'Audit'] to roll out first" },
        });
      }
    }),
  );

/** Written fully qualified: a first component without `.` or `:` (other than localhost) would be read as a Docker Hub path. */
const fullyQualifiedPrefix = matching(
  IMAGE_PREFIX,
  'a registry host[:port] or repository host[:port]/path, without scheme, tag or digest',
  () => 'write the registry or repository only, e.g. "registry.redhat.io/ubi9"',
).superRefine((value, ctx) => {
  const host = value.split('/')[0];
  if (host.includes('.') || host.includes(':') || host === 'localhost') return;
  const expected = 'a fully qualified registry or repository: the first component names the registry (holds "." or ":")';
  ctx.addIssue({
    code: 'custom',
    message: expected,
    input: value,
    params: {
      expected,
      fix: `write it as the container runtime reads it, e.g. ${JSON.stringify(`docker.io/${value.includes('/') ? value : `library/${value}`}`)}`,
    },
  });
});

const exception = z.strictObject({
  /** Registry `host[:port]` or repository prefix (`host[:port]/path`), fully qualified, without tag or digest. */
  image: fullyQualifiedPrefix,
  /** Who allowed it, why, and until when: it is written next to the allowed source in the policy. */
  reason: z.string().min(1),
});

function pemOf(kind: 'PUBLIC KEY' | 'CERTIFICATE') {
  return z.string().superRefine((value, ctx) => {
    const trimmed = value.trim();
    let problem: string | undefined;
    if (!trimmed.startsWith(`-----BEGIN ${kind}-----`) || !trimmed.endsWith(`-----END ${kind}-----`)) {
      problem = `text that is not one PEM ${kind} block`;
    } else {
      try {
        if (kind === 'PUBLIC KEY') createPublicKey(trimmed);
        else new X509Certificate(trimmed);
      } catch (error) {
        problem = `a ${kind} block that does not parse (${(error as Error).message})`;
      }
    }
    if (!problem) return;
    const expected = `a PEM ${kind} (-----BEGIN ${kind}----- … -----END ${kind}-----)`;
    ctx.addIssue({
      code: 'custom',
      message: expected,
      input: value,
      params: {
        expected,
        received: problem,
        fix: kind === 'PUBLIC KEY' ? 'paste the cosign public key (cosign.pub)' : 'paste the Fulcio CA certificate in PEM form',
      },
    });
  });
}

/** How the image pipeline signs the curated images (the ClusterImagePolicy `rootOfTrust`). */
const rootOfTrust = z.union(
  [
    z.strictObject({
      /** The cosign public key the pipeline signs with, PEM. */
      publicKey: z.strictObject({ keyData: pemOf('PUBLIC KEY'), rekorKeyData: pemOf('PUBLIC KEY').optional() }),
    }),
    z.strictObject({
      /** Keyless signing: Fulcio CA, Rekor key and the identity in the Fulcio certificate. */
      fulcioCAWithRekor: z.strictObject({
        fulcioCAData: pemOf('CERTIFICATE'),
        rekorKeyData: pemOf('PUBLIC KEY'),
        fulcioSubject: z.strictObject({
          oidcIssuer: matching(
            /^https?:\/\/\S+$/,
            'the OIDC issuer URL, e.g. "https://token.actions.githubusercontent.com"',
            () => 'write the issuer URL',
          ),
          signedEmail: matching(/^\S+@\S+$/, 'the e-mail address the Fulcio certificate is issued for', () => 'write the signing identity e-mail'),
        }),
      }),
    }),
  ],
  { error: 'a root of trust: { publicKey: { keyData } } or { fulcioCAWithRekor: { fulcioCAData, rekorKeyData, fulcioSubject } }' },
);

/** A namespace `ImagePolicy`: images of its scopes run in that namespace only with this signature. */
const imagePolicy = z.strictObject({
  /** The namespace; it must exist on the cluster (the Applications do not create namespaces). */
  namespace: dnsLabel,
  name: dnsSubdomain,
  /** Repositories, namespaces or registries (`host[:port][/path]` or `*.domain`). */
  scopes: z
    .array(matching(REGISTRY_SCOPE, 'an image scope host[:port][/path] or *.domain, without tag or digest', () => 'write the repository only'))
    .min(1),
  rootOfTrust,
});

const signatures = z.strictObject({
  rootOfTrust,
  /** Namespace ImagePolicies for images signed by others (e.g. a team's own key), on every cluster that verifies signatures. @default [] */
  imagePolicies: z.array(imagePolicy).default([]),
  /**
   * Mirror locations (as written in `registries.ts` mirrors) that carry the curated images' sigstore
   * signatures (`sha256-<digest>.sig` tags) next to the images. A mirror serving a curated repository
   * without being listed here is an error: pulls through it could never verify.
   * @default []
   */
  mirrorsWithSignatures: z
    .array(matching(MIRROR_LOCATION, 'a mirror location host[:port][/path]', () => 'write it as in registries.ts mirrors'))
    .default([]),
});

const clusterOverride = z.strictObject({
  validationActions: validationActions.optional(),
  /** Replaces the fleet-wide list for this cluster. */
  exceptions: z.array(exception).optional(),
});

export const productionAdmissionSchema = z.strictObject({
  /**
   * Namespaces whose name ends with this are production namespaces (matched with the policy's
   * `matchConditions`, because a label selector cannot match a suffix). @default '-prod'
   */
  namespaceSuffix: matching(
    /^-?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "the end of a namespace name, e.g. '-prod'",
    () => "write lowercase letters, digits and '-', e.g. '-prod'",
  ).default('-prod'),
  /** What the API server does with an image from elsewhere: `['Deny']`, or `['Warn', 'Audit']` while rolling out. @default ['Deny'] */
  validationActions: validationActions.default(['Deny']),
  /** Images production may also run, each with its reason. @default [] */
  exceptions: z.array(exception).default([]),
  /** Per production cluster: each field given replaces the fleet-wide one. @default {} */
  clusters: z.record(z.string(), clusterOverride).default({}),
  /** The signature the curated images carry; every cluster whose release supports it verifies it. @default - no signature policy */
  signatures: signatures.optional(),
});

export type ProductionAdmissionInput = z.input<typeof productionAdmissionSchema>;
export type ProductionAdmission = z.output<typeof productionAdmissionSchema>;
export type SignatureRootOfTrust = z.output<typeof rootOfTrust>;
export type NamespaceImagePolicy = z.output<typeof imagePolicy>;

/** Typed identity: gives editor completion and type checks in `catalogs/admission.ts`. */
export function defineProductionAdmission(admission: ProductionAdmissionInput): ProductionAdmissionInput {
  return admission;
}

/** Override keys must be production clusters, and every production cluster must serve the policy's API. */
export function admissionCrossFileProblems(fleet: Fleet, fleetFile: string, admission: ProductionAdmission, admissionFile: string): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const prod = fleet.clusters.filter((c) => c.environment === 'prod');
  for (const name of Object.keys(admission.clusters).sort()) {
    if (prod.some((c) => c.name === name)) continue;
    problems.push(
      crossFileProblem(
        admissionFile,
        `clusters.${name}`,
        `a production cluster of the fleet: ${prod.map((c) => c.name).join(', ') || 'none'}`,
        JSON.stringify(name),
        'rename it to a cluster with environment prod, or remove the override',
      ),
    );
  }
  fleet.clusters.forEach((cluster, index) => {
    if (cluster.environment !== 'prod' || releaseAtLeast(cluster.openshiftVersion, ADMISSION_POLICY_MIN_RELEASE)) return;
    problems.push(
      crossFileProblem(
        fleetFile,
        `clusters[${index}].openshiftVersion`,
        `OpenShift ${ADMISSION_POLICY_MIN_RELEASE.join('.')} or newer ` +
          `on production cluster ${cluster.name}: ${admissionFile} enforces ` +
          `production images with a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, ` +
          `Kubernetes 1.30)`,
        cluster.openshiftVersion,
        `upgrade ${cluster.name} to OpenShift ${ADMISSION_POLICY_MIN_RELEASE.join('.')} ` +
          `first, or set its openshiftVersion to the release it runs once upgraded`,
      ),
    );
  });
  return problems;
}
