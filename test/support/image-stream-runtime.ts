/**
 * A small model of what a cluster does with an ImageStream manifest, written from upstream source
 * (read at openshift/openshift-apiserver 56aa2d96, openshift/openshift-controller-manager 26d20fea):
 *
 * - openshift-apiserver `pkg/image/apiserver/registry/imagestream/strategy.go`: `PrepareForCreate`,
 *   `prepareForUpdate` (`updateSpecTagGenerationsForUpdate`, the generation bump,
 *   `ensureSpecTagGenerationsAreSet`), then validation's `tagsChanged` with `tagRefChanged`,
 *   `tagRefGenerationChanged` and `updateChangedTrackingTags`;
 * - openshift-apiserver `pkg/image/apiserver/internal/imageutil/helpers.go`: `LatestTaggedImage`,
 *   `AddTagEventToImageStream`, `UpdateTrackingTags`;
 * - openshift-apiserver `pkg/image/apiserver/registry/imagestreamimport/rest.go`: `Create`,
 *   `createImages`, `importSuccessful`, `hasTagChanged`, `ensureSpecTag`, `setFailureCondition`;
 * - openshift-controller-manager `pkg/image/controller/imagestream_controller.go`: `handleImageStream`,
 *   `needsImport`, `tagNeedsImport`, `tagImportable`, `latestObservedTagGeneration`;
 * - openshift-controller-manager `pkg/image/controller/scheduled_image_controller.go`: `syncTimedByName`,
 *   `needsScheduling`, `resetScheduledTags` (the scheduler keeps every stream with a scheduled tag queued
 *   until it is deleted, so a failed import is tried again on the next round).
 *
 * Left out: quotas, manifest lists, mirrors, credentials, ImageStreamImage sources, `spec.dockerImageRepository`,
 * timestamps. Images are digests; a registry is a map from pull spec to digest.
 */

export interface ObjectReference {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A spec tag as the server stores it (`generation` set by the server). */
export interface SpecTag {
  readonly name: string;
  readonly from?: ObjectReference;
  readonly reference?: boolean;
  readonly importPolicy?: { readonly scheduled?: boolean; readonly importMode?: string };
  readonly generation?: number;
}

export interface TagEvent {
  readonly dockerImageReference: string;
  readonly image: string;
  readonly generation: number;
}

export interface ImportCondition {
  readonly type: 'ImportSuccess';
  readonly status: 'False';
  readonly message: string;
  readonly generation: number;
}

export interface StatusTag {
  readonly items: readonly TagEvent[];
  readonly conditions: readonly ImportCondition[];
}

export interface LiveStream {
  readonly namespace: string;
  readonly name: string;
  readonly generation: number;
  /** `openshift.io/image.dockerRepositoryCheck` is set (the import REST sets it on every import that changes the stream). */
  readonly checked: boolean;
  readonly spec: ReadonlyMap<string, SpecTag>;
  readonly status: ReadonlyMap<string, StatusTag>;
}

/** The manifest fields the model reads, as `dist/` writes them. */
export interface ImageStreamManifest {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: { readonly tags?: readonly SpecTag[] };
}

/** Images in registries every cluster can reach: pull spec `host/repo:tag` → digest. */
export type Registry = Map<string, string>;

/** A field error of the API server: the request fails, nothing is stored. */
export class InvalidError extends Error {}

type MutableStream = {
  namespace: string;
  name: string;
  generation: number;
  checked: boolean;
  spec: Map<string, SpecTag>;
  status: Map<string, StatusTag>;
};

export class ClusterRuntime {
  private readonly streams = new Map<string, MutableStream>();

  constructor(private readonly registry: Registry) {}

  stream(namespace: string, name: string): LiveStream | undefined {
    return this.streams.get(`${namespace}/${name}`);
  }

  /** The image a tag resolves to (`status.tags[tag].items[0].image`), or undefined. */
  image(namespace: string, name: string, tag: string): string | undefined {
    return this.stream(namespace, name)?.status.get(tag)?.items[0]?.image;
  }

  /**
   * Create or update the stream as Argo CD's apply does: the desired spec tags, without the
   * server-set `generation` unless the manifest writes one (0 asks for a re-import).
   * Throws `InvalidError` when the server rejects the object (the whole apply of it fails).
   */
  apply(manifest: ImageStreamManifest): void {
    const { namespace, name } = manifest.metadata;
    const key = `${namespace}/${name}`;
    const old = this.streams.get(key);
    const tags = new Map((manifest.spec.tags ?? []).map((t) => [t.name, { ...t }] as const));
    let stream: MutableStream;
    if (old === undefined) {
      // strategy.go PrepareForCreate: generation 1, every spec tag at generation 1.
      stream = {
        namespace,
        name,
        generation: 1,
        checked: false,
        spec: new Map([...tags].map(([n, t]) => [n, { ...t, generation: 1 }])),
        status: new Map(),
      };
    } else {
      stream = { ...old, spec: tags, status: new Map(old.status) };
      this.prepareForUpdate(stream, old);
    }
    this.tagsChanged(old, stream);
    this.streams.set(key, stream);
  }

  /** A push to the integrated registry records the image in the pushed stream's status (an ImageStreamMapping). */
  pushToIntegratedRegistry(namespace: string, name: string, tag: string, digest: string): void {
    const key = `${namespace}/${name}`;
    const old = this.streams.get(key) ?? { namespace, name, generation: 1, checked: true, spec: new Map(), status: new Map() };
    const stream: MutableStream = { ...old, spec: new Map(old.spec), status: new Map(old.status) };
    addTagEvent(stream, tag, {
      dockerImageReference: `image-registry.openshift-image-registry.svc:5000/${key}@${digest}`,
      image: digest,
      generation: stream.generation,
    });
    updateChangedTrackingTags(stream, old);
    this.streams.set(key, stream);
  }

  /** The image stream controller's reaction to a stream change (`handleImageStream`, nothing reset). */
  importChanged(namespace: string, name: string): void {
    const stream = this.streams.get(`${namespace}/${name}`);
    if (stream !== undefined) this.handleImageStream(stream);
  }

  /** One round of the scheduled import controller over every stream it has queued (`syncTimedByName`). */
  scheduledImports(): void {
    for (const stream of [...this.streams.values()]) {
      if (!needsScheduling(stream)) continue;
      // resetScheduledTags: on a copy, every scheduled importable tag gets the next generation.
      const next = stream.generation + 1;
      const copy: MutableStream = { ...stream, spec: new Map(stream.spec) };
      for (const [tag, ref] of stream.spec) {
        if (tagImportable(ref) && ref.importPolicy?.scheduled && !(isDigest(ref.from!.name) && tagImported(stream, ref)))
          copy.spec.set(tag, { ...ref, generation: next });
      }
      this.handleImageStream(copy);
    }
  }

  /** imagestream_controller.go handleImageStream → POST imagestreamimports (rest.go Create). */
  private handleImageStream(stream: MutableStream): void {
    const [ok, partial] = needsImport(stream);
    if (!ok) return;
    const images = [...stream.spec.values()].filter((ref) => tagImportable(ref) && (tagNeedsImport(stream, ref, true) || !partial));
    if (images.length === 0) return;
    this.importImages(`${stream.namespace}/${stream.name}`, images);
  }

  /** rest.go Create / createImages on the stored stream, then the internal update (InternalStrategy). */
  private importImages(key: string, images: readonly SpecTag[]): void {
    const old = this.streams.get(key)!;
    const stream: MutableStream = { ...old, spec: new Map(old.spec), status: new Map(old.status) };
    const nextGeneration = old.generation + 1;
    for (const spec of images) {
      const digest = this.registry.get(spec.from!.name);
      if (digest === undefined) {
        // setFailureCondition, then ensureSpecTag(reset false)
        const condition: ImportCondition = {
          type: 'ImportSuccess',
          status: 'False',
          message: `${spec.from!.name}: not found`,
          generation: nextGeneration,
        };
        const current = stream.status.get(spec.name);
        const same = current?.conditions.some((c) => c.message === condition.message);
        if (!same) {
          stream.status.set(spec.name, { items: current?.items ?? [], conditions: [condition] });
          const ref = stream.spec.get(spec.name);
          if (ref !== undefined) stream.spec.set(spec.name, { ...ref, generation: 0 });
        }
        continue;
      }
      // importSuccessful
      const repository = spec.from!.name.replace(/[:@][^/]*$/, '');
      const event: TagEvent = { dockerImageReference: `${repository}@${digest}`, image: digest, generation: nextGeneration };
      if (hasTagChanged(stream, spec.name, event)) {
        stream.spec.set(spec.name, {
          ...(stream.spec.get(spec.name) ?? { name: spec.name }),
          from: { kind: 'DockerImage', name: spec.from!.name },
          generation: 0,
          importPolicy: spec.importPolicy,
        });
        addTagEvent(stream, spec.name, event);
      }
      const status = stream.status.get(spec.name);
      if (status !== undefined) stream.status.set(spec.name, { ...status, conditions: [] });
    }
    if (old.checked && serialize(old) === serialize(stream)) return;
    stream.checked = true;
    this.prepareForUpdate(stream, old);
    this.tagsChanged(old, stream);
    this.streams.set(key, stream);
  }

  /** strategy.go prepareForUpdate. */
  private prepareForUpdate(stream: MutableStream, old: LiveStream): void {
    stream.generation = old.generation;
    // updateSpecTagGenerationsForUpdate: users may set generation only to 0.
    for (const [tag, ref] of stream.spec) {
      if (ref.generation === 0) continue;
      const oldRef = old.spec.get(tag);
      if (oldRef !== undefined) stream.spec.set(tag, { ...ref, generation: oldRef.generation });
    }
    if (specOf(old) !== specOf(stream)) stream.generation = old.generation + 1;
    // ensureSpecTagGenerationsAreSet: runs before validation's tagsChanged, so a 0 is gone by then.
    for (const [tag, ref] of stream.spec) {
      const oldRef = old.spec.get(tag);
      let generation = oldRef === undefined || tagRefChanged(oldRef, ref, stream.namespace) ? undefined : ref.generation;
      if (generation === undefined || generation === 0) generation = stream.generation;
      stream.spec.set(tag, { ...ref, generation });
    }
  }

  /** strategy.go tagsChanged: resolves changed tags that do not import (ImageStreamTag sources, references). */
  private tagsChanged(old: LiveStream | undefined, stream: MutableStream): void {
    for (const [tag, ref] of stream.spec) {
      const oldRef = old?.spec.get(tag);
      if (oldRef !== undefined && !tagRefChanged(oldRef, ref, stream.namespace)) continue;
      if (ref.from === undefined) continue;
      const tagRef = { ...ref, generation: stream.generation };
      if (ref.from.kind === 'DockerImage') {
        if (ref.reference) {
          stream.spec.set(tag, tagRef);
          addTagEvent(stream, tag, { dockerImageReference: ref.from.name, image: '', generation: stream.generation });
        }
        continue;
      }
      const [streamName, tagName] = ref.from.name.includes(':') ? ref.from.name.split(':') : [stream.name, ref.from.name];
      const namespace = ref.from.namespace || stream.namespace;
      let source: LiveStream | undefined = stream;
      if (namespace !== stream.namespace || streamName !== stream.name) {
        source = this.streams.get(`${namespace}/${streamName}`);
        if (source === undefined)
          throw new InvalidError(`ImageStream "${stream.name}" is invalid: spec.tags[${tag}].from.name: Not found: "${ref.from.name}"`);
      }
      const latest = source.status.get(tagName)?.items[0];
      if (latest === undefined) continue; // "referenced tag or ID doesn't exist, which is ok"
      stream.spec.set(tag, tagRef);
      addTagEvent(stream, tag, { ...latest, generation: tagRef.generation });
    }
    updateChangedTrackingTags(stream, old);
  }
}

/** JSON with sorted keys and map entries, for semantic equality (`kapihelper.Semantic.DeepEqual`). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return Object.fromEntries([...v].sort(([a], [b]) => (a < b ? -1 : 1)));
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    return v;
  });
}

function specOf(stream: LiveStream): string {
  return canonical(stream.spec);
}

function serialize(stream: LiveStream): string {
  return canonical({ spec: stream.spec, status: stream.status });
}

/** strategy.go tagRefChanged (note: `from.kind` is not compared). */
function tagRefChanged(old: SpecTag, next: SpecTag, streamNamespace: string): boolean {
  if (next.from === undefined) return false;
  if (next.from.kind === '' && next.from.name === '') return false;
  const oldFrom = old.from ?? { kind: '', name: '' };
  if ((oldFrom.namespace || streamNamespace) !== (next.from.namespace || streamNamespace)) return true;
  if (oldFrom.name !== next.from.name) return true;
  if (Boolean(old.reference) !== Boolean(next.reference)) return true;
  if (old.importPolicy?.importMode !== next.importPolicy?.importMode) return true;
  // tagRefGenerationChanged
  return old.generation !== undefined && next.generation !== undefined && old.generation !== next.generation && next.generation === 0;
}

/** helpers.go AddTagEventToImageStream (collapses an event for the same image). */
function addTagEvent(stream: MutableStream, tag: string, next: TagEvent): void {
  const current = stream.status.get(tag);
  const previous = current?.items[0];
  if (current === undefined || previous === undefined) {
    stream.status.set(tag, { items: [next], conditions: current?.conditions ?? [] });
    return;
  }
  const sameRef = previous.dockerImageReference === next.dockerImageReference;
  const sameImage = previous.image === next.image;
  if (sameRef && sameImage && previous.generation === next.generation) return;
  if (sameRef || sameImage) {
    stream.status.set(tag, {
      items: [{ dockerImageReference: next.dockerImageReference, image: next.image, generation: next.generation }, ...current.items.slice(1)],
      conditions: [],
    });
    return;
  }
  stream.status.set(tag, { items: [next, ...current.items], conditions: [] });
}

/** strategy.go updateChangedTrackingTags with helpers.go UpdateTrackingTags (tags of the same stream only). */
function updateChangedTrackingTags(stream: MutableStream, old: LiveStream | undefined): void {
  for (const [tag, status] of [...stream.status]) {
    const latest = status.items[0];
    if (latest === undefined) continue;
    const before = old?.status.get(tag)?.items[0];
    if (old !== undefined && before !== undefined && canonical(before) === canonical(latest)) continue;
    for (const [specTag, ref] of stream.spec) {
      if (ref.from?.kind !== 'ImageStreamTag' || (ref.from.namespace || stream.namespace) !== stream.namespace) continue;
      const [refStream, refTag] = ref.from.name.includes(':') ? ref.from.name.split(':') : [stream.name, ref.from.name];
      if (refStream !== stream.name || refTag !== tag) continue;
      addTagEvent(stream, specTag, latest);
    }
  }
}

/** rest.go hasTagChanged. */
function hasTagChanged(stream: LiveStream, tag: string, next: TagEvent): boolean {
  const previous = stream.status.get(tag)?.items[0];
  const generation = stream.spec.get(tag)?.generation;
  if (previous === undefined || generation === undefined) return true;
  return previous.dockerImageReference !== next.dockerImageReference || previous.image !== next.image || generation > previous.generation;
}

/** imagestream_controller.go tagImportable. */
function tagImportable(ref: SpecTag): boolean {
  return ref.from !== undefined && ref.from.kind === 'DockerImage' && !ref.reference;
}

/** imagestream_controller.go latestObservedTagGeneration. */
function latestObservedTagGeneration(stream: LiveStream, tag: string): number {
  const status = stream.status.get(tag);
  if (status === undefined) return 0;
  let last = Math.max(0, status.items[0]?.generation ?? 0);
  const condition = status.conditions.find((c) => c.type === 'ImportSuccess');
  if (condition !== undefined && condition.generation > last) last = condition.generation;
  return last;
}

/** imagestream_controller.go tagNeedsImport. */
function tagNeedsImport(stream: LiveStream, ref: SpecTag, importWhenGenerationNil: boolean): boolean {
  if (!tagImportable(ref)) return false;
  if (ref.generation === undefined) return importWhenGenerationNil;
  return ref.generation > latestObservedTagGeneration(stream, ref.name);
}

/** imagestream_controller.go needsImport (no `spec.dockerImageRepository`: always partial). */
function needsImport(stream: LiveStream): [boolean, boolean] {
  if (!stream.checked && [...stream.spec.values()].some(tagImportable)) return [true, true];
  return [[...stream.spec.values()].some((ref) => tagNeedsImport(stream, ref, false)), true];
}

/** scheduled_image_controller.go tagImported. */
function tagImported(stream: LiveStream, ref: SpecTag): boolean {
  const latest = stream.status.get(ref.name)?.items[0];
  return latest !== undefined && ref.generation !== undefined && latest.generation === ref.generation;
}

function isDigest(pullSpec: string): boolean {
  return pullSpec.includes('@');
}

/** scheduled_image_controller.go needsScheduling. */
function needsScheduling(stream: LiveStream): boolean {
  return [...stream.spec.values()].some(
    (ref) => tagImportable(ref) && ref.importPolicy?.scheduled && !(isDigest(ref.from!.name) && tagImported(stream, ref)),
  );
}
