import { IMAGE_POLICY_MIN_RELEASE } from '../model';
import type { AdmissionPlan, SignaturePlan } from '../plan';
import { code, table } from '../shared';
import { type Section, shared } from './_report-sections';

const ADMISSION_HEAD = '## What production may run';

/** The production admission policy: which namespaces, which mode, which sources and why. */
export const admissionSection: Section = ({ plan }) => {
  if (plan.admission) return [shared(admissionPolicy, plan.admission)];
  const why =
    plan.cluster.environment === 'prod'
      ? 'No admission policy: the catalog has no `admission.ts`.'
      : `No admission policy: cluster ${plan.cluster.name} is not a production cluster.`;
  return [`${ADMISSION_HEAD}\n\n${why}`];
};

function admissionPolicy(a: AdmissionPlan): string {
  const rows = a.allowedSources.map((s) => [code(s.prefix), s.why, code(`${s.file}: ${s.field}`)]);
  return [
    ADMISSION_HEAD,
    `ValidatingAdmissionPolicy ${code(a.policyName)} judges Pods ` +
      `(containers, init and ephemeral containers) and the pod templates ` +
      `of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs ` +
      `on create and update in every namespace whose name ends with ${code(a.namespaceSuffix)}; ` +
      `its binding's validationActions are ${a.validationActions.map(code).join(', ')} ` +
      `(${code(`${a.file}: ${a.validationActionsField}`)}).`,
    'An image is allowed when its repository, fully qualified (`nginx:1.27` is ' + '`docker.io/library/nginx`), is one of these or lies under one:',
    table(['allowed source', 'why', 'catalog field'], rows),
  ].join('\n\n');
}

const SIGNATURES_HEAD = '## Image signatures';

/** Which images the cluster verifies signatures of, and how. */
export const signaturesSection: Section = ({ plan, findings }) => {
  if (plan.signatures) return [shared(signaturePolicy, plan.signatures)];
  const unsupported = findings.some((f) => f.rule === 'signatures/unsupported-release' && f.cluster === plan.cluster.name);
  const why = unsupported
    ? `None verified: OpenShift ${plan.cluster.openshiftVersion} serves no ClusterImagePolicy v1 ` +
      `(OpenShift ${IMAGE_POLICY_MIN_RELEASE.join('.')} and later).`
    : 'None verified: the catalog declares no signature (`signatures` in `admission.ts`).';
  return [`${SIGNATURES_HEAD}\n\n${why}`];
};

function signaturePolicy(s: SignaturePlan): string {
  const trust =
    'publicKey' in s.rootOfTrust
      ? "a sigstore signature made with the catalog's public key (`PublicKey`)"
      : `a keyless sigstore signature (\`FulcioCAWithRekor\`) by ${code(s.rootOfTrust.fulcioCAWithRekor.fulcioSubject.signedEmail)}, ` +
        `issuer ${code(s.rootOfTrust.fulcioCAWithRekor.fulcioSubject.oidcIssuer)}`;
  return [
    SIGNATURES_HEAD,
    `ClusterImagePolicy ${code(s.policyName)} (from ${code(`${s.file}: signatures`)}): ` +
      `CRI-O requires ${trust}, identity matched as \`MatchRepoDigestOrExact\`, ` +
      `on every pull of:`,
    s.scopes.map((scope) => `- ${code(scope)}`).join('\n'),
    `Mirrors that carry the signatures: ${s.mirrorsWithSignatures.length > 0 ? s.mirrorsWithSignatures.map(code).join(', ') : '—'}.`,
    ...(s.imagePolicies.length > 0
      ? [
          table(
            ['ImagePolicy', 'scopes', 'root of trust', 'catalog field'],
            s.imagePolicies.map((p, i) => [
              code(`${p.namespace}/${p.name}`),
              p.scopes.map(code).join(', '),
              'publicKey' in p.rootOfTrust ? 'PublicKey' : 'FulcioCAWithRekor',
              code(`${s.file}: signatures.imagePolicies[${i}]`),
            ]),
          ),
        ]
      : []),
    'Pods that run a curated ImageStream tag pull it from the integrated registry (`referencePolicy: ' +
      'Local`), a reference outside these scopes: those pulls are not verified.',
  ].join('\n\n');
}
