import { describe, expect, it } from 'vitest';
import { historyLead } from './fixtures.js';
import { fitConversionSlope, fitDelaySlope, historicalLoads } from './load.js';
import { fitModel } from './model.js';

const h = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString();

describe('load at assignment and its effect', () => {
  it('counts the open leads the owner held when each lead arrived (hand-computed)', () => {
    const leads = [
      historyLead('A1', h(0), 'a', 'won', { closedAt: h(10) }),
      historyLead('A2', h(5), 'a', 'lost', { closedAt: h(20) }),
      historyLead('A3', h(8), 'a', 'open'),
      // Lost without a close date: it ends at its last follow-up (hour 26).
      historyLead('A4', h(25), 'a', 'lost'),
      historyLead('A5', h(27), 'a', 'open'),
      historyLead('B1', h(6), 'b', 'open'),
    ];
    const loads = historicalLoads(leads, new Map([['A4', Date.parse(h(26))]]));
    // A1: nothing before. A2 at 5h: A1 open. A3 at 8h: A1, A2 open. A4 at 25h: A3 only. A5 at 27h: A3 (A4 ended at 26h).
    expect(Object.fromEntries(loads)).toEqual({ A1: 0, A2: 1, A3: 2, A4: 1, A5: 1, B1: 0 });
  });

  it('logistic slope: wins 3/4 at x = −1 and 1/4 at x = +1 → β = −ln 3', () => {
    const points = [
      ...[true, true, true, false].map((won) => ({ x: -1, won, offset: 0 })),
      ...[true, false, false, false].map((won) => ({ x: 1, won, offset: 0 })),
    ];
    const fit = fitConversionSlope(points);
    expect(fit.slope).toBeCloseTo(-Math.log(3), 9);
    // information = Σ p(1−p)x² = 8 · 3/16 → se = 1/√1.5
    expect(fit.se).toBeCloseTo(1 / Math.sqrt(1.5), 9);
    expect(fitConversionSlope([{ x: 0, won: true, offset: 0 }])).toEqual({ slope: 0, se: 0 });
  });

  it('delay slope: least squares through the origin', () => {
    expect(
      fitDelaySlope([
        { x: 1, logDelay: 2 },
        { x: -1, logDelay: -2 },
        { x: 2, logDelay: 3 },
      ]),
    ).toBeCloseTo((2 + 2 + 6) / (1 + 1 + 4), 12);
  });

  it('segments default to the first of segment / industry / grade most leads carry, else one segment', () => {
    const leads = [
      historyLead('x1', h(0), 'a', 'won', { attributes: { industry: 'retail', grade: 'A' } }),
      historyLead('x2', h(1), 'a', 'lost', { attributes: { industry: 'energy' } }),
      historyLead('x3', h(2), 'b', 'lost', { attributes: { grade: 'B' } }),
    ];
    const history = { leads, activities: [], stageChanges: [], reps: [], teams: [] };
    expect(fitModel(history).segmentBy).toEqual(['industry']);
    expect(Object.keys(fitModel(history).segments)).toEqual(['(none)', 'energy', 'retail']);
    const bare = { ...history, leads: leads.map((lead) => ({ ...lead, attributes: {} })) };
    expect(fitModel(bare).segmentBy).toEqual([]);
    expect(Object.keys(fitModel(bare).segments)).toEqual(['*']);
  });
});
