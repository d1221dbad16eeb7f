import { describe, expect, it } from 'vitest';
import { reassignedRun, syntheticHistory, type WorldRep } from './fixtures.js';
import { contributions, historyIndex } from './contributions.js';
import { expected } from './expectation.js';
import { fitModel } from './model.js';
import { readRate } from './rates.js';
import { uniformStream } from './rng.js';

/**
 * Interval sanity on a synthetic Bernoulli world with known rates: a history is drawn, the model is fitted
 * on it, every lead is moved to another rep, and the 95 % interval for expected wins under the move is
 * checked against the truth (the known rates), across 50 seeds.
 */
const RATES: Array<[number, number]> = [
  [0.05, 0.3],
  [0.1, 0.25],
  [0.15, 0.4],
  [0.2, 0.2],
  [0.25, 0.35],
  [0.3, 0.15],
  [0.12, 0.5],
  [0.35, 0.3],
];
const WORLD: WorldRep[] = RATES.map(([a, b], i) => ({
  id: `rep${i}`,
  team: i < 4 ? 'north' : 'south',
  rates: { a, b },
  leads: { a: 30 + 5 * i, b: 40 - 3 * i },
}));
const truth = (repId: string, segment: string) => WORLD.find((rep) => rep.id === repId)!.rates[segment]!;

describe('expected-wins interval coverage (synthetic Bernoulli world, 50 seeds)', () => {
  it('covers the realised wins and the true expected wins in at least 90 % of seeds', () => {
    let coversRealised = 0;
    let coversExpected = 0;
    let absError = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const history = syntheticHistory(seed, WORLD);
      const model = fitModel(history);
      const moveTo = (index: number) => `rep${(Number(history.leads[index]!.ownerRepId!.slice(3)) + 1 + (index % 7)) % 8}`;
      const run = reassignedRun(
        history,
        'moved',
        (_, i) => moveTo(i),
        (lead, repId) => readRate(model, repId, String(lead.attributes.segment), undefined).p,
      );
      const interval = expected(contributions(run, historyIndex(history), model), model, 'wins');
      const draw = uniformStream(seed, 'truth');
      let expectedTrue = 0;
      let realised = 0;
      history.leads.forEach((lead, i) => {
        const p = truth(moveTo(i), String(lead.attributes.segment));
        expectedTrue += p;
        if (draw() < p) realised++;
      });
      const { low, high, estimate } = interval;
      if (low <= realised && realised <= high) coversRealised++;
      if (low <= expectedTrue && expectedTrue <= high) coversExpected++;
      absError += Math.abs(estimate - expectedTrue) / expectedTrue;
    }
    expect(coversRealised).toBeGreaterThanOrEqual(45);
    expect(coversExpected).toBeGreaterThanOrEqual(45);
    // The estimate is also close: mean absolute relative error under 10 % on ~600 moved leads.
    expect(absError / 50).toBeLessThan(0.1);
  });
});
