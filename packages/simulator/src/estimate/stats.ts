/**
 * Small statistics the estimate reports. simple-statistics provides the quantile (type 7, as numpy and
 * R default) and the standard deviation; the Gini coefficient is not in it, so it lives here.
 */
import { mean, quantileSorted, standardDeviation } from 'simple-statistics';

/**
 * Gini coefficient of non-negative counts: 0 = everyone got the same, (n−1)/n = one rep got all.
 * Mean absolute difference over all ordered pairs divided by twice the mean (the textbook definition),
 * computed from the sorted values: G = Σ (2i − n − 1)·x₍ᵢ₎ / (n · Σx), i = 1…n.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    total += x;
    weighted += (2 * (i + 1) - n - 1) * x;
  }
  return total === 0 ? 0 : weighted / (n * total);
}

/**
 * Coefficient of variation over the whole roster: population standard deviation / mean. The reps are the
 * population itself, not a sample of it, so no n−1 correction (simple-statistics' coefficientOfVariation
 * uses the sample one).
 */
export function rosterCv(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const m = mean(values as number[]);
  return m === 0 ? 0 : standardDeviation(values as number[]) / m;
}

/** max / min, or null when some rep got nothing (the ratio is unbounded; Gini and CV still say how uneven). */
export function maxMinRatio(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > 0 ? hi / lo : null;
}

/** Type-7 quantile of an unsorted sample; null for an empty one. */
export function quantileOf(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/** Type-7 quantile of a sorted sample, read as an inverse CDF: u ∈ [0,1) → a value. */
export function inverseCdf(sortedGrid: readonly number[], u: number): number {
  if (sortedGrid.length === 0) return 0;
  return quantileSorted(sortedGrid as number[], Math.min(1, Math.max(0, u)));
}

/** The 21 quantiles 0 %, 5 % … 100 %: a compact, JSON-friendly picture of a distribution. */
export function quantileGrid(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const grid: number[] = [];
  for (let k = 0; k <= 20; k++) grid.push(quantileSorted(sorted, k / 20));
  return grid;
}

export const Z95 = 1.959963984540054;

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** Standard error the interval was built from (normal approximation); 0 when the value is known exactly. */
  se: number;
}

/** estimate ± 1.96·se, optionally floored (wins and revenue cannot be negative). */
export function normalInterval(estimate: number, variance: number, floor?: number): Interval {
  const se = Math.sqrt(Math.max(0, variance));
  let low = estimate - Z95 * se;
  if (floor !== undefined && low < floor) low = floor;
  return { estimate, low, high: estimate + Z95 * se, se };
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
