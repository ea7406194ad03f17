import { compareStrings } from '../shared';

/**
 * Output files whose large contents (the cluster reports, 60 KB each, two-byte strings in V8 because
 * of their arrows) are held as UTF-8 bytes and decoded each time they are read: 1,000 reports take
 * 60 MB instead of 121 MB. Reads as a `Map<string, string>`; insertion order is path order.
 */
export class EncodedFiles extends Map<string, string> {
  private readonly encoded = new Map<string, Buffer>();

  /** `files` and `encoded` (path → UTF-8 bytes), sorted by path. */
  static sorted(files: ReadonlyMap<string, string>, encoded: ReadonlyMap<string, Buffer>): EncodedFiles {
    const out = new EncodedFiles();
    for (const file of [...files.keys(), ...encoded.keys()].sort(compareStrings)) {
      const bytes = encoded.get(file);
      if (bytes === undefined) out.set(file, files.get(file)!);
      else out.setEncoded(file, bytes);
    }
    return out;
  }

  private setEncoded(file: string, bytes: Buffer): void {
    this.encoded.set(file, bytes);
    super.set(file, '');
  }

  /** The files whose paths pass `keep`, still encoded. */
  filter(keep: (file: string) => boolean): EncodedFiles {
    const out = new EncodedFiles();
    for (const [file, content] of super.entries()) {
      if (!keep(file)) continue;
      const bytes = this.encoded.get(file);
      if (bytes === undefined) out.set(file, content);
      else out.setEncoded(file, bytes);
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
    const bytes = this.encoded.get(file);
    return bytes === undefined ? super.get(file) : bytes.toString('utf8');
  }

  override *entries(): MapIterator<[string, string]> {
    for (const file of super.keys()) yield [file, this.get(file)!];
  }

  /** The content as held: UTF-8 bytes for an encoded file, else the string. */
  raw(file: string): string | Buffer | undefined {
    return this.encoded.get(file) ?? super.get(file);
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
  for (const file of files.keys()) yield [file, files.raw(file)!];
}
