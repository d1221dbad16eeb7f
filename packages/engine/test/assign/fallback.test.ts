import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type RepInput } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

// Monday 2026-03-02 10:00 in Shanghai.
const T0 = '2026-03-02T02:00:00.000Z';

function state(ops: Partial<RepInput> = {}) {
  return InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    reps: [
      { id: 'ae-1', teams: ['ae'], cap: 2, openLoad: 2 },
      { id: 'ae-2', teams: ['ae'], cap: 2, openLoad: 2 },
      { id: 'ops-1', teams: ['ops'], cap: 5, openLoad: 5, outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' }], ...ops },
    ],
    teams: [{ id: 'ae', managerId: 'mgr-1' }],
  });
}

/** Round robin; nobody free → the fallback owner; fallback unusable → the manager's queue. */
const policy = compile(
  flow(
    'fallback-test',
    [
      { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
      { id: 'fb', type: 'assign.fallback', data: { repId: 'ops-1' } },
      { id: 'queue', type: 'assign.managerQueue', data: { queueId: 'ae-manual', team: 'ae' } },
    ],
    [
      { source: 'start', target: 'rr' },
      { source: 'rr', sourceHandle: 'noCandidate', target: 'fb' },
      { source: 'fb', sourceHandle: 'noCandidate', target: 'queue' },
    ],
  ),
);

const created = (leadId: string) => ({ id: `ev-${leadId}`, type: 'lead.created' as const, at: T0, lead: { id: leadId, createdAt: T0 } });

describe('assign.fallback', () => {
  it('takes the lead when the rotation is full, even when full and away itself', async () => {
    const s = state();
    const d = await decideBoth(policy, created('L1'), s, T0);
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ops-1', previousOwnerId: null, nodeId: 'fb', strategy: 'fallback' }]);
    expect(d.changes).toEqual([{ type: 'lead.assign', leadId: 'L1', repId: 'ops-1', previousOwnerId: null, at: T0, nodeId: 'fb' }]);
    expect(visited(d, 'rr').result).toBe('noCandidate');
    const fb = visited(d, 'fb');
    expect(fb.result).toBe('assigned');
    expect(fb.candidates).toEqual([
      { repId: 'ops-1', status: 'chosen', detail: { load: 5, cap: 5, assignedToday: 0, weight: 1, until: '2026-03-05T00:00:00Z', waived: 'away,full' } },
    ]);
    expect(fb.detail).toEqual({ repId: 'ops-1', waived: ['away', 'full'] });
    expect(fb.note).toEqual({ en: 'fallback owner ops-1 takes the lead despite: away, full', zh: '兜底负责人 ops-1 不受以下限制仍接收线索：休假中、已满额' });
    expect(d.explanation.visited.map((v) => v.nodeId)).toEqual(['start', 'rr', 'fb']);
    s.apply(d.changes);
    expect(s.lead('L1')?.ownerId).toBe('ops-1');
    expect(s.openLoad('ops-1')).toBe(6);
  });

  it('is not reached when the rotation assigns', () => {
    const s = state();
    s.apply([{ type: 'lead.toPool', leadId: 'X', poolId: 'p', previousOwnerId: 'ae-2', at: T0, nodeId: 'setup' }]);
    const d = decide(policy, created('L2'), s, T0);
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L2', repId: 'ae-2', previousOwnerId: null, nodeId: 'rr', strategy: 'roundRobin' }]);
    expect(d.explanation.visited.map((v) => v.nodeId)).toEqual(['start', 'rr']);
  });

  it('an inactive fallback owner gets nothing: the lead goes on to the manager queue', async () => {
    const s = state({ active: false });
    const d = await decideBoth(policy, created('L3'), s, T0);
    expect(d.actions).toEqual([{ type: 'queue', leadId: 'L3', queueId: 'ae-manual', managerId: 'mgr-1', nodeId: 'queue' }]);
    const fb = visited(d, 'fb');
    expect(fb.result).toBe('noCandidate');
    expect(fb.candidates).toEqual([{ repId: 'ops-1', status: 'skipped', reason: 'inactive', detail: { load: 5, cap: 5, assignedToday: 0, weight: 1 } }]);
    expect(fb.note).toEqual({ en: 'fallback owner ops-1 is inactive', zh: '兜底负责人 ops-1 已停用' });
  });

  it('an available fallback owner within limits is simply assigned', () => {
    const d = decide(policy, created('L4'), state({ openLoad: 0, outOfOffice: [] }), T0);
    const fb = visited(d, 'fb');
    expect(fb.result).toBe('assigned');
    expect(fb.note).toBeUndefined();
    expect(fb.detail).toEqual({ repId: 'ops-1', waived: [] });
  });

  it('an unknown fallback owner is reported', () => {
    const doc = flow(
      'fallback-unknown',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'fb', type: 'assign.fallback', data: { repId: 'ghost' } },
      ],
      [{ source: 'start', target: 'fb' }],
    );
    const d = decide(compile(doc), created('L5'), state(), T0);
    expect(d.actions).toEqual([]);
    expect(visited(d, 'fb')).toMatchObject({ result: 'noCandidate', candidates: [], note: { en: 'fallback owner ghost is not in the state' } });
  });
});
