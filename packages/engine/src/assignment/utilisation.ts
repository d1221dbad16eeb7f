/** Load ÷ cap; a rep without a cap has no known headroom (Infinity sorts them after every capped rep). */
export function utilisationOf(load: number, cap: number | null): number {
  if (cap === null) return Number.POSITIVE_INFINITY;
  return cap > 0 ? load / cap : Number.POSITIVE_INFINITY;
}

/**
 * Capacity routing's ranking, the one its pickers and the state's ranking (state/capacityRanking.ts)
 * use: capped reps before uncapped ones, capped reps by utilisation, uncapped reps (no headroom to
 * compare) by open load, lower first. Ties are not better: whoever comes first in id order keeps the
 * place. A rep's rank is `uncapped` and its `rankKey`.
 */
export function rankKey(load: number, cap: number | null): number {
  return cap === null ? load : utilisationOf(load, cap);
}

/** Whether the rep ranked (uncapped, key) strictly before (otherUncapped, otherKey). */
export function ranksBefore(uncapped: boolean, key: number, otherUncapped: boolean, otherKey: number): boolean {
  return uncapped !== otherUncapped ? !uncapped : key < otherKey;
}
