/**
 * Is one score's AUC better than another's on the same leads, beyond chance? A paired bootstrap:
 * each resample draws the same leads for both scores, so the interval is of the difference itself.
 * Resampling is stratified (won and lost leads drawn separately, each as many as there are), so
 * every resample has both outcomes and an AUC.
 */
import { quantileSorted } from 'simple-statistics';
import { indexStream } from '../../estimate/rng.js';
import { rank, rankedAuc } from './auc.js';
import { EvaluateInputError } from './errors.js';
import { checkRows, type Scored } from './scored.js';

export interface AucDifference {
  /** AUC(a) − AUC(b) on all rows. */
  difference: number;
  /** 95% percentile interval of the difference over the resamples. */
  low: number;
  high: number;
}

/** `a[i]` and `b[i]` must be the same lead (same outcome); seeded: same seed, same interval. */
export function compareAuc(a: readonly Scored[], b: readonly Scored[], opts: { seed: number; resamples?: number }): AucDifference {
  const resamples = opts.resamples ?? 500;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new EvaluateInputError({ en: `resamples must be a whole number of at least 1: ${resamples}`, zh: `resamples 必须是不小于 1 的整数：${resamples}` });
  checkRows(a, false, 'a');
  checkRows(b, false, 'b');
  if (a.length !== b.length)
    throw new EvaluateInputError({
      en: `a and b must score the same leads: a has ${a.length} rows, b has ${b.length}`,
      zh: `a 和 b 必须是同一批线索：a 有 ${a.length} 行，b 有 ${b.length} 行`,
    });
  const won: number[] = [];
  const lost: number[] = [];
  a.forEach((r, i) => {
    if (r.y !== b[i]!.y)
      throw new EvaluateInputError({
        en: `a[${i}].y and b[${i}].y differ: the rows are not the same lead`,
        zh: `a[${i}].y 与 b[${i}].y 不同：两行不是同一条线索`,
      });
    (r.y === 1 ? won : lost).push(i);
  });
  const ra = rank(a);
  const rb = rank(b);
  const difference = rankedAuc(ra) - rankedAuc(rb);
  const weight = new Float64Array(a.length);
  const diffs: number[] = [];
  for (let s = 0; s < resamples; s++) {
    const next = indexStream(opts.seed, 'compareAuc', String(s));
    weight.fill(0);
    for (let k = 0; k < won.length; k++) weight[won[next(won.length)]!]!++;
    for (let k = 0; k < lost.length; k++) weight[lost[next(lost.length)]!]!++;
    diffs.push(rankedAuc(ra, weight) - rankedAuc(rb, weight));
  }
  diffs.sort((x, y) => x - y);
  return { difference, low: quantileSorted(diffs, 0.025), high: quantileSorted(diffs, 0.975) };
}
