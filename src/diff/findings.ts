import { code } from '../shared';
import type { Finding } from '../policy';

/**
 * The checks' findings as a markdown section, for the pull request summary: reviewers see the
 * warnings (and, when the catalog fails, the errors) where they read the changes, not only on stderr.
 */
export function findingsSection(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const counts = [
    errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return ['', `### Findings of the checks: ${counts}`, '', ...findings.flatMap(findingLines)];
}

function findingLines(f: Finding): string[] {
  const where = [code(f.field ? `${f.file}: ${f.field}` : f.file), ...(f.cluster ? [`on ${f.cluster}`] : [])].join(' ');
  return [`- **${f.severity}** ${code(f.rule)} ${where}: ${f.message}`, `  - fix: ${f.fix}`];
}

/** What the summary says when the catalog fails its checks: there is no output to compare. */
export function failedChecksMarkdown(findings: readonly Finding[]): string {
  return (
    [
      '## Catalog changes',
      '',
      'The catalog in the working tree fails its checks, so there is no output to compare; fix the errors below.',
      ...findingsSection(findings),
    ].join('\n') + '\n'
  );
}
