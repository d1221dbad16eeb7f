/**
 * AUC as the Mann–Whitney statistic: the chance that a won lead scores above a lost one, a tie
 * counting one half. The rows are sorted once (O(n log n)); the AUC of any reweighting of them (a
 * bootstrap resample is a count per row) is then one O(n) pass over that order, so 500 resamples do
 * not sort 500 times.
 */
import type { Scored } from './scored.js';

/** The rows in ascending score order, cut into groups of equal score (`starts[g]` … `starts[g + 1]`). */
export interface Ranked {
  order: Int32Array;
  starts: Int32Array;
  y: Uint8Array;
}

export function rank(rows: readonly Scored[]): Ranked {
  const n = rows.length;
  // Index order among equal scores keeps the sort deterministic; ties are grouped below anyway.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => rows[a]!.p - rows[b]!.p || a - b);
  const starts: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || rows[order[k]!]!.p !== rows[order[k - 1]!]!.p) starts.push(k);
  starts.push(n);
  return { order, starts: Int32Array.from(starts), y: Uint8Array.from(rows, (r) => r.y) };
}

/**
 * AUC with each row counted `weight[i]` times (no weights: once each). Per group of equal scores:
 * its won leads beat every lost lead below the group and tie with the lost ones in it. NaN when the
 * weights leave no won or no lost lead.
 */
export function rankedAuc(r: Ranked, weight?: ArrayLike<number>): number {
  let below = 0;
  let pairs = 0;
  let won = 0;
  for (let g = 0; g + 1 < r.starts.length; g++) {
    let groupWon = 0;
    let groupLost = 0;
    for (let k = r.starts[g]!; k < r.starts[g + 1]!; k++) {
      const i = r.order[k]!;
      const w = weight ? weight[i]! : 1;
      if (r.y[i] === 1) groupWon += w;
      else groupLost += w;
    }
    pairs += groupWon * (below + groupLost / 2);
    below += groupLost;
    won += groupWon;
  }
  return pairs / (won * below);
}
