import * as semver from 'semver';
import { compareStrings } from '../shared';
import { fieldPath } from './catalog-error';
import type { ImageVariant, ImageVersion } from './images';

/** Tracking tags an image may declare; each follows one version tag of the same stream. */
export const TRACKING_TAGS = ['latest', 'stable'] as const;
export type TrackingTagName = (typeof TRACKING_TAGS)[number];

/**
 * Exactly a semantic version (semver.org): no `v` prefix, and no build metadata, as `+` cannot
 * appear in an image tag. A tag `<version>-<variant><variant-version>` is itself a semantic version.
 */
export function isSemver(value: string): boolean {
  return semver.valid(value) === value;
}

/** One version tag of an image, with where it is declared. */
export interface ImageTag {
  readonly tag: string;
  /** Application version (the `version` annotation). */
  readonly version: string;
  readonly variant?: ImageVariant;
  readonly deprecated: boolean;
  /** Field path in the image's catalog file, e.g. `versions[1].variants[0]`. */
  readonly field: string;
  readonly path: readonly PropertyKey[];
}

/** Every version tag of an image in catalog order; a repeated version counts once. */
export function imageTags(image: { readonly versions: readonly ImageVersion[] }): ImageTag[] {
  const seen = new Set<string>();
  const tags: ImageTag[] = [];
  image.versions.forEach((v, i) => {
    if (seen.has(v.version)) return;
    seen.add(v.version);
    if (!v.variants) {
      const path = ['versions', i, 'version'];
      tags.push({ tag: v.version, version: v.version, deprecated: v.deprecated, field: fieldPath(path), path });
      return;
    }
    v.variants.forEach((variant, j) => {
      const path = ['versions', i, 'variants', j];
      tags.push({
        tag: `${v.version}-${variant.id}${variant.version}`,
        version: v.version,
        variant,
        deprecated: v.deprecated,
        field: fieldPath(path),
        path,
      });
    });
  });
  return tags;
}

/** Orders tags by application version, then variant identifier, then variant version. */
export function compareTags(a: ImageTag, b: ImageTag): number {
  return (
    semver.compare(a.version, b.version) ||
    compareStrings(a.variant?.id ?? '', b.variant?.id ?? '') ||
    (a.variant && b.variant ? semver.compare(a.variant.version, b.variant.version) : 0)
  );
}

/**
 * The tag `latest` should follow: the highest that is not deprecated (the highest of all when every
 * version is deprecated).
 */
export function highestTag(tags: readonly ImageTag[]): ImageTag | undefined {
  const supported = tags.filter((t) => !t.deprecated);
  return [...(supported.length > 0 ? supported : tags)].sort(compareTags).at(-1);
}

/** Tags that are newer than `tag` for the same configuration: a higher version, or a newer build of the same variant. */
export function newerTags(tag: ImageTag, tags: readonly ImageTag[]): ImageTag[] {
  return tags.filter(
    (t) =>
      !t.deprecated &&
      (semver.gt(t.version, tag.version) ||
        (t.version === tag.version &&
          t.variant !== undefined &&
          t.variant.id === tag.variant?.id &&
          semver.gt(t.variant.version, tag.variant.version))),
  );
}

/** `patroni:1.2.0` → `1.2.0` for the image `patroni`; a bare tag is returned as it is. */
export function trackingTarget(imageName: string, target: string): { stream: string; tag: string } {
  const colon = target.indexOf(':');
  return colon === -1 ? { stream: imageName, tag: target } : { stream: target.slice(0, colon), tag: target.slice(colon + 1) };
}
