/**
 * Finds credentials in generated files. dist/ is committed to git and read by anyone with access to
 * the repository, so nothing in it may be a credential: pull secrets, private keys, tokens, passwords.
 */
export interface SecretHit {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
}

const PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['pull secret (.dockerconfigjson)', /\.dockerconfigjson|kubernetes\.io\/dockerconfigjson|"auths"\s*:/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['AWS access key', /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['JSON web token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['basic-auth URL', /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i],
  // A literal value under a key that names a credential; `${PARAM}` references and generators are fine.
  ['literal password, secret or token', /^\s*-?\s*"?[\w.-]*(password|passwd|secret|token|apikey|api_key)"?\s*:\s*(?!\$\{|""|''|\s*$)['"]?[^\s'"]{4,}/i],
];

/** Keys whose values describe a credential without being one (Secret references, SA token settings). */
const ALLOWED_KEY_VALUES = /(secretName|secretRef|secretKeyRef|tokenSecretRef|automountServiceAccountToken|serviceAccountToken|passwordSecret|secret[-_]?name|Token\b.*:\s*(true|false))\s*:/i;

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
      if (ALLOWED_KEY_VALUES.test(text)) return;
      if (externalSecret && EXTERNAL_SECRET_REFERENCES.test(text)) return;
      for (const [kind, pattern] of PATTERNS) {
        if (pattern.test(text)) hits.push({ file, line: index + 1, kind });
      }
    });
  }
  return hits;
}
