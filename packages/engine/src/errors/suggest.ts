/**
 * "Did you mean" for names the author typed: node kinds, fact roots. Pure and deterministic —
 * ties in distance are broken by name so error messages never change between runs.
 */

/** Levenshtein distance (insert, delete, substitute = 1), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * Every candidate, closest to `typed` first. A dotted name also counts as close when its last part
 * is ("roundRobin" → assign.roundRobin); ties go to the closer whole name, then name order.
 */
export function closestFirst(typed: string, candidates: readonly string[]): string[] {
  return candidates
    .map((name) => {
      const whole = editDistance(typed, name);
      const tail = name.includes('.') ? editDistance(typed, name.slice(name.lastIndexOf('.') + 1)) : whole;
      return { name, d: Math.min(whole, tail), whole };
    })
    .sort((x, y) => x.d - y.d || x.whole - y.whole || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .map((x) => x.name);
}

/**
 * The one candidate close enough to be a typo, or none: at most a third of the typed length
 * (at least 1, at most 3) edits away — further than that a suggestion is a guess, not a fix.
 */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  const best = closestFirst(typed, candidates)[0];
  if (best === undefined) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  return editDistance(typed, best) <= limit ? best : undefined;
}
