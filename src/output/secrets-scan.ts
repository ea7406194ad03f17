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

export function scanForSecrets(files: ReadonlyMap<string, string>): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const [file, content] of files) {
    content.split('\n').forEach((text, index) => {
      const kind = credentialIn(text);
      if (kind) hits.push({ file, line: index + 1, kind });
    });
  }
  return hits;
}
