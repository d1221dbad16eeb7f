/**
 * Empirical-Bayes shrinkage of per-rep conversion toward the segment rate (beta-binomial).
 *
 * Each rep r in a segment has a true rate p_r ~ Beta(κ·m, κ·(1−m)); their w_r wins out of n_r leads are
 * beta-binomial, with intra-rep correlation ρ = 1/(κ+1). κ ("prior strength", in leads) is estimated by
 * the method of moments (the ANOVA-type estimator, weighting each rep by its leads) from the spread of
 * the reps' observed rates y_r = w_r / n_r around the pooled segment rate m = Σw/Σn:
 *
 *   S = Σ n_r (y_r − m)²,  E[S] = m(1−m)·[(R − 1) + ρ·(N − Σn_r²/N − (R − 1))]
 *   ⇒ ρ̂ = (S/(m(1−m)) − (R − 1)) / (N − Σn_r²/N − (R − 1)),  κ̂ = 1/ρ̂ − 1
 *
 * (R reps with at least one lead, N their leads). The shrunk rate is the posterior mean (κm + w)/(κ + n):
 * a rep with 2 leads stays near the segment rate, one with 2,000 keeps almost its own.
 */

export interface CellCounts {
  leads: number;
  wins: number;
}

/** Bounds on κ: ρ̂ ≤ 0 (no spread beyond binomial noise) means "reps do not differ" → the upper bound. */
export const KAPPA_MIN = 1;
export const KAPPA_MAX = 100_000;
/** When neither the segment nor the pooled history can estimate κ: ten leads of evidence equal the segment rate. */
export const DEFAULT_KAPPA = 10;

export interface MomentTerms {
  /** S/(m(1−m)) − (R − 1): spread beyond what binomial noise explains. */
  excess: number;
  /** N − Σn²/N − (R − 1): how much spread one unit of ρ would add. Summed across segments to pool them. */
  room: number;
  reps: number;
}

export function momentTerms(cells: readonly CellCounts[], mean: number): MomentTerms {
  const spread = mean * (1 - mean);
  const used = cells.filter((cell) => cell.leads >= 1);
  if (spread <= 0 || used.length === 0) return { excess: 0, room: 0, reps: 0 };
  let s = 0;
  let n = 0;
  let n2 = 0;
  for (const cell of used) {
    const y = cell.wins / cell.leads;
    s += cell.leads * (y - mean) * (y - mean);
    n += cell.leads;
    n2 += cell.leads * cell.leads;
  }
  const reps = used.length;
  return { excess: s / spread - (reps - 1), room: n - n2 / n - (reps - 1), reps };
}

/** κ̂ from moment terms; null when they cannot say (fewer than two reps, or every rep had one lead). */
export function kappaFromMoments(terms: MomentTerms): number | null {
  if (terms.reps < 2 || terms.room <= 1e-9) return null;
  const rho = terms.excess / terms.room;
  if (rho <= 0) return KAPPA_MAX;
  const kappa = 1 / rho - 1;
  return Math.min(KAPPA_MAX, Math.max(KAPPA_MIN, kappa));
}

export interface Posterior {
  alpha: number;
  beta: number;
  /** Posterior mean: the shrunk rate. */
  rate: number;
  /** Posterior variance: the parameter uncertainty the intervals carry. */
  variance: number;
  /** ∂rate/∂m = κ/(κ+n): how much of the segment rate's own uncertainty passes into this cell. */
  priorWeight: number;
}

export function posterior(cell: CellCounts, mean: number, kappa: number): Posterior {
  const alpha = kappa * mean + cell.wins;
  const beta = kappa * (1 - mean) + (cell.leads - cell.wins);
  const total = alpha + beta;
  const rate = total > 0 ? alpha / total : mean;
  return {
    alpha,
    beta,
    rate,
    variance: total > 0 ? (alpha * beta) / (total * total * (total + 1)) : 0,
    priorWeight: kappa / (kappa + cell.leads),
  };
}

/**
 * Sampling variance of the pooled segment rate m = Σw/Σn under the beta-binomial: reps differ, so their
 * leads are not independent coin flips: Var(Σw) = Σ n_r·m(1−m)·(κ + n_r)/(κ + 1).
 */
export function segmentRateVariance(cells: readonly CellCounts[], mean: number, kappa: number): number {
  let total = 0;
  let leads = 0;
  for (const cell of cells) {
    total += (cell.leads * mean * (1 - mean) * (kappa + cell.leads)) / (kappa + 1);
    leads += cell.leads;
  }
  return leads > 0 ? total / (leads * leads) : 0;
}
