import { compareStrings } from '../shared';

/**
 * A file's content as held: text, or UTF-8 bytes in chunks that join to the file (each but the last
 * ending with a line break). Hashed and written chunk by chunk, never joined: joining 60 MB of reports
 * cost a run the page faults of 60 MB of fresh memory.
 */
export type HeldContent = string | readonly Buffer[];

/** Files given one by one to `visit` (path, content), as a map's `forEach` gives them: read without building a map. */
export type EachFile = (visit: (file: string, content: string) => void) => void;

/** An encoded file: the chunks its UTF-8 bytes join from, and those bytes once something read them whole. */
interface Encoded {
  readonly chunks: readonly Buffer[];
  bytes?: Buffer;
}

const bytesOf = (encoded: Encoded): Buffer => (encoded.bytes ??= Buffer.concat(encoded.chunks));

/**
 * Output files whose large contents (the cluster reports, 60 KB each, two-byte strings in V8 because
 * of their arrows) are held as UTF-8 chunks, which recur across clusters (the credential scan reads
 * each once), and decoded each time they are read: 1,000 reports take 60 MB instead of 121 MB, most of
 * it shared. Reads as a `Map<string, string>`; insertion order is path order.
 */
export class EncodedFiles extends Map<string, string> {
  private readonly encoded = new Map<string, Encoded>();

  /**
   * `files` and `encoded` (path → UTF-8 bytes in chunks, to be joined), sorted by path; `encoded` wins
   * a path in both. `files` may be entries in path order (a later entry of a path wins, at its place),
   * read once.
   */
  static sorted(files: ReadonlyMap<string, string> | EachFile, encoded: ReadonlyMap<string, readonly Buffer[]>): EncodedFiles {
    const coded = [...encoded].sort(([a], [b]) => compareStrings(a, b));
    const each: EachFile = typeof files === 'function' ? files : (visit) => files.forEach((content, file) => visit(file, content));
    const out = EncodedFiles.merged(each, coded);
    if (out) return out;
    const all = new Map<string, string>();
    each((file, content) => all.set(file, content));
    return EncodedFiles.merged(
      (visit) => [...all].sort(([a], [b]) => compareStrings(a, b)).forEach(([file, content]) => visit(file, content)),
      coded,
    )!;
  }

  /** `each`'s files, in path order, merged with `coded`, in path order; undefined when they are not in path order. */
  private static merged(each: EachFile, coded: readonly (readonly [string, readonly Buffer[]])[]): EncodedFiles | undefined {
    const out = new EncodedFiles();
    let j = 0;
    let previous: string | undefined;
    let inOrder = true;
    each((file, content) => {
      if (!inOrder || (previous !== undefined && compareStrings(previous, file) > 0)) {
        inOrder = false;
        return;
      }
      previous = file;
      for (; j < coded.length && compareStrings(coded[j][0], file) <= 0; j++) out.setEncoded(coded[j][0], { chunks: coded[j][1] });
      if (j === 0 || coded[j - 1][0] !== file) out.setPlain(file, content);
    });
    if (!inOrder) return undefined;
    for (; j < coded.length; j++) out.setEncoded(coded[j][0], { chunks: coded[j][1] });
    return out;
  }

  private setPlain(file: string, content: string): void {
    super.set(file, content);
  }

  private setEncoded(file: string, encoded: Encoded): void {
    this.encoded.set(file, encoded);
    super.set(file, '');
  }

  /** The files whose paths pass `keep`, still encoded. */
  filter(keep: (file: string) => boolean): EncodedFiles {
    const out = new EncodedFiles();
    for (const [file, content] of super.entries()) {
      if (!keep(file)) continue;
      const encoded = this.encoded.get(file);
      if (encoded === undefined) out.set(file, content);
      else out.setEncoded(file, encoded);
    }
    return out;
  }

  override set(file: string, content: string): this {
    this.encoded?.delete(file);
    return super.set(file, content);
  }

  override delete(file: string): boolean {
    this.encoded.delete(file);
    return super.delete(file);
  }

  override clear(): void {
    this.encoded.clear();
    super.clear();
  }

  override get(file: string): string | undefined {
    const encoded = this.encoded.get(file);
    return encoded === undefined ? super.get(file) : bytesOf(encoded).toString('utf8');
  }

  override *entries(): MapIterator<[string, string]> {
    for (const file of super.keys()) yield [file, this.get(file)!];
  }

  /** The content as held: the chunks of an encoded file, else the string. */
  raw(file: string): HeldContent | undefined {
    // An encoded file holds '' in the map itself: the other map is looked up for those alone.
    const content = super.get(file);
    return content === '' ? (this.encoded.get(file)?.chunks ?? content) : content;
  }

  /** Every file with its content as held (`raw`), in one pass over the map. */
  *rawEntries(): Generator<[string, HeldContent]> {
    for (const [file, content] of super.entries()) yield [file, content === '' ? (this.encoded.get(file)?.chunks ?? content) : content];
  }

  override *values(): MapIterator<string> {
    for (const file of super.keys()) yield this.get(file)!;
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  override forEach(callback: (content: string, file: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    for (const [file, content] of this.entries()) callback.call(thisArg, content, file, this);
  }
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
