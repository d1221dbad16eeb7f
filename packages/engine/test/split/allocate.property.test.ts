/**
 * Money never appears or vanishes: largest-remainder allocation checked against its definition
 * (each amount is its exact quota rounded down or up, the amounts add up, the cents left over
 * go to the largest remainders with ties to the lower id), on random amounts and weights.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateCents, centsOf, fraction, percent, percentsTotal, type Fraction } from '../../src/split/allocate.js';

const amountCents = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, 3, 10000, 99999, 100001) },
);
const weight: fc.Arbitrary<Fraction> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 9n }))
  .map(([n, d]) => fraction(n, d));
const parts = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), weight }), { minLength: 1, maxLength: 12, selector: (p) => p.id });

describe('allocateCents', () => {
  it('sums to the amount, rounds each quota down or up, and gives the spare cents to the largest remainders (ties: lower id)', () => {
    fc.assert(
      fc.property(amountCents, parts, (amount, ps) => {
        const live = ps.filter((p) => p.weight.num !== 0n);
        const result = allocateCents(amount, ps);
        if (live.length === 0) {
          expect(result).toEqual([]);
          return;
        }
        expect(result.map((r) => r.id)).toEqual(live.map((p) => p.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(result.reduce((s, r) => s + r.cents, 0)).toBe(amount);
        // Exact quota amount·w/W as a rational (q / W·den) worked out independently with BigInt.
        const lcm = live.reduce((l, p) => {
          let [a, b] = [l, p.weight.den];
          while (b) [a, b] = [b, a % b];
          return (l / a) * p.weight.den;
        }, 1n);
        const w = new Map(live.map((p) => [p.id, p.weight.num * (lcm / p.weight.den)]));
        const total = [...w.values()].reduce((s, x) => s + x, 0n);
        const info = result.map((r) => {
          const exact = BigInt(amount) * w.get(r.id)!;
          const floor = exact / total;
          const rem = exact % total;
          const cents = BigInt(r.cents);
          expect(cents === floor || (cents === floor + 1n && rem > 0n)).toBe(true);
          expect(r.cents).toBeGreaterThanOrEqual(0);
          expect(r.share).toBeGreaterThanOrEqual(0);
          expect(r.share).toBeLessThanOrEqual(1);
          return { id: r.id, rem, up: cents === floor + 1n };
        });
        // Nobody rounded down has a larger remainder than someone rounded up (or an equal one and a lower id).
        for (const down of info.filter((i) => !i.up)) {
          for (const up of info.filter((i) => i.up)) {
            expect(up.rem > down.rem || (up.rem === down.rem && up.id < down.id)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('does not depend on the order the parts are listed in', () => {
    fc.assert(
      fc.property(
        amountCents,
        parts.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }))),
        (amount, [ps, shuffled]) => {
          expect(allocateCents(amount, shuffled)).toEqual(allocateCents(amount, ps));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('equal weights differ by at most a cent, and the extra cents go to the lowest ids', () => {
    fc.assert(
      fc.property(amountCents, fc.integer({ min: 1, max: 30 }), (amount, n) => {
        const ids = Array.from({ length: n }, (_, i) => `r${String(i).padStart(2, '0')}`);
        const result = allocateCents(
          amount,
          ids.map((id) => ({ id, weight: fraction(1n) })),
        );
        const base = Math.floor(amount / n);
        const extra = amount - base * n;
        expect(result.map((r) => r.cents)).toEqual(ids.map((_, i) => base + (i < extra ? 1 : 0)));
      }),
    );
  });

  it('hand-worked cases', () => {
    const thirds = allocateCents(
      10000,
      ['c', 'a', 'b'].map((id) => ({ id, weight: fraction(1n, 3n) })),
    );
    expect(thirds.map((r) => `${r.id}:${r.cents}`)).toEqual(['a:3334', 'b:3333', 'c:3333']);
    expect(
      allocateCents(1, [
        { id: 'x', weight: percent(50) },
        { id: 'y', weight: percent(50) },
      ]).map((r) => r.cents),
    ).toEqual([1, 0]);
    expect(allocateCents(0, [{ id: 'x', weight: percent(100) }])).toEqual([{ id: 'x', cents: 0, basisPoints: 10000, share: 1 }]);
    expect(() => allocateCents(-1, [{ id: 'x', weight: percent(100) }])).toThrow(RangeError);
    expect(() => allocateCents(1.5, [{ id: 'x', weight: percent(100) }])).toThrow(RangeError);
    // Overlay amounts round half up: 5% of 3333333 cents is 166666.65 → 166667; 10% of 15 cents is 1.5 → 2.
    expect(centsOf(3333333, percent(5))).toBe(166667);
    expect(centsOf(15, percent(10))).toBe(2);
    expect(centsOf(14, percent(10))).toBe(1);
    expect(percentsTotal([0.1, 0.2, 99.7])).toBe(100);
    expect(percentsTotal([33.333333, 33.333333, 33.333333])).toBe(99.999999);
  });
});
