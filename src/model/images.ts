import * as semver from 'semver';
import { z } from 'zod';
import { didYouMean } from './_closest';
import { crossField, dnsLabel, matching, objectNamespace, reportDuplicates } from './_schema';
import { type CatalogProblem, describeValue } from './catalog-error';
import type { Fleet } from './fleet';
import { cronProblem } from './cron';
import {
  compareTags,
  highestTag,
  imageTags,
  isSemver,
  newerTags,
  TRACKING_TAGS,
  type ImageTag,
  type TrackingTagName,
  trackingTarget,
} from './image-tags';

/** Folder of the curated image files, under the catalog root: one image per `<image>.ts`. */
export const IMAGES_FOLDER = 'images';

/** Versions kept per image (per variant for specialised images) unless the image says otherwise. */
export const DEFAULT_RETENTION = 3;

const TAG_SCHEME = 'the scheme <version> or <version>-<variant><variant-version>, e.g. "1.12.3" or "1.12.3-aws1.8.2"';

const SEMVER_EXPECTED = 'a semantic version MAJOR.MINOR.PATCH without prefix, e.g. "1.2.0"';

const semanticVersion = z
  .string()
  .superRefine((value, ctx) => {
    if (isSemver(value)) return;
    const coerced = semver.coerce(value)?.version;
    const expected = SEMVER_EXPECTED;
    ctx.addIssue({
      code: 'custom',
      message: expected,
      input: value,
      params: { expected, fix: coerced ? `write ${JSON.stringify(coerced)}` : 'write the version as MAJOR.MINOR.PATCH, e.g. "1.2.0"' },
    });
  })
  .meta({ description: SEMVER_EXPECTED });

const CRON_EXPECTED = 'a cron schedule: minute hour day-of-month month day-of-week, e.g. "0 3 * * 1" (Mondays 03:00), or @daily/@weekly/@monthly';

const cronSchedule = z
  .string()
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem === undefined) return;
    const expected = CRON_EXPECTED;
    ctx.addIssue({
      code: 'custom',
      message: expected,
      input: value,
      params: { expected, received: `${describeValue(value)}: ${problem}`, fix: 'correct the schedule, e.g. "0 3 * * 1"' },
    });
  })
  .meta({ description: CRON_EXPECTED });

const httpsUrl = matching(
  /^https:\/\/[^\s/]+(\/\S*)?$/,
  'an https:// URL of the source repository',
  (value) => `write the full URL, e.g. ${JSON.stringify('https://' + value.replace(/^\w+:\/\//, ''))}`,
);

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
    /** Namespace of the ImageStream on every cluster, e.g. `shared-images`. @default - the fleet's `curatedNamespace` */
    namespace: objectNamespace.optional(),
    /**
     * Primary owner on the platform team (person or team), who answers for the image. Required (optional
     * in the schema only so that its absence gets a message of its own).
     */
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
      tags: z
        .array(
          matching(/^[a-z0-9][a-z0-9._+-]*$/, 'a lowercase category without commas or spaces, e.g. "builder"', () => 'write one category per entry'),
        )
        .default([]),
      /** What the image supports (the `supports` annotation), e.g. `['nodejs:20', 'nodejs']`. @default [] */
      supports: z
        .array(
          matching(
            /^[a-z0-9][a-z0-9._+:-]*$/,
            'a lowercase name[:version] without commas or spaces, e.g. "nodejs:20"',
            () => 'write one entry per supported thing',
          ),
        )
        .default([]),
    }),
    /** Versions kept, oldest to newest or in any order; at most `retention` (per variant). */
    versions: z.array(versionSchema).min(1),
    /**
     * Tracking tags: `latest` (default: the highest version that is not deprecated) and `stable`
     * (default: none), each naming a tag of this image, e.g. `{ stable: '3.0.4' }`.
     */
    tracking: z
      .strictObject({
        /** The tag `latest` follows, e.g. `3.3.2`. @default - the highest version that is not deprecated */
        latest: text.optional(),
        /** The tag `stable` follows, e.g. `3.3.2`. @default - no stable tag */
        stable: text.optional(),
      })
      .default({}),
    /** At most this many versions are kept. @default 3 */
    retention: z.number().int().min(1).default(DEFAULT_RETENTION),
  })
  .check(
    crossField([['owner']], (image, ctx) => {
      if (image.owner !== undefined) return;
      issue(
        ctx,
        ['owner'],
        undefined,
        'the primary owner of the image: a person or team of the platform team',
        'add `owner`: every curated image needs a primary contact who answers for it',
      );
    }),
    crossField([['community'], ['champion']], (image, ctx) => {
      if (!image.community || image.champion !== undefined) return;
      issue(
        ctx,
        ['champion'],
        undefined,
        'a champion on the platform team, since the image is a community contribution (community: true)',
        'add `champion`: the platform-team member who rebuilds or retires the image when its contributors move on',
      );
    }),
    crossField([], (image, ctx) =>
      reportDuplicates(
        image.versions,
        (v) => v.version,
        ctx,
        (i) => ['versions', i, 'version'],
        'version',
      ),
    ),
    // Tags are built from every version and variant: a tag of a version that failed cannot be ordered.
    crossField([['versions']], (image, ctx) => {
      const tags = imageTags(image);
      reportDuplicates(
        tags,
        (t) => t.tag,
        ctx,
        (i) => [...tags[i].path],
        'tag',
      );
    }),
    crossField([['versions'], ['retention']], (image, ctx) => {
      for (const [config, list] of groupBy(imageTags(image), (t) => t.variant?.id ?? '')) {
        if (list.length <= image.retention) continue;
        issue(
          ctx,
          ['versions'],
          image.versions,
          `at most ${image.retention} versions${config ? ` of variant ${config}` : ''} (retention)`,
          retentionFix(image.name, list, image.retention, image.tracking),
          `${list.length} versions: ${list.map((t) => t.tag).join(', ')}`,
        );
      }
    }),
    ...TRACKING_TAGS.map((key) =>
      crossField<ParsedImage>([['versions'], ['tracking', key]], (image, ctx) => {
        const target = image.tracking[key];
        if (target === undefined) return;
        const problem = trackingTargetProblem(image.name, key, target, imageTags(image));
        if (problem) issue(ctx, ['tracking', key], target, problem.expected, problem.fix, problem.received);
      }),
    ),
  );

function issue(ctx: z.RefinementCtx, path: PropertyKey[], input: unknown, expected: string, fix: string, received?: string): void {
  ctx.addIssue({ code: 'custom', path, message: expected, input, params: { expected, fix, ...(received === undefined ? {} : { received }) } });
}

/**
 * A curated image as written in `catalogs/images/<image>.ts` (`defineImage`): its owner, versions and
 * variants, console display and tracking tags; built on the build cluster and imported everywhere.
 */
export type ImageInput = z.input<typeof imageSchema>;
type ParsedImage = z.output<typeof imageSchema>;
export type ImageVariant = Readonly<z.output<typeof variantSchema>>;
export type ImageVersion = Readonly<z.output<typeof versionSchema>>;

/**
 * One curated image, validated and normalized: the schema's output with the file it comes from,
 * the namespace and owner resolved and tracking tags as tag names (never `<stream>:<tag>`; `latest`
 * always set).
 */
export interface CuratedImage extends Readonly<Omit<ParsedImage, 'namespace' | 'owner' | 'tracking'>> {
  /** The catalog file it comes from, e.g. `catalogs/images/patroni.ts`. */
  readonly file: string;
  /** The fleet's curated namespace unless the file names another. */
  readonly namespace: string;
  readonly owner: string;
  readonly tracking: { readonly latest: string; readonly stable?: string };
}

/** Typed identity: gives editor completion and type checks in `catalogs/images/<image>.ts`. */
export function defineImage(image: ImageInput): ImageInput {
  return image;
}

function trackingTargetProblem(
  imageName: string,
  key: TrackingTagName,
  target: string,
  tags: readonly ImageTag[],
): { expected: string; received?: string; fix: string } | undefined {
  const { stream, tag } = trackingTarget(imageName, target);
  const example = highestTag(tags)?.tag ?? '1.0.0';
  if (stream !== imageName) {
    return {
      expected:
        `a tag of this image stream (${imageName}); a tracking tag of ` +
        `the catalog follows a tag of its own stream, so the stream never ` +
        `depends on another`,
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
      fix: didYouMean(
        tag,
        tags.map((t) => t.tag),
        `add { version: ${JSON.stringify(tag)} } to \`versions\`, or point ${key} at one of the listed tags`,
      ),
    };
  }
  return undefined;
}

/**
 * How to get down to `retention` tags. Dropping a tag a tracking tag points at would only trade this
 * problem for a missing tracking target, so such a tag is named with the two ways out.
 */
function retentionFix(
  imageName: string,
  list: readonly ImageTag[],
  retention: number,
  tracking: { readonly latest?: string; readonly stable?: string },
): string {
  const sorted = [...list].sort(compareTags);
  const excess = list.length - retention;
  const oldest = sorted.slice(0, excess);
  const targetOf = (tag: string) =>
    TRACKING_TAGS.filter((key) => {
      const target = tracking[key];
      return target !== undefined && trackingTarget(imageName, target).tag === tag;
    });
  const tracked = oldest.filter((t) => targetOf(t.tag).length > 0);
  if (tracked.length === 0) return `remove the oldest (${oldest.map((t) => t.tag).join(', ')}) or raise \`retention\``;
  const keys = [...new Set(tracked.flatMap((t) => targetOf(t.tag)))];
  const untracked = sorted.filter((t) => targetOf(t.tag).length === 0);
  const kept = new Set(sorted.slice(excess).map((t) => t.tag));
  // The oldest tag that stays, so that `stable` moves as little as possible.
  const moveTo = newerTags(tracked[tracked.length - 1], sorted)
    .filter((t) => kept.has(t.tag))
    .sort(compareTags)[0];
  const others = untracked.slice(0, excess);
  const what = tracked
    .map(
      (t) =>
        `${t.tag} is the target of ${targetOf(t.tag)
          .map((k) => `\`tracking.${k}\``)
          .join(' and ')}`,
    )
    .join('; ');
  const ways = [
    ...(moveTo
      ? [
          `move ${keys.map((k) => `\`${k}\``).join(' and ')} to a newer ` +
            `tag first (e.g. ${JSON.stringify(moveTo.tag)}), then remove ${tracked.map((t) => t.tag).join(', ')}`,
        ]
      : []),
    ...(others.length === excess ? [`remove ${others.map((t) => t.tag).join(', ')} instead`] : []),
    'raise `retention`',
  ];
  return `the oldest (${oldest.map((t) => t.tag).join(', ')}) cannot simply be removed: ${what}. Either ${ways.join(', or ')}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/**
 * Completes the images parsed from their files with what needs the rest of the catalog (namespace
 * default, unique names, the fleet's curation settings) and normalizes tracking tags. Problems are
 * returned with them, not thrown.
 */
export function resolveImages(
  parsed: ReadonlyArray<{ readonly file: string; readonly value: ParsedImage | undefined }>,
  fleet: Fleet | undefined,
  fleetFile: string,
): { images: CuratedImage[]; problems: CatalogProblem[] } {
  const images: CuratedImage[] = [];
  const problems: CatalogProblem[] = [];
  const firstFile = new Map<string, string>();
  for (const { file, value: image } of parsed) {
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
        expected:
          `a namespace other than the build namespace ${JSON.stringify(fleet.curation.buildNamespace)} ` +
          `(the image builds run there; a curated stream of the same name ` +
          `would clash with their output)`,
        received: JSON.stringify(image.namespace),
        fix: `remove \`namespace\` (the default is ${JSON.stringify(fleet.curatedNamespace)}) or choose another`,
      });
      continue;
    }
    const tags = imageTags(image);
    images.push({
      ...image,
      file,
      namespace: image.namespace ?? fleet.curatedNamespace,
      owner: image.owner ?? '',
      tracking: {
        latest: image.tracking.latest === undefined ? (highestTag(tags)?.tag ?? '') : trackingTarget(image.name, image.tracking.latest).tag,
        ...(image.tracking.stable === undefined ? {} : { stable: trackingTarget(image.name, image.tracking.stable).tag }),
      },
    });
  }
  if (fleet !== undefined && fleet.curation === undefined && firstFile.size > 0) {
    const files = [...new Set(firstFile.values())];
    problems.push({
      file: fleetFile,
      field: 'curation',
      expected:
        `the curation settings, since ${files.length === 1 ? files[0] : `${files.length} files`} ` +
        `define${files.length === 1 ? 's' : ''} curated images`,
      received: 'nothing (the field is missing)',
      fix:
        'add `curation: { buildNamespace: "<namespace of the image builds on the build cluster>", ' +
        'annotationDomain: "<a domain you own, e.g. images.example.com>" }`',
    });
  }
  return { images, problems };
}
