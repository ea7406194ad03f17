import { credentialIn, mayHoldCredential } from '../model/_credentials';
import { isCheapKey } from '../shared';

/**
 * Finds credentials in generated files. dist/ is committed to git and read by anyone with access to
 * the repository, so nothing in it may be a credential: pull secrets, private keys, tokens, passwords.
 */
export interface SecretHit {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
}

/**
 * A file's content: text, UTF-8 bytes, or UTF-8 bytes in chunks, each but the last ending with a line
 * break (the cluster reports, made of chunks that recur across clusters: see `scanForSecrets`).
 */
export type ScannedContent = string | Buffer | readonly Buffer[];

/**
 * In an external-secrets.io `ExternalSecret`, lines that name the Secret it writes without holding a
 * value: the template's type, a `.dockerconfigjson` that is only a `{{ }}` template, the store key binding.
 */
const EXTERNAL_SECRET_LINE = /^kind: ExternalSecret$/;
/** The same line anywhere in a text (not with the `m` flag: that would also split lines at `\r`). */
const EXTERNAL_SECRET_ANY_LINE = /(?:^|\n)kind: ExternalSecret(?:\n|$)/;
const EXTERNAL_SECRET_REFERENCES = /^\s*(?:type: kubernetes\.io\/dockerconfigjson|\.dockerconfigjson: "\{\{[^}"]*\}\}"|-?\s*secretKey: [\w.-]+)\s*$/;

/** What the lines of one text or chunk hold, wherever in a file it sits. */
interface Scanned {
  /** Line breaks in it: how far it moves the line numbers of what follows it. */
  readonly breaks: number;
  readonly externalSecret: boolean;
  /** Hits by line within it (1-based); `reference`: a line an `ExternalSecret` may hold (EXTERNAL_SECRET_REFERENCES). */
  readonly hits: readonly { readonly line: number; readonly kind: string; readonly reference: boolean }[];
}

/**
 * The credentials in `files`, each by file and line. Most files of a fleet share their content with
 * other clusters' files, and the reports their chunks: each distinct string and each chunk (by
 * identity) is scanned once, and each distinct line tested once.
 *
 * Scanning a file chunk by chunk finds what scanning it whole finds when every chunk but the last ends
 * with a line break. The lines of `A + "\n" + B` are the lines of `A` followed by those of `B` (a newline byte is
 * never inside a UTF-8 sequence, so bytes split there decode line by line the same); a chunk `A + "\n"`
 * scanned alone has one more line, the empty one after its break, and an empty line holds no
 * credential. So the file's hits are each chunk's hits, their line numbers moved by the line breaks
 * of the chunks before it; and a file holds the `kind: ExternalSecret` line when one of its chunks
 * does, which then exempts the reference lines of every chunk. A chunk list that breaks the rule is
 * scanned joined.
 */
export function scanForSecrets(files: Iterable<readonly [string, ScannedContent]>): SecretHit[] {
  const hits: SecretHit[] = [];
  // Strings by value, bytes (report chunks) by identity.
  const scanned = new Map<string | Buffer, Scanned>();
  const lines = new Map<string, string | undefined>();
  const credentialInLine = (text: string) => {
    if (lines.has(text)) return lines.get(text);
    const kind = credentialIn(text);
    lines.set(text, kind);
    return kind;
  };
  const scanOnce = (content: string | Buffer): Scanned => {
    // Long strings make poor keys (see isCheapKey); no file content is that long while a string.
    const key = typeof content === 'string' && !isCheapKey(content) ? undefined : content;
    let found = key === undefined ? undefined : scanned.get(key);
    if (found === undefined) {
      // Most contents hold no credential: tested whole, they are split into lines only when one may.
      const text = typeof content === 'string' ? content : content.toString('utf8');
      found = mayHoldCredential(text) ? scan(text.split('\n'), credentialInLine) : clean(text);
      if (key !== undefined) scanned.set(key, found);
    }
    return found;
  };
  for (const [file, content] of files) {
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      const found = scanOnce(content);
      for (const hit of found.hits) if (!(found.externalSecret && hit.reference)) hits.push({ file, line: hit.line, kind: hit.kind });
      continue;
    }
    const parts = chunked(content).map(scanOnce);
    const externalSecret = parts.some((p) => p.externalSecret);
    let offset = 0;
    for (const part of parts) {
      for (const hit of part.hits) if (!(externalSecret && hit.reference)) hits.push({ file, line: offset + hit.line, kind: hit.kind });
      offset += part.breaks;
    }
  }
  return hits;
}

/** `chunks` when each ends with a line break, else their bytes joined (scanned as one). */
function chunked(chunks: readonly Buffer[]): readonly Buffer[] {
  return chunks.every((c, i) => i === chunks.length - 1 || c[c.length - 1] === 0x0a) ? chunks : [Buffer.concat(chunks)];
}

/** What a text none of whose lines may hold a credential holds. */
function clean(text: string): Scanned {
  let breaks = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) breaks++;
  return { breaks, externalSecret: EXTERNAL_SECRET_ANY_LINE.test(text), hits: [] };
}

function scan(lines: readonly string[], credentialInLine: (text: string) => string | undefined): Scanned {
  const hits: { line: number; kind: string; reference: boolean }[] = [];
  lines.forEach((text, index) => {
    const kind = credentialInLine(text);
    if (kind) hits.push({ line: index + 1, kind, reference: EXTERNAL_SECRET_REFERENCES.test(text) });
  });
  return { breaks: lines.length - 1, externalSecret: lines.some((line) => EXTERNAL_SECRET_LINE.test(line)), hits };
}
