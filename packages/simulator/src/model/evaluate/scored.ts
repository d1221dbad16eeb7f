import { EvaluateInputError } from './errors.js';

/** One lead as an evaluation sees it: its score (a probability, or any score for AUC) and whether it was won. */
export interface Scored {
  p: number;
  y: 0 | 1;
}

/**
 * Checks every row before anything is computed, so a bad value is named by where it is (`rows[3].p`)
 * rather than turning a metric into NaN. `name` is how the caller's argument is called in messages.
 */
export function checkRows(rows: readonly Scored[], probabilities: boolean, name = 'rows'): { positives: number } {
  if (rows.length === 0) throw new EvaluateInputError({ en: `${name} is empty: nothing to evaluate`, zh: `${name} 为空：没有可评估的线索` });
  let positives = 0;
  rows.forEach((r, i) => {
    if (typeof r.p !== 'number' || !Number.isFinite(r.p))
      throw new EvaluateInputError({ en: `${name}[${i}].p is not a finite number: ${String(r.p)}`, zh: `${name}[${i}].p 不是有限数值：${String(r.p)}` });
    if (probabilities && (r.p < 0 || r.p > 1))
      throw new EvaluateInputError({ en: `${name}[${i}].p is not a probability (0–1): ${r.p}`, zh: `${name}[${i}].p 不是 0–1 之间的概率：${r.p}` });
    if (r.y !== 0 && r.y !== 1)
      throw new EvaluateInputError({
        en: `${name}[${i}].y must be 0 (lost) or 1 (won): ${String(r.y)}`,
        zh: `${name}[${i}].y 必须为 0（输单）或 1（赢单）：${String(r.y)}`,
      });
    positives += r.y;
  });
  if (positives === 0 || positives === rows.length) {
    const won = positives;
    const lost = rows.length - positives;
    throw new EvaluateInputError({
      en: `${name} needs both won and lost leads to be evaluated; it has ${won} won and ${lost} lost`,
      zh: `${name} 需要同时包含赢单和输单线索才能评估；现有赢单 ${won} 条、输单 ${lost} 条`,
    });
  }
  return { positives };
}
