import { z } from 'zod';
import { didYouMean } from './_closest';
import { crossField, dnsLabel, dnsSubdomain, matching, reportDuplicates } from './_schema';
import { type CatalogProblem, fieldPath } from './catalog-error';
import type { Fleet } from './fleet';
import { IMAGE_PULL_SPEC } from './registries';
import { PAYLOAD_IMAGESTREAMS } from './samples';

/** Folder of the tracked-image catalog files, under the catalog root: one ImageStream per `<name>.ts`. */
export const BUILDERS_FOLDER = 'builders';

/** The namespace the Samples Operator installs into; a tracked stream placed there takes over the sample of its name. */
const OPENSHIFT_NAMESPACE = 'openshift';

const text = z.string().min(1);

/** An ImageStream tag name (openshift/api image/v1: the Docker tag grammar). */
const tagName = matching(
  /^[\w][\w.-]{0,127}$/,
  'an image tag: letters, digits, "_", "." and "-", at most 128 characters, e.g. "22-ubi9"',
  (value) => `write e.g. ${JSON.stringify(value.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '') || '1.0')}`,
);

const pullSpec = matching(
  IMAGE_PULL_SPEC,
  'a fully qualified image with a tag or digest: registry host, repository and tag, e.g. ' + '"registry.redhat.io/ubi9/nodejs-22:latest"',
  (value) =>
    value.includes('/')
      ? `name the registry host first and lowercase the repository, ` +
        `e.g. ${JSON.stringify(`registry.redhat.io/${value.replace(/^[^/]*\//, '').toLowerCase()}`)}`
      : `write registry/repository:tag, e.g. ${JSON.stringify(`registry.redhat.io/ubi9/${value.toLowerCase()}`)}`,
);

const category = matching(
  /^[a-z0-9][a-z0-9._+-]*$/,
  'a lowercase category without commas or spaces, e.g. "builder"',
  () => 'write one category per entry',
);
const supported = matching(
  /^[a-z0-9][a-z0-9._+:-]*$/,
  'a lowercase name[:version] without commas or spaces, e.g. "nodejs:22"',
  () => 'write one entry per supported thing',
);
const httpsUrl = matching(
  /^https:\/\/[^\s/]+(\/\S*)?$/,
  'an https:// URL',
  (value) => `write the full URL, e.g. ${JSON.stringify('https://' + value.replace(/^\w+:\/\//, ''))}`,
);

const trackedTagSchema = z.strictObject({
  /** Tag name in the stream: a moving stream tag such as `22-ubi9`, or a version such as `5.7.3`. */
  name: tagName,
  /** What the tag imports, re-imported on a schedule, e.g. `registry.redhat.io/ubi9/nodejs-22:latest`. */
  from: pullSpec,
  /** `version` annotation: what the console shows as the version, e.g. `22`. @default - none */
  version: text.optional(),
  /** `openshift.io/display-name` of the tag. @default - the stream's display name and the tag, e.g. "Node.js 22-ubi9" */
  displayName: text.optional(),
  /** `description` of the tag, e.g. `Node.js 22 on UBI 9, for building and running applications`. @default - the stream's description */
  description: text.optional(),
  /** `supports` of the tag, in place of the stream's, e.g. `['java:17', 'java']`. @default - the stream's `display.supports` */
  supports: z.array(supported).optional(),
  /** Kept for existing builds but hidden in the console catalog (`hidden` in the `tags` annotation). @default false */
  hidden: z.boolean().default(false),
});

export const builderImageSchema = z
  .strictObject({
    /** ImageStream name, the same on every cluster; in `openshift` it takes over the sample of this name. */
    name: dnsSubdomain,
    /** `openshift` (where builds look for builder images) or the curated namespace, e.g. `openshift`. @default - the fleet's `curatedNamespace` */
    namespace: dnsLabel.optional(),
    /** Primary owner on the platform team (person or team), who answers for the stream. */
    owner: text.optional(),
    /** `description` of every tag unless the tag has its own. */
    description: text,
    /** What the OpenShift console shows, with the annotation keys the samples use. */
    display: z.strictObject({
      /** `openshift.io/display-name` of the stream. */
      displayName: text,
      /** `iconClass`, e.g. `icon-nodejs`. @default - none */
      iconClass: text.optional(),
      /** `tags` annotation: console categories; `builder` lists the stream as a source-to-image builder. @default [] */
      tags: z.array(category).default([]),
      /** `supports` annotation, e.g. `['nodejs:22', 'nodejs']`. @default [] */
      supports: z.array(supported).default([]),
      /** `openshift.io/provider-display-name`, e.g. `Red Hat, Inc.`. @default - none */
      providerDisplayName: text.optional(),
      /** `sampleRepo`: the example the console offers to build, e.g. `https://github.com/sclorg/nodejs-ex.git`. @default - none */
      sampleRepo: httpsUrl.optional(),
      /** `sampleContextDir`: folder of the example in `sampleRepo`. @default - none */
      sampleContextDir: text.optional(),
      /** `sampleRef`: branch or tag of `sampleRepo`, e.g. `main`. @default - none */
      sampleRef: text.optional(),
    }),
    /** The tags kept, each imported from upstream on a schedule. */
    tags: z.array(trackedTagSchema).min(1),
    /** Tag `latest` follows this tag of the stream (copied inside the stream, so it stays as current). @default - no latest tag */
    latest: tagName.optional(),
  })
  .check(
    crossField([['owner']], (image, ctx) => {
      if (image.owner !== undefined) return;
      issue(
        ctx,
        ['owner'],
        undefined,
        'the primary owner of the stream: a person or team of the platform team',
        'add `owner`: every tracked image needs a primary contact who answers for it',
      );
    }),
    crossField([], (image, ctx) =>
      reportDuplicates(
        image.tags,
        (t) => t.name,
        ctx,
        (i) => ['tags', i, 'name'],
        'tag name',
      ),
    ),
    crossField([['tags', '*', 'from']], (image, ctx) =>
      image.tags.forEach((tag, i) => {
        if (tag.from.includes('@') || /:[^/]+$/.test(tag.from)) return;
        issue(
          ctx,
          ['tags', i, 'from'],
          tag.from,
          'an image with an explicit tag or digest',
          `write ${JSON.stringify(`${tag.from}:latest`)} to follow the moving tag, or name the version tag`,
        );
      }),
    ),
    crossField([['tags', '*', 'name'], ['latest']], (image, ctx) => {
      const names = image.tags.map((t) => t.name);
      if (names.includes('latest') && image.latest !== undefined) {
        issue(
          ctx,
          ['latest'],
          image.latest,
          'no `latest` field when `tags` has a tag named latest',
          'remove `latest`, or rename the tag named latest',
        );
      } else if (image.latest !== undefined && !names.includes(image.latest)) {
        issue(
          ctx,
          ['latest'],
          image.latest,
          `a tag of this stream: ${[...new Set(names)].join(', ')}`,
          didYouMean(
            image.latest,
            names,
            `point latest at one of the listed tags, or add { name: ${JSON.stringify(image.latest)}, from: '…' } to \`tags\``,
          ),
        );
      }
    }),
  );

function issue(ctx: z.RefinementCtx, path: PropertyKey[], input: unknown, expected: string, fix: string, received?: string): void {
  ctx.addIssue({ code: 'custom', path, message: expected, input, params: { expected, fix, ...(received === undefined ? {} : { received }) } });
}

/**
 * A tracked builder image as written in `catalogs/builders/<name>.ts` (`defineBuilderImage`): an image
 * stream whose tags are re-imported from upstream registries on a schedule.
 */
export type BuilderImageInput = z.input<typeof builderImageSchema>;
type ParsedBuilderImage = z.output<typeof builderImageSchema>;

/** Typed identity: gives editor completion and type checks in `catalogs/builders/<name>.ts`. */
export function defineBuilderImage(image: BuilderImageInput): BuilderImageInput {
  return image;
}

export interface TrackedTag {
  readonly name: string;
  readonly from: string;
  readonly version?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly supports?: readonly string[];
  readonly hidden: boolean;
  /** Field path in the catalog file, e.g. `tags[1]`. */
  readonly field: string;
}

/** An image the team tracks from an upstream registry but does not build, validated and normalized. */
export interface BuilderImage {
  /** The catalog file it comes from, e.g. `catalogs/builders/nodejs.ts`. */
  readonly file: string;
  readonly name: string;
  /** `openshift` or the fleet's curated namespace. */
  readonly namespace: string;
  readonly owner: string;
  readonly description: string;
  readonly display: {
    readonly displayName: string;
    readonly iconClass?: string;
    readonly tags: readonly string[];
    readonly supports: readonly string[];
    readonly providerDisplayName?: string;
    readonly sampleRepo?: string;
    readonly sampleContextDir?: string;
    readonly sampleRef?: string;
  };
  readonly tags: readonly TrackedTag[];
  readonly latest?: string;
}

/**
 * Completes the parsed tracked images with what needs the rest of the catalog: the namespace
 * default (only `openshift` or the curated namespace) and the fleet's annotation domain. Two files
 * owning one stream are a policy finding (`catalog/two-owners`), not a model problem.
 */
export function resolveBuilderImages(
  parsed: ReadonlyArray<{ readonly file: string; readonly value: ParsedBuilderImage | undefined }>,
  fleet: Fleet | undefined,
  fleetFile: string,
): { images: BuilderImage[]; problems: CatalogProblem[] } {
  const images: BuilderImage[] = [];
  const problems: CatalogProblem[] = [];
  if (fleet === undefined) return { images, problems };
  const files = parsed.filter((p) => p.value !== undefined).map((p) => p.file);
  if (fleet.curation === undefined && files.length > 0) {
    problems.push({
      file: fleetFile,
      field: 'curation',
      expected:
        `the curation settings (their annotationDomain prefixes the ` +
        `owner annotation), since ${files.length === 1 ? files[0] : `${files.length} files`} ` +
        `define${files.length === 1 ? 's' : ''} tracked images`,
      received: 'nothing (the field is missing)',
      fix: "add curation: { buildNamespace: '…', annotationDomain: 'images.example.com' }",
    });
  }
  const allowed = [OPENSHIFT_NAMESPACE, fleet.curatedNamespace];
  for (const { file, value: image } of parsed) {
    if (image === undefined) continue;
    const namespace = image.namespace ?? fleet.curatedNamespace;
    if (!allowed.includes(namespace)) {
      problems.push({
        file,
        field: 'namespace',
        expected:
          `"openshift" (where builds find builder images, taken over from ` +
          `the Samples Operator) or the curated namespace ${JSON.stringify(fleet.curatedNamespace)}`,
        received: JSON.stringify(namespace),
        fix: `write namespace: 'openshift', or remove \`namespace\` for ${JSON.stringify(fleet.curatedNamespace)}`,
      });
      continue;
    }
    if (namespace === OPENSHIFT_NAMESPACE && (PAYLOAD_IMAGESTREAMS as readonly string[]).includes(image.name)) {
      problems.push({
        file,
        field: 'name',
        expected:
          `a name other than the payload image streams of openshift (${PAYLOAD_IMAGESTREAMS.join(', ')}): ` +
          `the cluster version operator manages them`,
        received: JSON.stringify(image.name),
        fix: `rename the stream, or place it in the curated namespace ${JSON.stringify(fleet.curatedNamespace)}`,
      });
      continue;
    }
    images.push({
      file,
      name: image.name,
      namespace,
      owner: image.owner ?? '',
      description: image.description,
      display: image.display,
      tags: image.tags.map((t, i) => ({
        name: t.name,
        from: t.from,
        ...(t.version === undefined ? {} : { version: t.version }),
        ...(t.displayName === undefined ? {} : { displayName: t.displayName }),
        ...(t.description === undefined ? {} : { description: t.description }),
        ...(t.supports === undefined ? {} : { supports: t.supports }),
        hidden: t.hidden,
        field: fieldPath(['tags', i]),
      })),
      ...(image.latest === undefined ? {} : { latest: image.latest }),
    });
  }
  return { images, problems };
}
