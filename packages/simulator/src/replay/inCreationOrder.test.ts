import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inCreationOrder } from './setup.js';

/** What the order must be: every lead number, by instant, history order among equal instants. */
const stableSorted = (ms: readonly number[]) => ms.map((_, t) => t).sort((a, b) => ms[a]! - ms[b]! || a - b);

describe('inCreationOrder', () => {
  it('orders leads by creation instant, history order among equal instants, however many runs the history is in', () => {
    // Few distinct instants (many ties), and histories sorted but for a few steps back (merged) or
    // in no order at all (sorted).
    const instants = fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 });
    const nearlySorted = fc.tuple(fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 300 }), fc.array(fc.nat(), { maxLength: 5 })).map(([ms, moves]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      for (const m of moves) if (sorted.length > 1) sorted.push(...sorted.splice(m % sorted.length, 1));
      return sorted;
    });
    fc.assert(
      fc.property(fc.oneof(instants, nearlySorted), (ms) => {
        expect(Array.from(inCreationOrder(Float64Array.from(ms)))).toEqual(stableSorted(ms));
      }),
      { numRuns: 500 },
    );
  });

  it('merges a history with one lead out of place, and sorts one in no order', () => {
    expect(Array.from(inCreationOrder(Float64Array.from([1, 2, 2, 9, 3, 3, 4])))).toEqual([0, 1, 2, 4, 5, 6, 3]);
    const shuffled = Array.from({ length: 200 }, (_, t) => (t * 37) % 101);
    expect(Array.from(inCreationOrder(Float64Array.from(shuffled)))).toEqual(stableSorted(shuffled));
    expect(Array.from(inCreationOrder(new Float64Array(0)))).toEqual([]);
  });
});
