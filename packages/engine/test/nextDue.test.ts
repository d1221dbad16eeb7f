/**
 * Next due instants, checked by hand on the example states: the values a person works out from the
 * lead's dates and the rule's thresholds (7 days, reminders 2 days before, tier waits, idle hours).
 */
import { describe, expect, it } from 'vitest';
import { examplePolicy, exampleState } from '@sluice/examples';
import { compilePolicy, dueClocks, InMemoryState, nextDueAt, type CompiledPolicy, type StateSnapshotInput } from '../src/index.js';

function compiled(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
const policy = (name: string) => compiled(examplePolicy(name));
const stateOf = (name: string) => InMemoryState.from(structuredClone(exampleState(name)) as StateSnapshotInput);
const ms = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('nextDueAt on reclaim rules', () => {
  const remind = policy('s18-advance-reminder');
  const state = stateOf('s18-reminders');

  it('a reminder 2 days before a 7-day reclaim is due 5 days after the last follow-up', () => {
    // L-1801: last follow-up 03-02 02:00 → reclaim 03-09 02:00, reminder window from 03-07 02:00.
    expect(nextDueAt([remind], state.lead('L-1801')!, state)).toBe(ms('2026-03-07T02:00:00Z'));
    expect(nextDueAt([remind], state.lead('L-1802')!, state)).toBe(ms('2026-03-08T02:00:00Z'));
  });

  it('once reminded for that due time, the lead is next due at the reclaim itself', () => {
    // L-1803 was reminded for 03-10 02:00 (the state's reminders).
    expect(nextDueAt([remind], state.lead('L-1803')!, state)).toBe(ms('2026-03-10T02:00:00Z'));
  });

  it('a lead with no owner, a closed lead and an exempt lead are never due', () => {
    const s = stateOf('s18-reminders');
    const lead = s.lead('L-1801')!;
    expect(nextDueAt([remind], { ...lead, ownerId: undefined } as never, s)).toBeUndefined();
    expect(nextDueAt([remind], { ...lead, status: 'won' }, s)).toBeUndefined();
    const exempt = compiled({ ...(examplePolicy('s19-exemptions') as object) });
    expect(nextDueAt([exempt], { ...lead, locked: true }, s)).toBeUndefined();
    expect(nextDueAt([exempt], lead, s)).toBeTypeOf('number');
  });

  it('policies that do not listen to ticks add nothing; the earliest of several wins', () => {
    const routing = policy('s06-round-robin');
    const lead = state.lead('L-1801')!;
    expect(nextDueAt([routing], lead, state)).toBeUndefined();
    // s16: 7 days without follow-up, no reminder → 03-09 02:00, later than s18's reminder on 03-07.
    const plain = policy('s16-reclaim-rules');
    expect(nextDueAt([plain], lead, state)).toBe(ms('2026-03-09T02:00:00Z'));
    expect(nextDueAt([plain, remind, routing], lead, state)).toBe(ms('2026-03-07T02:00:00Z'));
  });
});

describe('nextDueAt on cascades and per-rep penalties', () => {
  it('a lead in a cascade tier is due when the tier’s wait ends; claimed, it is due at once', () => {
    const cascade = policy('s13-tiered-cascade');
    const state = stateOf('s13-tiered-teams');
    const lead = { id: 'L-X', createdAt: '2026-03-02T01:00:00.000Z', cascade: { nodeId: 'cascade', step: 0, due: '2026-03-02T03:00:00.000Z' } };
    const nodeId = [...cascade.plan.nodes.values()].find((n) => n.kind === 'assign.cascade')!.id;
    lead.cascade.nodeId = nodeId;
    expect(nextDueAt([cascade], lead, state)).toBe(ms('2026-03-02T03:00:00Z'));
    const claimed = { ...lead, ownerId: 'x', ownedSince: '2026-03-02T02:00:00.000Z' };
    expect(nextDueAt([cascade], claimed, state)).toBe(ms('2026-03-02T02:00:00Z'));
    expect(nextDueAt([cascade], { ...lead, cascade: { ...lead.cascade, step: -1 } }, state)).toBeUndefined();
    expect(nextDueAt([cascade], { id: 'L-Y', createdAt: lead.createdAt }, state)).toBeUndefined();
  });

  it('an idle claim is due the idle hours after the rep took it, unless they followed up in time', () => {
    const idle = policy('s27-idle-claim');
    const config = [...idle.plan.nodes.values()].find((n) => n.kind === 'penalty.idleClaim')!.config as { idleHours?: number };
    const state = InMemoryState.from({
      timeZone: 'Asia/Shanghai',
      reps: [{ id: 'r1', teams: ['t'] }],
      teams: [{ id: 't' }],
      leads: [{ id: 'L1', createdAt: '2026-03-02T00:00:00Z', ownerId: 'r1', ownedSince: '2026-03-02T01:00:00Z' }],
    } as StateSnapshotInput);
    const lead = state.lead('L1')!;
    expect(nextDueAt([idle], lead, state)).toBe(ms('2026-03-02T01:00:00Z') + config.idleHours! * HOUR);
    state.apply([{ type: 'activity.add', activity: { leadId: 'L1', repId: 'r1', at: '2026-03-02T02:00:00.000Z', kind: 'call' } }]);
    expect(nextDueAt([idle], state.lead('L1')!, state)).toBeUndefined();
  });

  it('every tick policy of the examples has a clock: none is “any tick may act”', () => {
    for (const name of ['s13-tiered-cascade', 's13-cascade-working-days', 's16-reclaim-rules', 's17-level-thresholds', 's27-idle-claim', 's28-hoarding']) {
      const [clock] = dueClocks([policy(name)]);
      expect(clock, name).toBeDefined();
      const lead = { id: 'L', createdAt: '2026-03-02T00:00:00.000Z' };
      expect(clock!.due(lead, stateOf('s13-tiered-teams')), name).not.toBe(Number.NEGATIVE_INFINITY);
    }
  });

  it('a node that acts on every tick with no clock makes the policy due at any tick', () => {
    const doc = {
      key: 'nag',
      kind: 'routing',
      name: 'nag',
      nodes: [
        { id: 't', type: 'trigger', data: { events: ['tick'] } },
        { id: 'n', type: 'notify', data: { to: [{ kind: 'team', id: 'ae' }], message: { en: 'hi', zh: '你好' } } },
      ],
      edges: [{ id: 'e', source: 't', target: 'n' }],
    };
    const lead = { id: 'L', createdAt: '2026-03-02T00:00:00.000Z' };
    expect(nextDueAt([compiled(doc)], lead, stateOf('s13-tiered-teams'))).toBe(Number.NEGATIVE_INFINITY);
  });
});
