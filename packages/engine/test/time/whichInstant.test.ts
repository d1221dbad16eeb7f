import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, InMemoryState, recordEventFacts, type CompiledPolicy, type SluiceEvent, type StateSnapshotInput } from '../../src/index.js';
import { examplePolicy, exampleState } from '@sluice/examples';

/**
 * Which instant decides (issue #9). The decision instant `now` (the server's clock, the CLI's
 * --at, a dry run's decideAt) is what shifts, caps, penalties and clocks read; the event's `at`
 * only says when what it reports happened. Here: routing never depends on the event's `at`, and a
 * follow-up the event reports counts at its own time in every rule that measures silence.
 */

function compiled(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const roster: StateSnapshotInput = {
  timeZone: 'Asia/Shanghai',
  reps: [
    { id: 'day', teams: ['t'], shifts: [{ days: ALL_DAYS, start: '09:00', end: '22:00' }], dailyCap: 1 },
    {
      id: 'night',
      teams: ['t'],
      shifts: [{ days: ALL_DAYS, start: '22:00', end: '09:00' }],
      outOfOffice: [{ from: '2026-03-05T00:00:00+08:00', to: '2026-03-05T03:00:00+08:00' }],
    },
  ],
  penalties: [{ repId: 'day', from: '2026-03-04T12:00:00+08:00', until: '2026-03-04T13:00:00+08:00', suspendRouting: true }],
  assigned: { day: { '2026-03-03': 1 } },
};

const routing = compiled({
  key: 'which-instant',
  kind: 'routing',
  name: 'least loaded',
  version: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
    { id: 'least', type: 'assign.leastLoaded', position: { x: 0, y: 100 }, data: { teams: ['t'] } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'least' }],
});

const assignee = (now: string, at: string) =>
  decide(routing, { id: 'e', type: 'lead.created', at, lead: { id: 'L', createdAt: at } }, InMemoryState.from(roster), now).actions.find(
    (a) => a.type === 'assign',
  )?.repId ?? null;

describe('routing reads the decision instant, never the event’s at', () => {
  it.each<[now: string, who: string | null, why: string]>([
    ['2026-03-03T10:00:00+08:00', null, 'day has had its 1 lead on the 3rd; night is off shift'],
    ['2026-03-04T10:00:00+08:00', 'day', 'a new local day: the cap is free'],
    ['2026-03-04T12:30:00+08:00', null, 'day is suspended 12:00–13:00'],
    ['2026-03-04T13:00:00+08:00', 'day', 'the suspension is over at its until'],
    ['2026-03-04T21:59:59+08:00', 'day', 'last second of the day shift'],
    ['2026-03-04T22:00:00+08:00', 'night', 'the night shift starts'],
    ['2026-03-05T01:00:00+08:00', null, 'night is out of office 00:00–03:00'],
    ['2026-03-05T03:00:00+08:00', 'night', 'back at the end of the absence'],
  ])('now = %s → %s (%s)', (now, who) => {
    // The event says it happened at another time altogether: that changes nothing.
    expect(assignee(now, '2026-01-01T00:00:00Z')).toBe(who);
    expect(assignee(now, now)).toBe(who);
  });

  it('for any event at, past or future, the decision is the one at now', () => {
    const instant = fc.integer({ min: Date.parse('2026-03-03T00:00:00Z'), max: Date.parse('2026-03-06T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(instant, instant, (now, at) => assignee(now, at) === assignee(now, now)),
      { seed: 9, numRuns: 300 },
    );
  });
});

describe('a follow-up the event reports counts at its own time', () => {
  // "Quiet for a day?" read on the very activity.logged event that ends the silence.
  const quiet = compiled({
    key: 'quiet',
    kind: 'routing',
    name: 'quiet',
    version: 1,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['activity.logged', 'lead.updated'] } },
      {
        id: 'isQuiet',
        type: 'condition',
        position: { x: 0, y: 100 },
        data: { condition: { fact: 'derived.hoursSinceLastActivity', operator: 'greaterThanInclusive', value: 24 } },
      },
      {
        id: 'tell',
        type: 'notify',
        position: { x: 0, y: 200 },
        data: { mode: 'notify', to: [{ kind: 'owner', id: 'owner' }], message: { en: 'quiet', zh: '沉默' } },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'isQuiet' },
      { id: 'e2', source: 'isQuiet', sourceHandle: 'true', target: 'tell' },
    ],
  });
  const state = () =>
    InMemoryState.from({
      reps: [{ id: 'r' }],
      leads: [{ id: 'L', ownerId: 'r', createdAt: '2026-03-01T00:00:00Z', lastActivityAt: '2026-03-01T00:00:00Z' }],
    });

  it('derived.hoursSinceLastActivity counts from the activity this event logs (as the server, which records it first)', () => {
    const event = {
      id: 'a',
      type: 'activity.logged' as const,
      at: '2026-03-05T09:00:00Z',
      leadId: 'L',
      activity: { kind: 'call', at: '2026-03-05T08:00:00Z', repId: 'r' },
    };
    const d = decide(quiet, event, state(), '2026-03-05T09:00:00Z');
    const visited = d.explanation.visited.find((v) => v.nodeId === 'isQuiet')!;
    expect(visited.result).toBe('false');
    expect(d.actions).toEqual([]);
    // Without the event's activity, the lead has been quiet for four days.
    const stale = decide(quiet, { id: 'b', type: 'lead.updated', at: '2026-03-05T09:00:00Z', leadId: 'L' }, state(), '2026-03-05T09:00:00Z');
    expect(stale.explanation.visited.find((v) => v.nodeId === 'isQuiet')!.result).toBe('true');
    expect(stale.actions.map((a) => a.type)).toEqual(['notify']);
  });

  it('an activity older than the lead’s last one does not turn the clock back', () => {
    const event = {
      id: 'a',
      type: 'activity.logged' as const,
      at: '2026-03-05T09:00:00Z',
      leadId: 'L',
      activity: { kind: 'call', at: '2026-02-01T00:00:00Z', repId: 'r' },
    };
    const d = decide(quiet, event, state(), '2026-03-05T09:00:00Z');
    expect(d.explanation.visited.find((v) => v.nodeId === 'isQuiet')!.result).toBe('true');
  });
});

describe('facts an event reports are dated at its own at, and recorded the same without a server (recordEventFacts)', () => {
  // S16: L-1602's last opportunity opened on 5 Feb; 30 days without one reclaims it.
  const s16 = compiled(examplePolicy('s16-reclaim-rules'));
  // What the CLI (and a simulator) does: record the event's facts, as the server does, then decide.
  const reclaimOf = (event: Record<string, unknown>, now: string) => {
    const state = InMemoryState.from(exampleState('s16-owned-leads') as StateSnapshotInput);
    const d = decide(s16, recordEventFacts(state, { id: 'x', leadId: 'L-1602', ...event } as SluiceEvent), state, now);
    return d.explanation.visited.find((v) => v.nodeId === 'reclaim')!;
  };

  it('a stage.changed that opens an opportunity restarts the no-opportunity clock from the event’s at (and the open opportunity exempts it)', () => {
    const v = reclaimOf({ type: 'stage.changed', at: '2026-03-10T02:00:00Z', stage: { to: 'proposal' } }, '2026-03-11T02:00:00Z');
    expect(v.result).toBe('exempt');
    const clock = (v.detail!.clocks as Array<{ rule: string; since: string }>).find((k) => k.rule === 'noOpportunity')!;
    expect(clock.since).toBe('2026-03-10T02:00:00Z');
  });

  it('a move between lead stages does not, and the lead is reclaimed as before', () => {
    expect(reclaimOf({ type: 'stage.changed', at: '2026-03-10T02:00:00Z', stage: { to: 'contacted' } }, '2026-03-11T02:00:00Z').result).toBe('reclaimed');
  });

  it('deal.won closes the lead before the reclaim looks at it', () => {
    const doc = examplePolicy('s16-reclaim-rules') as { trigger?: { events: string[] }; nodes: Array<{ type: string; data: { events?: string[] } }> };
    const events = ['tick', 'stage.changed', 'deal.won'];
    const onWon = compiled({
      ...doc,
      ...(doc.trigger ? { trigger: { ...doc.trigger, events } } : {}),
      nodes: doc.nodes.map((n) => (n.type === 'trigger' ? { ...n, data: { ...n.data, events } } : n)),
    });
    const state = InMemoryState.from(exampleState('s16-owned-leads') as StateSnapshotInput);
    const d = decide(
      onWon,
      recordEventFacts(state, { id: 'w', type: 'deal.won', at: '2026-03-10T02:00:00Z', leadId: 'L-1602', amount: 1000 }),
      state,
      '2026-03-11T02:00:00Z',
    );
    expect(state.lead('L-1602')).toMatchObject({ status: 'won', signed: true, lastDealAt: '2026-03-10T02:00:00Z' });
    const v = d.explanation.visited.find((x) => x.nodeId === 'reclaim')!;
    expect(v.result).toBe('kept');
    expect(v.detail!.reason).toBe('closed');
  });
});
