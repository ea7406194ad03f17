import { compareStrings } from '../shared';

/** An encoded file: its UTF-8 bytes, and the chunks they were joined from. */
interface Encoded {
  readonly bytes: Buffer;
  readonly chunks: readonly Buffer[];
}

/**
 * Output files whose large contents (the cluster reports, 60 KB each, two-byte strings in V8 because
 * of their arrows) are held as UTF-8 bytes and decoded each time they are read: 1,000 reports take
 * 60 MB instead of 121 MB. Each keeps the chunks it was joined from, which recur across clusters (the
 * credential scan reads each chunk once). Reads as a `Map<string, string>`; insertion order is path order.
 */
export class EncodedFiles extends Map<string, string> {
  private readonly encoded = new Map<string, Encoded>();

  /** `files` and `encoded` (path → UTF-8 bytes in chunks, to be joined), sorted by path; `encoded` wins a path in both. */
  static sorted(files: ReadonlyMap<string, string>, encoded: ReadonlyMap<string, readonly Buffer[]>): EncodedFiles {
    const coded = [...encoded].sort(([a], [b]) => compareStrings(a, b));
    return EncodedFiles.merged(files, coded) ?? EncodedFiles.merged(new Map([...files].sort(([a], [b]) => compareStrings(a, b))), coded)!;
  }

  /** `files`, in path order, merged with `coded`, in path order; undefined when `files` is not in path order. */
  private static merged(files: ReadonlyMap<string, string>, coded: readonly (readonly [string, readonly Buffer[]])[]): EncodedFiles | undefined {
    const out = new EncodedFiles();
    let j = 0;
    let previous: string | undefined;
    for (const [file, content] of files) {
      if (previous !== undefined && compareStrings(previous, file) > 0) return undefined;
      previous = file;
      for (; j < coded.length && compareStrings(coded[j][0], file) <= 0; j++)
        out.setEncoded(coded[j][0], { bytes: Buffer.concat(coded[j][1]), chunks: coded[j][1] });
      if (j === 0 || coded[j - 1][0] !== file) out.setPlain(file, content);
    }
    for (; j < coded.length; j++) out.setEncoded(coded[j][0], { bytes: Buffer.concat(coded[j][1]), chunks: coded[j][1] });
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
    return encoded === undefined ? super.get(file) : encoded.bytes.toString('utf8');
  }

  override *entries(): MapIterator<[string, string]> {
    for (const file of super.keys()) yield [file, this.get(file)!];
  }

  /** The content as held: UTF-8 bytes for an encoded file, else the string. */
  raw(file: string): string | Buffer | undefined {
    // An encoded file holds '' in the map itself: the other map is looked up for those alone.
    const content = super.get(file);
    return content === '' ? (this.encoded.get(file)?.bytes ?? content) : content;
  }

  /** Every file with its content as held (`raw`), in one pass over the map. */
  *rawEntries(): Generator<[string, string | Buffer]> {
    for (const [file, content] of super.entries()) yield [file, content === '' ? (this.encoded.get(file)?.bytes ?? content) : content];
  }

  /** Every file with its content as held, an encoded file as the chunks its bytes join (each but the last ends with a line break). */
  *chunkedEntries(): Generator<[string, string | readonly Buffer[]]> {
    // An encoded file holds '' in the map itself.
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
 * Every file with its content as held, without decoding: what the checks, the write and the run
 * record read, so that no report becomes a 121 KB string (V8 puts those in its large-object space,
 * where they stay until the next full collection).
 */
export function* rawEntries(files: ReadonlyMap<string, string>): Generator<[string, string | Buffer]> {
  if (!(files instanceof EncodedFiles)) {
    yield* files;
    return;
  }
  yield* files.rawEntries();
}

/** `rawEntries` with each encoded file as its chunks, for readers that read chunks recurring across files once. */
export function* chunkedEntries(files: ReadonlyMap<string, string>): Generator<[string, string | readonly Buffer[]]> {
  if (!(files instanceof EncodedFiles)) {
    yield* files;
    return;
  }
  yield* files.chunkedEntries();
}
