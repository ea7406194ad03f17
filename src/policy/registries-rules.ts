import type { ClusterPlan, ClusterRegistries, ImageUse, MirrorSet, PlannedMirror } from '../plan';
import { compareStrings, getOrSet, memoByIdentity } from '../shared';
import type { Finding, Rule, RuleId } from './finding';
import { editDistance } from '../model/_closest';
import {
  allowedForImport,
  allowingEntry,
  blockingEntry,
  blocksWholeRegistry,
  hostOf,
  type ParsedImageReference,
  matchingMirror,
  parseImageReference,
  samplesOperatorRefusal,
} from './_registry-match';

/** Registries the OpenShift release payload and operators pull from; the manual requires both to stay pullable. */
export const PAYLOAD_REGISTRIES = ['quay.io', 'registry.redhat.io'] as const;

/**
 * Registries on the public internet run by third parties. The global pull secret is the only
 * credential the runtime has, so a short-name search sends it to every registry in the search list.
 */
export const PUBLIC_REGISTRIES = [
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'quay.io',
  'registry.redhat.io',
  'registry.access.redhat.com',
  'registry.connect.redhat.com',
  'ghcr.io',
  'gcr.io',
  'registry.k8s.io',
  'k8s.gcr.io',
  'public.ecr.aws',
  'mcr.microsoft.com',
  'nvcr.io',
  'registry.gitlab.com',
] as const;

const quoteAll = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');

function finding(
  plan: ClusterPlan,
  rule: RuleId,
  at: { file: string; field: string },
  message: string,
  fix: string,
  severity: Finding['severity'] = 'error',
): Finding {
  return { severity, rule, cluster: plan.cluster.name, file: at.file, field: at.field, message, fix };
}

/** Where a field of the effective policy is written, for findings. */
function at(r: ClusterRegistries, field: keyof ClusterRegistries['fields']): { file: string; field: string } {
  return { file: r.file, field: r.fields[field] };
}

/** The hosts a cluster's mirror sets pull from. */
function mirrorHosts(r: ClusterRegistries): string[] {
  const hosts = [...r.imageDigestMirrorSets, ...r.imageTagMirrorSets].flatMap((set) => set.rules.flatMap((rule) => rule.mirrors.map(hostOf)));
  return [...new Set(hosts)].sort(compareStrings);
}

function rulesOf(sets: readonly MirrorSet[]): PlannedMirror[] {
  return sets.flatMap((set) => set.rules);
}

/** The mirror rule a pull of `ref` would use: digest pulls use ImageDigestMirrorSets, tag pulls ImageTagMirrorSets. */
function mirrorFor(ref: ParsedImageReference, r: ClusterRegistries): PlannedMirror | undefined {
  const rule = matchingMirror(ref.name, rulesOf(ref.digest !== undefined ? r.imageDigestMirrorSets : r.imageTagMirrorSets));
  return rule && rule.mirrors.length > 0 ? rule : undefined;
}

const allowedAndBlocked: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const r = plan.registries;
    if (r.allowedRegistries.length === 0 || r.blockedRegistries.length === 0) return [];
    const field = r.fields.allowedRegistries.startsWith('clusters.') ? 'allowedRegistries' : 'blockedRegistries';
    return [
      finding(
        plan,
        'registries/allowed-and-blocked',
        at(r, field),
        `${plan.cluster.name} gets both allowedRegistries (${r.fields.allowedRegistries}) ` +
          `and blockedRegistries (${r.fields.blockedRegistries}); the Image ` +
          `API accepts only one of them and would reject the object`,
        `keep one list: an allow-list (everything else is blocked) or ` +
          `a block-list (everything else is allowed); an empty list ([]) ` +
          `in clusters.${plan.cluster.name} unsets the fleet's`,
      ),
    ];
  });

const allowedMissingRequired: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const r = plan.registries;
    if (r.allowedRegistries.length === 0) return [];
    const required: Array<[string, string]> = [
      ...PAYLOAD_REGISTRIES.map((host): [string, string] => [host, 'release payload images']),
      [r.internalRegistry, 'the internal registry'],
      ...(r.disconnected ? mirrorHosts(r).map((host): [string, string] => [host, 'a mirror registry of this disconnected cluster']) : []),
    ];
    const missing = required.filter(
      ([scope], i) => required.findIndex(([s]) => s === scope) === i && allowingEntry(scope, r.allowedRegistries) === undefined,
    );
    if (missing.length === 0) return [];
    return [
      finding(
        plan,
        'registries/allowed-missing-required',
        at(r, 'allowedRegistries'),
        `allowedRegistries blocks every registry it does not list, and ` +
          `on ${plan.cluster.name} it misses ${missing.map(([s, why]) => `${JSON.stringify(s)} (${why})`).join(', ')}; ` +
          `pods pulling from there would fail`,
        `add ${quoteAll(missing.map(([s]) => s))} to ${r.fields.allowedRegistries}`,
      ),
    ];
  });

const insecureNotAllowed: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const r = plan.registries;
    if (r.allowedRegistries.length === 0) return [];
    return r.insecureRegistries
      .filter((insecure) => allowingEntry(insecure, r.allowedRegistries) === undefined)
      .map((insecure) =>
        finding(
          plan,
          'registries/insecure-not-allowed',
          at(r, 'insecureRegistries'),
          `insecure registry ${JSON.stringify(insecure)} is not in allowedRegistries ` +
            `on ${plan.cluster.name}, so the runtime blocks it anyway; every ` +
            `insecure registry must also be allowed`,
          `add ${JSON.stringify(insecure)} to ${r.fields.allowedRegistries}, or remove it from ${r.fields.insecureRegistries}`,
        ),
      );
  });

const payloadRegistryBlocked: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const r = plan.registries;
    return r.blockedRegistries.flatMap((entry) =>
      PAYLOAD_REGISTRIES.filter((host) => blocksWholeRegistry(entry, host)).map((host) =>
        finding(
          plan,
          'registries/payload-registry-blocked',
          at(r, 'blockedRegistries'),
          `blockedRegistries entry ${JSON.stringify(entry)} blocks ${host} ` +
            `on ${plan.cluster.name}; ${host} serves the release payload ` +
            `and operator images, so platform pods would fail to pull`,
          `remove ${JSON.stringify(entry)} from ${r.fields.blockedRegistries}; ` +
            `to block part of ${host}, list a repository path such as ${JSON.stringify(`${host}/some-organization`)}`,
        ),
      ),
    );
  });

const publicSearchRegistry: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const r = plan.registries;
    return r.containerRuntimeSearchRegistries
      .filter((host) => (PUBLIC_REGISTRIES as readonly string[]).includes(host))
      .map((host) =>
        finding(
          plan,
          'registries/public-search-registry',
          at(r, 'containerRuntimeSearchRegistries'),
          `containerRuntimeSearchRegistries on ${plan.cluster.name} lists ` +
            `the public registry ${JSON.stringify(host)}: the cluster's global ` +
            `pull secret is sent to every registry in that list when a pod ` +
            `uses a short image name`,
          `remove ${JSON.stringify(host)} from ${r.fields.containerRuntimeSearchRegistries} ` +
            `and use fully qualified image names; list only registries you run`,
          'warning',
        ),
      );
  });

const insecureOnProd: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const r = plan.registries;
    if (plan.cluster.environment !== 'prod') return [];
    const insecure: Array<[string, 'insecureRegistries' | 'allowedRegistriesForImport']> = [
      ...r.insecureRegistries.map((s): [string, 'insecureRegistries'] => [s, 'insecureRegistries']),
      ...r.allowedRegistriesForImport
        .filter((l) => l.insecure)
        .map((l): [string, 'allowedRegistriesForImport'] => [l.domainName, 'allowedRegistriesForImport']),
    ];
    return insecure
      .filter(([registry]) => r.insecureWaivers[registry] === undefined)
      .map(([registry, field]) =>
        finding(
          plan,
          'registries/insecure-on-prod',
          at(r, field),
          `${plan.cluster.name} is a prod cluster and ${field} trusts ` +
            `the insecure registry ${JSON.stringify(registry)}: images from ` +
            `it are fetched without TLS verification, and there is no waiver for it`,
          `serve the registry with a trusted certificate (additionalTrustedCAs) ` +
            `and drop the insecure setting, or record the accepted risk: ` +
            `insecureWaivers: { ${JSON.stringify(registry)}: '<who, ticket, ` +
            `until when>' } beside ${r.fields[field]}`,
        ),
      );
  });

/**
 * A refusal caused by a misspelt entry is reported at the entry, the cause, not at the image or
 * registry setting that suffers from it: an entry whose host is one or two edits from `host`.
 */
function misspeltEntry(
  plan: ClusterPlan,
  rule: RuleId,
  field: 'allowedRegistries' | 'allowedRegistriesForImport',
  entries: readonly string[],
  host: string,
  consequence: string,
): Finding | undefined {
  const entry = entries.find((e) => {
    const entryHost = e.replace(/^\*\./, '').split('/')[0];
    return entryHost !== host && editDistance(entryHost, host) <= 2;
  });
  if (entry === undefined) return undefined;
  const r = plan.registries;
  const entryHost = entry.split('/')[0];
  return finding(
    plan,
    rule,
    at(r, field),
    `${field} entry ${JSON.stringify(entry)} on ${plan.cluster.name} looks like a misspelling of ${JSON.stringify(host)}, so ${consequence}`,
    `did you mean ${JSON.stringify(host)}? correct ${JSON.stringify(entryHost)} in ${r.fields[field]} in ${r.file}`,
  );
}

const SAMPLES_CONSEQUENCE = 'their imports fail';

const imagesAllowed: Rule = ({ plans }) => {
  // Whether a use has findings depends on its kind and image and on the cluster's registry decisions
  // alone (see `decisionKey`): decided once per distinct combination, and the uses with findings are
  // picked once per distinct uses array (clusters share them, `planCluster`) and decisions. The
  // findings themselves name the cluster and the catalog locations, so they are made on each cluster.
  const hasFindings = new Map<string, Map<UseKind, Map<string, boolean>>>();
  const withFindings = new Map<readonly ImageUse[], Map<string, readonly ImageUse[]>>();
  return plans.flatMap((plan) => {
    const key = decisionKey(plan.registries);
    const byKey = getOrSet(withFindings, plan.imageUses, () => new Map<string, readonly ImageUse[]>());
    const failing = getOrSet(byKey, key, () => {
      const byKind = getOrSet(hasFindings, key, () => new Map<UseKind, Map<string, boolean>>());
      return plan.imageUses.filter((ref) => {
        const kind: UseKind = ref.role === 'samples-registry' && ref.defaulted ? 'samples-registry-defaulted' : ref.role;
        const byImage = getOrSet(byKind, kind, () => new Map<string, boolean>());
        return getOrSet(byImage, ref.image, () => useFindings(plan, ref).length > 0);
      });
    });
    return failing.flatMap((ref) => useFindings(plan, ref));
  });
};

type UseKind = ImageUse['role'] | 'samples-registry-defaulted';

/**
 * Everything of a cluster's registry policy `useFindings` reads to decide whether a use has findings
 * (`allowedForImport`, `samplesOperatorRefusal`, `pullDenial` with `mirrorFor`); the fields, file and
 * cluster name only shape the messages. Plans are read-only: made once per registries object.
 */
const decisionKey = memoByIdentity((r: ClusterRegistries): string =>
  JSON.stringify([
    r.internalRegistry,
    r.allowedRegistriesForImport,
    r.allowedRegistries,
    r.blockedRegistries,
    mirrorRulesKey(r.imageDigestMirrorSets),
    mirrorRulesKey(r.imageTagMirrorSets),
  ]),
);

/** The sources and mirrors of a cluster's mirror rules of one kind, for the keys above and below. */
function mirrorRulesKey(sets: readonly MirrorSet[]): Array<[string, readonly string[]]> {
  return rulesOf(sets).map((rule) => [rule.source, rule.mirrors]);
}

/** The findings of one image or registry the cluster uses: import and pull permission. */
function useFindings(plan: ClusterPlan, ref: ImageUse): Finding[] {
  const r = plan.registries;
  const where = { file: ref.file, field: ref.field };
  if (ref.role === 'samples-registry') return samplesImportFindings(plan, ref);
  const parsed = parseImageReference(ref.image);
  if (!parsed) {
    return [
      finding(
        plan,
        'registries/invalid-image-reference',
        where,
        `${ref.usedBy} refers to ${JSON.stringify(ref.image)}, which is not an image reference`,
        'write registry/repository[:tag|@sha256:digest], e.g. "registry.example.com/team/app:1.0"',
      ),
    ];
  }
  const findings: Finding[] = [];
  const importTypo =
    ref.role === 'imagestream-tag' && !allowedForImport(parsed.registry, r.allowedRegistriesForImport, r.internalRegistry)
      ? misspeltEntry(
          plan,
          'registries/not-importable',
          'allowedRegistriesForImport',
          r.allowedRegistriesForImport.map((l) => l.domainName),
          parsed.registry,
          `${ref.usedBy} cannot import ${JSON.stringify(ref.image)}`,
        )
      : undefined;
  if (importTypo) findings.push(importTypo);
  else if (ref.role === 'imagestream-tag' && !allowedForImport(parsed.registry, r.allowedRegistriesForImport, r.internalRegistry)) {
    findings.push(
      finding(
        plan,
        'registries/not-importable',
        where,
        `${ref.usedBy} imports ${JSON.stringify(ref.image)}, but ${parsed.registry} ` +
          `is not in allowedRegistriesForImport on ${plan.cluster.name} ` +
          `(${quoteAll(r.allowedRegistriesForImport.map((l) => l.domainName))}); ` +
          `the import would fail`,
        `add { domainName: ${JSON.stringify(parsed.registry)} } to ${r.fields.allowedRegistriesForImport} ` +
          `in ${r.file}, or take the image from an allowed registry`,
      ),
    );
  }
  const denied = pullDenial(parsed, r);
  const pullTypo = denied?.notAllowed
    ? misspeltEntry(
        plan,
        'registries/not-pullable',
        'allowedRegistries',
        r.allowedRegistries,
        parsed.registry,
        `the container runtime may not pull ${JSON.stringify(ref.image)} (${ref.usedBy})`,
      )
    : undefined;
  if (pullTypo) findings.push(pullTypo);
  else if (denied) {
    findings.push(
      finding(
        plan,
        'registries/not-pullable',
        where,
        `${ref.usedBy} uses ${JSON.stringify(ref.image)}, which the ` + `container runtime on ${plan.cluster.name} may not pull: ${denied.reason}`,
        denied.fix,
      ),
    );
  }
  return findings;
}

/** Why the runtime refuses to pull `ref`, or undefined when it may. */
function pullDenial(ref: ParsedImageReference, r: ClusterRegistries): { reason: string; fix: string; notAllowed?: boolean } | undefined {
  if (r.allowedRegistries.length > 0 && allowingEntry(ref.name, r.allowedRegistries) === undefined) {
    return {
      notAllowed: true,
      reason: `no allowedRegistries entry covers ${ref.name}`,
      fix: `add ${JSON.stringify(ref.registry)} (or ${JSON.stringify(ref.name)}) to ${r.fields.allowedRegistries} in ${r.file}`,
    };
  }
  const blocked = blockingEntry(ref.name, r.blockedRegistries);
  // A blocked source is still served through a mirror (the manual's "blocking a payload registry").
  if (blocked !== undefined && mirrorFor(ref, r) === undefined) {
    return {
      reason: `blockedRegistries entry ${JSON.stringify(blocked)} blocks it`,
      fix:
        `remove ${JSON.stringify(blocked)} from ${r.fields.blockedRegistries} ` + `in ${r.file}, mirror the image, or take it from another registry`,
    };
  }
  return undefined;
}

/**
 * The Samples Operator validates its Config against the Image config (`samplesOperatorRefusal`) on every
 * event while `Managed` (`ProcessManagementField` lets only `Managed` reach `SpecValidation`); a refusal
 * stops it whatever it would import.
 */
const samplesRegistryRefused: Rule = ({ catalog, plans }) =>
  plans.flatMap((plan) => {
    const samples = plan.samples;
    if (samples?.managementState !== 'Managed') return [];
    const r = plan.registries;
    const refusing = samplesOperatorRefusal(samples.samplesRegistry, r);
    if (refusing === undefined) return [];
    const registry = samples.samplesRegistry;
    const setting = `${catalog.samplesFile}: ${samples.samplesRegistryField}`;
    const why =
      refusing === 'blockedRegistries'
        ? `blockedRegistries lists ${JSON.stringify(registry)}`
        : registry === undefined
          ? refusing === 'allowedRegistriesForImport'
            ? 'allowedRegistriesForImport has no domainName "quay.io" together with "registry.redhat.io" or ' +
              '"redhat.io" (the operator compares the strings; globs and ports do not count)'
            : 'allowedRegistries does not list both "registry.redhat.io" and "quay.io" as written (the operator compares the strings)'
          : refusing === 'allowedRegistriesForImport'
            ? `no allowedRegistriesForImport domainName is a suffix of ${JSON.stringify(registry)} (the operator compares the strings)`
            : `allowedRegistries does not list ${JSON.stringify(registry)} as written (the operator compares the strings)`;
    const field = `${r.fields[refusing]} in ${r.file}`;
    const fix =
      refusing === 'blockedRegistries'
        ? `remove ${JSON.stringify(registry)} from ${field}, or set samplesRegistry (${setting}) to a registry that is not blocked`
        : registry === undefined
          ? refusing === 'allowedRegistriesForImport'
            ? `add { domainName: "quay.io" } and { domainName: "registry.redhat.io" ` +
              `} (each exactly so) to ${field}, or set samplesRegistry (${setting})`
            : `add "quay.io" and "registry.redhat.io" (each exactly so) to ${field}, or set samplesRegistry (${setting})`
          : refusing === 'allowedRegistriesForImport'
            ? `add { domainName: ${JSON.stringify(registry)} } to ${field}`
            : `add ${JSON.stringify(registry)} (exactly so) to ${field}`;
    return [
      finding(
        plan,
        'registries/samples-registry-refused',
        at(r, refusing),
        `on ${plan.cluster.name}, samplesRegistry ${registry === undefined ? 'is not set' : `is ${JSON.stringify(registry)}`} ` +
          `(${setting}) and ${why} (${r.fields[refusing]}): ` +
          `the Samples Operator sets its Config's ConfigurationValid condition ` +
          `to False ("global openshift image configuration prevents the ` +
          `creation of imagestreams using the registry ${registry ?? ''}") ` +
          'and applies none of the Config (skip lists, registry) until the image configuration allows it',
        fix,
      ),
    ];
  });

/**
 * Once the operator accepts its Config, openshift-apiserver checks each sample ImageStream against
 * allowedRegistriesForImport when the operator creates it, matching registries, not strings: `"redhat.io"`
 * satisfies the operator, not the import, and neither allows registry.access.redhat.com.
 */
function samplesImportFindings(plan: ClusterPlan, ref: ImageUse): Finding[] {
  const r = plan.registries;
  if (samplesOperatorRefusal(ref.defaulted ? undefined : ref.image, r) !== undefined) return [];
  if (allowedForImport(ref.image, r.allowedRegistriesForImport, r.internalRegistry)) return [];
  const typo = misspeltEntry(
    plan,
    'registries/not-importable',
    'allowedRegistriesForImport',
    r.allowedRegistriesForImport.map((l) => l.domainName),
    ref.image,
    `openshift-apiserver refuses to create the sample image streams from it (${ref.usedBy})`,
  );
  if (typo) return [typo];
  return [
    finding(
      plan,
      'registries/not-importable',
      { file: ref.file, field: ref.field },
      `${ref.usedBy}, but ${ref.image} is not in allowedRegistriesForImport ` +
        `on ${plan.cluster.name} (${quoteAll(r.allowedRegistriesForImport.map((l) => l.domainName))}): ` +
        `openshift-apiserver refuses to create those image streams`,
      `add { domainName: ${JSON.stringify(ref.image)} } to ${r.fields.allowedRegistriesForImport} in ${r.file}` +
        (ref.defaulted ? `, or set samplesRegistry to a registry that serves them, or stop keeping them` : ''),
    ),
  ];
}

/**
 * The Machine Config Operator renders one registries.conf from every IDMS, ITMS and ICSP and refuses all
 * of it when one source (the string as written) has two mirrorSourcePolicy values; an ICSP rule, which has
 * no such field, counts as AllowContactingSource (machine-config-operator
 * `pkg/controller/container-runtime-config/helpers.go`, `validateRegistriesConfScopes`, `convertICSPToIDMS`).
 */
const mirrorSourcePolicyConflict: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const first = new Map<string, PlannedMirror>();
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const rule of rulesOf([...plan.registries.imageDigestMirrorSets, ...plan.registries.imageTagMirrorSets])) {
      const earlier = first.get(rule.source);
      if (earlier === undefined) {
        first.set(rule.source, rule);
        continue;
      }
      if (effectivePolicy(earlier) === effectivePolicy(rule) || reported.has(rule.source)) continue;
      reported.add(rule.source);
      const never = effectivePolicy(rule) === 'NeverContactSource' ? rule : earlier;
      const allow = never === rule ? earlier : rule;
      const describe = (m: PlannedMirror) =>
        `${m.file}: ${m.field} (${m.mirrorSourcePolicy ?? 'an ImageContentSourcePolicy entry, which counts as AllowContactingSource'})`;
      findings.push(
        finding(
          plan,
          'registries/mirror-source-policy-conflict',
          { file: never.file, field: never.field },
          `the mirror rules for ${JSON.stringify(rule.source)} on ${plan.cluster.name} ` +
            `disagree on mirrorSourcePolicy: ${describe(never)} and ${describe(allow)}; ` +
            `the Machine Config Operator then renders no registry configuration ` +
            `for any node ("conflicting mirrorSourcePolicy is set for the ` +
            `same source ${JSON.stringify(rule.source)} in imagedigestmirrorsets, ` +
            `imagetagmirrorsets, or imagecontentsourcepolicies"), so no mirror, ` +
            `blocked or insecure registry change reaches the nodes`,
          allow.mirrorSourcePolicy === undefined
            ? `set mirrorSourcePolicy: 'AllowContactingSource' in ${never.file}: ${never.field}, ` +
                `or delete ${allow.file} and keep the catalog rule (an ICSP cannot ` +
                `say NeverContactSource); also delete that ImageContentSourcePolicy ` +
                `from the cluster, where the Machine Config Operator reads it ` +
                `as long as it exists`
            : `use one mirrorSourcePolicy for ${JSON.stringify(rule.source)} ` +
                `in both ${never.file}: ${never.field} and ${allow.file}: ${allow.field}`,
        ),
      );
    }
    return findings;
  });

/** The same `validateRegistriesConfScopes` refuses a NeverContactSource rule that lists its own source as a mirror. */
const neverContactSourceAsMirror: Rule = ({ plans }) =>
  plans.flatMap((plan) =>
    rulesOf([...plan.registries.imageDigestMirrorSets, ...plan.registries.imageTagMirrorSets])
      .filter((rule) => rule.mirrorSourcePolicy === 'NeverContactSource' && rule.mirrors.includes(rule.source))
      .map((rule) =>
        finding(
          plan,
          'registries/never-contact-source-as-mirror',
          { file: rule.file, field: rule.field },
          `the mirror rule for ${JSON.stringify(rule.source)} on ${plan.cluster.name} ` +
            `sets mirrorSourcePolicy NeverContactSource and lists the source ` +
            `itself as a mirror; the Machine Config Operator then renders ` +
            `no registry configuration for any node ("cannot set mirrorSourcePolicy: ` +
            `NeverContactSource if the source ${JSON.stringify(rule.source)} ` +
            `is one of the mirrors")`,
          `remove ${JSON.stringify(rule.source)} from the mirrors, or set mirrorSourcePolicy: 'AllowContactingSource'`,
        ),
      ),
  );

function effectivePolicy(rule: PlannedMirror): 'AllowContactingSource' | 'NeverContactSource' {
  return rule.mirrorSourcePolicy ?? 'AllowContactingSource';
}

/** What a disconnected cluster's images need: the images to copy to its mirrors, and the references no mirror serves. */
export interface MirroringNeeds {
  /** Images served through a mirror rule: the mirroring job must copy them. Sorted, unique. */
  readonly toMirror: readonly string[];
  /** References the cluster cannot reach at all. */
  readonly unreachable: readonly ImageUse[];
}

/**
 * An image is reachable on a disconnected cluster when it is on the internal registry or on a mirror
 * registry, or when a mirror rule of its kind (digest or tag) with at least one mirror covers it. The
 * Samples Operator imports from its registry directly, so that registry must itself be a mirror registry.
 */
export function mirroringNeeds(plan: ClusterPlan): MirroringNeeds {
  // A function of the uses and of the internal registry and mirror rules (`mirrorKey`), both read-only
  // and shared by clusters: made once per distinct pair.
  const byMirrors = getOrSet(MIRRORING_NEEDS, plan.imageUses, () => new Map<string, MirroringNeeds>());
  return getOrSet(byMirrors, mirrorKey(plan.registries), () => mirroringNeedsOf(plan.imageUses, plan.registries));
}
const MIRRORING_NEEDS = new WeakMap<readonly ImageUse[], Map<string, MirroringNeeds>>();

/** What of a cluster's registry policy `mirroringNeedsOf` reads: the internal registry and the mirror rules. */
const mirrorKey = memoByIdentity((r: ClusterRegistries): string =>
  JSON.stringify([r.internalRegistry, mirrorRulesKey(r.imageDigestMirrorSets), mirrorRulesKey(r.imageTagMirrorSets)]),
);

function mirroringNeedsOf(uses: readonly ImageUse[], r: ClusterRegistries): MirroringNeeds {
  const reachableHosts = new Set([r.internalRegistry, ...mirrorHosts(r)]);
  const toMirror = new Set<string>();
  const unreachable: ImageUse[] = [];
  for (const ref of uses) {
    if (ref.role === 'samples-registry') {
      if (!reachableHosts.has(ref.image)) unreachable.push(ref);
      continue;
    }
    const parsed = parseImageReference(ref.image);
    if (!parsed || reachableHosts.has(parsed.registry)) continue;
    if (mirrorFor(parsed, r)) toMirror.add(ref.image);
    else unreachable.push(ref);
  }
  return Object.freeze({ toMirror: Object.freeze([...toMirror].sort(compareStrings)), unreachable: Object.freeze(unreachable) });
}

const notMirrored: Rule = ({ plans }) =>
  plans.flatMap((plan) => {
    const r = plan.registries;
    if (!r.disconnected) return [];
    const { unreachable } = mirroringNeeds(plan);
    if (unreachable.length === 0) return [];
    const lines = unreachable.map((ref) => {
      if (ref.role === 'samples-registry') {
        return (
          `${JSON.stringify(ref.image)}: ${ref.usedBy} (${ref.file}: ${ref.field}); ` +
          `set the samples registry to a mirror registry of this cluster ` +
          `and mirror the samples there, or ${SAMPLES_CONSEQUENCE}`
        );
      }
      const kind = parseImageReference(ref.image)?.digest !== undefined ? 'imageDigestMirrors' : 'imageTagMirrors';
      return `${JSON.stringify(ref.image)}: ${ref.usedBy} (${ref.file}: ${ref.field}) needs an ${kind} rule`;
    });
    const sources = [
      ...new Set(unreachable.filter((ref) => ref.role !== 'samples-registry').map((ref) => parseImageReference(ref.image)?.name ?? ref.image)),
    ].sort(compareStrings);
    return [
      finding(
        plan,
        'registries/not-mirrored',
        at(r, 'imageDigestMirrors'),
        `${plan.cluster.name} is disconnected, and ${unreachable.length} ` +
          `image source(s) are on no mirror it can reach:\n    ${lines.join('\n    ')}`,
        sources.length > 0
          ? `add mirror rules (with at least one mirror) covering ${quoteAll(sources)} ` +
              `to ${r.fields.imageDigestMirrors} or ${r.fields.imageTagMirrors}, ` +
              `or take the images from a mirror registry`
          : 'point the samples registry at a mirror registry of this cluster',
      ),
    ];
  });

/** Catalog rules are grouped by name, so a clash always involves an ICSP-converted set. */
const mirrorSetNameClash: Rule = ({ plans }) =>
  plans.flatMap((plan) =>
    (['ImageDigestMirrorSet', 'ImageTagMirrorSet'] as const).flatMap((kind) => {
      const sets = kind === 'ImageDigestMirrorSet' ? plan.registries.imageDigestMirrorSets : plan.registries.imageTagMirrorSets;
      return sets
        .filter((set, i) => sets.findIndex((s) => s.name === set.name) !== i)
        .map((set) => {
          const first = sets.find((s) => s.name === set.name) as MirrorSet;
          const icspFile = set.file !== plan.registries.file ? set.file : first.file;
          return finding(
            plan,
            'registries/mirror-set-name-clash',
            { file: icspFile, field: 'metadata.name' },
            `two ${kind}s on ${plan.cluster.name} would be named ${JSON.stringify(set.name)} ` +
              `(from ${first.file} and ${set.file}); one would overwrite the other`,
            `rename the ImageContentSourcePolicy in ${icspFile} (metadata.name)`,
          );
        });
    }),
  );

/** Every registry rule (see docs/ARCHITECTURE.md, "Registry policy and mirrors"). */
export const REGISTRY_RULES: readonly Rule[] = [
  skippingCleanRegistries(allowedAndBlocked),
  skippingCleanRegistries(allowedMissingRequired),
  skippingCleanRegistries(insecureNotAllowed),
  skippingCleanRegistries(payloadRegistryBlocked),
  skippingCleanRegistries(publicSearchRegistry),
  insecureOnProd,
  samplesRegistryRefused,
  imagesAllowed,
  skippingCleanRegistries(mirrorSourcePolicyConflict),
  skippingCleanRegistries(neverContactSourceAsMirror),
  notMirrored,
  skippingCleanRegistries(mirrorSetNameClash),
];

/**
 * `rule`, for a rule that checks each cluster on its own and finds something or nothing by its
 * registries alone (read-only, shared by clusters): a registries object found clean on one cluster is
 * not checked again. Where it finds something, each cluster is checked, for findings that name it.
 */
function skippingCleanRegistries(rule: Rule): Rule {
  return (context) => {
    const clean = new WeakSet<ClusterRegistries>();
    return context.plans.flatMap((plan) => {
      if (clean.has(plan.registries)) return [];
      const findings = rule({ ...context, plans: [plan] });
      if (findings.length === 0) clean.add(plan.registries);
      return findings;
    });
  };
}
