import { describe, expect, it } from 'vitest';
import { reportHtml } from '../report/html.js';
import type { History } from '../types.js';
import { compare, type Difference } from './compare.js';
import { historyLead, keptRun, reassignedRun } from './fixtures.js';
import { policyMetrics } from './metrics.js';
import { fitModel } from './model.js';

const created = (k: number) => new Date(Date.UTC(2026, 2, 2 + k)).toISOString();

/**
 * Six leads, two each with a, b and c (team ae); the roster also lists m (a manager) and s (a
 * support rep) who no policy gives leads to, and x, inactive.
 */
function rosterWithBystanders(): History {
  const owners = ['a', 'b', 'c', 'a', 'b', 'c'];
  return {
    leads: owners.map((rep, k) =>
      historyLead(`L${k + 1}`, created(k), rep, k % 2 === 0 ? 'won' : 'lost', {
        closedAt: created(k + 10),
        attributes: { segment: 's' },
        ...(k % 2 === 0 ? { amount: 100 } : {}),
      }),
    ),
    activities: [],
    stageChanges: [],
    reps: [
      { id: 'a', teams: ['ae'] },
      { id: 'b', teams: ['ae'] },
      { id: 'c', teams: ['ae'] },
      { id: 'm', teams: ['managers'] },
      { id: 's', teams: ['support'] },
      { id: 'x', teams: ['ae'], active: false },
    ],
    teams: [],
  };
}

describe('fairness is measured over the reps who take part in lead work, not the whole roster', () => {
  const history = rosterWithBystanders();
  const model = fitModel(history);
  const live = keptRun(history, 'live');
  // Everything to a: b and c, who the history gave leads to, still count (with zero).
  const allToA = reassignedRun(history, 'all-to-a', () => 'a');
  const result = compare([live, allToA], history, model, { seed: 5, bootstrap: 40 });

  it('leaves out roster reps no run and not the history gave a lead to, and says how many', () => {
    const [base, piled] = result.policies;
    expect(base!.perRep.map((r) => [r.repId, r.leads])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
    expect(piled!.perRep.map((r) => [r.repId, r.leads])).toEqual([
      ['a', 6],
      ['b', 0],
      ['c', 0],
    ]);
    expect(base!.fairness).toMatchObject({ reps: 3, leftOut: 2 });
    expect(result.fairnessLeftOut).toEqual(['m', 's']);
  });

  it("an even spread is perfectly fair (the bystanders' zeros made it look unfair)", () => {
    // Holdings 2, 2, 2: Gini 0, CV 0, max/min 1. With m and s counted it would be 2,2,2,0,0: Gini 0.4.
    expect(result.policies[0]!.fairness).toMatchObject({ gini: 0, cv: 0, maxMin: 1 });
  });

  it('piling on one rep is still unfair among the same three reps', () => {
    // Holdings 6, 0, 0 sorted [0,0,6]: Σ(2i−n−1)x = 2·6 = 12 → 12/(3·6) = 2/3.
    expect(result.policies[1]!.fairness.gini).toBeCloseTo(2 / 3, 12);
    const gini = result.differences[0]!.metrics.find((m: Difference) => m.metric === 'gini')!;
    expect(gini.difference).toBeCloseTo(2 / 3, 12);
    expect(gini.verdict).toBe('worse');
  });

  it("a single run is measured over its own participants and the history's owners", () => {
    const report = policyMetrics(allToA, history, model);
    expect(report.perRep.map((r) => r.repId)).toEqual(['a', 'b', 'c']);
    expect(report.fairness).toMatchObject({ reps: 3, leftOut: 2 });
  });

  it('the report says whom fairness counts and who is left out, in both languages', () => {
    const html = reportHtml(result);
    expect(html).toContain(
      'measured over the 3 reps who own a lead in the history or get one in a run. Left out (no policy and not the history gave them a lead): m, s.',
    );
    expect(html).toContain('公平性与人均线索按 3 名在历史中持有线索或在模拟中分到线索的销售计算。未计入（任何策略与历史都未分给其线索）：m, s。');
  });

  it("reps a run's routing could reach count even when neither the history nor any run gave them a lead", () => {
    // A history imported without owners, one candidate giving everything to a while its round robin selects team ae.
    const ownerless: History = { ...history, leads: history.leads.map(({ ownerRepId: _owner, ...lead }) => lead) };
    const piled = reassignedRun(ownerless, 'all-to-a', () => 'a');
    expect(policyMetrics(piled, ownerless, fitModel(ownerless)).perRep.map((r) => r.repId)).toEqual(['a']);
    piled.routable = ['a', 'b', 'c'];
    const report = policyMetrics(piled, ownerless, fitModel(ownerless));
    expect(report.perRep.map((r) => [r.repId, r.leads])).toEqual([
      ['a', 6],
      ['b', 0],
      ['c', 0],
    ]);
    expect(report.fairness.gini).toBeCloseTo(2 / 3, 12);
  });
});
