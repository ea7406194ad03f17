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
  for (const [file, content] of files) {
    const externalSecret = EXTERNAL_SECRET_FILE.test(content);
    content.split('\n').forEach((text, index) => {
      if (externalSecret && EXTERNAL_SECRET_REFERENCES.test(text)) return;
      const kind = credentialIn(text);
      if (kind) hits.push({ file, line: index + 1, kind });
    });
  }
  return hits;
}
