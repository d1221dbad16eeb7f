/**
 * One holder per lead (issue 9): after every step of every example timeline, and of random event
 * sequences through every example policy, each lead is held by at most one of an owner, a pool or
 * a manager's queue. fast-check runs with a fixed seed so a failure replays the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleTimeline, listExamples } from '@sluice/examples';
import { holderOf, holderProblems, type InMemoryState, type SluiceEvent } from '../src/index.js';
import { compiledExample, event, stateFrom, timelineEvents } from './scenarios/harness.js';
import { feed } from './scenarios/tickHarness.js';

const problemsOf = (state: InMemoryState) => holderProblems(state.allLeads()).map((p) => p.message.en);

describe('holderOf / holderProblems', () => {
  it('names the one holder, none before routing, and every holder of a lead held twice', () => {
    expect(holderOf({ id: 'a', ownerId: 'rep-1', poolId: null })).toEqual({ kind: 'owner', id: 'rep-1' });
    expect(holderOf({ id: 'b', poolId: 'p' })).toEqual({ kind: 'pool', id: 'p' });
    expect(holderOf({ id: 'c', queueId: 'q' })).toEqual({ kind: 'queue', id: 'q' });
    expect(holderOf({ id: 'd' })).toBeNull();
    expect(holderOf({ id: 'e', poolId: 'p', queueId: 'q' })).toBeUndefined();
    expect(
      holderProblems([
        { id: 'ok', poolId: 'p' },
        { id: 'L-1', poolId: 'standard-pool', queueId: 'sales-manual' },
      ]),
    ).toEqual([
      {
        leadId: 'L-1',
        holders: [
          { kind: 'pool', id: 'standard-pool' },
          { kind: 'queue', id: 'sales-manual' },
        ],
        message: {
          en: 'lead L-1 has 2 holders at once: pool standard-pool, manager queue sales-manual',
          zh: '线索 L-1 同时有 2 个归属：线索池 standard-pool、主管待分配队列 sales-manual',
        },
      },
    ]);
  });
});

const timelines = listExamples('timelines');

describe('every example timeline keeps one holder per lead after every step', () => {
  it('covers every timeline', () => expect(timelines.length).toBeGreaterThanOrEqual(27));

  it.each(timelines)('%s', async (name) => {
    const file = exampleTimeline(name) as { policy: string; state: string };
    const policy = compiledExample(file.policy);
    const state = stateFrom(file.state);
    expect(problemsOf(state)).toEqual([]);
    for (const e of timelineEvents(name)) {
      await feed(policy, state, e);
      expect({ after: e.id, problems: problemsOf(state) }).toEqual({ after: e.id, problems: [] });
    }
  });
});

// Policies without a timeline run against the state their scenario test uses.
const STATE_OF: Record<string, string> = Object.fromEntries(
  timelines.map((t) => {
    const f = exampleTimeline(t) as { policy: string; state: string };
    return [f.policy, f.state];
  }),
);
Object.assign(STATE_OF, {
  'bench-routing-20': 'bench-roster',
  's06-round-robin': 'ae-team',
  's07-weighted-round-robin': 's07-weighted-team',
  's08-dimension-routing': 's08-org',
  's09-claim-pool': 's09-claim-pool',
  's11-dynamic-caps': 's11-throughput',
  's23-role-sdr-ae': 's23-funnel',
});

const LEADS = ['R-1', 'R-2', 'R-3'];
const START = Date.parse('2026-03-02T00:00:00Z');

interface Draft {
  kind: 'created' | 'crmClaim' | 'crmRelease' | 'returned' | 'leadTick' | 'tick' | 'claim' | 'activity' | 'qualified';
  lead: number;
  rep: number;
  pool: number;
  hours: number;
}

const draft: fc.Arbitrary<Draft> = fc.record({
  // Checks of one lead come often, so a cascade gets to run through all its tiers (S13).
  kind: fc.oneof(
    { weight: 4, arbitrary: fc.constant('leadTick' as const) },
    { weight: 2, arbitrary: fc.constant('created' as const) },
    { weight: 1, arbitrary: fc.constantFrom('crmClaim', 'crmRelease', 'returned', 'tick', 'claim', 'activity', 'qualified') },
  ),
  lead: fc.nat({ max: LEADS.length - 1 }),
  rep: fc.nat({ max: 50 }),
  pool: fc.nat({ max: 10 }),
  hours: fc.integer({ min: 0, max: 60 }),
});

/** Turns drafts into events the way a CRM would send them: time only moves forward. */
function toEvents(drafts: readonly Draft[], state: InMemoryState): SluiceEvent[] {
  const reps = state.reps().map((r) => r.id);
  const pools = [
    ...new Set(
      state
        .allLeads()
        .map((l) => l.poolId)
        .filter((p): p is string => !!p),
    ),
  ];
  const poolOf = (d: Draft) => (state.pool(`${d.pool}`) ? `${d.pool}` : (pools[d.pool % Math.max(1, pools.length)] ?? ''));
  let ms = START;
  return drafts.map((d, i) => {
    ms += d.hours * 3_600_000;
    const at = new Date(ms).toISOString();
    const leadId = LEADS[d.lead]!;
    const repId = reps[d.rep % reps.length]!;
    const id = `r${i}`;
    switch (d.kind) {
      case 'created':
        return event({
          id,
          type: 'lead.created',
          at,
          leadId,
          lead: { id: leadId, company: `Acme ${d.lead}`, score: d.rep, grade: ['A', 'B', 'C'][d.pool % 3]!, level: ['A', 'B', 'C'][d.rep % 3]! },
        });
      case 'crmClaim':
        return event({ id, type: 'lead.updated', at, leadId, lead: { id: leadId, ownerId: repId } });
      case 'crmRelease':
      case 'returned':
        return event({ id, type: 'lead.returned_to_pool', at, leadId, lead: { id: leadId, ownerId: null } });
      case 'leadTick':
        return event({ id, type: 'tick', at, leadId });
      case 'tick':
        return event({ id, type: 'tick', at });
      case 'claim':
        return event({ id, type: 'claim.requested', at, leadId, repId, data: { poolId: poolOf(d) } });
      case 'activity':
        return event({ id, type: 'activity.logged', at, leadId, repId, activity: { kind: 'call', repId } });
      case 'qualified':
        return event({ id, type: 'lead.qualified', at, leadId, lead: { id: leadId, score: d.rep * 2 } });
    }
  });
}

describe('random event sequences through every example policy keep one holder per lead', () => {
  it.each(listExamples('policies'))('%s', async (name) => {
    const policy = compiledExample(name);
    await fc.assert(
      fc.asyncProperty(fc.array(draft, { minLength: 1, maxLength: 14 }), async (drafts) => {
        const state = stateFrom(STATE_OF[name] ?? 'ae-team');
        // Fed through the tick harness: every tick is also checked against the same tick without its shortcut.
        for (const e of toEvents(drafts, state)) {
          await feed(policy, state, e);
          const problems = problemsOf(state);
          if (problems.length > 0) throw new Error(`after ${e.id} (${e.type}): ${problems.join('; ')}`);
        }
      }),
      { seed: 9009, numRuns: 40 },
    );
  });
});
