import { describe, expect, it } from 'vitest';
import type { ReplayRun } from '../types.js';
import { generateWorld, hiddenLeadProbabilities, historyFromRun, historyUnderPolicy, runInWorld, trueExpected, worldRunUntil } from './index.js';
import { roundRobin } from './roundRobin.testkit.js';
import { ListedResults } from '../listedResults.js';

describe('historyUnderPolicy (the replay with the hidden truth as behaviour)', () => {
  const world = generateWorld({ seed: 31, regime: 'b2c', reps: 6, days: 3 });
  const { history, run } = historyUnderPolicy({ world, policies: [roundRobin], seed: 31 });

  it('is the same history for the same seed', () => {
    expect(JSON.stringify(historyUnderPolicy({ world, policies: [roundRobin], seed: 31 }).history)).toBe(JSON.stringify(history));
  });

  it('records every lead with its owner, the owner team, a final outcome and the owner’s follow-ups', () => {
    const teamOf = new Map(world.reps.map((r) => [r.id, r.team]));
    expect(history.leads.length).toBe(world.leads.length);
    const perRep = new Map<string, number>();
    for (const lead of history.leads) {
      expect(lead.ownerRepId, lead.id).toBeDefined();
      expect(lead.team).toBe(teamOf.get(lead.ownerRepId ?? ''));
      expect(['won', 'lost']).toContain(lead.outcome);
      perRep.set(lead.ownerRepId ?? '', (perRep.get(lead.ownerRepId ?? '') ?? 0) + 1);
    }
    // Round robin over 6 reps: shares differ by at most one lead.
    const counts = [...perRep.values()];
    expect(counts.length).toBe(6);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const owner = new Map([...history.leads].map((l) => [l.id, l.ownerRepId]));
    expect(history.activities.length).toBeGreaterThanOrEqual(history.leads.length);
    for (const a of history.activities) expect(a.repId).toBe(owner.get(a.leadId));
  });

  it('plays every course to its end: the run stops after the longest cycle', () => {
    const last = [...history.leads].reduce((m, l) => (l.closedAt && l.closedAt > m ? l.closedAt : m), '');
    expect(last <= worldRunUntil(world)).toBe(true);
    expect([...history.leads].every((l) => l.closedAt !== undefined)).toBe(true);
  });

  it('has ground truth equal to the P(won) the behaviour reported to the replay, and wins near it', () => {
    const truth = trueExpected(world, run);
    const reported = [...run.leads].reduce((s, l) => s + (l.pWon ?? 0), 0);
    expect(truth.held).toBe(world.leads.length);
    expect(truth.wins).toBeCloseTo(reported, 6);
    const won = [...history.leads].filter((l) => l.outcome === 'won').length;
    const sd = Math.sqrt([...run.leads].reduce((s, l) => s + (l.pWon ?? 0) * (1 - (l.pWon ?? 0)), 0));
    expect(Math.abs(won - truth.wins)).toBeLessThan(4 * sd);
    const revenue = [...history.leads].reduce((s, l) => s + (l.amount ?? 0), 0);
    expect(revenue).toBeGreaterThan(0);
  });

  it('gives the same ground truth whether or not activities are kept', () => {
    expect(trueExpected(world, runInWorld({ world, policies: [roundRobin], seed: 31, label: 'truth' }))).toEqual(trueExpected(world, run));
  });

  // The benchmark for a lead score learned from this history (issue #15): P(won) known at creation.
  const p = hiddenLeadProbabilities(world, run);

  it('hiddenLeadProbabilities: every held lead has one, the same for leads whose visible attributes are the same', () => {
    expect(p.size).toBe(history.leads.length);
    const byCell = new Map<string, number>();
    for (const lead of history.leads) {
      const { atCreation, historical } = p.get(lead.id)!;
      expect(atCreation).toBeGreaterThan(0);
      expect(atCreation).toBeLessThan(1);
      expect(historical).toBeCloseTo([...run.leads].find((l) => l.leadId === lead.id)!.pWon!, 12);
      const a = lead.attributes;
      const cell = `${a.segment}|${a.grade}|${a.source}`;
      if (byCell.has(cell)) expect(atCreation, cell).toBe(byCell.get(cell));
      byCell.set(cell, atCreation);
    }
    expect(byCell.size).toBeGreaterThan(20);
  });

  it('hiddenLeadProbabilities: leads of a segment rank by their hidden odds, and average about the probabilities the outcomes came from', () => {
    const odds = (id: string) => world.truth.get(id)!.odds;
    const leads = [...history.leads].filter((l) => world.truth.get(l.id)!.segment === 'standard').sort((x, y) => odds(x.id) - odds(y.id));
    expect(leads.length).toBeGreaterThan(100);
    for (let i = 1; i < leads.length; i++) {
      const [lower, higher] = [leads[i - 1]!.id, leads[i]!.id];
      if (odds(higher) > odds(lower)) expect(p.get(higher)!.atCreation).toBeGreaterThan(p.get(lower)!.atCreation);
      else expect(p.get(higher)!.atCreation).toBe(p.get(lower)!.atCreation);
    }
    const mean = (f: (v: { atCreation: number; historical: number }) => number) => [...p.values()].reduce((s, v) => s + f(v), 0) / p.size;
    expect(Math.abs(mean((v) => v.atCreation) - mean((v) => v.historical))).toBeLessThan(0.005);
  });
});

describe('historyFromRun', () => {
  it('turns a hand-made run into the CRM record: owner, team, outcome, amount only when won', () => {
    const world = generateWorld({ seed: 4, regime: 'b2b', reps: 2, days: 20 });
    const [a, b, c] = world.leads;
    const [ann] = world.reps;
    if (!a || !b || !c || !ann) throw new Error('fixture');
    const base = { counterfactual: true, reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0 };
    const run: ReplayRun = {
      policyLabel: 'hand',
      totals: { events: 0, ticks: 0, decisions: 0, capViolations: 0, refused: 0 },
      perRep: {},
      leads: new ListedResults([
        {
          ...base,
          leadId: a.id,
          finalRepId: ann.id,
          outcome: 'won',
          closedAt: '2026-03-01T00:00:00.000Z',
          amount: 250000,
          activities: [{ at: '2026-02-01T00:00:00.000Z', repId: ann.id, type: 'call' }],
        },
        { ...base, leadId: b.id, finalRepId: ann.id, outcome: 'lost', closedAt: '2026-03-02T00:00:00.000Z', amount: 9 },
        { ...base, leadId: c.id, outcome: 'open' },
      ]),
    };
    const history = historyFromRun(world, run);
    expect([...history.leads].slice(0, 3)).toEqual([
      {
        id: a.id,
        createdAt: a.createdAt,
        attributes: a.attributes,
        ownerRepId: ann.id,
        team: ann.team,
        outcome: 'won',
        closedAt: '2026-03-01T00:00:00.000Z',
        amount: 250000,
      },
      { id: b.id, createdAt: b.createdAt, attributes: b.attributes, ownerRepId: ann.id, team: ann.team, outcome: 'lost', closedAt: '2026-03-02T00:00:00.000Z' },
      { id: c.id, createdAt: c.createdAt, attributes: c.attributes, outcome: 'open' },
    ]);
    expect(history.activities).toEqual([{ leadId: a.id, repId: ann.id, at: '2026-02-01T00:00:00.000Z', type: 'call' }]);
    expect(history.reps.map((r) => r.id)).toEqual(world.reps.map((r) => r.id));
  });
});
