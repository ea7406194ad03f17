import { compareStrings } from '../shared';

/**
 * A file's content as held: text, or UTF-8 bytes in chunks that join to the file (each but the last
 * ending with a line break). Hashed and written chunk by chunk, never joined: joining 60 MB of reports
 * cost a run the page faults of 60 MB of fresh memory.
 */
export type HeldContent = string | readonly Buffer[];

/**
 * Output files whose large contents (the cluster reports, 60 KB each, two-byte strings in V8 because
 * of their arrows) are held as UTF-8 chunks, which recur across clusters (the credential scan reads
 * each once), and decoded each time they are read: 1,000 reports take 60 MB instead of 121 MB, most of
 * it shared. Reads as a `Map<string, string>`; insertion order is path order.
 */
export class EncodedFiles extends Map<string, string> {
  private readonly encoded = new Map<string, readonly Buffer[]>();
  /**
   * The files in path order, as `inPathOrder` took them, until a change needs the map (a synth never
   * changes them): filling a map of 58,000 paths cost more than making them. Looked up by bisection.
   */
  private listed?: { readonly paths: readonly string[]; readonly contents: readonly HeldContent[] };

  /**
   * The files `each` gives in path order (as `eachFileSorted` does: `compareStrings` order), text or
   * chunks, taken as they come: no path is compared with the one before but for equality. A path given
   * again (it then comes right after itself) takes the later content.
   */
  static inPathOrder(each: (visit: (file: string, content: HeldContent) => void) => void): EncodedFiles {
    const paths: string[] = [];
    const contents: HeldContent[] = [];
    each((file, content) => {
      if (paths.length > 0 && paths[paths.length - 1] === file) contents[contents.length - 1] = content;
      else {
        paths.push(file);
        contents.push(content);
      }
    });
    const out = new EncodedFiles();
    out.listed = { paths, contents };
    return out;
  }

  /** `entries` as they come, in a map (none of them looked up by bisection). */
  private static inMapOrder(entries: ReadonlyArray<readonly [string, HeldContent]>): EncodedFiles {
    const out = new EncodedFiles();
    out.listed = { paths: entries.map(([file]) => file), contents: entries.map(([, content]) => content) };
    return out.filled();
  }

  /** The index of `file` in the listed files, or -1. */
  private indexOf(listed: NonNullable<EncodedFiles['listed']>, file: string): number {
    let low = 0;
    let high = listed.paths.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareStrings(listed.paths[middle], file) < 0) low = middle + 1;
      else high = middle;
    }
    return low < listed.paths.length && listed.paths[low] === file ? low : -1;
  }

  /** The map itself, filled from the listed files the first time a change needs it. */
  private filled(): this {
    const { listed } = this;
    if (listed === undefined) return this;
    this.listed = undefined;
    listed.paths.forEach((file, i) => {
      const content = listed.contents[i];
      if (typeof content === 'string') super.set(file, content);
      else {
        this.encoded.set(file, content);
        super.set(file, '');
      }
    });
    return this;
  }

  /** The files whose paths pass `keep`, still encoded. */
  filter(keep: (file: string) => boolean): EncodedFiles {
    // Changed since listed, the files are no longer known to be in path order.
    if (!this.listed) return EncodedFiles.inMapOrder([...this.rawEntries()].filter(([file]) => keep(file)));
    const paths: string[] = [];
    const contents: HeldContent[] = [];
    for (const [file, content] of this.rawEntries()) {
      if (!keep(file)) continue;
      paths.push(file);
      contents.push(content);
    }
    const out = new EncodedFiles();
    out.listed = { paths, contents };
    return out;
  }

  override get size(): number {
    return this.listed?.paths.length ?? super.size;
  }

  override set(file: string, content: string): this {
    this.filled().encoded.delete(file);
    return super.set(file, content);
  }

  override delete(file: string): boolean {
    this.filled().encoded.delete(file);
    return super.delete(file);
  }

  override clear(): void {
    this.listed = undefined;
    this.encoded.clear();
    super.clear();
  }

  override has(file: string): boolean {
    const { listed } = this;
    return listed ? this.indexOf(listed, file) >= 0 : super.has(file);
  }

  override get(file: string): string | undefined {
    const content = this.raw(file);
    return content === undefined || typeof content === 'string' ? content : decoded(content);
  }

  override *keys(): MapIterator<string> {
    if (this.listed) yield* this.listed.paths;
    else yield* super.keys();
  }

  override *entries(): MapIterator<[string, string]> {
    for (const [file, content] of this.rawEntries()) yield [file, typeof content === 'string' ? content : decoded(content)];
  }

  /** The content as held: the chunks of an encoded file, else the string. */
  raw(file: string): HeldContent | undefined {
    const { listed } = this;
    if (listed) {
      const at = this.indexOf(listed, file);
      return at < 0 ? undefined : listed.contents[at];
    }
    // An encoded file holds '' in the map itself: the other map is looked up for those alone.
    const content = super.get(file);
    return content === '' ? (this.encoded.get(file) ?? content) : content;
  }

  /** `rawEntries`, given to `visit` one by one. */
  eachRaw(visit: (file: string, content: HeldContent) => void): void {
    const { listed } = this;
    if (listed) for (let i = 0; i < listed.paths.length; i++) visit(listed.paths[i], listed.contents[i]);
    else for (const [file, content] of this.rawEntries()) visit(file, content);
  }

  /** Every file with its content as held (`raw`), in one pass. */
  *rawEntries(): Generator<[string, HeldContent]> {
    const { listed } = this;
    if (listed) {
      for (let i = 0; i < listed.paths.length; i++) yield [listed.paths[i], listed.contents[i]];
      return;
    }
    for (const [file, content] of super.entries()) yield [file, content === '' ? (this.encoded.get(file) ?? content) : content];
  }

  override *values(): MapIterator<string> {
    for (const [, content] of this.entries()) yield content;
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  override forEach(callback: (content: string, file: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    for (const [file, content] of this.entries()) callback.call(thisArg, content, file, this);
  }
}

/** Chunks as one string. */
const decoded = (chunks: readonly Buffer[]): string => (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');

/** `rawEntries`, given to `visit` one by one: no pair is made for each of 58,000 files. */
export function eachRaw(files: ReadonlyMap<string, string>, visit: (file: string, content: HeldContent) => void): void {
  if (files instanceof EncodedFiles) files.eachRaw(visit);
  else files.forEach((content, file) => visit(file, content));
}

/** A file's content as held (`EncodedFiles.raw`), or undefined when there is none. */
export function rawContent(files: ReadonlyMap<string, string>, file: string): HeldContent | undefined {
  return files instanceof EncodedFiles ? files.raw(file) : files.get(file);
}

/**
 * Every file with its content as held, neither decoded nor joined: what the checks, the write and the
 * run record read, so that no report becomes a 121 KB string (V8 puts those in its large-object space,
 * where they stay until the next full collection).
 */
export function* rawEntries(files: ReadonlyMap<string, string>): Generator<[string, HeldContent]> {
  if (!(files instanceof EncodedFiles)) {
    yield* files;
    return;
  }
  yield* files.rawEntries();
}
