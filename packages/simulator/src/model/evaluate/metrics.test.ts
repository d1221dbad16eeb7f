import { describe, expect, it } from 'vitest';
import { EvaluateInputError } from './errors.js';
import { scoreMetrics } from './metrics.js';
import type { Scored } from './scored.js';

const rows = (p: number[], y: Array<0 | 1>): Scored[] => p.map((x, i) => ({ p: x, y: y[i]! }));

describe('scoreMetrics: a score measured against won and lost leads', () => {
  // By hand: won 0.8, 0.6; lost 0.6, 0.3. Won–lost pairs: (0.8,0.6) 1, (0.8,0.3) 1, (0.6,0.6) ½ (tie), (0.6,0.3) 1 → 3.5 / 4.
  const tiny = rows([0.8, 0.6, 0.6, 0.3], [1, 1, 0, 0]);

  it('AUC counts a tie between a won and a lost lead as one half', () => {
    expect(scoreMetrics(tiny).auc).toBe(0.875);
  });

  it('log loss and Brier score by hand', () => {
    const m = scoreMetrics(tiny);
    // −(ln 0.8 + ln 0.6 + ln(1 − 0.6) + ln(1 − 0.3)) / 4 = (0.22314 + 0.51083 + 0.91629 + 0.35667) / 4
    expect(m.logLoss).toBeCloseTo(0.501735, 5);
    // (0.2² + 0.4² + 0.6² + 0.3²) / 4 = (0.04 + 0.16 + 0.36 + 0.09) / 4
    expect(m.brier).toBeCloseTo(0.1625, 12);
    expect(m.n).toBe(4);
    expect(m.positives).toBe(2);
  });

  it('calibration: ten equal-width bins, empty ones left out, ECE weighted by bin size', () => {
    const m = scoreMetrics(tiny);
    expect(m.calibration).toEqual([
      { bin: 3, lo: 0.3, hi: 0.4, n: 1, meanP: 0.3, rate: 0 },
      { bin: 6, lo: 0.6, hi: 0.7, n: 2, meanP: 0.6, rate: 0.5 },
      { bin: 8, lo: 0.8, hi: 0.9, n: 1, meanP: 0.8, rate: 1 },
    ]);
    // ¼·|0.3 − 0| + ½·|0.6 − 0.5| + ¼·|0.8 − 1| = 0.075 + 0.05 + 0.05
    expect(m.ece).toBeCloseTo(0.175, 12);
  });

  it('a probability of exactly 1 falls in the top bin, and log loss clips it instead of going infinite', () => {
    const m = scoreMetrics(rows([1, 0, 0.5, 0.5], [0, 1, 1, 0]));
    expect(m.calibration.map((b) => b.bin)).toEqual([0, 5, 9]);
    // Two certain mistakes cost −ln(1e-15) each; the two halves ln 2 each.
    expect(m.logLoss).toBeCloseTo((2 * -Math.log(1e-15) + 2 * Math.LN2) / 4, 9);
    expect(Number.isFinite(m.logLoss!)).toBe(true);
  });

  it('lift by decile on ten leads, one per decile: rate, lift over the base rate, cumulative capture', () => {
    // Points scores 10 … 1 (not probabilities); won: the 1st, 2nd, 4th and 7th highest. Base rate 4/10.
    const m = scoreMetrics(rows([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]), { probabilities: false });
    expect(m.lift.map((d) => [d.decile, d.n, d.rate])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [3, 1, 0],
      [4, 1, 1],
      [5, 1, 0],
      [6, 1, 0],
      [7, 1, 1],
      [8, 1, 0],
      [9, 1, 0],
      [10, 1, 0],
    ]);
    expect(m.lift[0]!.lift).toBe(2.5);
    expect(m.lift[2]!.lift).toBe(0);
    expect(m.lift.map((d) => d.cumulativeCapture)).toEqual([0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 1, 1, 1, 1]);
    // Won leads beat 6 + 6 + 5 + 3 of the 24 won–lost pairs.
    expect(m.auc).toBe(20 / 24);
  });

  it('a points score is not a probability: no log loss, Brier or calibration, and scores above 1 are fine', () => {
    const m = scoreMetrics(rows([80, 35, 35, 10], [1, 1, 0, 0]), { probabilities: false });
    expect(m.logLoss).toBeNull();
    expect(m.brier).toBeNull();
    expect(m.ece).toBeNull();
    expect(m.calibration).toEqual([]);
    expect(m.auc).toBe(0.875);
  });

  it('deciles of unequal size when n is not a multiple of ten, equal scores kept in the order given', () => {
    // 25 leads, all scored alike: deciles take rows in input order, sizes 2,3,2,3,…; won = the first 5 rows.
    const y = Array.from({ length: 25 }, (_, i) => (i < 5 ? 1 : 0)) as Array<0 | 1>;
    const m = scoreMetrics(rows(new Array(25).fill(0.5), y));
    expect(m.lift.map((d) => d.n)).toEqual([2, 3, 2, 3, 2, 3, 2, 3, 2, 3]);
    expect(m.lift.map((d) => d.rate)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(m.lift[0]!.lift).toBe(5);
    expect(m.lift[1]!.cumulativeCapture).toBe(1);
    // All tied: a coin toss.
    expect(m.auc).toBe(0.5);
  });

  it('fewer than ten leads: the empty deciles are left out', () => {
    const m = scoreMetrics(tiny);
    // Four leads cut at ⌊4d/10⌋: deciles 3, 5, 8 and 10 get one each.
    expect(m.lift.map((d) => [d.decile, d.rate])).toEqual([
      [3, 1],
      [5, 1],
      [8, 0],
      [10, 0],
    ]);
  });

  it('names the bad row and value in both languages', () => {
    const bad = (r: Scored[], o?: { probabilities?: boolean }) => {
      try {
        scoreMetrics(r, o);
      } catch (e) {
        expect(e).toBeInstanceOf(EvaluateInputError);
        return (e as EvaluateInputError).words;
      }
      throw new Error('expected an error');
    };
    expect(bad(rows([0.2, Number.NaN], [1, 0])).en).toBe('rows[1].p is not a finite number: NaN');
    expect(bad(rows([0.2, 1.5], [1, 0])).zh).toBe('rows[1].p 不是 0–1 之间的概率：1.5');
    expect(
      bad([
        { p: 0.2, y: 2 as 1 },
        { p: 0.1, y: 0 },
      ]).en,
    ).toBe('rows[0].y must be 0 (lost) or 1 (won): 2');
    expect(bad(rows([0.2, 0.3], [1, 1])).en).toBe('rows needs both won and lost leads to be evaluated; it has 2 won and 0 lost');
    expect(bad([]).zh).toBe('rows 为空：没有可评估的线索');
    // 1.5 is fine for a points score.
    expect(scoreMetrics(rows([0.2, 1.5], [0, 1]), { probabilities: false }).auc).toBe(1);
  });
});
