import { z } from 'zod';
import { crossField, dnsLabel, dnsSubdomain, matching, reportDuplicates } from './_schema';
import { registryHost } from './registries';

/** Names under `dist/` that are not clusters. */
export const RESERVED_FOLDER_NAMES = ['argocd', 'reports'] as const;

export const DEFAULT_INTERNAL_REGISTRY = 'image-registry.openshift-image-registry.svc:5000';

/**
 * Optional cluster capabilities the compiler acts on, named as openshift/api `config/v1`
 * `ClusterVersionCapability` names them (`ClusterVersionCapabilityOpenShiftSamples`).
 */
export const CAPABILITIES = ['openshift-samples'] as const;

/** Environments a cluster belongs to, in promotion order: a change reaches `prod` last. */
export const ENVIRONMENTS = ['lab', 'test', 'prod'] as const;

/**
 * CPU architectures as OpenShift release payloads name them (the Samples Operator's Config spells
 * `aarch64` as `arm64`; src/model/samples.ts maps it).
 */
export const ARCHITECTURES = ['x86_64', 'aarch64', 'ppc64le', 's390x'] as const;

const openshiftVersion = matching(
  /^\d+\.\d+(\.\d+)?$/,
  'an OpenShift release as major.minor or major.minor.patch, e.g. "4.16" or "4.16.3"',
  (value) => `write the release without prefix or suffix, e.g. ${JSON.stringify(value.replace(/^v/, '').split('-')[0] || '4.16')}`,
);

const httpsUrl = matching(
  /^https:\/\/[^\s/]+(\/\S*)?$/,
  'an https:// URL',
  (value) => `write the full URL, e.g. ${JSON.stringify('https://' + value.replace(/^\w+:\/\//, ''))}`,
);

const destination = z.union(
  [
    z.strictObject({
      /** Kubernetes API server URL as registered in Argo CD, e.g. `https://api.gold.example.com:6443`. */
      server: httpsUrl,
    }),
    z.strictObject({
      /** Cluster name as registered in Argo CD. */
      name: dnsSubdomain,
    }),
  ],
  { error: 'an Argo CD destination: { server: "https://api…:6443" } or { name: "<registered cluster name>" }' },
);

export const clusterSchema = z.strictObject({
  /** DNS label; also the folder `dist/<name>/` and the Argo CD Application suffix. */
  name: dnsLabel.superRefine((name, ctx) => {
    if (!(RESERVED_FOLDER_NAMES as readonly string[]).includes(name)) return;
    const expected = `a cluster name other than ${RESERVED_FOLDER_NAMES.map((n) => `"${n}"`).join(' and ')} (dist/ uses those folders)`;
    ctx.addIssue({ code: 'custom', message: expected, input: name, params: { expected, fix: 'choose another name for the cluster' } });
  }),
  /** OpenShift release the cluster runs, e.g. `"4.16"`; chooses the Samples Operator inventory. */
  openshiftVersion,
  /** `build`: the lab cluster where curated images are built; `consumer`: imports them. */
  role: z.enum(['build', 'consumer']),
  /** Which environment the cluster serves; `prod` clusters get the stricter checks and come first in reviews. */
  environment: z.enum(ENVIRONMENTS),
  /** @default ['x86_64'] */
  architectures: z.array(z.enum(ARCHITECTURES)).min(1).default(['x86_64']),
  /** `disconnected`: no route to public registries; every image must come through a mirror. @default 'connected' */
  connectivity: z.enum(['connected', 'disconnected']).default('connected'),
  /** Where Argo CD deploys this cluster's folder. */
  destination,
  /** @default 'image-registry.openshift-image-registry.svc:5000' */
  internalRegistry: registryHost.default(DEFAULT_INTERNAL_REGISTRY),
  /**
   * Capabilities the cluster was installed without (in its ClusterVersion's `status.capabilities.knownCapabilities`,
   * not in `enabledCapabilities`). `openshift-samples`: no Samples Operator runs, so the cluster gets no samples `Config`.
   * @default []
   */
  disabledCapabilities: z.array(z.enum(CAPABILITIES)).default([]),
});

export const fleetSchema = z
  .strictObject({
    /** Namespace holding the curated images on every cluster. @default 'bcgov' */
    curatedNamespace: dnsLabel
      .superRefine((name, ctx) => {
        if (!/^(openshift(-.*)?|kube-.*|default)$/.test(name)) return;
        const expected = 'a namespace of your own, not one OpenShift or Kubernetes owns (openshift, openshift-*, kube-*, default)';
        ctx.addIssue({
          code: 'custom',
          message: expected,
          input: name,
          params: { expected, fix: 'choose a namespace the platform team owns, e.g. "shared-images"; samples in openshift are chosen in samples.ts' },
        });
      })
      .default('bcgov'),
    /** The git repository Argo CD reads `dist/` from. */
    gitops: z.strictObject({
      /** URL of this repository as Argo CD reaches it, e.g. `https://github.com/my-org/images.git`. */
      repoURL: z.string().min(1),
      /** Branch, tag or commit Argo CD follows. @default 'main' */
      targetRevision: z.string().min(1).default('main'),
      /** Namespace of the Argo CD instance that holds the ApplicationSet. @default 'openshift-gitops' */
      argocdNamespace: dnsLabel.default('openshift-gitops'),
      /** Argo CD project of the generated Applications. @default 'default' */
      project: dnsSubdomain.default('default'),
      /** Folder of the cluster folders in the repository. @default 'dist' */
      path: matching(
        /^(?!.*(^|\/)\.\.?(\/|$))[^/\s]+(\/[^/\s]+)*$/,
        'a folder path relative to the repository root, without leading or trailing "/" and without "." or ' + '".." segments, e.g. "dist"',
        (value) => `write it relative to the repository root, e.g. ${JSON.stringify(relativeExample(value))}`,
      ).default('dist'),
    }),
    /** Every cluster of the fleet; each gets `dist/<name>/`. */
    clusters: z.array(clusterSchema).min(1),
    /**
     * Fleet-wide settings of the curated images (`catalogs/images/`); required when there are any.
     * @default - none
     */
    curation: z
      .strictObject({
        /** Namespace on the build cluster the image builds run in (they push to the distribution registry), e.g. `platform-tools`. */
        buildNamespace: dnsLabel,
        /** Prefix of the owner, champion, source and schedule annotations, e.g. `images.example.com`. */
        annotationDomain: dnsSubdomain,
      })
      .optional(),
  })
  .check(
    crossField([], (fleet, ctx) =>
      reportDuplicates(
        fleet.clusters,
        (c) => c.name,
        ctx,
        (i) => ['clusters', i, 'name'],
        'cluster name',
      ),
    ),
    crossField([['clusters', '*', 'role']], (fleet, ctx) => {
      const builders = fleet.clusters.filter((c) => c.role === 'build');
      if (builders.length === 1) return;
      ctx.addIssue({
        code: 'custom',
        path: ['clusters'],
        message: 'exactly one build cluster',
        input: builders.map((c) => c.name),
        params: {
          expected: "exactly one cluster with role 'build' (the lab cluster where curated images are built)",
          received: builders.length === 0 ? 'none' : `${builders.length}: ${builders.map((c) => c.name).join(', ')}`,
          fix: builders.length === 0 ? "set role: 'build' on the lab cluster" : "keep role: 'build' on one cluster and set the others to 'consumer'",
        },
      });
    }),
    crossField([['curation', 'buildNamespace'], ['curatedNamespace']], (fleet, ctx) => {
      if (fleet.curation?.buildNamespace !== fleet.curatedNamespace) return;
      const expected =
        `a build namespace other than the curated namespace ${JSON.stringify(fleet.curatedNamespace)} ` +
        `(the image builds run there, apart from what users read)`;
      ctx.addIssue({
        code: 'custom',
        path: ['curation', 'buildNamespace'],
        message: expected,
        input: fleet.curation.buildNamespace,
        params: { expected, fix: `use the namespace the image builds run in, e.g. ${JSON.stringify(`${fleet.curatedNamespace}-tools`)}` },
      });
    }),
  );

/**
 * The fleet as written in `catalogs/fleet.ts` (`defineFleet`): the clusters, where Argo CD deploys each
 * one's folder, and the curation settings shared by every catalog file.
 */
export type FleetInput = z.input<typeof fleetSchema>;
export type Fleet = z.output<typeof fleetSchema>;
export type Cluster = z.output<typeof clusterSchema>;
export type Architecture = (typeof ARCHITECTURES)[number];
export type Capability = (typeof CAPABILITIES)[number];

/** Whether the Samples Operator runs on the cluster (the `openshift-samples` capability is not disabled). */
export function hasSamplesOperator(cluster: Pick<Cluster, 'disabledCapabilities'>): boolean {
  return !cluster.disabledCapabilities.includes('openshift-samples');
}

/** Typed identity: gives editor completion and type checks in `catalogs/fleet.ts`. */
export function defineFleet(fleet: FleetInput): FleetInput {
  return fleet;
}

/** `value` without leading or trailing slashes and `.`/`..` segments: an example of a relative `gitops.path`. */
function relativeExample(value: string): string {
  return value.replace(/^\/+|\/+$/g, '').replace(/(^|\/)\.\.?(?=\/|$)/g, '') || 'dist';
}
