/**
 * The replay's speed-ups must not change a single result: three runs over a 2,000-lead generated
 * world (round robin + a 2-day reclaim with a reminder a day before; capacity routing + reclaim + a per-rep
 * idle penalty; the same through historicalBehaviour on the history the first run left) are
 * fingerprinted and compared with the fingerprints the replay gave before any optimisation.
 * The invariants below are checked independently of the fingerprint, so a failure says what broke.
 */
import type { PolicyDocument } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { contactHoursOf } from '../listedResults.js';
import type { History, ReplayRun } from '../types.js';
import { worldBehaviour } from '../world/hidden.js';
import { historyFromRun } from '../world/recorded.js';
import { generateWorld, worldArrivals } from '../world/world.js';
import { historicalBehaviour, replay } from './index.js';

const node = (id: string, type: string, data: unknown) => ({ id, type, position: { x: 0, y: 0 }, data });
const policy = (key: string, kind: string, nodes: unknown[]) =>
  ({
    key,
    kind,
    name: key,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: 'start', target: (n as { id: string }).id })),
  }) as unknown as PolicyDocument;

const roundRobin = policy('rr', 'routing', [
  node('start', 'trigger', { events: ['lead.created', 'lead.returned_to_pool'] }),
  node('rr', 'assign.roundRobin', {}),
]);
const capacity = policy('cap', 'routing', [
  node('start', 'trigger', { events: ['lead.created', 'lead.returned_to_pool'] }),
  node('cap', 'assign.capacity', { defaultCap: 40 }),
]);
const reclaim = policy('reclaim', 'reclaim', [
  node('start', 'trigger', { events: ['tick'], tickScope: 'ownedLeads' }),
  node('reclaim', 'reclaim.rule', { days: { noFollowUp: 2 }, remindDaysBefore: 1, poolId: 'public' }),
]);
const idle = policy('idle', 'penalty', [
  node('start', 'trigger', { events: ['tick'], tickScope: 'reps' }),
  node('idle', 'penalty.idleClaim', { idleHours: 0.5, weightFactor: 0.5, days: 7, release: true, poolId: 'public' }),
]);

/**
 * FNV-1a over a key-sorted JSON text: equal runs (whatever their key order) give equal prints. The
 * run's `routable` (who its policies can reach, read from the documents, added after the prints were
 * recorded) is not a replay result and is left out.
 */
function fingerprint({ routable: _routable, ...run }: ReplayRun): string {
  const text = JSON.stringify(run, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822519);
  }
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}:${text.length}`;
}

const world = generateWorld({ seed: 7, regime: 'b2c', reps: 8, teams: 2, days: 10 });
world.leads.splice(2000);
const arrivals: History = worldArrivals(world);
const until = new Date(Date.parse(world.end) + 20 * 86_400_000).toISOString();
const base = { timeZone: world.timeZone, until } as const;

const runs = () => {
  const first = replay({ ...base, history: arrivals, policies: [roundRobin, reclaim], behaviour: worldBehaviour(world, 3), label: 'rr', keepActivities: true });
  const second = replay({ ...base, history: arrivals, policies: [capacity, reclaim, idle], behaviour: worldBehaviour(world, 3), label: 'cap' });
  const recorded = historyFromRun(world, first);
  const third = replay({
    ...base,
    history: recorded,
    policies: [capacity, reclaim],
    behaviour: historicalBehaviour(recorded, worldBehaviour(world, 4)),
    label: 'hist',
  });
  return { first, second, third };
};

describe('replay results stay identical under its speed-ups', () => {
  const { first, second, third } = runs();

  it('every column of the results reads what the lead’s whole result says', () => {
    let counterfactual = 0;
    let contacted = 0;
    let amounts = 0;
    for (const run of [first, second, third]) {
      const r = run.leads;
      const wrong: string[] = [];
      for (let i = 0; i < r.length; i++) {
        const l = r.lead(i);
        const columns = [r.leadId(i), r.finalRepId(i), r.counterfactual(i), r.reclaimed(i), r.rerouted(i), r.reminders(i), r.penalties(i)];
        const more = [r.loadAtAssign(i), r.outcome(i), r.amount(i), r.pWon(i), r.contactHours(i)];
        const whole = [l.leadId, l.finalRepId, l.counterfactual, l.reclaimed, l.rerouted, l.reminders, l.penalties];
        const wholeMore = [l.loadAtAssign, l.outcome, l.amount, l.pWon, contactHoursOf(l)];
        if (JSON.stringify([...columns, ...more]) !== JSON.stringify([...whole, ...wholeMore])) wrong.push(`${run.policyLabel} #${i}`);
        if (l.counterfactual) counterfactual++;
        if (!Number.isNaN(contactHoursOf(l))) contacted++;
        if (l.amount !== undefined) amounts++;
      }
      expect(wrong).toEqual([]);
    }
    // The runs have every kind of lead the columns tell apart.
    expect(counterfactual).toBeGreaterThan(100);
    expect(contacted).toBeGreaterThan(100);
    expect(amounts).toBeGreaterThan(10);
  });

  it('every lead is accounted for once, and the counts agree with the leads', () => {
    for (const run of [first, second, third]) {
      expect([...run.leads].map((l) => l.leadId)).toEqual([...world.leads].map((l) => l.id));
      const assigned = Object.values(run.perRep).reduce((s, r) => s + r.assigned, 0);
      const firstAssignments = [...run.leads].filter((l) => l.firstRepId !== undefined).length;
      const reroutes = [...run.leads].reduce((s, l) => s + l.rerouted, 0);
      expect(assigned).toBe(firstAssignments + reroutes);
      for (const l of run.leads) expect(l.counterfactual).toBe(l.finalRepId !== l.historicalRepId);
    }
    // The runs exercise what the speed-ups touch: reclaims, reminders, re-routes, follow-ups, rep ticks.
    const sum = (run: ReplayRun, k: 'reclaimed' | 'reminders' | 'rerouted' | 'penalties') => [...run.leads].reduce((s, l) => s + l[k], 0);
    expect(sum(first, 'reclaimed')).toBeGreaterThan(0);
    expect(sum(first, 'reminders')).toBeGreaterThan(0);
    expect(sum(second, 'rerouted')).toBeGreaterThan(0);
    expect(sum(second, 'penalties')).toBeGreaterThan(0);
    expect([...first.leads].filter((l) => (l.activities?.length ?? 0) > 0).length).toBeGreaterThan(1000);
  });

  it('gives the fingerprints recorded before the speed-ups', () => {
    // Recorded from commit 0275886's replay (unchanged at a110f5b), engine and simulator as committed at a110f5b, before any speed-up.
    expect({ first: fingerprint(first), second: fingerprint(second), third: fingerprint(third) }).toEqual(RECORDED);
  });
});

const RECORDED = { first: '883d2838e6d93a2e:1277636', second: '0dc8014ff50f33cd:496867', third: 'c380d7755bbe1297:559663' };

describe('historicalBehaviour over an export that lists follow-ups out of order', () => {
  it('gives the historical rep their follow-ups from the assignment on, in time order', () => {
    const lead = {
      id: 'H1',
      createdAt: '2026-03-02T01:00:00.000Z',
      ownerRepId: 'a1',
      attributes: {},
      outcome: 'won' as const,
      closedAt: '2026-03-09T01:00:00.000Z',
    };
    const history: History = {
      leads: [lead],
      // As a CRM may export them: newest first, one before the assignment, one by somebody else.
      activities: [
        { leadId: 'H1', repId: 'a1', at: '2026-03-06T09:00:00.000Z', type: 'visit' },
        { leadId: 'H1', repId: 'a2', at: '2026-03-05T09:00:00.000Z', type: 'call' },
        { leadId: 'H1', at: '2026-03-04T09:00:00.000Z', type: 'email' },
        { leadId: 'H1', repId: 'a1', at: '2026-03-03T09:00:00.000Z', type: 'call' },
        { leadId: 'H1', repId: 'a1', at: '2026-03-01T09:00:00.000Z', type: 'call' },
      ],
      stageChanges: [],
      reps: [{ id: 'a1' }, { id: 'a2' }],
      teams: [],
    };
    const never = {
      onAssigned: () => {
        throw new Error('the fallback is not for the historical rep');
      },
    };
    const course = historicalBehaviour(history, never).onAssigned({ lead, repId: 'a1', at: '2026-03-02T01:00:00.000Z', load: 0, historical: true });
    // Each with its instant as a number too (Date.parse of its text), for the replay to book by.
    expect(course.activities).toEqual([
      { at: '2026-03-03T09:00:00.000Z', type: 'call', ms: Date.parse('2026-03-03T09:00:00.000Z') },
      { at: '2026-03-04T09:00:00.000Z', type: 'email', ms: Date.parse('2026-03-04T09:00:00.000Z') },
      { at: '2026-03-06T09:00:00.000Z', type: 'visit', ms: Date.parse('2026-03-06T09:00:00.000Z') },
    ]);
    expect(course).toMatchObject({ outcome: 'won', pWon: 1, closedAt: '2026-03-09T01:00:00.000Z' });
  });
});
