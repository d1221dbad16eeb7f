/**
 * Platt scaling: p = σ(a·z + b) over the model's raw log-odds, fitted on leads the model did not
 * learn from. Kept only when it lowers log loss on leads it was not fitted on either (two halves of
 * the calibration slice, each judged by the other's fit), so it is never added just because two
 * more parameters always fit their own data better.
 */
import { fitLogistic, sigmoid } from './logistic.js';

export interface Platt {
  a: number;
  b: number;
}

const EPS = 1e-15;
export function logLoss(p: readonly number[], y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i]!, EPS), 1 - EPS);
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / Math.max(p.length, 1);
}

export function fitPlatt(z: readonly number[], y: ArrayLike<number>): Platt {
  const fit = fitLogistic({ x: Float64Array.from(z), rows: z.length, columns: 1, y: Uint8Array.from(y as ArrayLike<number>) }, { l2: 1e-6 });
  return { a: fit.weights[0]!, b: fit.intercept };
}

const apply = (c: Platt, z: readonly number[]) => z.map((v) => sigmoid(c.a * v + c.b));

/** Platt parameters when they improve held-out log loss on this slice, else undefined. */
export function choosePlatt(z: readonly number[], y: ArrayLike<number>): Platt | undefined {
  const halves = [0, 1].map((h) => {
    const idx = z.map((_, i) => i).filter((i) => i % 2 === h);
    return { z: idx.map((i) => z[i]!), y: idx.map((i) => y[i]!) };
  });
  const [h0, h1] = halves as [(typeof halves)[0], (typeof halves)[0]];
  const bothClasses = (ys: number[]) => ys.some((v) => v === 1) && ys.some((v) => v === 0);
  if (!bothClasses(h0.y) || !bothClasses(h1.y)) return undefined;
  const raw = (h: typeof h0) => logLoss(h.z.map(sigmoid), h.y);
  const crossed = (from: typeof h0, to: typeof h0) => logLoss(apply(fitPlatt(from.z, from.y), to.z), to.y);
  const before = raw(h0) * h0.z.length + raw(h1) * h1.z.length;
  const after = crossed(h1, h0) * h0.z.length + crossed(h0, h1) * h1.z.length;
  if (!(after < before)) return undefined;
  return fitPlatt(z, y);
}
