/**
 * The `count` candidates nearest to `name` by edit distance, nearest first (ties by name).
 * Hand-written because the two Levenshtein packages in node_modules are only dev tools' dependencies.
 */
export function closestNames(name: string, candidates: readonly string[], count = 3): string[] {
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0))
    .slice(0, count)
    .map((c) => c.candidate);
}

/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * `fix` preceded by "did you mean …?" when a candidate is near enough to `name` to be a likely
 * misspelling of it (at most a third of its letters differ, or two), for every lookup of a name.
 */
export function didYouMean(name: string, candidates: Iterable<string>, fix: string): string {
  const [nearest] = closestNames(
    name,
    [...new Set(candidates)].filter((c) => c !== name),
    1,
  );
  if (nearest === undefined || editDistance(name, nearest) > Math.max(2, Math.floor(nearest.length / 3))) return fix;
  return `did you mean ${JSON.stringify(nearest)}? Otherwise ${fix}`;
}
