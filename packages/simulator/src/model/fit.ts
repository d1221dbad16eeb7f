/**
 * From encoders and labelled leads to fitted weights: the regularisation strength chosen by
 * time-ordered validation inside the training part (older leads fit, newer leads judge), then the
 * calibration decided on the same newer leads, then the final fit on the whole training part.
 */
import { designMatrix, type Encoder } from './encode.js';
import { type LogisticFit, fitLogistic, sigmoid } from './logistic.js';
import { choosePlatt, logLoss, type Platt } from './platt.js';
import type { LabelledLead } from './rows.js';

/** Penalties tried, on standardised columns (Σ log-likelihood + l2/2·Σβ²). */
export const L2_GRID = [0.1, 0.3, 1, 3, 10, 30, 100] as const;

export interface FitOutcome {
  fit: LogisticFit;
  l2: number;
  l2From: 'given' | 'validation';
  /** Validation log loss per l2 tried (empty when given). */
  grid: Array<{ l2: number; logLoss: number }>;
  calibration?: Platt;
}

function logits(fit: LogisticFit, x: Float64Array, rows: number, columns: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    let z = fit.intercept;
    for (let j = 0; j < columns; j++) z += x[i * columns + j]! * fit.weights[j]!;
    out.push(z);
  }
  return out;
}

export function fitModel(
  encoders: readonly Encoder[],
  train: readonly LabelledLead[],
  inner: { fit: readonly LabelledLead[]; validate: readonly LabelledLead[] },
  l2Given: number | undefined,
): FitOutcome {
  const innerFit = designMatrix(encoders, inner.fit);
  const innerVal = designMatrix(encoders, inner.validate);
  const grid: FitOutcome['grid'] = [];
  let l2 = l2Given ?? 1;
  let innerModel: LogisticFit | undefined;
  if (l2Given === undefined) {
    let best = Number.POSITIVE_INFINITY;
    let start: LogisticFit | undefined;
    // Strongest penalty first, each fit warm-started from the previous one.
    for (const candidate of [...L2_GRID].reverse()) {
      const f = fitLogistic(innerFit, { l2: candidate, ...(start ? { start } : {}) });
      start = f;
      const loss = logLoss(logits(f, innerVal.x, innerVal.rows, innerVal.columns).map(sigmoid), innerVal.y);
      grid.unshift({ l2: candidate, logLoss: loss });
      // Ties go to the stronger penalty (visited first): the simpler model.
      if (loss < best - 1e-12) {
        best = loss;
        l2 = candidate;
        innerModel = f;
      }
    }
  } else innerModel = fitLogistic(innerFit, { l2 });
  const z = logits(innerModel!, innerVal.x, innerVal.rows, innerVal.columns);
  const calibration = choosePlatt(z, innerVal.y);
  const fit = fitLogistic(designMatrix(encoders, train), { l2 });
  return { fit, l2, l2From: l2Given === undefined ? 'validation' : 'given', grid, ...(calibration ? { calibration } : {}) };
}
