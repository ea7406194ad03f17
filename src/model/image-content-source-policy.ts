import { z } from 'zod';
import { crossField, dnsSubdomain, matching, reportDuplicates } from './_schema';
import { MIRROR_LOCATION, mirrorEqualsSource, REGISTRY_SCOPE } from './registries';

/**
 * A legacy `ImageContentSourcePolicy` file, one object per file, as `oc adm migrate icsp` reads it.
 * The compiler never emits it: each is converted to an `ImageDigestMirrorSet`. Sources and mirrors
 * must be what the `ImageDigestMirrorSet` CRD accepts, or the converted object would be rejected.
 */
export const imageContentSourcePolicySchema = z.strictObject({
  apiVersion: z.literal('operator.openshift.io/v1alpha1'),
  kind: z.literal('ImageContentSourcePolicy'),
  metadata: z.strictObject({
    name: dnsSubdomain,
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    /** Dropped by the conversion, as `oc adm migrate icsp` drops it. */
    creationTimestamp: z.unknown().optional(),
  }),
  spec: z.strictObject({
    /** Each becomes a source of the converted `ImageDigestMirrorSet`, with the same mirrors in the same order. */
    repositoryDigestMirrors: z
      .array(
        z
          .strictObject({
            /** The repository pulled by digest, e.g. `quay.io/openshift-release-dev/ocp-release`. */
            source: matching(
              REGISTRY_SCOPE,
              'a source host[:port][/path] or *.domain, as an ImageDigestMirrorSet accepts it',
              () => 'remove the scheme, tag or digest',
            ),
            /** Where the same digests can be pulled from, most preferred first, e.g. `["mirror.example.com/ocp/release"]`. */
            mirrors: z
              .array(
                matching(
                  MIRROR_LOCATION,
                  'a mirror host[:port][/path], as an ImageDigestMirrorSet accepts it',
                  () => 'remove the scheme, wildcard, tag or digest',
                ),
              )
              .check(crossField([], (items, ctx) => reportDuplicates(items, String, ctx, (i) => [i], 'mirror')))
              .optional(),
          })
          .check(crossField([['source'], ['mirrors']], (entry, ctx) => mirrorEqualsSource(entry.source, entry.mirrors ?? [], ctx))),
      )
      .optional(),
  }),
  /** Dropped by the conversion, as `oc adm migrate icsp` drops it. */
  status: z.unknown().optional(),
});

export type ImageContentSourcePolicy = z.output<typeof imageContentSourcePolicySchema>;

/** An ICSP file of the catalog and the clusters it applies to. */
export interface LegacyMirrorPolicy {
  /** e.g. `catalogs/icsp/emerald/release.yaml`. */
  readonly file: string;
  /** The cluster of its folder (`icsp/<cluster>/`); absent for `icsp/*.yaml`, which apply to every cluster. */
  readonly cluster?: string;
  readonly policy: ImageContentSourcePolicy;
}

/** `catalogs/icsp/x.yaml` → `{}`; `catalogs/icsp/gold/x.yaml` → `{ cluster: 'gold' }`; other paths → undefined. */
export function icspLocation(root: string, file: string): { readonly cluster?: string } | undefined {
  const prefix = `${root}/icsp/`;
  if (!file.startsWith(prefix)) return undefined;
  const match = /^(?:([^/]+)\/)?[^/]+\.ya?ml$/.exec(file.slice(prefix.length));
  if (!match) return undefined;
  return match[1] === undefined ? {} : { cluster: match[1] };
}
