/**
 * The statistical leak check: a column that on its own tells won from lost almost perfectly on
 * newer leads is, in a CRM export, nearly always written after the result ("Tags: Closed by …",
 * "Lead Quality"). Each encoder is fitted alone on the older part of the training leads and judged
 * on the newer part (never on the held-out test leads, which must stay unseen).
 */
import { scoreMetrics } from './evaluate/index.js';
import { designMatrix, type Encoder } from './encode.js';
import { fitLogistic, sigmoid } from './logistic.js';
import type { LabelledLead } from './rows.js';

export const LEAK_AUC = 0.97;

/** Held-out AUC of one encoder alone; undefined when the validation part cannot be judged (one class). */
export function soloAuc(e: Encoder, fit: readonly LabelledLead[], validate: readonly LabelledLead[]): number | undefined {
  const positives = validate.reduce((s, r) => s + r.y, 0);
  const fitPositives = fit.reduce((s, r) => s + r.y, 0);
  if (positives === 0 || positives === validate.length || fitPositives === 0 || fitPositives === fit.length) return undefined;
  const train = designMatrix([e], fit);
  const model = fitLogistic(train, { l2: 1 });
  const held = designMatrix([e], validate);
  const scored = validate.map((r, i) => {
    let z = model.intercept;
    for (let j = 0; j < held.columns; j++) z += held.x[i * held.columns + j]! * model.weights[j]!;
    return { p: sigmoid(z), y: r.y };
  });
  return scoreMetrics(scored, { probabilities: false }).auc;
}
