/**
 * Calibration of the raw log-odds on the newest training leads, p = σ(a·z + b): a plain shift of
 * the level (a = 1: win rates drift over time, and the newest leads say where they are now) or full
 * Platt scaling (a and b). Each is kept only when it lowers log loss on leads it was not fitted on
 * (two interleaved halves of the slice, each judged by the other's fit), so calibration is never
 * added just because more parameters always fit their own data better.
 */
import { fitLogistic, sigmoid } from './logistic.js';

export interface Platt {
  a: number;
  b: number;
}
export type CalibrationKind = 'none' | 'shift' | 'platt';

const EPS = 1e-15;
export function logLoss(p: readonly number[], y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i]!, EPS), 1 - EPS);
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / Math.max(p.length, 1);
}

/** Newton on the one offset b with a = 1 (the level shift). */
function fitShift(z: readonly number[], y: ArrayLike<number>): Platt {
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < z.length; i++) {
      const p = sigmoid(z[i]! + b);
      g += p - y[i]!;
      h += p * (1 - p);
    }
    const step = g / Math.max(h, 1e-12);
    b -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  return { a: 1, b };
}

export function fitCalibration(kind: Exclude<CalibrationKind, 'none'>, z: readonly number[], y: ArrayLike<number>): Platt {
  if (kind === 'shift') return fitShift(z, y);
  const fit = fitLogistic({ x: Float64Array.from(z), rows: z.length, columns: 1, y: Uint8Array.from(y as ArrayLike<number>) }, { l2: 1e-6 });
  return { a: fit.weights[0]!, b: fit.intercept };
}

const apply = (c: Platt, z: readonly number[]) => z.map((v) => sigmoid(c.a * v + c.b));

/** Which calibration lowers held-out log loss on this slice most ('none' when neither does). */
export function chooseCalibration(z: readonly number[], y: ArrayLike<number>): CalibrationKind {
  const halves = [0, 1].map((h) => {
    const idx = z.map((_, i) => i).filter((i) => i % 2 === h);
    return { z: idx.map((i) => z[i]!), y: idx.map((i) => y[i]!) };
  });
  const [h0, h1] = halves as [(typeof halves)[0], (typeof halves)[0]];
  const bothClasses = (ys: number[]) => ys.some((v) => v === 1) && ys.some((v) => v === 0);
  if (!bothClasses(h0.y) || !bothClasses(h1.y)) return 'none';
  const total = (f: (from: typeof h0, to: typeof h0) => number) => f(h1, h0) * h0.z.length + f(h0, h1) * h1.z.length;
  let best: CalibrationKind = 'none';
  let bestLoss = total((_, to) => logLoss(to.z.map(sigmoid), to.y));
  for (const kind of ['shift', 'platt'] as const) {
    const loss = total((from, to) => logLoss(apply(fitCalibration(kind, from.z, from.y), to.z), to.y));
    if (loss < bestLoss) [best, bestLoss] = [kind, loss];
  }
  return best;
}
