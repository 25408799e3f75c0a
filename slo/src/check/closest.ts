/** Levenshtein distance: insertions, deletions and substitutions each cost one. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate nearest to `wanted` by edit distance (ties: alphabetical), if any. */
export function closest(wanted: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of [...candidates].sort()) {
    const distance = editDistance(wanted, name);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}

/** ` (closest: x)`, or nothing when there is no candidate. */
export function closestHint(wanted: string, candidates: Iterable<string>,
  what = 'closest'): string {
  const name = closest(wanted, candidates);
  return name === undefined ? '' : ` (${what}: ${name})`;
}
