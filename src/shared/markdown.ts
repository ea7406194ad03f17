/** Markdown helpers for the reviewer-facing output (diff summary, cluster reports). */

/** An inline code span that survives backticks inside `text`. */
export function code(text: string): string {
  // Most texts hold no backtick (a report writes thousands of spans).
  if (!text.includes('`')) return `\`${text}\``;
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  if (!text.includes('|') && !text.includes('\n')) return text;
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A markdown table; `align` marks right-aligned (numeric) columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** `1 × Namespace, 2 × ImageStream`, in the order given. */
export function countList(counts: readonly { readonly kind: string; readonly count: number }[]): string {
  return counts.map(({ kind, count }) => `${count} × ${kind}`).join(', ');
}
