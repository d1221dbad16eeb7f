import { describe, expect, it } from 'vitest';
import { uniformStream } from '../../estimate/rng.js';
import { compareAuc } from './compare.js';
import { EvaluateInputError } from './errors.js';
import type { Scored } from './scored.js';

// 400 leads, won with probability 0.4; `good` sees the outcome through a little noise, `blind` sees only noise.
const u = uniformStream(7, 'compare-test');
const y = Array.from({ length: 400 }, () => (u() < 0.4 ? 1 : 0) as 0 | 1);
const good: Scored[] = y.map((v) => ({ p: 0.6 * v + 0.4 * u(), y: v }));
const blind: Scored[] = y.map((v) => ({ p: u(), y: v }));

describe('compareAuc: paired, stratified bootstrap of an AUC difference', () => {
  it('a score compared with itself: difference 0 and an interval of exactly 0', () => {
    const d = compareAuc(good, good, { seed: 1 });
    expect(d).toEqual({ difference: 0, low: 0, high: 0 });
  });

  it('a score that sees the outcome beats noise: the whole interval is above 0, around the difference', () => {
    const d = compareAuc(good, blind, { seed: 1, resamples: 300 });
    // good: won leads score ≥ 0.6, lost < 0.4 — every pair is ordered, AUC 1; noise is near 0.5.
    expect(d.difference).toBeGreaterThan(0.4);
    expect(d.low).toBeGreaterThan(0.3);
    expect(d.low).toBeLessThan(d.difference);
    expect(d.high).toBeGreaterThan(d.difference);
    expect(d.high).toBeLessThan(0.65);
  });

  it('the other way round the interval is below 0, mirrored', () => {
    const ab = compareAuc(good, blind, { seed: 3, resamples: 200 });
    const ba = compareAuc(blind, good, { seed: 3, resamples: 200 });
    expect(ba.difference).toBe(-ab.difference);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });

  it('two scores of no skill: the interval contains 0', () => {
    const other: Scored[] = y.map((v) => ({ p: u(), y: v }));
    const d = compareAuc(blind, other, { seed: 2 });
    expect(d.low).toBeLessThan(0);
    expect(d.high).toBeGreaterThan(0);
  });

  it('the same seed gives the same interval; another seed, another one', () => {
    const a = compareAuc(blind, good, { seed: 11, resamples: 100 });
    expect(compareAuc(blind, good, { seed: 11, resamples: 100 })).toEqual(a);
    expect(compareAuc(blind, good, { seed: 12, resamples: 100 }).low).not.toBe(a.low);
  });

  it('refuses rows that are not the same leads, naming the row', () => {
    const words = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EvaluateInputError);
        return (e as EvaluateInputError).words;
      }
      throw new Error('expected an error');
    };
    const flipped = good.map((r, i) => (i === 5 ? { ...r, y: (1 - r.y) as 0 | 1 } : r));
    expect(words(() => compareAuc(good, flipped, { seed: 1 })).en).toBe('a[5].y and b[5].y differ: the rows are not the same lead');
    expect(words(() => compareAuc(good, good.slice(1), { seed: 1 })).zh).toBe('a 和 b 必须是同一批线索：a 有 400 行，b 有 399 行');
    expect(words(() => compareAuc(good, good, { seed: 1, resamples: 0 })).en).toBe('resamples must be a whole number of at least 1: 0');
  });
});
