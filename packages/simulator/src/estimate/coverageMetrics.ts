/**
 * What a policy leaves undone, measured so it cannot hide behind the figures of the leads it did
 * handle: leads nobody holds at the run's end, leads never contacted within the run, and a time to
 * first contact that counts a held but never-contacted lead as slower than every contacted one
 * (right-censored at the run's end) instead of dropping it.
 */
import { Z95 } from './stats.js';

/**
 * The p-quantile (type 7, as simple-statistics' quantileSorted) of `total` values of which the first
 * `sorted.length` are known and ascending and the rest are "later than the run's end" (+∞).
 * null when there is no value at all; Infinity when the quantile falls on (or between a known value
 * and) a value past the run's end: the quantile is not reached within the run.
 */
export function censoredQuantile(sorted: ArrayLike<number>, total: number, p: number): number | null {
  if (total === 0) return null;
  const idx = p === 1 ? total - 1 : (total - 1) * p;
  const lower = Math.floor(idx);
  const upper = Math.ceil(idx);
  if (upper >= sorted.length) return Number.POSITIVE_INFINITY;
  if (lower === upper) return sorted[lower]!;
  return sorted[lower]! + (idx - lower) * (sorted[upper]! - sorted[lower]!);
}

/** quantileSorted's interpolation on values that may be ±∞ (an unreached quantile's difference). */
export function quantileWithInfinities(sorted: readonly number[], p: number): number {
  const idx = (sorted.length - 1) * p;
  const lower = Math.floor(idx);
  const upper = Math.ceil(idx);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  if (lower === upper || a === b) return a;
  if (a === Number.NEGATIVE_INFINITY) return a;
  if (b === Number.POSITIVE_INFINITY) return b;
  return a + (idx - lower) * (b - a);
}

export interface PairedInterval {
  /** Candidate minus baseline, summed over the leads (a count) or as a mean (a share). */
  estimate: number;
  low: number;
  high: number;
}

/**
 * The 95 % interval of Σ (candidate − baseline) of a 0/1 property of each lead, paired lead by lead:
 * d_i = x_i(candidate) − x_i(baseline) ∈ {−1, 0, 1}, D = Σ d_i, se(D) = √n · s_d with s_d the sample
 * standard deviation of the d_i (n − 1 in the denominator; 0 for a single lead), D ± 1.96·se.
 * Both policies deciding alike on every lead gives exactly [0, 0]. `share`: the same divided by n,
 * in percentage points. The bounds are cut at ±n (±100 points), which no difference can pass.
 */
export function pairedIndicatorDifference(baseline: (i: number) => boolean, candidate: (i: number) => boolean, n: number, share = false): PairedInterval {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (candidate(i) ? 1 : 0) - (baseline(i) ? 1 : 0);
    sum += d;
    squares += d * d;
  }
  if (n === 0) return { estimate: 0, low: 0, high: 0 };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0;
  const se = Math.sqrt(n * variance);
  const scale = share ? 100 / n : 1;
  // A variance of exactly 0 (every d_i alike) keeps the bounds exact, not off by a rounding.
  const half = variance === 0 ? 0 : Z95 * se;
  // A difference of counts cannot pass ±n (±100 points): the normal bounds are cut there.
  return { estimate: sum * scale, low: Math.max(-n, sum - half) * scale, high: Math.min(n, sum + half) * scale };
}

/** A share as the report's words read it: 83.4%. */
export const percentText = (share: number) => `${Math.round(share * 1000) / 10}%`;
