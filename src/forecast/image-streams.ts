import { isDeepStrictEqual } from 'node:util';
import type { ManifestObject } from '../output';
import { at, groupKind, listAt, nameOf, plural } from './_objects';
import type { Bundle, Effect, RegistryLoad } from './types';
import { compareStrings } from '../shared';

export interface TagReference {
  readonly name: string;
  readonly from?: { readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly importPolicy?: { readonly scheduled?: boolean };
}

const IMAGE_STREAM = 'image.openshift.io/ImageStream';
const TEMPLATE = 'template.openshift.io/Template';

/**
 * openshift-controller-manager `pkg/cmd/openshift-controller-manager/openshiftcontrolplane_config.go`:
 * `scheduledImageImportMinimumIntervalSeconds` defaults to 15 minutes, so every scheduled tag is
 * imported again about four times an hour (a cluster may configure a longer interval).
 */
export const SCHEDULED_IMPORT_INTERVAL_SECONDS = 15 * 60;
const IMPORTS_PER_HOUR = 3600 / SCHEDULED_IMPORT_INTERVAL_SECONDS;

export function imageStreams(bundle: Bundle): Map<string, ManifestObject> {
  return new Map([...bundle].filter(([, o]) => groupKind(o) === IMAGE_STREAM));
}

export function tagsOf(stream: ManifestObject | undefined): TagReference[] {
  return listAt<TagReference>(stream, 'spec.tags').filter((t) => typeof t?.name === 'string');
}

/** The registry host of a DockerImage reference (Docker Hub when the first part is no host). */
export function registryOf(reference: string): string {
  const first = reference.split('/')[0];
  return reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/**
 * openshift-controller-manager `pkg/image/controller/scheduled_image_controller.go` `needsScheduling` /
 * `resetScheduledTags`: a tag is re-imported on schedule when it is `DockerImage` with
 * `importPolicy.scheduled`, unless it names a digest (imported once only).
 */
export function isScheduled(tag: TagReference): boolean {
  return tag.from?.kind === 'DockerImage' && tag.importPolicy?.scheduled === true && !tag.from.name.includes('@');
}

/** Scheduled tags per registry and the manifest requests per hour they cause (one per tag per import; more for manifest lists). */
export function scheduledImports(bundle: Bundle): RegistryLoad[] {
  const tags = new Map<string, number>();
  for (const stream of imageStreams(bundle).values()) {
    for (const tag of tagsOf(stream)) if (isScheduled(tag)) tags.set(registryOf(tag.from!.name), (tags.get(registryOf(tag.from!.name)) ?? 0) + 1);
  }
  return [...tags]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([registry, count]) => ({ registry, tags: count, requestsPerHour: count * IMPORTS_PER_HOUR }));
}

function describe(tag: TagReference): string {
  if (!tag.from) return 'nothing';
  if (tag.from.kind === 'ImageStreamTag' && !tag.from.namespace && !tag.from.name.includes(':')) return `tag ${tag.from.name}`;
  return `${tag.from.namespace ? `${tag.from.namespace}/` : ''}${tag.from.name}`;
}

const ACTOR = 'image streams' as const;

/**
 * What the image streams of a cluster do when Argo CD applies `after` over `before`:
 * - a stream pruned: its tags and their history go; pulls by any of its tags fail;
 * - a tag removed from the spec: no longer imported; openshift-apiserver
 *   `pkg/image/apiserver/registry/imagestream/strategy.go` `prepareForUpdate` keeps the stream's status
 *   on a spec update, so the tag's last image stays resolvable until someone runs `oc tag -d`
 *   (`imagestreamtag/rest.go` `Delete` removes spec and status), and pods pinned to it may keep
 *   running or break on the next pull once it is deleted: the catalog cannot know which pods use it;
 * - a tag repointed: `strategy.go` `tagsChanged` resolves the new source at once; deployments with an
 *   image change trigger on the tag may roll out (the catalog cannot know which have one);
 * - a tag added: imported when created (`tagsChanged`, and the import controller for DockerImage tags).
 */
export function forecastImageStreams(before: Bundle, after: Bundle, pruned: ReadonlySet<string>): Effect[] {
  const effects: Effect[] = [];
  const old = imageStreams(before);
  const now = imageStreams(after);
  for (const [path, stream] of old) {
    const next = now.get(path);
    const name = nameOf(stream);
    if (!next) {
      if (pruned.has(path))
        effects.push({
          actor: ACTOR,
          gate: 'tag-removal',
          text:
            `${name} deleted: pulls of ${tagsOf(stream)
              .map((t) => `\`${t.name}\``)
              .join(', ')} ` + `fail; pods pinned to them may break (the catalog cannot know which)`,
          may: true,
        });
      continue;
    }
    const tagsBefore = new Map(tagsOf(stream).map((t) => [t.name, t]));
    const tagsAfter = new Map(tagsOf(next).map((t) => [t.name, t]));
    for (const [tagName, tag] of tagsBefore) {
      const later = tagsAfter.get(tagName);
      if (!later) {
        effects.push({
          actor: ACTOR,
          gate: 'tag-removal',
          may: true,
          text:
            `tag \`${stream.metadata.name}:${tagName}\` removed from ${name}: ` +
            `no longer imported; its last image stays in the stream's status ` +
            `until \`oc tag -d\`, so pods pinned to \`${stream.metadata.name}:${tagName}\` ` +
            `may keep pulling it or break once it is deleted (the catalog ` +
            `cannot know which pods use it)`,
        });
      } else if (!isDeepStrictEqual(tag.from, later.from)) {
        effects.push({
          actor: ACTOR,
          gate: 'repoint',
          may: true,
          text:
            `tag \`${stream.metadata.name}:${tagName}\` repointed ${describe(tag)} ` +
            `→ ${describe(later)} in ${name}: workloads with an image change ` +
            `trigger on it may roll out`,
        });
      }
    }
    const added = [...tagsAfter.keys()].filter((t) => !tagsBefore.has(t));
    if (added.length > 0)
      effects.push({
        actor: ACTOR,
        text: `${plural(added.length, 'new tag')} in ${name} (${added.map((t) => `\`${t}\``).join(', ')}), imported when created`,
      });
  }
  return effects;
}

interface Parameter {
  readonly name: string;
  readonly value?: string;
  readonly generate?: string;
  readonly from?: string;
}

/**
 * Templates are read only when instantiated (openshift/library-go `pkg/template/templateprocessing`
 * `Processor.Process` substitutes each parameter's value at that moment): a changed default changes
 * what the next `oc new-app` / `oc process` gets; objects already instantiated keep theirs.
 */
export function forecastTemplates(before: Bundle, after: Bundle): Effect[] {
  const effects: Effect[] = [];
  for (const [path, template] of after) {
    if (groupKind(template) !== TEMPLATE) continue;
    const old = before.get(path);
    if (!old) continue;
    const parametersBefore = new Map(listAt<Parameter>(old, 'parameters').map((p) => [p.name, p]));
    for (const parameter of listAt<Parameter>(template, 'parameters')) {
      const previous = parametersBefore.get(parameter.name);
      const value = (p: Parameter | undefined) => p?.value ?? (p?.generate ? `generated ${p.from ?? ''}`.trim() : 'empty');
      if (previous && value(previous) === value(parameter)) continue;
      const was = previous ? ` (was \`${value(previous)}\`)` : ' (new parameter)';
      effects.push({
        actor: 'templates',
        text: `new instantiations of ${nameOf(template)} get ${parameter.name}=\`${value(parameter)}\`${was}; existing instances keep theirs`,
      });
    }
    const objectsChanged = !isDeepStrictEqual(at(old, 'objects'), at(template, 'objects'));
    if (objectsChanged)
      effects.push({ actor: 'templates', text: `new instantiations of ${nameOf(template)} get changed objects; existing instances keep theirs` });
  }
  return effects;
}
