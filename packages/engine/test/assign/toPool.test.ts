import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, InMemoryState } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const T0 = '2026-03-02T02:00:00.000Z';

function state() {
  return InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    reps: [
      { id: 'ae-1', teams: ['ae'], openLoad: 3 },
      { id: 'ae-2', teams: ['ae'], openLoad: 0 },
    ],
    pools: [{ id: 'nurture', name: '孵化池', dailyClaimLimit: 5 }],
    leads: [{ id: 'L1', ownerId: 'ae-1', createdAt: '2026-02-20T00:00:00Z', score: 10 }],
    ownership: [{ leadId: 'L1', repId: 'ae-1', from: '2026-02-20T00:00:00Z' }],
  });
}

/**
 * Low-intent leads go to the nurture pool (S4); others stay where they are. `reassignOwned`: an owned
 * lead whose score drops is taken from its owner too (off, its owner keeps it: keepOwner.ts).
 */
const nurtureFlow = (reassignOwned?: boolean) =>
  flow(
    'to-pool-test',
    [
      { id: 'start', type: 'trigger', data: { events: ['lead.created', 'lead.updated'] } },
      { id: 'low', type: 'condition', data: { condition: { all: [{ fact: 'lead.score', operator: 'lessThan', value: 30 }] } } },
      { id: 'pool', type: 'assign.toPool', data: { poolId: 'nurture', ...(reassignOwned === undefined ? {} : { reassignOwned }) } },
    ],
    [
      { source: 'start', target: 'low' },
      { source: 'low', sourceHandle: 'true', target: 'pool' },
    ],
  );
const nurture = nurtureFlow(true);

describe('assign.toPool', () => {
  it('takes an owned lead away from its owner and puts it in the pool', async () => {
    const policy = compile(nurture);
    const s = state();
    const event = { id: 'ev1', type: 'lead.updated' as const, at: T0, lead: { id: 'L1', score: 12 } };
    const d = await decideBoth(policy, event, s, T0);
    expect(d.actions).toEqual([{ type: 'toPool', leadId: 'L1', poolId: 'nurture', previousOwnerId: 'ae-1', nodeId: 'pool' }]);
    expect(d.changes).toEqual([{ type: 'lead.toPool', leadId: 'L1', poolId: 'nurture', previousOwnerId: 'ae-1', at: T0, nodeId: 'pool' }]);
    const v = visited(d, 'pool');
    expect(v.result).toBe('done');
    expect(v.detail).toEqual({ poolId: 'nurture', poolName: '孵化池', dailyClaimLimit: 5, previousOwnerId: 'ae-1' });
    expect(v.note).toBeUndefined();
    expect(d.explanation.summary.en).toBe('sent lead L1 to pool nurture (node pool)');
    expect(d.explanation.summary.zh).toBe('线索 L1 进入线索池 nurture（节点 pool）');

    s.apply(d.changes);
    expect(s.lead('L1')).toMatchObject({ ownerId: null, poolId: 'nurture' });
    expect(s.openLoad('ae-1')).toBe(2);
    expect(s.ownershipHistory('L1')).toEqual([{ leadId: 'L1', repId: 'ae-1', from: '2026-02-20T00:00:00Z', to: T0, endReason: 'reclaimed' }]);
  });

  it('without reassignOwned, an owned lead whose score drops stays with its owner, and the explanation says why', async () => {
    for (const policy of [compile(nurtureFlow()), compile(nurtureFlow(false))]) {
      const s = state();
      const d = await decideBoth(policy, { id: 'ev1', type: 'lead.updated' as const, at: T0, lead: { id: 'L1', score: 12 } }, s, T0);
      expect([d.actions, d.changes]).toEqual([[], []]);
      const v = visited(d, 'pool');
      expect(v.detail).toEqual({ ownerKept: 'ae-1', reportedByCrm: false, event: 'lead.updated', reassignOwned: false });
      expect(v.note).toEqual({
        en: 'lead L1 stays with ae-1: ae-1 already owns it, and an updated lead that already has an owner is not re-routed (turn on "Re-route leads that already have an owner" on node pool to route it anyway)',
        zh: '线索 L1 仍归 ae-1：ae-1 已是其负责人；已有负责人的更新线索不会重新分配（如需照常分配，请在节点 pool 开启“重新分配已有负责人的线索”）',
      });
      expect(d.explanation.summary).toEqual({
        en: 'kept lead L1 with ae-1: ae-1 already owns it (node pool)',
        zh: '线索 L1 仍归 ae-1：ae-1 已是其负责人（节点 pool）',
      });
    }
  });

  it('a new lead has no previous owner; an unknown pool is still used but noted', async () => {
    const doc = flow(
      'to-pool-new',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pool', type: 'assign.toPool', data: { poolId: 'east-pool' } },
      ],
      [{ source: 'start', target: 'pool' }],
    );
    const s = state();
    const event = { id: 'ev2', type: 'lead.created' as const, at: T0, lead: { id: 'L9', createdAt: T0 } };
    const d = decide(compile(doc), event, s, T0);
    expect(d.actions).toEqual([{ type: 'toPool', leadId: 'L9', poolId: 'east-pool', previousOwnerId: null, nodeId: 'pool' }]);
    expect(visited(d, 'pool').note).toEqual({ en: 'pool east-pool is not in the state', zh: '状态中没有线索池 east-pool' });
    s.apply(d.changes);
    expect(s.lead('L9')).toEqual({ id: 'L9', ownerId: null, poolId: 'east-pool' });
    expect(s.ownershipHistory('L9')).toEqual([]);
    expect(s.openLoad('ae-1')).toBe(3);
  });

  it('does nothing when the guard says no', () => {
    const s = state();
    const d = decide(compile(nurture), { id: 'ev3', type: 'lead.updated', at: T0, lead: { id: 'L1', score: 80 } }, s, T0);
    expect(d.actions).toEqual([]);
    expect(d.changes).toEqual([]);
    expect(d.explanation.visited.map((v) => v.nodeId)).toEqual(['start', 'low']);
  });

  it('ends the flow: no edge may leave it, and the pool id is required', () => {
    const withEdge = flow(
      'to-pool-bad',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pool', type: 'assign.toPool', data: { poolId: 'nurture' } },
        { id: 'pool2', type: 'assign.toPool', data: { poolId: 'other' } },
      ],
      [
        { source: 'start', target: 'pool' },
        { source: 'pool', target: 'pool2' },
      ],
    );
    const r = compilePolicy(withEdge);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.code)).toContain('terminalHasEdges');
    const noPool = flow(
      'to-pool-empty',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pool', type: 'assign.toPool', data: {} },
      ],
      [{ source: 'start', target: 'pool' }],
    );
    const r2 = compilePolicy(noPool);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.errors[0]).toMatchObject({ code: 'invalidConfig', nodeId: 'pool', field: 'poolId' });
  });
});
