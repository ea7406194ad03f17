import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { crossField, dnsSubdomain, matching, reportDuplicates } from './_schema';
import { describeValue } from './catalog-error';

const REGISTRY_HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:\d{1,5})?$/;

/** `host[:port]`, as registries are named in image references. */
export const registryHost = matching(
  REGISTRY_HOST,
  'a registry host name with an optional port, e.g. "artifacts.example.com" or "registry.local:5000"',
  () => 'write only host[:port], without scheme or path',
);

const LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST_PORT = `${LABEL}(?:\\.${LABEL})*(?::[0-9]+)?`;
// The CRDs write a path component as `[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*` nested in `+`; JavaScript's
// backtracking engine takes exponential time on that form, so this is the same language without the
// empty separator (an empty separator only joins two runs of [a-z0-9], which `[a-z0-9]+` already does).
const PATH = '(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*';

/**
 * A registry scope as the `Image` CRD's CEL rule accepts it for `allowedRegistries`, `blockedRegistries`
 * and `insecureRegistries`, and as the mirror-set CRDs accept a `source`: `host[:port][/path]` or `*.domain`.
 */
export const REGISTRY_SCOPE = new RegExp(`^\\*(?:\\.${LABEL})+$|^${HOST_PORT}${PATH}$`);
/** A mirror location (the mirror-set CRDs' `mirrors[]` pattern): `host[:port][/path]`, no wildcard. */
export const MIRROR_LOCATION = new RegExp(`^${HOST_PORT}${PATH}$`);
/**
 * A fully qualified pull spec: `host[:port]/repository[:tag][@digest]`, the host with a dot or a port
 * (or `localhost`), as the Docker reference grammar tells a registry from a Docker Hub path.
 */
export const IMAGE_PULL_SPEC = new RegExp(
  `^(?=[^/]*[.:]|localhost/)${HOST_PORT}(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+` +
    `(?::[\\w][\\w.-]{0,127})?(?:@[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+)?$`,
);
/** A host name as the `Image` CRD's `containerRuntimeSearchRegistries` (`format: hostname`) accepts it. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
/** `allowedRegistriesForImport[].domainName`: `host[:port]`, each part may hold the globs `*` and `?`. */
const DOMAIN_GLOB = /^[-A-Za-z0-9.*?]+(:[0-9*?]+)?$/;

const registryScope = z
  .string()
  .max(256)
  .superRefine(
    (value, ctx) => {
      if (REGISTRY_SCOPE.test(value)) return;
      const expected = 'a registry scope host[:port][/path] or *.domain, without scheme, tag or digest (the Image CRD rule)';
      ctx.addIssue({
        code: 'custom',
        message: expected,
        input: value,
        params: { expected, fix: `write it as ${JSON.stringify(suggestScope(value))}` },
      });
    },
    // A scope too long is told so once, not also that it is no scope.
    { when: (payload) => payload.issues.length === 0 },
  );

/** `quay.io/org/app:1.0` → `quay.io/org/app`; `https://Reg.io/` → `Reg.io`. */
function suggestScope(value: string): string {
  const withoutScheme = value.replace(/^\w+:\/\//, '').replace(/\/+$/, '');
  const [host, ...path] = withoutScheme.split('/');
  const cleanPath = path
    .join('/')
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '')
    .toLowerCase();
  const suggestion = cleanPath ? `${host}/${cleanPath}` : host;
  return suggestion || 'registry.example.com';
}

const mirrorSource = matching(
  REGISTRY_SCOPE,
  'a mirror source host[:port][/path] or *.domain, without scheme, tag or digest (the mirror-set CRD pattern)',
  (value) => `write it as ${JSON.stringify(suggestScope(value))}`,
);

const mirrorLocation = matching(
  MIRROR_LOCATION,
  'a mirror location host[:port][/path], without scheme, wildcard, tag or digest (the mirror-set CRD pattern)',
  (value) => `write it as ${JSON.stringify(suggestScope(value).replace(/^\*\./, ''))}`,
);

const searchRegistry = matching(
  HOSTNAME,
  'a registry host name without port or path (the Image CRD requires format hostname)',
  () => 'write only the host name',
);

const pemCertificate = z.string().superRefine((value, ctx) => {
  const problem = pemProblem(value);
  if (!problem) return;
  const expected = 'one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)';
  ctx.addIssue({
    code: 'custom',
    message: expected,
    input: value,
    params: { expected, received: problem, fix: "paste the registry's CA certificate in PEM form (e.g. the output of `openssl x509 -in ca.crt`)" },
  });
});

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;

/** Why `value` is not a bundle of PEM certificates, or undefined when it is. */
export function pemProblem(value: string): string | undefined {
  const blocks = [...value.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) return `${describeValue(value.length > 40 ? value.slice(0, 40) + '…' : value)}, which holds no PEM block`;
  const rest = value.replace(PEM_BLOCK, '').trim();
  if (rest !== '') return `text outside the PEM blocks: ${JSON.stringify(rest.slice(0, 40))}`;
  for (const [block, label] of blocks) {
    if (label !== 'CERTIFICATE') return `a PEM block of type ${label}, not CERTIFICATE`;
    try {
      new X509Certificate(block);
    } catch (error) {
      return `a CERTIFICATE block that does not parse as X.509 (${(error as Error).message})`;
    }
  }
  return undefined;
}

/** The PEM blocks of a valid bundle, one after the other, ending in a newline. */
export function normalizePem(value: string): string {
  return [...value.matchAll(PEM_BLOCK)].map(([block]) => block.replace(/\r\n/g, '\n')).join('\n') + '\n';
}

/** Rejects entries that repeat an earlier one (the API treats these lists as sets). */
function uniqueList<T extends z.ZodType>(item: T, what: string, key: (v: z.output<T>) => string = String, max = 1024) {
  return z
    .array(item)
    .max(max)
    .check(crossField([], (items, ctx) => reportDuplicates(items, key, ctx, (i) => [i], what)));
}

const registryLocation = z.strictObject({
  /** Registry host, optionally `:port`; `*` and `?` are globs, e.g. `*.example.com`. Without a port, 443 (80 when insecure). */
  domainName: matching(
    DOMAIN_GLOB,
    'a registry domain name host[:port], where * and ? may stand for any characters',
    () => 'write only host[:port], without scheme or path',
  ),
  /** The registry is reached over plain HTTP or without TLS verification. @default false */
  insecure: z.boolean().default(false),
});

const mirrorRule = z
  .strictObject({
    /** The repository users refer to: `host[:port][/path]` or `*.domain`, e.g. `registry.redhat.io`. Matches by repository prefix. */
    source: mirrorSource,
    /** Where the same images can be pulled from, most preferred first; at least one. */
    // Reads only the list's length.
    mirrors: uniqueList(mirrorLocation, 'mirror').check(
      crossField([], (mirrors, ctx) => {
        // openshift/api config/v1 ImageDigestMirrors.Mirrors: "No mirror will be configured if not specified".
        if (mirrors.length > 0) return;
        const expected = 'at least one mirror';
        ctx.addIssue({
          code: 'custom',
          message: expected,
          input: mirrors,
          params: {
            expected,
            fix:
              'add the mirror host[:port][/path], or remove the rule: without mirrors it configures nothing (and ' +
              'with NeverContactSource every pull of the source fails)',
          },
        });
      }),
    ),
    /** `NeverContactSource`: pull only from the mirrors. @default 'AllowContactingSource' */
    mirrorSourcePolicy: z.enum(['AllowContactingSource', 'NeverContactSource']).default('AllowContactingSource'),
  })
  // With NeverContactSource, a source listed as its own mirror is the policy rule `never-contact-source-as-mirror` (the MCO refuses it).
  .check(
    crossField([['source'], ['mirrors']], (rule, ctx) =>
      mirrorEqualsSource(rule.source, rule.mirrorSourcePolicy === 'NeverContactSource' ? [] : rule.mirrors, ctx),
    ),
  );

/**
 * A mirror that is its own source mirrors nothing: a pull would go to the same place. (An exported ICSP
 * entry without mirrors is converted as `oc` converts it; a catalog rule needs one.)
 */
export function mirrorEqualsSource(source: string, mirrors: readonly string[], ctx: z.RefinementCtx): void {
  mirrors.forEach((mirror, index) => {
    if (mirror.toLowerCase() !== source.toLowerCase()) return;
    const expected = 'a mirror other than the source';
    ctx.addIssue({
      code: 'custom',
      path: ['mirrors', index],
      message: expected,
      input: mirror,
      params: {
        expected,
        received: `${JSON.stringify(mirror)}, the source itself`,
        fix: 'write the mirror registry that serves copies of the source, or remove the entry',
      },
    });
  });
}

/** A duration as Go's `time.ParseDuration` reads it (the ExternalSecret `refreshInterval`), e.g. `1h0m0s`, `15m`. */
const GO_DURATION = /^(?:0|(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+)$/;

/**
 * An external-secrets.io `ExternalSecret` that creates the pull secret from a secret store. The
 * store's value under `key` (and `property`) must be a docker config JSON (`{"auths": {…}}`).
 */
const externalSecretSource = z.strictObject({
  /** The `SecretStore` (in the namespace) or `ClusterSecretStore` to read from. */
  secretStoreRef: z.strictObject({
    /** @default 'ClusterSecretStore' */
    kind: z.enum(['SecretStore', 'ClusterSecretStore']).default('ClusterSecretStore'),
    /** Name of the store, e.g. `vault-backend`. */
    name: dnsSubdomain,
  }),
  /** The key of the docker config JSON in the store, e.g. `artifactory/pull-secret`. */
  key: matching(/^\S+$/, 'the key of the docker config JSON in the secret store, without spaces', () => 'write the key as the secret store names it'),
  /**
   * The property of the key that holds the docker config JSON, when the key holds several values, e.g.
   * `dockerconfigjson`. @default - the whole value
   */
  property: matching(/^\S+$/, 'a property name without spaces', () => 'write the property as the secret store names it').optional(),
  /** How often the Secret is refreshed from the store (Go duration). @default '1h0m0s' */
  refreshInterval: matching(
    GO_DURATION,
    'a Go duration such as "1h0m0s" or "15m"',
    () => 'write it as hours, minutes and seconds, e.g. "1h0m0s"',
  ).default('1h0m0s'),
});

/**
 * How the pull secret of one registry reaches each namespace that imports from it: image imports
 * use the `kubernetes.io/dockercfg` and `kubernetes.io/dockerconfigjson` Secrets of the stream's
 * namespace (openshift-apiserver `imagesecret` REST `Get`). Exactly one of `externalSecret` and
 * `provisionedOutOfBand`.
 */
const pullSecret = z
  .strictObject({
    /** Name of the `kubernetes.io/dockerconfigjson` Secret in each importing namespace, e.g. `artifactory-pull`. */
    secretName: dnsSubdomain,
    /** The compiler emits an `ExternalSecret` named `secretName` in each importing namespace. */
    externalSecret: externalSecretSource.optional(),
    /** The Secret is created by something else: who creates it, and how (nothing is emitted), e.g. `namespace onboarding job, ticket INC-1234`. */
    provisionedOutOfBand: matching(
      /\S/,
      'who creates the Secret in each importing namespace, and how',
      () => "write who provisions it, e.g. 'namespace onboarding job, ticket INC-1234'",
    ).optional(),
  })
  // Reads only which of the two is given, which no failure of theirs changes.
  .check(
    crossField([], (secret, ctx) => {
      if ((secret.externalSecret === undefined) !== (secret.provisionedOutOfBand === undefined)) return;
      const expected = 'exactly one of externalSecret and provisionedOutOfBand';
      const received = secret.externalSecret === undefined ? 'neither' : 'both';
      ctx.addIssue({
        code: 'custom',
        message: expected,
        input: received,
        params: {
          expected,
          received,
          fix: 'give externalSecret when the compiler should emit an ExternalSecret, or provisionedOutOfBand naming who creates the Secret',
        },
      });
    }),
  );

const pullSecrets = z.record(z.string(), pullSecret).check(
  crossField([['*', 'secretName']], (secrets, ctx) => {
    const registryOf = new Map<string, string>();
    for (const [registry, { secretName }] of Object.entries(secrets)) {
      const other = registryOf.get(secretName);
      registryOf.set(secretName, other ?? registry);
      if (other === undefined) continue;
      const expected = 'a secretName no other registry uses (one Secret per registry in each namespace)';
      ctx.addIssue({
        code: 'custom',
        path: [registry, 'secretName'],
        message: expected,
        input: secretName,
        params: { expected, fix: `rename it; ${JSON.stringify(other)} already uses ${JSON.stringify(secretName)}` },
      });
    }
  }),
  // Reads the keys only.
  crossField([], (secrets, ctx) => registryHostKeyIssues(secrets, ctx, 'registry.example.com')),
);

/** Registry policy fields, named as the `Image` and mirror-set APIs name them. */
const policyFields = {
  /** Registries normal users may import ImageStream tags from. Empty: any registry. */
  allowedRegistriesForImport: uniqueList(registryLocation, 'domainName', (l) => `${l.domainName} insecure=${l.insecure}`),
  /** The only registries the container runtime may pull from. Empty: not set. Excludes `blockedRegistries`. */
  allowedRegistries: uniqueList(registryScope, 'registry'),
  /** Registries the container runtime may not pull from. Empty: not set. Excludes `allowedRegistries`. */
  blockedRegistries: uniqueList(registryScope, 'registry'),
  /** Registries without a valid TLS certificate or reached over HTTP. */
  insecureRegistries: uniqueList(registryScope, 'registry'),
  /** Registries searched, in this order, for image short names (CRI-O only). */
  containerRuntimeSearchRegistries: uniqueList(searchRegistry, 'registry'),
  /** Extra certificate authorities, PEM, keyed by the registry's `host[:port]`. */
  additionalTrustedCAs: z
    .record(z.string(), pemCertificate.transform(normalizePem))
    .check(crossField([], (cas, ctx) => registryHostKeyIssues(cas, ctx, 'registry.example.com:5000'))),
  /** Mirrors used for pulls by digest (`ImageDigestMirrorSet`). */
  imageDigestMirrors: uniqueList(mirrorRule, 'source', (r) => r.source),
  /** Mirrors used for pulls by tag (`ImageTagMirrorSet`). */
  imageTagMirrors: uniqueList(mirrorRule, 'source', (r) => r.source),
  /** Insecure registries accepted on prod clusters: registry (as written in the policy) → reason, ticket, expiry. */
  insecureWaivers: z.record(
    z.string(),
    matching(
      /\S/,
      'a reason: who accepted the risk, the ticket, until when',
      () =>
        "write why the insecure registry is accepted, e.g. 'vendor registry without TLS; risk accepted by J. " + "Doe, INC-1234, until 2025-12-31'",
    ),
  ),
  /** How each registry's pull secret reaches the namespaces that import from it, keyed by `host[:port]`. */
  pullSecrets,
};

export type PolicyField = keyof typeof policyFields;
export const POLICY_FIELDS = Object.keys(policyFields) as PolicyField[];

/** One cluster's override: each field given replaces the fleet's value of that field for this cluster. */
const clusterOverrideSchema = z.strictObject({
  allowedRegistriesForImport: policyFields.allowedRegistriesForImport.optional(),
  allowedRegistries: policyFields.allowedRegistries.optional(),
  blockedRegistries: policyFields.blockedRegistries.optional(),
  insecureRegistries: policyFields.insecureRegistries.optional(),
  containerRuntimeSearchRegistries: policyFields.containerRuntimeSearchRegistries.optional(),
  additionalTrustedCAs: policyFields.additionalTrustedCAs.optional(),
  imageDigestMirrors: policyFields.imageDigestMirrors.optional(),
  imageTagMirrors: policyFields.imageTagMirrors.optional(),
  insecureWaivers: policyFields.insecureWaivers.optional(),
  pullSecrets: policyFields.pullSecrets.optional(),
});

export const registriesSchema = z.strictObject({
  /**
   * Where consumer clusters import the curated images from (e.g. Artifactory): the lab cluster
   * pushes there, every other cluster imports `<registry>/<repository>/<image>:<tag>`.
   */
  distribution: z.strictObject({
    registry: registryHost,
    /** Repository path under the registry, e.g. `bcgov-docker-local`. */
    repository: matching(
      /^[a-z0-9]+([._\-/][a-z0-9]+)*$/,
      'a repository path: lowercase segments separated by "/", e.g. "bcgov-docker-local"',
      () => 'remove the registry host, leading "/" and capitals',
    ),
  }),
  allowedRegistriesForImport: policyFields.allowedRegistriesForImport.default([]),
  allowedRegistries: policyFields.allowedRegistries.default([]),
  blockedRegistries: policyFields.blockedRegistries.default([]),
  insecureRegistries: policyFields.insecureRegistries.default([]),
  containerRuntimeSearchRegistries: policyFields.containerRuntimeSearchRegistries.default([]),
  additionalTrustedCAs: policyFields.additionalTrustedCAs.default({}),
  imageDigestMirrors: policyFields.imageDigestMirrors.default([]),
  imageTagMirrors: policyFields.imageTagMirrors.default([]),
  insecureWaivers: policyFields.insecureWaivers.default({}),
  pullSecrets: policyFields.pullSecrets.default({}),
  /**
   * Registries ImageStreams cannot import from without credentials, `host[:port]`: every cluster
   * that imports from one needs its `pullSecrets` entry.
   */
  registriesRequiringCredentials: uniqueList(registryHost, 'registry').default([]),
  /** Per-cluster overrides, keyed by cluster name (as in `catalogs/fleet.ts`). */
  clusters: z.record(z.string(), clusterOverrideSchema).default({}),
});

/**
 * The registry policy as written in `catalogs/registries.ts` (`defineRegistries`): the distribution
 * registry, allowed, blocked and insecure registries, mirrors, pull secrets and per-cluster overrides.
 */
export type RegistriesInput = z.input<typeof registriesSchema>;
export type Registries = z.output<typeof registriesSchema>;
export type RegistryPolicy = Omit<Registries, 'distribution' | 'clusters' | 'registriesRequiringCredentials'>;
export type RegistryPolicyOverride = z.output<typeof clusterOverrideSchema>;
export type RegistryLocation = z.output<typeof registryLocation>;
export type MirrorRule = z.output<typeof mirrorRule>;
export type MirrorSourcePolicy = MirrorRule['mirrorSourcePolicy'];
/** A registry or repository scope as written in `catalogs/registries.ts`, e.g. `{ domainName: 'quay.io' }`. */
export type RegistryLocationInput = z.input<typeof registryLocation>;
/** A mirror as written in `catalogs/registries.ts`: a source and the mirrors that serve it. */
export type MirrorRuleInput = z.input<typeof mirrorRule>;
export type PullSecret = z.output<typeof pullSecret>;
/** A pull secret as written in `catalogs/registries.ts`: the registry it is for and where its value comes from. */
export type PullSecretInput = z.input<typeof pullSecret>;
export type ExternalSecretSource = z.output<typeof externalSecretSource>;

/** Typed identity: gives editor completion and type checks in `catalogs/registries.ts`. */
export function defineRegistries(registries: RegistriesInput): RegistriesInput {
  return registries;
}

/** A map keyed by registry: every key must be a `host[:port]`. */
function registryHostKeyIssues(map: Record<string, unknown>, ctx: z.RefinementCtx, example: string): void {
  for (const key of Object.keys(map)) {
    if (REGISTRY_HOST.test(key)) continue;
    const expected = `a registry host[:port] as key, e.g. ${JSON.stringify(example)}`;
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: expected,
      input: key,
      params: { expected, fix: `key it by the registry's host[:port] only, e.g. ${JSON.stringify(suggestScope(key).split('/')[0])}` },
    });
  }
}
