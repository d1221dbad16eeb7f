import { describe, expect, it } from 'vitest';
import type { ReplayLead, ReplayRun } from '../types.js';
import { hiddenLeadProbabilities, REGIMES, type World } from './index.js';
import { ListedResults } from '../listedResults.js';

/** Two reps (A twice as good as average in SMB, B half as good), capacity 10, and four leads. */
function handWorld(): World {
  const rep = (id: string, skill: Record<string, number>) => ({
    id,
    name: id,
    team: 't',
    skill,
    capacity: 10,
    firstContactMinutes: 60,
    firstContactSigma: 0.5,
  });
  const truth = (segment: string, odds: number, key: number) => ({ segment, odds, amount: 100_000, cycleDays: 30, key });
  const lead = (id: string) => ({ id, createdAt: '2026-01-05T09:00:00.000Z', attributes: {}, outcome: 'open' as const });
  return {
    seed: 1,
    regime: 'b2b',
    locale: 'en',
    timeZone: 'UTC',
    start: '2026-01-05T00:00:00.000Z',
    end: '2026-01-06T00:00:00.000Z',
    params: REGIMES.b2b,
    reps: [rep('A', { smb: 2, enterprise: 1 }), rep('B', { smb: 0.5, enterprise: 1 })],
    teams: [{ id: 't', name: 't' }],
    leads: ['L1', 'L2', 'L3', 'L4'].map(lead),
    truth: new Map([
      ['L1', truth('smb', 1, 1)],
      ['L2', truth('smb', 3, 2)],
      ['L3', truth('enterprise', 0.25, 3)],
      ['L4', truth('smb', 1, 4)],
    ]),
  };
}

function handRun(): ReplayRun {
  const ran = (leadId: string, finalRepId: string | undefined, loadAtAssign: number): ReplayLead => ({
    leadId,
    ...(finalRepId ? { finalRepId } : {}),
    loadAtAssign,
    counterfactual: true,
    reclaimed: 0,
    rerouted: 0,
    reminders: 0,
    penalties: 0,
    outcome: 'lost',
  });
  return {
    policyLabel: 'hand',
    leads: new ListedResults([ran('L1', 'A', 0), ran('L2', 'B', 0), ran('L3', 'A', 10), ran('L4', undefined, 0)]),
    totals: { events: 0, ticks: 0, decisions: 0, capViolations: 0, refused: 0 },
    perRep: {},
  };
}

describe('hiddenLeadProbabilities', () => {
  it('averages a lead’s P(won) over the reps and loads its segment met, and keeps the one it was drawn from', () => {
    const p = hiddenLeadProbabilities(handWorld(), handRun());
    // Leads nobody held are left out.
    expect([...p.keys()]).toEqual(['L1', 'L2', 'L3']);
    // SMB leads met A (odds × 2) and B (odds × 0.5), both at load 0.
    // L1, odds 1: with A 2/3, with B 1/3 → 0.5; it was held by A: 2/3.
    expect(p.get('L1')!.atCreation).toBeCloseTo(0.5, 12);
    expect(p.get('L1')!.historical).toBeCloseTo(2 / 3, 12);
    // L2, odds 3: with A 6/7, with B 1.5/2.5 = 0.6 → 0.7285714…; held by B: 0.6.
    expect(p.get('L2')!.atCreation).toBeCloseTo((6 / 7 + 0.6) / 2, 12);
    expect(p.get('L2')!.historical).toBeCloseTo(0.6, 12);
    // L3 is the only enterprise lead: A at full load (10 of 10): odds 0.25 · e^−0.5 = 0.1516327 → 0.1316676.
    expect(p.get('L3')!.atCreation).toBeCloseTo(0.1316676, 6);
    expect(p.get('L3')!.historical).toBeCloseTo(0.1316676, 6);
  });

  it('names a rep of the run that the world does not have', () => {
    const run = handRun();
    run.leads.lead(0).finalRepId = 'Z';
    expect(() => hiddenLeadProbabilities(handWorld(), run)).toThrow('Rep "Z" is not in this world');
  });
});
