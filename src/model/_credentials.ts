/**
 * Credentials in text. dist/ is committed to git and read by anyone with access to the repository,
 * so nothing in it may be a credential: pull secrets, private keys, tokens, passwords. The model
 * refuses catalog strings that hold one; `src/policy/_secrets-scan.ts` checks every generated file.
 */
export const CREDENTIAL_PATTERNS: ReadonlyArray<readonly [kind: string, line: RegExp, anywhere?: RegExp]> = [
  ['pull secret (.dockerconfigjson)', /\.dockerconfigjson|kubernetes\.io\/dockerconfigjson|"auths"\s*:/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['GitLab token', /\bglpat-[A-Za-z0-9_-]{20,}/],
  ['AWS access key', /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['JSON web token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['URL with user information (user:password@)', /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]+@/i, /:\/\/[^\s/?#@]+@/],
  // A literal value under a key that names a credential; `${PARAM}` references and generators are fine.
  [
    'literal password, secret or token',
    /^\s*-?\s*"?[\w.-]*(password|passwd|secret|token|apikey|api_key)"?\s*:\s*(?!\$\{|""|''|\s*$)['"]?[^\s'"]{4,}/i,
    /(?:password|passwd|secret|token|apikey|api_key)"?\s*:\s*(?!\$\{|""|''|\s*$)['"]?[^\s'"]{4,}/i,
  ],
];

/** Keys whose values describe a credential without being one (Secret references, SA token settings). */
const ALLOWED_KEY_VALUES = new RegExp(
  '(secretName|secretRef|secretKeyRef|tokenSecretRef|automountServiceAccountToken|serviceAccountToken|passwordSecret|' +
    'secret[-_]?name|Token\\b.*:\\s*(true|false))\\s*:',
  'i',
);

/** The kind of credential one line of text holds, if any. */
export function credentialIn(line: string): string | undefined {
  if (ALLOWED_KEY_VALUES.test(line)) return undefined;
  return CREDENTIAL_PATTERNS.find(([, pattern]) => pattern.test(line))?.[0];
}

/**
 * What each pattern's match always holds, searched in a whole text: a text holding a line that holds a
 * credential holds it too (no pattern looks past its line's edges, and a line break reads as a
 * non-word character, as the text's edge does), so a text it is not in need not be split into lines.
 * A pattern whose search is slow (a leading class tried at every word, `^` at every line) names the
 * part from which it is quick.
 */
const ANYWHERE_PATTERNS = CREDENTIAL_PATTERNS.map(([, line, anywhere]) => anywhere ?? line);

/** False when no line of `text` can hold a credential; true when one may (`credentialIn` says which). */
export function mayHoldCredential(text: string): boolean {
  return ANYWHERE_PATTERNS.some((pattern) => pattern.test(text));
}
