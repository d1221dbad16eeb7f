/**
 * L2-regularised logistic regression by Newton's method (IRLS). Written here because the npm
 * options (ml-logistic-regression: fixed-step gradient descent, no penalty, no convergence test)
 * do not give a deterministic, converged, penalised fit; the model is small (tens to a few hundred
 * columns), so a dense Newton step with a Cholesky solve converges in a handful of iterations.
 *
 * Objective (minimised): Σ −log-likelihood + (l2 / 2)·Σ β_j² — the intercept is not penalised.
 */

export interface LogisticData {
  /** Rows × columns, row-major: x[i * columns + j]. */
  x: Float64Array;
  rows: number;
  columns: number;
  y: Uint8Array;
}

export interface LogisticFit {
  intercept: number;
  weights: Float64Array;
  iterations: number;
  converged: boolean;
  /** Penalised objective at the solution (for tests and diagnostics). */
  objective: number;
}

export interface LogisticOptions {
  l2: number;
  maxIterations?: number;
  /** Stop when no coefficient moves more than this in one Newton step. */
  tolerance?: number;
  /** Start from these (warm start across an l2 grid). */
  start?: { intercept: number; weights: Float64Array };
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

function linear(d: LogisticData, b0: number, w: Float64Array, out: Float64Array): void {
  const p = d.columns;
  for (let i = 0; i < d.rows; i++) {
    let z = b0;
    const o = i * p;
    for (let j = 0; j < p; j++) z += d.x[o + j]! * w[j]!;
    out[i] = z;
  }
}

function objectiveOf(d: LogisticData, z: Float64Array, w: Float64Array, l2: number): number {
  let s = 0;
  for (let i = 0; i < d.rows; i++) s += softplus(z[i]!) - (d.y[i] === 1 ? z[i]! : 0);
  let r = 0;
  for (let j = 0; j < w.length; j++) r += w[j]! * w[j]!;
  return s + 0.5 * l2 * r;
}

/** Gradient of the objective, intercept first: used by the solver and by tests (≈ 0 at the optimum). */
export function logisticGradient(d: LogisticData, intercept: number, weights: Float64Array, l2: number): Float64Array {
  const p = d.columns;
  const z = new Float64Array(d.rows);
  linear(d, intercept, weights, z);
  const g = new Float64Array(p + 1);
  for (let i = 0; i < d.rows; i++) {
    const r = sigmoid(z[i]!) - d.y[i]!;
    g[0]! += r;
    const o = i * p;
    for (let j = 0; j < p; j++) g[j + 1]! += r * d.x[o + j]!;
  }
  for (let j = 0; j < p; j++) g[j + 1]! += l2 * weights[j]!;
  return g;
}

/** Solves A·s = b in place for a symmetric positive definite A (k × k, row-major); returns s. */
export function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]!;
      for (let m = 0; m < j; m++) s -= l[i * k + m]! * l[j * k + m]!;
      if (i === j) {
        // A tiny ridge keeps an exactly singular column (an unpenalised intercept over an
        // all-zero design) solvable; a real fit never gets near it.
        l[i * k + i] = Math.sqrt(Math.max(s, 1e-12));
      } else l[i * k + j] = s / l[j * k + j]!;
    }
  }
  const t = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let m = 0; m < i; m++) s -= l[i * k + m]! * t[m]!;
    t[i] = s / l[i * k + i]!;
  }
  const out = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = t[i]!;
    for (let m = i + 1; m < k; m++) s -= l[m * k + i]! * out[m]!;
    out[i] = s / l[i * k + i]!;
  }
  return out;
}

export function fitLogistic(d: LogisticData, options: LogisticOptions): LogisticFit {
  const { l2 } = options;
  if (!(l2 >= 0)) throw new RangeError(`l2 must be ≥ 0, got ${l2}`);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;
  const p = d.columns;
  const k = p + 1;
  let b0 = options.start?.intercept ?? 0;
  let w = options.start ? Float64Array.from(options.start.weights) : new Float64Array(p);
  if (!options.start) {
    // Start the intercept at the base rate's log-odds: fewer steps, and the first one never overshoots.
    let pos = 0;
    for (let i = 0; i < d.rows; i++) pos += d.y[i]!;
    const rate = Math.min(Math.max(pos / Math.max(d.rows, 1), 1e-6), 1 - 1e-6);
    b0 = Math.log(rate / (1 - rate));
  }
  const z = new Float64Array(d.rows);
  linear(d, b0, w, z);
  let objective = objectiveOf(d, z, w, l2);
  const h = new Float64Array(k * k);
  const g = new Float64Array(k);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    h.fill(0);
    g.fill(0);
    for (let i = 0; i < d.rows; i++) {
      const mu = sigmoid(z[i]!);
      const r = mu - d.y[i]!;
      const wt = Math.max(mu * (1 - mu), 1e-12);
      const o = i * p;
      g[0]! += r;
      h[0]! += wt;
      for (let j = 0; j < p; j++) {
        const xj = d.x[o + j]!;
        if (xj === 0) continue;
        g[j + 1]! += r * xj;
        const wx = wt * xj;
        h[j + 1]! += wx; // row 0, column j+1, mirrored below
        const row = (j + 1) * k;
        for (let m = 0; m <= j; m++) {
          const xm = d.x[o + m]!;
          if (xm !== 0) h[row + m + 1]! += wx * xm;
        }
      }
    }
    for (let j = 0; j < p; j++) {
      g[j + 1]! += l2 * w[j]!;
      h[(j + 1) * k + j + 1]! += l2;
      // The Cholesky solve reads only the lower triangle: mirror the intercept row into column 0.
      h[(j + 1) * k] = h[j + 1]!;
    }
    const step = choleskySolve(h, g, k);
    // Step halving: Newton can overshoot far from the optimum (nearly separable data).
    let scale = 1;
    let accepted = false;
    let nb0 = b0;
    let nw = w;
    const nz = new Float64Array(d.rows);
    for (let half = 0; half < 30; half++) {
      nb0 = b0 - scale * step[0]!;
      nw = new Float64Array(p);
      for (let j = 0; j < p; j++) nw[j] = w[j]! - scale * step[j + 1]!;
      linear(d, nb0, nw, nz);
      const next = objectiveOf(d, nz, nw, l2);
      if (next <= objective + 1e-12 * Math.abs(objective)) {
        objective = next;
        accepted = true;
        break;
      }
      scale /= 2;
    }
    let moved = 0;
    for (let j = 0; j < k; j++) moved = Math.max(moved, Math.abs(scale * step[j]!));
    if (accepted) {
      b0 = nb0;
      w = nw;
      z.set(nz);
    }
    if (!accepted || moved < tolerance) return { intercept: b0, weights: w, iterations: iteration, converged: true, objective };
  }
  return { intercept: b0, weights: w, iterations: maxIterations, converged: false, objective };
}
