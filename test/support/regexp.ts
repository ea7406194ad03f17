/**
 * One regular expression from parts read in order, for a pattern longer than a line: `joinRegExp(/^a\n/, /b$/)` is
 * `/^a\nb$/`, exactly as strict as the one long literal. Each part must be a whole pattern (no group split
 * across parts), and all parts must have the same flags.
 */
export function joinRegExp(...parts: readonly RegExp[]): RegExp {
  const flags = new Set(parts.map((p) => p.flags));
  if (flags.size > 1) throw new Error(`joinRegExp: parts with different flags (${[...flags].join(', ')})`);
  return new RegExp(parts.map((p) => p.source).join(''), parts[0]?.flags);
}
