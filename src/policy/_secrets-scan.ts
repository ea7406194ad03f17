import { credentialIn } from '../model/_credentials';
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
 * In an external-secrets.io `ExternalSecret`, lines that name the Secret it writes without holding a
 * value: the template's type, a `.dockerconfigjson` that is only a `{{ }}` template, the store key binding.
 */
const EXTERNAL_SECRET_LINE = /^kind: ExternalSecret$/;
const EXTERNAL_SECRET_REFERENCES = /^\s*(?:type: kubernetes\.io\/dockerconfigjson|\.dockerconfigjson: "\{\{[^}"]*\}\}"|-?\s*secretKey: [\w.-]+)\s*$/;

export function scanForSecrets(files: Iterable<readonly [string, string | Buffer]>): SecretHit[] {
  const hits: SecretHit[] = [];
  // Most files of a fleet share their bytes with other clusters' files: each distinct content is scanned once,
  // and each distinct line (the cluster reports differ in a few lines each) is tested once.
  const scanned = new Map<string, readonly Omit<SecretHit, 'file'>[]>();
  const lines = new Map<string, string | undefined>();
  const credentialInLine = (text: string) => {
    if (lines.has(text)) return lines.get(text);
    const kind = credentialIn(text);
    lines.set(text, kind);
    return kind;
  };
  for (const [file, content] of files) {
    // Long files (the cluster reports) are distinct anyway.
    const cheap = isCheapKey(content);
    let found = cheap ? scanned.get(content) : undefined;
    if (found === undefined) {
      found = scan(linesOf(content), credentialInLine);
      if (cheap) scanned.set(content, found);
    }
    for (const hit of found) hits.push({ file, ...hit });
  }
  return hits;
}

/** The lines of a file; bytes are decoded line by line (a newline byte is never inside a UTF-8 sequence). */
function linesOf(content: string | Buffer): string[] {
  if (typeof content === 'string') return content.split('\n');
  const lines: string[] = [];
  let start = 0;
  for (let end = content.indexOf(10); end !== -1; start = end + 1, end = content.indexOf(10, start)) lines.push(content.toString('utf8', start, end));
  lines.push(content.toString('utf8', start));
  return lines;
}

function scan(lines: readonly string[], credentialInLine: (text: string) => string | undefined): Omit<SecretHit, 'file'>[] {
  const found: Omit<SecretHit, 'file'>[] = [];
  const externalSecret = lines.some((line) => EXTERNAL_SECRET_LINE.test(line));
  lines.forEach((text, index) => {
    if (externalSecret && EXTERNAL_SECRET_REFERENCES.test(text)) return;
    const kind = credentialInLine(text);
    if (kind) found.push({ line: index + 1, kind });
  });
  return found;
}
