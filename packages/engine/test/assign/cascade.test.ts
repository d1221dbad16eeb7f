import { describe, expect, it } from 'vitest';
import { compilePolicy, InMemoryState, type CompiledPolicy, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const T0 = '2026-03-02T02:00:00.000Z';
// Tier 1 waits 4 h, tier 2 waits 24 h: worked out by hand from T0.
const DUE_1 = '2026-03-02T06:00:00.000Z';
const DUE_2 = '2026-03-03T06:00:00.000Z';
/** The same instants as the notes and summaries show them: the tenant's wall clock (Asia/Shanghai). */
const T0_LOCAL = '2026-03-02 10:00';
const DUE_1_LOCAL = '2026-03-02 14:00';

function state() {
  return InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    reps: [
      { id: 'gold-1', teams: ['gold'] },
      { id: 'std-1', teams: ['standard'] },
    ],
    teams: [{ id: 'ops', managerId: 'mgr-ops' }],
    pools: [{ id: 'gold-pool' }, { id: 'std-pool' }],
  });
}

function cascadePolicy(progress: 'claimed' | 'activity' = 'claimed'): CompiledPolicy {
  return compile(
    flow(
      `cascade-${progress}`,
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created', 'lead.returned_to_pool', 'activity.logged', 'tick'] } },
        {
          id: 'cascade',
          type: 'assign.cascade',
          data: {
            tiers: [
              { poolId: 'gold-pool', waitHours: 4 },
              { poolId: 'std-pool', waitHours: 24 },
            ],
            progress,
          },
        },
        { id: 'queue', type: 'assign.managerQueue', data: { queueId: 'ops-manual', team: 'ops' } },
      ],
      [
        { source: 'start', target: 'cascade' },
        { source: 'cascade', sourceHandle: 'exhausted', target: 'queue' },
      ],
    ),
  );
}

const created = (at = T0): SluiceEvent => ({ id: 'created', type: 'lead.created', at, lead: { id: 'L1', createdAt: at } });
const tick = (at: string, leadId: string | null = 'L1'): SluiceEvent => ({ id: `tick-${at}`, type: 'tick', at, ...(leadId ? { leadId } : {}) });
const claim = (repId: string, at: string) => ({ type: 'lead.assign' as const, leadId: 'L1', repId, previousOwnerId: null, at, nodeId: 'claim' });

describe('assign.cascade', () => {
  it('full timeline: created → waiting → cascaded → waiting → exhausted to the manager queue', async () => {
    const policy = cascadePolicy();
    const s = state();

    const d0 = await decideBoth(policy, created(), s, T0);
    expect(d0.actions).toEqual([
      { type: 'toPool', leadId: 'L1', poolId: 'gold-pool', previousOwnerId: null, nodeId: 'cascade' },
      { type: 'schedule', leadId: 'L1', due: DUE_1, nodeId: 'cascade', step: 0 },
    ]);
    expect(d0.changes).toEqual([
      { type: 'lead.toPool', leadId: 'L1', poolId: 'gold-pool', previousOwnerId: null, at: T0, nodeId: 'cascade' },
      { type: 'lead.schedule', leadId: 'L1', due: DUE_1, nodeId: 'cascade', step: 0 },
    ]);
    expect(visited(d0, 'cascade')).toMatchObject({ result: 'started', note: { en: `in tier 1 (pool gold-pool) until ${DUE_1_LOCAL}` } });
    expect(d0.explanation.summary.en).toBe(`sent lead L1 to pool gold-pool (node cascade); will check lead L1 again at ${DUE_1_LOCAL}`);
    s.apply(d0.changes);
    expect(s.lead('L1')).toMatchObject({ ownerId: null, poolId: 'gold-pool', cascade: { nodeId: 'cascade', step: 0, due: DUE_1 } });
    expect(s.schedule.get('L1')).toEqual({ due: DUE_1, nodeId: 'cascade', step: 0 });

    // One millisecond before the due instant: still the gold tier's turn.
    const d1 = await decideBoth(policy, tick('2026-03-02T05:59:59.999Z'), s, '2026-03-02T05:59:59.999Z');
    expect(d1.actions).toEqual([]);
    expect(d1.changes).toEqual([]);
    const v1 = visited(d1, 'cascade');
    expect(v1.result).toBe('waiting');
    expect(v1.detail).toEqual({ step: 0, poolId: 'gold-pool', waitHours: 4, since: T0, due: DUE_1, progressRule: 'claimed', owner: null });
    expect(d1.explanation.visited.map((v) => v.nodeId)).toEqual(['start', 'cascade']);

    // Exactly at the due instant the tier's time is up.
    const d2 = await decideBoth(policy, tick(DUE_1), s, DUE_1);
    expect(d2.actions).toEqual([
      { type: 'toPool', leadId: 'L1', poolId: 'std-pool', previousOwnerId: null, nodeId: 'cascade' },
      { type: 'schedule', leadId: 'L1', due: DUE_2, nodeId: 'cascade', step: 1 },
    ]);
    const v2 = visited(d2, 'cascade');
    expect(v2.result).toBe('cascaded');
    expect(v2.detail).toMatchObject({ step: 0, poolId: 'gold-pool', nextStep: 1, nextPoolId: 'std-pool', nextDue: DUE_2 });
    expect(v2.note?.en).toBe(`no progress in pool gold-pool between ${T0_LOCAL} and ${DUE_1_LOCAL}: moved to tier 2, pool std-pool`);
    s.apply(d2.changes);
    expect(s.lead('L1')).toMatchObject({ poolId: 'std-pool', cascade: { step: 1, due: DUE_2 } });

    const d3 = await decideBoth(policy, tick('2026-03-03T05:00:00.000Z'), s, '2026-03-03T05:00:00.000Z');
    expect(visited(d3, 'cascade').result).toBe('waiting');
    expect(visited(d3, 'cascade').detail).toMatchObject({ step: 1, since: DUE_1, due: DUE_2 });
    expect(d3.actions).toEqual([]);

    const d4 = await decideBoth(policy, tick(DUE_2), s, DUE_2);
    expect(d4.actions).toEqual([{ type: 'queue', leadId: 'L1', queueId: 'ops-manual', managerId: 'mgr-ops', nodeId: 'queue' }]);
    expect(d4.changes).toEqual([
      { type: 'lead.schedule', leadId: 'L1', due: DUE_2, nodeId: 'cascade', step: -1 },
      { type: 'lead.queue', leadId: 'L1', queueId: 'ops-manual', at: DUE_2, nodeId: 'queue' },
    ]);
    expect(visited(d4, 'cascade').result).toBe('exhausted');
    expect(d4.explanation.visited.map((v) => `${v.nodeId}:${v.result}`)).toEqual(['start:tick', 'cascade:exhausted', 'queue:done']);
    s.apply(d4.changes);
    // The queue is its one holder now: out of the last pool, so nobody claims what the manager hands out.
    expect(s.lead('L1')).toMatchObject({ poolId: null, queueId: 'ops-manual', cascade: { step: -1, due: DUE_2 } });
    expect(s.schedule.has('L1')).toBe(false);

    // Later ticks find the cascade over: nothing is queued twice.
    const d5 = await decideBoth(policy, tick('2026-03-05T00:00:00.000Z'), s, '2026-03-05T00:00:00.000Z');
    expect(d5.actions).toEqual([]);
    expect(d5.changes).toEqual([]);
    expect(visited(d5, 'cascade')).toMatchObject({ result: 'notInCascade', detail: { endedAt: DUE_2 } });
  });

  it('a claim in the second tier stops the cascade (progressed), exactly at the due instant too', async () => {
    const policy = cascadePolicy();
    const s = state();
    s.apply((await decideBoth(policy, created(), s, T0)).changes);
    s.apply((await decideBoth(policy, tick(DUE_1), s, DUE_1)).changes);
    s.apply([claim('std-1', '2026-03-02T08:00:00.000Z')]);

    const d = await decideBoth(policy, tick(DUE_2), s, DUE_2);
    expect(d.actions).toEqual([]);
    expect(d.changes).toEqual([{ type: 'lead.schedule', leadId: 'L1', due: DUE_2, nodeId: 'cascade', step: -1 }]);
    const v = visited(d, 'cascade');
    expect(v.result).toBe('progressed');
    expect(v.detail).toMatchObject({ step: 1, owner: 'std-1' });
    expect(v.note).toEqual({ en: 'std-1 claimed the lead: the cascade stops', zh: 'std-1 已领取该线索，分级流程结束' });
    expect(d.explanation.visited.map((n) => n.nodeId)).toEqual(['start', 'cascade']);
    s.apply(d.changes);
    expect(s.lead('L1')).toMatchObject({ ownerId: 'std-1', cascade: { step: -1 } });
    const later = await decideBoth(policy, tick('2026-03-04T00:00:00.000Z'), s, '2026-03-04T00:00:00.000Z');
    expect(later.changes).toEqual([]);
    expect(visited(later, 'cascade').result).toBe('notInCascade');
  });

  it('a claim in the first tier is seen on the next tick, before the due instant', async () => {
    const policy = cascadePolicy();
    const s = state();
    s.apply((await decideBoth(policy, created(), s, T0)).changes);
    s.apply([claim('gold-1', '2026-03-02T03:00:00.000Z')]);
    const d = await decideBoth(policy, tick('2026-03-02T03:30:00.000Z'), s, '2026-03-02T03:30:00.000Z');
    expect(visited(d, 'cascade').result).toBe('progressed');
    expect(d.actions).toEqual([]);
  });

  it('progress by activity: a claimer who does nothing loses the lead to the next tier; a follow-up stops it', async () => {
    const policy = cascadePolicy('activity');
    const s = state();
    const first = { ...created(), lead: { id: 'L1', createdAt: T0, lastActivityAt: '2026-03-01T00:00:00.000Z' } };
    s.upsertLead(first.lead); // the server stores what the CRM sent
    s.apply((await decideBoth(policy, first, s, T0)).changes);
    s.apply([claim('gold-1', '2026-03-02T03:00:00.000Z')]);

    // Claimed but no follow-up since the tier began (the old activity predates it).
    const d1 = await decideBoth(policy, tick(DUE_1), s, DUE_1);
    expect(visited(d1, 'cascade').result).toBe('cascaded');
    expect(visited(d1, 'cascade').detail).toMatchObject({ lastActivityAt: '2026-03-01T00:00:00.000Z', previousOwnerId: 'gold-1' });
    expect(d1.actions[0]).toEqual({ type: 'toPool', leadId: 'L1', poolId: 'std-pool', previousOwnerId: 'gold-1', nodeId: 'cascade' });
    s.apply(d1.changes);
    expect(s.lead('L1')?.ownerId).toBeNull();
    expect(s.ownershipHistory('L1')).toEqual([
      { leadId: 'L1', repId: 'gold-1', from: '2026-03-02T03:00:00.000Z', to: DUE_1, endReason: 'reclaimed', via: 'assigned' },
    ]);

    // A follow-up logged in tier 2, reported by the event itself, counts at once.
    const logged: SluiceEvent = {
      id: 'act',
      type: 'activity.logged',
      at: '2026-03-02T09:00:00.000Z',
      leadId: 'L1',
      activity: { kind: 'call', at: '2026-03-02T08:45:00.000Z', repId: 'std-1' },
    };
    const d2 = await decideBoth(policy, logged, s, logged.at);
    expect(visited(d2, 'cascade')).toMatchObject({ result: 'progressed', detail: { step: 1, lastActivityAt: '2026-03-02T08:45:00.000Z', since: DUE_1 } });
    expect(d2.changes).toEqual([{ type: 'lead.schedule', leadId: 'L1', due: '2026-03-02T09:00:00.000Z', nodeId: 'cascade', step: -1 }]);
  });

  it('an activity exactly at the moment the tier began is not progress', async () => {
    const policy = cascadePolicy('activity');
    const s = state();
    s.apply((await decideBoth(policy, created(), s, T0)).changes);
    s.upsertLead({ id: 'L1', lastActivityAt: T0 });
    const d = await decideBoth(policy, tick(DUE_1), s, DUE_1);
    expect(visited(d, 'cascade').result).toBe('cascaded');
  });

  it('a lead returned to the pool starts over at the first tier', async () => {
    const policy = cascadePolicy();
    const s = state();
    s.apply((await decideBoth(policy, created(), s, T0)).changes);
    s.apply([claim('gold-1', '2026-03-02T03:00:00.000Z')]);
    s.apply((await decideBoth(policy, tick('2026-03-02T04:00:00.000Z'), s, '2026-03-02T04:00:00.000Z')).changes);
    const back: SluiceEvent = { id: 'back', type: 'lead.returned_to_pool', at: '2026-03-10T00:00:00.000Z', leadId: 'L1' };
    const d = await decideBoth(policy, back, s, back.at);
    expect(visited(d, 'cascade').result).toBe('started');
    expect(d.actions).toEqual([
      { type: 'toPool', leadId: 'L1', poolId: 'gold-pool', previousOwnerId: 'gold-1', nodeId: 'cascade' },
      { type: 'schedule', leadId: 'L1', due: '2026-03-10T04:00:00.000Z', nodeId: 'cascade', step: 0 },
    ]);
  });

  it('ignores ticks for leads not in the cascade and ticks without a lead', async () => {
    const policy = cascadePolicy();
    const s = state();
    const d1 = await decideBoth(policy, tick(T0, 'L7'), s, T0);
    expect(d1.actions).toEqual([]);
    expect(visited(d1, 'cascade')).toMatchObject({ result: 'notInCascade', note: { en: 'lead L7 is not in this cascade' } });
    const d2 = await decideBoth(policy, tick(T0, null), s, T0);
    expect(visited(d2, 'cascade')).toMatchObject({ result: 'notInCascade', note: { en: 'the event names no lead' } });
  });

  it('startOn chooses the events that begin the cascade (after SDR qualification, S2)', async () => {
    const policy = compile(
      flow(
        'cascade-qualified',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created', 'lead.qualified', 'tick'] } },
          { id: 'cascade', type: 'assign.cascade', data: { tiers: [{ poolId: 'gold-pool', waitHours: 2 }], startOn: ['lead.qualified'] } },
        ],
        [{ source: 'start', target: 'cascade' }],
      ),
    );
    const s = state();
    const d1 = await decideBoth(policy, created(), s, T0);
    expect(visited(d1, 'cascade').result).toBe('notInCascade');
    expect(d1.actions).toEqual([]);
    const qualified: SluiceEvent = { id: 'q', type: 'lead.qualified', at: T0, leadId: 'L1' };
    const d2 = await decideBoth(policy, qualified, s, T0);
    expect(visited(d2, 'cascade').result).toBe('started');
    expect(d2.actions[1]).toEqual({ type: 'schedule', leadId: 'L1', due: '2026-03-02T04:00:00.000Z', nodeId: 'cascade', step: 0 });
    s.apply(d2.changes);
    // One tier only: when it runs out the cascade is exhausted straight away.
    const d3 = await decideBoth(policy, tick('2026-03-02T04:00:00.000Z'), s, '2026-03-02T04:00:00.000Z');
    expect(visited(d3, 'cascade').result).toBe('exhausted');
    expect(d3.actions).toEqual([]);
  });

  it('rejects a cascade that uses one pool twice', () => {
    const r = compilePolicy(
      flow(
        'cascade-bad',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created', 'tick'] } },
          {
            id: 'c',
            type: 'assign.cascade',
            data: {
              tiers: [
                { poolId: 'p', waitHours: 1 },
                { poolId: 'p', waitHours: 2 },
              ],
            },
          },
        ],
        [{ source: 'start', target: 'c' }],
      ),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        {
          code: 'invalidConfig',
          nodeId: 'c',
          field: 'tiers[1].poolId',
          message: { en: 'tier 2 uses the same pool as tier 1', zh: '第 2 级与第 1 级使用了同一个线索池' },
        },
      ]);
  });
});
