import { describe, expect, it } from 'vitest';
import { gini, maxMinRatio, normalInterval, quantileGrid, quantileOf, rosterCv } from './stats.js';

describe('fairness and quantile statistics (hand-computed)', () => {
  it('Gini: equal shares 0, one rep with everything (n−1)/n, [1,2,3,4] = 0.25', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75, 12);
    // Σ|xi−xj| over ordered pairs = 20, mean 2.5, n = 4: 20 / (2·16·2.5) = 0.25
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });

  it('CV uses the population standard deviation: [2,4,4,4,5,5,7,9] → sd 2 / mean 5 = 0.4', () => {
    expect(rosterCv([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(0.4, 12);
    expect(rosterCv([3, 3, 3])).toBe(0);
    expect(rosterCv([0, 0])).toBe(0);
  });

  it('max/min is 4 for [2,4,8] and null when some rep got nothing', () => {
    expect(maxMinRatio([8, 2, 4])).toBe(4);
    expect(maxMinRatio([0, 3])).toBeNull();
    expect(maxMinRatio([])).toBeNull();
  });

  it('quantiles are type 7 (linear interpolation): 1…10 → p50 5.5, p90 9.1', () => {
    const xs = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(quantileOf(xs, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileOf(xs, 0.9)).toBeCloseTo(9.1, 12);
    expect(quantileOf([], 0.5)).toBeNull();
    const grid = quantileGrid([0, 100]);
    expect(grid).toHaveLength(21);
    expect(grid[1]).toBeCloseTo(5, 12);
    expect(grid[20]).toBe(100);
  });

  it('normal interval: 10 ± 1.96·2, floored at 0 when asked', () => {
    const ci = normalInterval(10, 4);
    expect(ci.low).toBeCloseTo(10 - 3.919928, 5);
    expect(ci.high).toBeCloseTo(13.919928, 5);
    expect(normalInterval(1, 4, 0).low).toBe(0);
  });
});
