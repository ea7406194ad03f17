import * as semver from 'semver';
import { z } from 'zod';
import { compareStrings } from '../shared';
import { dnsLabel, matching, reportDuplicates } from './_schema';
import { CatalogProblem, describeValue, fieldPath } from './catalog-error';
import type { Fleet } from './fleet';

/** Versions kept per image (per variant for specialised images) unless the image says otherwise. */
export const DEFAULT_RETENTION = 3;

/** Tracking tags an image may declare; each follows one version tag of the same stream. */
export const TRACKING_TAGS = ['latest', 'stable'] as const;
export type TrackingTagName = (typeof TRACKING_TAGS)[number];

const TAG_SCHEME = 'the scheme <version> or <version>-<variant><variant-version>, e.g. "1.12.3" or "1.12.3-aws1.8.2"';

/**
 * Exactly a semantic version (semver.org): no `v` prefix, and no build metadata, as `+` cannot
 * appear in an image tag. A tag `<version>-<variant><variant-version>` is itself a semantic version.
 */
export function isSemver(value: string): boolean {
  return semver.valid(value) === value;
}

const semanticVersion = z.string().superRefine((value, ctx) => {
  if (isSemver(value)) return;
  const coerced = semver.coerce(value)?.version;
  const expected = 'a semantic version MAJOR.MINOR.PATCH without prefix, e.g. "1.2.0"';
  ctx.addIssue({
    code: 'custom',
    message: expected,
    input: value,
    params: { expected, fix: coerced ? `write ${JSON.stringify(coerced)}` : 'write the version as MAJOR.MINOR.PATCH, e.g. "1.2.0"' },
  });
});

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[], first: 0 },
  { name: 'hour', min: 0, max: 23, names: [], first: 0 },
  { name: 'day of month', min: 1, max: 31, names: [], first: 0 },
  { name: 'month', min: 1, max: 12, names: MONTHS, first: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, first: 0 },
];

/** What is wrong with a five-field cron expression (as CronJobs and CI schedulers read it), or undefined. */
export function cronProblem(expression: string): string | undefined {
  if (CRON_MACROS.includes(expression)) return undefined;
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `${fields.length} field${fields.length === 1 ? '' : 's'} instead of 5`;
  for (const [index, field] of fields.entries()) {
    const spec = CRON_FIELDS[index];
    const value = (text: string): number | undefined => {
      const name = spec.names.indexOf(text.toLowerCase());
      const n = /^\d+$/.test(text) ? Number(text) : name === -1 ? undefined : name + spec.first;
      return n !== undefined && n >= spec.min && n <= spec.max ? n : undefined;
    };
    for (const part of field.split(',')) {
      const match = /^(?:\*|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/i.exec(part);
      if (!match) return `${spec.name} ${JSON.stringify(part)} is not a value, range, list or step`;
      const [, from, to, step] = match;
      if (from !== undefined) {
        const start = value(from);
        const end = to === undefined ? start : value(to);
        if (start === undefined || end === undefined) return `${spec.name} ${JSON.stringify(part)} is outside ${spec.min}-${spec.max}`;
        if (start > end) return `${spec.name} range ${JSON.stringify(part)} runs backwards`;
      }
      if (step !== undefined && Number(step) < 1) return `${spec.name} step ${JSON.stringify(part)} must be at least 1`;
    }
  }
  return undefined;
}

const cronSchedule = z.string().superRefine((value, ctx) => {
  const problem = cronProblem(value);
  if (problem === undefined) return;
  const expected = 'a cron schedule: minute hour day-of-month month day-of-week, e.g. "0 3 * * 1" (Mondays 03:00), or @daily/@weekly/@monthly';
  ctx.addIssue({ code: 'custom', message: expected, input: value, params: { expected, received: `${describeValue(value)}: ${problem}`, fix: 'correct the schedule, e.g. "0 3 * * 1"' } });
});

const httpsUrl = matching(/^https:\/\/[^\s/]+(\/\S*)?$/, 'an https:// URL of the source repository', (value) => `write the full URL, e.g. ${JSON.stringify('https://' + value.replace(/^\w+:\/\//, ''))}`);

const text = z.string().min(1);

const variantSchema = z.strictObject({
  /** Configuration variant: lowercase letters only, e.g. `aws` (a digit would run into the variant version). */
  id: matching(/^[a-z]+$/, `a variant identifier of lowercase letters only, e.g. "aws", so that tags follow ${TAG_SCHEME}`, (value) => {
    const letters = /^[a-z]*/.exec(value.toLowerCase())?.[0];
    return `rename it${letters ? `, e.g. ${JSON.stringify(letters)}` : ''}; put its version in \`version\``;
  }),
  /** Version of what the variant adds (e.g. the plugin), semver: `1.8.2`. */
  version: semanticVersion,
});

const versionSchema = z.strictObject({
  /** Application version, semver without prefix: `1.12.3`. Its tag is the version itself. */
  version: semanticVersion,
  /**
   * Specialised builds of this version, one image per configuration, each tagged
   * `<version>-<id><variant version>` (e.g. `1.12.3-aws1.8.2`); the plain version is then not tagged.
   * @default - the plain version only
   */
  variants: z.array(variantSchema).min(1).optional(),
  /** Kept for existing users, hidden in the console catalog. @default false */
  deprecated: z.boolean().default(false),
});

export const imageSchema = z
  .strictObject({
    /** ImageStream name, the same on every cluster and in the distribution registry. */
    name: dnsLabel,
    /** @default - the fleet's `curatedNamespace` */
    namespace: dnsLabel.optional(),
    /** Primary owner on the platform team (person or team), who answers for the image. */
    owner: text.optional(),
    /** A community contribution; it then needs a `champion`. @default false */
    community: z.boolean().default(false),
    /** Platform-team member who rebuilds or retires a community image when its contributors move on. @default - none */
    champion: text.optional(),
    description: text,
    /** Repository the image is built from. */
    source: httpsUrl,
    /** When the build pipeline rebuilds the image (cron), e.g. `0 3 * * 1`. */
    rebuildSchedule: cronSchedule,
    /** What the OpenShift console shows. */
    display: z.strictObject({
      displayName: text,
      /** Console icon, e.g. `icon-postgresql`. @default - none */
      iconClass: text.optional(),
      /** Console categories (the `tags` annotation), e.g. `['builder', 'nodejs']`. @default [] */
      tags: z.array(matching(/^[a-z0-9][a-z0-9._+-]*$/, 'a lowercase category without commas or spaces, e.g. "builder"', () => 'write one category per entry')).default([]),
      /** What the image supports (the `supports` annotation), e.g. `['nodejs:20', 'nodejs']`. @default [] */
      supports: z.array(matching(/^[a-z0-9][a-z0-9._+:-]*$/, 'a lowercase name[:version] without commas or spaces, e.g. "nodejs:20"', () => 'write one entry per supported thing')).default([]),
    }),
    /** Versions kept, oldest to newest or in any order; at most `retention` (per variant). */
    versions: z.array(versionSchema).min(1),
    /**
     * Tracking tags: `latest` (default: the highest version that is not deprecated) and `stable`
     * (default: none), each naming a tag of this image, e.g. `{ stable: '3.0.4' }`.
     */
    tracking: z.strictObject({ latest: text.optional(), stable: text.optional() }).default({}),
    /** At most this many versions are kept. @default 3 */
    retention: z.number().int().min(1).default(DEFAULT_RETENTION),
  })
  .superRefine((image, ctx) => {
    const issue = (path: PropertyKey[], input: unknown, expected: string, fix: string, received?: string) =>
      ctx.addIssue({ code: 'custom', path, message: expected, input, params: { expected, fix, ...(received === undefined ? {} : { received }) } });

    if (image.owner === undefined) {
      issue(['owner'], undefined, 'the primary owner of the image: a person or team of the platform team', 'add `owner`: every curated image needs a primary contact who answers for it');
    }
    if (image.community && image.champion === undefined) {
      issue(['champion'], undefined, 'a champion on the platform team, since the image is a community contribution (community: true)', 'add `champion`: the platform-team member who rebuilds or retires the image when its contributors move on');
    }

    reportDuplicates(image.versions, (v) => v.version, ctx, (i) => ['versions', i, 'version'], 'version');
    // Tags of invalid versions are already reported and cannot be ordered.
    if (!image.versions.every((v) => isSemver(v.version) && (v.variants ?? []).every((x) => isSemver(x.version)))) return;
    const tags = imageTags(image);
    reportDuplicates(tags, (t) => t.tag, ctx, (i) => [...tags[i].path], 'tag');

    for (const [config, list] of groupBy(tags, (t) => t.variant?.id ?? '')) {
      if (list.length <= image.retention) continue;
      const oldest = [...list].sort(compareTags).slice(0, list.length - image.retention).map((t) => t.tag);
      issue(
        ['versions'],
        image.versions,
        `at most ${image.retention} versions${config ? ` of variant ${config}` : ''} (retention)`,
        `remove the oldest (${oldest.join(', ')}) or raise \`retention\``,
        `${list.length} versions: ${list.map((t) => t.tag).join(', ')}`,
      );
    }

    for (const key of TRACKING_TAGS) {
      const target = image.tracking[key];
      if (target === undefined) continue;
      const problem = trackingTargetProblem(image.name, key, target, tags);
      if (problem) issue(['tracking', key], target, problem.expected, problem.fix, problem.received);
    }
  });

export type ImageInput = z.input<typeof imageSchema>;
type ParsedImage = z.output<typeof imageSchema>;

/** Typed identity: gives editor completion and type checks in `catalogs/images/<image>.ts`. */
export function defineImage(image: ImageInput): ImageInput {
  return image;
}

export interface ImageVariant {
  readonly id: string;
  readonly version: string;
}

export interface ImageVersion {
  readonly version: string;
  readonly variants?: readonly ImageVariant[];
  readonly deprecated: boolean;
}

/** One curated image, validated and normalized. */
export interface CuratedImage {
  /** The catalog file it comes from, e.g. `catalogs/images/patroni.ts`. */
  readonly file: string;
  readonly name: string;
  /** The fleet's curated namespace unless the file names another. */
  readonly namespace: string;
  readonly owner: string;
  readonly community: boolean;
  readonly champion?: string;
  readonly description: string;
  readonly source: string;
  readonly rebuildSchedule: string;
  readonly display: {
    readonly displayName: string;
    readonly iconClass?: string;
    readonly tags: readonly string[];
    readonly supports: readonly string[];
  };
  readonly versions: readonly ImageVersion[];
  /** Tag names (never `<stream>:<tag>`); `latest` is always set. */
  readonly tracking: { readonly latest: string; readonly stable?: string };
  readonly retention: number;
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
      tags.push({ tag: `${v.version}-${variant.id}${variant.version}`, version: v.version, variant, deprecated: v.deprecated, field: fieldPath(path), path });
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
        (t.version === tag.version && t.variant !== undefined && t.variant.id === tag.variant?.id && semver.gt(t.variant.version, tag.variant.version))),
  );
}

/** `patroni:1.2.0` → `1.2.0` for the image `patroni`; a bare tag is returned as it is. */
export function trackingTarget(imageName: string, target: string): { stream: string; tag: string } {
  const colon = target.indexOf(':');
  return colon === -1 ? { stream: imageName, tag: target } : { stream: target.slice(0, colon), tag: target.slice(colon + 1) };
}

function trackingTargetProblem(imageName: string, key: TrackingTagName, target: string, tags: readonly ImageTag[]): { expected: string; received?: string; fix: string } | undefined {
  const { stream, tag } = trackingTarget(imageName, target);
  const example = highestTag(tags)?.tag ?? '1.0.0';
  if (stream !== imageName) {
    return {
      expected: `a tag of this image stream (${imageName}); a tracking tag of the catalog follows a tag of its own stream, so the stream never depends on another`,
      fix: `write a tag of ${imageName}, e.g. ${JSON.stringify(example)}`,
    };
  }
  if (!isSemver(tag)) {
    const coerced = semver.coerce(tag)?.version;
    const suggestion = tags.find((t) => t.tag === coerced)?.tag ?? example;
    return { expected: `a version tag of this image in ${TAG_SCHEME}`, fix: `write ${JSON.stringify(suggestion)}` };
  }
  if (!tags.some((t) => t.tag === tag)) {
    return {
      expected: `a tag of a version this image lists: ${tags.map((t) => t.tag).join(', ')}`,
      received: `${JSON.stringify(target)}, which no entry of \`versions\` produces`,
      fix: `add { version: ${JSON.stringify(tag)} } to \`versions\`, or point ${key} at one of the listed tags`,
    };
  }
  return undefined;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/** `catalogs/images/<image>.ts`: one curated image per file, directly in the folder. */
export function isImageFile(root: string, file: string): boolean {
  const prefix = `${root}/images/`;
  return file.startsWith(prefix) && /^[^/]+\.ts$/.test(file.slice(prefix.length));
}

/**
 * Completes the images parsed from their files with what needs the rest of the catalog (namespace
 * default, unique names, the fleet's curation settings) and normalizes tracking tags. Problems are
 * collected, not thrown.
 */
export function resolveImages(
  parsed: ReadonlyArray<{ readonly file: string; readonly image: ParsedImage | undefined }>,
  fleet: Fleet | undefined,
  fleetFile: string,
  problems: CatalogProblem[],
): CuratedImage[] {
  const images: CuratedImage[] = [];
  const firstFile = new Map<string, string>();
  for (const { file, image } of parsed) {
    if (image === undefined) continue;
    const first = firstFile.get(image.name);
    if (first !== undefined) {
      problems.push({
        file,
        field: 'name',
        expected: 'an image name no other file in the images folder uses',
        received: `${JSON.stringify(image.name)}, already defined in ${first}`,
        fix: 'rename the image or merge the two files',
      });
      continue;
    }
    firstFile.set(image.name, file);
    if (fleet === undefined) continue;
    if (fleet.curation && image.namespace === fleet.curation.buildNamespace) {
      problems.push({
        file,
        field: 'namespace',
        expected: `a namespace other than the build namespace ${JSON.stringify(fleet.curation.buildNamespace)} (the image builds run there; a curated stream of the same name would clash with their output)`,
        received: JSON.stringify(image.namespace),
        fix: `remove \`namespace\` (the default is ${JSON.stringify(fleet.curatedNamespace)}) or choose another`,
      });
      continue;
    }
    const tags = imageTags(image);
    images.push({
      file,
      name: image.name,
      namespace: image.namespace ?? fleet.curatedNamespace,
      owner: image.owner ?? '',
      community: image.community,
      ...(image.champion === undefined ? {} : { champion: image.champion }),
      description: image.description,
      source: image.source,
      rebuildSchedule: image.rebuildSchedule,
      display: image.display,
      versions: image.versions,
      tracking: {
        latest: image.tracking.latest === undefined ? (highestTag(tags)?.tag ?? '') : trackingTarget(image.name, image.tracking.latest).tag,
        ...(image.tracking.stable === undefined ? {} : { stable: trackingTarget(image.name, image.tracking.stable).tag }),
      },
      retention: image.retention,
    });
  }
  if (fleet !== undefined && fleet.curation === undefined && firstFile.size > 0) {
    const files = [...new Set(firstFile.values())];
    problems.push({
      file: fleetFile,
      field: 'curation',
      expected: `the curation settings, since ${files.length === 1 ? files[0] : `${files.length} files`} define${files.length === 1 ? 's' : ''} curated images`,
      received: 'nothing (the field is missing)',
      fix: 'add `curation: { buildNamespace: "<namespace of the image builds on the build cluster>", annotationDomain: "<a domain you own, e.g. images.example.com>" }`',
    });
  }
  return images;
}
