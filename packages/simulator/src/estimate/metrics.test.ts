import { describe, expect, it } from 'vitest';
import type { History } from '../types.js';
import { EstimateInputError } from './contributions.js';
import { historyLead, keptRun, reassignedRun } from './fixtures.js';
import { policyMetrics, quarterOf } from './metrics.js';
import { fitModel } from './model.js';

const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

function smallHistory(): History {
  const leads = [
    historyLead('L1', '2026-01-05T01:00:00.000Z', 'a', 'won', {
      amount: 100,
      closedAt: '2026-01-20T00:00:00.000Z',
      attributes: { segment: 's1', source: 'web', grade: 'A' },
    }),
    historyLead('L2', '2026-01-10T00:00:00.000Z', 'a', 'lost', {
      closedAt: '2026-01-25T00:00:00.000Z',
      attributes: { segment: 's1', source: 'fair', grade: 'B' },
    }),
    // 20:00 UTC on 31 January is 04:00 on 1 February in Shanghai.
    historyLead('L3', '2026-01-31T20:00:00.000Z', 'b', 'won', {
      amount: 300,
      closedAt: '2026-02-20T00:00:00.000Z',
      attributes: { segment: 's2', source: 'web', grade: 'A' },
    }),
    historyLead('L4', '2026-02-03T00:00:00.000Z', 'b', 'open', { attributes: { segment: 's2', source: 'web', grade: 'B' } }),
    historyLead('L5', '2026-02-04T00:00:00.000Z', 'c', 'lost', {
      closedAt: '2026-02-10T00:00:00.000Z',
      attributes: { segment: 's1', source: 'fair', grade: 'B' },
    }),
    historyLead('L6', '2026-02-05T00:00:00.000Z', undefined, 'open', { attributes: { segment: 's2', source: 'web', grade: 'C' } }),
  ];
  const activity = (leadId: string, repId: string, hours: number) => ({
    leadId,
    repId,
    at: at(leads.find((l) => l.id === leadId)!.createdAt, hours),
    type: 'call',
  });
  return {
    leads,
    activities: [activity('L1', 'a', 5), activity('L1', 'a', 1), activity('L2', 'a', 3), activity('L3', 'b', 2), activity('L4', 'b', 10)],
    stageChanges: [],
    reps: [
      { id: 'a', teams: ['t1'] },
      { id: 'b', teams: ['t1'] },
      { id: 'c', teams: ['t2'] },
    ],
    teams: [],
  };
}

describe('policyMetrics', () => {
  const history = smallHistory();
  const model = fitModel(history);
  const run = keptRun(history);
  run.leads.lead(1).reclaimed = 1;
  run.leads.lead(1).rerouted = 1;
  run.leads.lead(3).reminders = 2;
  run.totals.capViolations = 3;

  it('counts leads per rep, shares and fairness (hand-computed for holdings 2, 2, 1)', () => {
    const report = policyMetrics(run, history, model);
    expect(report.perRep.map((r) => [r.repId, r.team, r.leads, r.share])).toEqual([
      ['a', 't1', 2, 0.4],
      ['b', 't1', 2, 0.4],
      ['c', 't2', 1, 0.2],
    ]);
    expect(report).toMatchObject({
      leads: 6,
      held: 5,
      unassigned: 1,
      counterfactual: 0,
      capViolations: 3,
      reclaimed: 1,
      rerouted: 1,
      reminders: 2,
      penalties: 0,
    });
    // sorted [1,2,2]: Σ(2i−n−1)x = −2 + 0 + 4 = 2 → 2/(3·5)
    expect(report.fairness.gini).toBeCloseTo(2 / 15, 12);
    // population sd of [2,2,1] = √2/3, mean 5/3 → √2/5
    expect(report.fairness.cv).toBeCloseTo(Math.SQRT2 / 5, 12);
    expect(report.fairness.maxMin).toBe(2);
  });

  it('time to first contact over the 5 held leads: hours 1, 3, 2, 10 and L5 never contacted (counted as slowest) → p50 3, p90 not reached', () => {
    const report = policyMetrics(run, history, model);
    // Sorted [1, 2, 3, 10, ∞]: p50 at index 4·0.5 = 2 → 3 (it was 2.5 when L5 was dropped);
    // p90 at 4·0.9 = 3.6 lies between 10 and L5's "not within the run" → not reached (it was 7.9).
    expect(report.firstContactHours).toEqual({ p50: 3, p90: null, contacted: 4, neverContacted: 1 });
    // Contacted within the run: 4 of the 6 leads; L6 is held by nobody.
    expect(report).toMatchObject({ contacted: 4, unassigned: 1 });
    expect(report.contactedShare).toBeCloseTo(4 / 6, 12);
    expect(report.unassignedShare).toBeCloseTo(1 / 6, 12);
  });

  it('kept historical reps give exactly the history wins and revenue with zero-width intervals', () => {
    const report = policyMetrics(run, history, model);
    expect(report.expectedWins).toEqual({ estimate: 2, low: 2, high: 2, se: 0 });
    expect(report.expectedRevenue).toEqual({ estimate: 400, low: 400, high: 400, se: 0 });
  });

  it("the mean-wins interval adds each kept lead's outcome noise around its rep's shrunk rate", () => {
    const report = policyMetrics(run, history, model);
    expect(report.meanWins.estimate).toBe(2);
    // L1…L5 have owners (no load given → no load adjustment); L6 sat unowned and adds nothing.
    const noise = history.leads
      .filter((lead) => lead.ownerRepId)
      .reduce((sum, lead) => {
        const rate = model.cells[lead.ownerRepId!]![String(lead.attributes.segment)]!.rate;
        return sum + rate * (1 - rate);
      }, 0);
    expect(report.meanWins.se).toBeCloseTo(Math.sqrt(noise), 12);
  });

  it('breaks results down by team, segment, source, grade and month in the given zone', () => {
    const shanghai = policyMetrics(run, history, model, { timeZone: 'Asia/Shanghai' });
    expect(shanghai.breakdown.month.map((g) => [g.value, g.leads, g.expectedWins.estimate])).toEqual([
      ['2026-01', 2, 1],
      ['2026-02', 4, 1],
    ]);
    const utc = policyMetrics(run, history, model);
    expect(utc.breakdown.month.map((g) => [g.value, g.leads])).toEqual([
      ['2026-01', 3],
      ['2026-02', 3],
    ]);
    expect(utc.breakdown.team.map((g) => [g.value, g.leads, g.expectedWins.estimate, g.expectedRevenue.estimate])).toEqual([
      ['(none)', 1, 0, 0],
      ['t1', 4, 2, 400],
      ['t2', 1, 0, 0],
    ]);
    expect(utc.breakdown.source.map((g) => [g.value, g.leads, g.reclaimed])).toEqual([
      ['fair', 2, 1],
      ['web', 4, 0],
    ]);
    expect(utc.breakdown.grade.map((g) => g.value)).toEqual(['A', 'B', 'C']);
    expect(utc.breakdown.segment.map((g) => [g.value, g.leads])).toEqual([
      ['s1', 3],
      ['s2', 3],
    ]);
  });

  it('and by quarter and by rep (the final holder: L1 and L3 were won, L6 nobody held)', () => {
    const utc = policyMetrics(run, history, model);
    expect(utc.breakdown.quarter.map((g) => [g.value, g.leads, g.expectedWins.estimate])).toEqual([['2026-Q1', 6, 2]]);
    expect(utc.breakdown.rep.map((g) => [g.value, g.leads, g.expectedWins.estimate, g.reclaimed])).toEqual([
      ['(none)', 1, 0, 0],
      ['a', 2, 1, 1],
      ['b', 2, 1, 0],
      ['c', 1, 0, 0],
    ]);
    expect(['2026-01', '2026-03', '2026-04', '2026-09', '2026-12', '(none)'].map(quarterOf)).toEqual([
      '2026-Q1',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
      '(none)',
    ]);
  });

  it('a counterfactual lead adds its probability and widens the interval', () => {
    const moved = reassignedRun(
      history,
      'moved',
      (lead) => (lead.id === 'L5' ? 'a' : lead.ownerRepId),
      () => 0.4,
    );
    const report = policyMetrics(moved, history, model);
    expect(report.counterfactual).toBe(1);
    expect(report.expectedWins.estimate).toBeCloseTo(2.4, 12);
    // Outcome noise alone is 0.4·0.6 = 0.24; model uncertainty adds to it.
    expect(report.expectedWins.se).toBeGreaterThan(Math.sqrt(0.24));
    expect(report.expectedWins.low).toBeLessThan(2.4);
    expect(report.expectedWins.high).toBeGreaterThan(2.4 + 1.96 * Math.sqrt(0.24) - 1e-9);
    // L5 has no amount of its own: the segment s1's mean won amount (100) is used.
    expect(report.expectedRevenue.estimate).toBeCloseTo(400 + 0.4 * 100, 9);
  });

  it('rejects bad options with what and where, in both languages', () => {
    expect(() => fitModel(history, { minCell: 0 })).toThrow(/options\.minCell.*≥ 1.*minCell：应为不小于 1 的整数/);
    expect(() => fitModel(history, { segmentBy: ['segment', ''] })).toThrow(/segmentBy\[1\]/);
    expect(() => policyMetrics(run, history, model, { timeZone: 'Mars/Olympus' })).toThrow(
      /"Mars\/Olympus" is not a known IANA time zone.*不是已知的 IANA 时区/,
    );
  });

  it('rejects a run naming a lead the history does not have, in both languages', () => {
    const bad = keptRun(history, 'bad');
    bad.leads.lead(2).leadId = 'L99';
    try {
      policyMetrics(bad, history, model);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EstimateInputError);
      expect((error as EstimateInputError).words.en).toContain('lead #3: lead id "L99" is not in the history');
      expect((error as EstimateInputError).words.zh).toContain('第 3 条线索');
    }
  });
});
