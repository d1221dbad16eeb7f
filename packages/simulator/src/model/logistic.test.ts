import { describe, expect, it } from 'vitest';
import { choleskySolve, fitLogistic, logisticGradient } from './logistic.js';
import { drawLogistic } from './testkit.js';

describe('fitLogistic (Newton / IRLS with an L2 penalty)', () => {
  it('recovers the coefficients the data was drawn from (n = 20,000; each within 0.08 ≈ 4 standard errors)', () => {
    const data = drawLogistic(7, 20_000, -0.5, [1, -2, 0.5]);
    const fit = fitLogistic(data, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(15);
    expect(Math.abs(fit.intercept - -0.5)).toBeLessThan(0.08);
    expect(Math.abs(fit.weights[0]! - 1)).toBeLessThan(0.08);
    expect(Math.abs(fit.weights[1]! - -2)).toBeLessThan(0.08);
    expect(Math.abs(fit.weights[2]! - 0.5)).toBeLessThan(0.08);
  });

  it('stops where the penalised gradient is zero', () => {
    const data = drawLogistic(3, 2_000, 0.3, [0.8, -0.4, 0, 1.2]);
    const fit = fitLogistic(data, { l2: 5 });
    const g = logisticGradient(data, fit.intercept, fit.weights, 5);
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-6);
    // The penalty pulls weights toward zero compared with the unpenalised fit.
    const free = fitLogistic(data, { l2: 0 });
    const norm = (w: Float64Array) => Math.hypot(...w);
    expect(norm(fit.weights)).toBeLessThan(norm(free.weights));
  });

  it('keeps finite, bounded weights on perfectly separable data (the penalty, not divergence)', () => {
    const x = Float64Array.from([-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2]);
    const y = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const fit = fitLogistic({ x, rows: 8, columns: 1, y }, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.weights[0]!)).toBe(true);
    expect(fit.weights[0]!).toBeGreaterThan(1);
    expect(fit.weights[0]!).toBeLessThan(10);
    expect(Math.abs(fit.intercept)).toBeLessThan(1e-6); // symmetric data: no offset
  });

  it('is deterministic: the same data gives bit-identical coefficients', () => {
    const data = drawLogistic(11, 1_000, 0, [0.5, 0.5]);
    const a = fitLogistic(data, { l2: 1 });
    const b = fitLogistic(data, { l2: 1 });
    expect([...b.weights, b.intercept]).toEqual([...a.weights, a.intercept]);
  });

  it('rejects a negative penalty', () => {
    const data = drawLogistic(1, 10, 0, [1]);
    expect(() => fitLogistic(data, { l2: -1 })).toThrow(/l2 must be ≥ 0/);
  });
});

describe('choleskySolve', () => {
  it('solves a symmetric positive definite system', () => {
    // [[4,2,0],[2,3,1],[0,1,2]] · [1,2,3] = [8,11,8]
    const a = Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    const s = choleskySolve(a, Float64Array.from([8, 11, 8]), 3);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(2, 12);
    expect(s[2]).toBeCloseTo(3, 12);
  });
});
