import { credentialIn } from '../model/_credentials';

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
const EXTERNAL_SECRET_FILE = /^kind: ExternalSecret$/m;
const EXTERNAL_SECRET_REFERENCES = /^\s*(?:type: kubernetes\.io\/dockerconfigjson|\.dockerconfigjson: "\{\{[^}"]*\}\}"|-?\s*secretKey: [\w.-]+)\s*$/;

export function scanForSecrets(files: ReadonlyMap<string, string>): SecretHit[] {
  const hits: SecretHit[] = [];
  // Most files of a fleet share their bytes with other clusters' files: each distinct content is scanned once.
  const scanned = new Map<string, readonly Omit<SecretHit, 'file'>[]>();
  for (const [file, content] of files) {
    let found = scanned.get(content);
    if (found === undefined) {
      found = scan(content);
      scanned.set(content, found);
    }
    for (const hit of found) hits.push({ file, ...hit });
  }
  return hits;
}

function scan(content: string): Omit<SecretHit, 'file'>[] {
  const found: Omit<SecretHit, 'file'>[] = [];
  const externalSecret = EXTERNAL_SECRET_FILE.test(content);
  content.split('\n').forEach((text, index) => {
    if (externalSecret && EXTERNAL_SECRET_REFERENCES.test(text)) return;
    const kind = credentialIn(text);
    if (kind) found.push({ line: index + 1, kind });
  });
  return found;
}
