import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '@sluice/engine';
import { generateWorld } from '../world/world.js';
import { historyUnderPolicy } from '../world/history.js';
import { simulate, SimulateInputError } from './simulate.js';
import { historyLimits } from './summary.js';
import type { SimulateInput, SimulationProgress } from './types.js';
import { roundRobinAll, segmentToTeam } from './validation.js';

const world = generateWorld({ seed: 7, regime: 'b2c', reps: 4, teams: 2, days: 2 });
const a = [roundRobinAll()];
const b = [
  segmentToTeam(
    'b2c',
    world.teams.map((t) => t.id),
  ),
];
const { history } = historyUnderPolicy({ world, policies: a, seed: 7 });
const input = (seed: number): SimulateInput => ({
  history,
  policies: [
    { label: 'live', policies: a },
    { label: 'by segment', policies: b },
  ],
  seed,
  timeZone: world.timeZone,
  bootstrap: 20,
});

describe('simulate', () => {
  const report = simulate(input(11));

  it('gives a byte-identical report for the same inputs and seed, and another one for another seed', () => {
    const text = JSON.stringify(report);
    expect(JSON.stringify(simulate(input(11)))).toBe(text);
    expect(JSON.stringify(simulate(input(12)))).not.toBe(text);
  });

  it('summarises the inputs: leads, period, reps, outcomes and the candidates', () => {
    // Counted here from the history itself, not by the code under test.
    const won = history.leads.filter((l) => l.outcome === 'won').length;
    const lost = history.leads.filter((l) => l.outcome === 'lost').length;
    const instants = [...history.leads.flatMap((l) => [l.createdAt, l.closedAt ?? l.createdAt]), ...history.activities.map((x) => x.at)].map((s) =>
      Date.parse(s),
    );
    expect(report.inputs).toMatchObject({
      leads: history.leads.length,
      activities: history.activities.length,
      reps: 4,
      teams: 2,
      outcomes: { won, lost, open: 0, unowned: 0 },
      timeZone: world.timeZone,
      period: { start: new Date(Math.min(...instants)).toISOString(), end: new Date(Math.max(...instants)).toISOString() },
    });
    expect(report.inputs.policies).toEqual([
      { label: 'live', policies: [{ key: 'validate-rr', kind: 'routing', name: 'Round robin over all reps', version: 0 }] },
      { label: 'by segment', policies: [{ key: 'validate-segment-team', kind: 'routing', name: 'Segment to team', version: 0 }] },
    ]);
  });

  it('replays the live policy on its own history without a single counterfactual lead, to the exact recorded wins', () => {
    const live = report.policies[0]!;
    expect(report.baseline).toBe('live');
    expect(live.counterfactual).toBe(0);
    expect(live.expectedWins.estimate).toBe(history.leads.filter((l) => l.outcome === 'won').length);
    expect(live.expectedWins.se).toBe(0);
    expect(live.expectedRevenue.estimate).toBe(history.leads.reduce((s, l) => s + (l.outcome === 'won' ? (l.amount ?? 0) : 0), 0));
  });

  it('carries the model section: method and assumptions in both languages, counterfactual counts, unseen cells', () => {
    expect(report.model.method.en.length).toBeGreaterThan(100);
    expect(report.model.method.zh).toMatch(/经验贝叶斯/);
    expect(report.model.assumptions.length).toBeGreaterThan(3);
    for (const x of report.model.assumptions) expect(x.zh.length).toBeGreaterThan(0);
    const candidate = report.policies[1]!;
    expect(candidate.counterfactual).toBeGreaterThan(0);
    expect(report.model.counterfactual).toEqual([
      { policy: 'live', leads: 0, inUnseenCells: 0, inThinCells: 0 },
      { policy: 'by segment', leads: candidate.counterfactual, inUnseenCells: candidate.counterfactualUnseen, inThinCells: candidate.counterfactualThin },
    ]);
    expect(typeof report.model.unseenCells.total).toBe('number');
    expect(report.model.cannotSay.zh.length).toBeGreaterThan(0);
  });

  it('calls a candidate better or worse on a metric only when the interval of the difference excludes zero', () => {
    const [diff] = report.differences;
    expect(diff).toMatchObject({ policy: 'by segment', versus: 'live' });
    const verdicts = report.verdicts[0]!;
    for (const m of diff!.metrics) {
      const excludesZero = m.low !== null && m.high !== null && (m.low > 0 || m.high < 0);
      if (m.verdict === 'better' || m.verdict === 'worse') expect(excludesZero, m.metric).toBe(true);
      if (m.direction !== 'none' && excludesZero) expect(['better', 'worse'], m.metric).toContain(m.verdict);
      const listed = [verdicts.better, verdicts.worse, verdicts.unclear].findIndex((list) => list.includes(m.metric));
      expect(listed, m.metric).toBe(m.verdict === 'better' ? 0 : m.verdict === 'worse' ? 1 : m.verdict === 'unclear' ? 2 : -1);
    }
    expect(report.rule.zh).toMatch(/不含零/);
  });

  it('reports progress: the fit, each candidate’s replay to its end, then the comparison', () => {
    const seen: SimulationProgress[] = [];
    simulate({ ...input(11), onProgress: (p) => seen.push(p) });
    expect(seen[0]).toEqual({ stage: 'fit', done: 0, total: 1 });
    expect(seen.at(-1)).toEqual({ stage: 'compare', done: 1, total: 1 });
    for (const [index, label] of ['live', 'by segment'].entries()) {
      const last = seen.filter((p) => p.stage === 'replay' && p.index === index).at(-1);
      expect(last).toEqual({ stage: 'replay', label, index, done: history.leads.length, total: history.leads.length });
    }
  });
});

describe('simulate: policies that name what the history does not have', () => {
  it('warns of each team a candidate names that no rep of the history is in, and the leads go to nobody', () => {
    expect(simulate(input(11)).warnings).toEqual([]);
    const elsewhere = segmentToTeam('b2c', ['销售一部', world.teams[0]!.id]);
    const report = simulate({
      ...input(11),
      policies: [
        { label: 'live', policies: a },
        { label: 'renamed', policies: [elsewhere] },
      ],
    });
    const teams = world.teams.map((t) => t.id).sort();
    expect(report.warnings!.map((w) => [w.policy, w.policyKey, w.path])).toEqual([['renamed', elsewhere.key, expect.stringMatching(/teams\[0\]$/)]]);
    expect(report.warnings![0]!.message.en).toContain(`no rep of the roster is in team "销售一部" (the roster's teams: ${teams.join(', ')})`);
    expect(report.warnings![0]!.message.zh).toContain('名单中没有团队“销售一部”的销售');
    expect(report.warnings![0]!.nodeId).toBe('first');
    // What the warning explains: that branch's leads went to nobody.
    expect(report.policies[0]!.unassigned).toBe(0);
    expect(report.policies[1]!.unassigned).toBeGreaterThan(0);
  });

  it('measures fairness over the reps who take part: a manager on the roster no policy routes to is left out and named', () => {
    const withManager = { ...history, reps: [...history.reps, { id: 'boss', teams: ['management'] }] };
    // Both candidates route by team (a round robin with no filter would reach the manager too, and count them).
    const teams = world.teams.map((t) => t.id);
    const byTeam = (label: string, order: string[]) => ({ label, policies: [segmentToTeam('b2c', order)] });
    const candidates = [byTeam('by segment', teams), byTeam('swapped', [...teams].reverse())];
    const report = simulate({ ...input(11), history: withManager, policies: candidates });
    expect(report.fairnessLeftOut).toEqual(['boss']);
    const reps = history.reps.map((r) => r.id).sort();
    for (const p of report.policies) {
      expect(p.perRep.map((r) => r.repId)).toEqual(reps);
      expect(p.fairness).toMatchObject({ reps: reps.length, leftOut: 1 });
    }
    // The same report without the manager: the fairness figures do not move.
    expect(report.policies.map((p) => p.fairness.gini)).toEqual(simulate({ ...input(11), policies: candidates }).policies.map((p) => p.fairness.gini));
    // A round robin over everyone reaches the manager: then they count, with the leads they got.
    expect(simulate({ ...input(11), history: withManager }).fairnessLeftOut).toEqual([]);
  });
});

describe('what a history cannot support, said first where the history cannot say', () => {
  it('a history with no won lead, and one that names no rep', () => {
    const open = { ...history, leads: history.leads.map((l) => ({ ...l, outcome: 'open' as const })) };
    const report = simulate({ ...input(1), history: open });
    expect(report.model.cannotSay.en).toMatch(/^No lead of this history is won or lost: expected wins and revenue are 0 for every policy, not an estimate/);
    expect(report.model.cannotSay.zh).toMatch(/^本历史数据中没有赢单或输单的线索/);
    expect(report.policies.map((p) => p.expectedWins.estimate)).toEqual([0, 0]);
    expect(historyLimits({ ...history, reps: [] }).map((l) => l.en)).toEqual([
      'The history names no rep (no owner column, no roster file): no policy can give a lead to anyone, so every lead stays unassigned in every run — map the owner column or give a roster file.',
    ]);
    expect(historyLimits(history)).toEqual([]);
    expect(simulate(input(1)).model.cannotSay.en).toMatch(/^\d+ rep × segment cells have no history/);
  });
});

describe('simulate input errors (field path, both languages)', () => {
  const cases: Array<[string, SimulateInput, RegExp]> = [
    ['a seed that is not whole', { ...input(1), seed: 1.5 }, /^seed: .* \/ seed：/],
    ['no candidate', { ...input(1), policies: [] }, /^policies: .*\/ policies：/],
    [
      'two candidates with one name',
      {
        ...input(1),
        policies: [
          { label: 'x', policies: a },
          { label: 'x', policies: b },
        ],
      },
      /policies\[1\]\.label: "x" is already the name of policies\[0\]/,
    ],
    ['a candidate without policies', { ...input(1), policies: [{ label: 'x', policies: [] }] }, /policies\[0\]\.policies: candidate "x"/],
    [
      'a candidate whose policy does not compile, before the model is fitted',
      {
        ...input(1),
        policies: [
          { label: 'x', policies: a },
          { label: 'y', policies: [{ ...a[0]!, nodes: [] } as PolicyDocument] },
        ],
      },
      /^policies\[1\]: run "y": policy 1 does not compile/,
    ],
    [
      'a candidate naming one policy twice',
      {
        ...input(1),
        policies: [
          { label: 'x', policies: a },
          { label: 'y', policies: [a[0]!, a[0]!] },
        ],
      },
      /^policies\[1\]: run "y": policies 1 and 2 are both policy ".*"; a policy runs once in a set/,
    ],
    ['an empty history', { ...input(1), history: { ...history, leads: [] } }, /history: it holds no lead.*没有线索/],
  ];
  for (const [what, bad, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => simulate(bad)).toThrow(SimulateInputError);
      expect(() => simulate(bad)).toThrow(message);
    });
  }
});
