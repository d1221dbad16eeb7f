import { describe, expect, it } from 'vitest';
import { decide, InMemoryState } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const T0 = '2026-03-02T02:00:00.000Z';

function state() {
  return InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    reps: [{ id: 'ae-1', teams: ['west'] }],
    teams: [
      { id: 'west', name: '西区', managerId: 'mgr-west' },
      { id: 'north', name: '北区' },
    ],
  });
}

function queueFlow(data: Record<string, unknown>) {
  return compile(
    flow(
      'queue-test',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'q', type: 'assign.managerQueue', data },
      ],
      [{ source: 'start', target: 'q' }],
    ),
  );
}

const created = (leadId: string) => ({ id: `ev-${leadId}`, type: 'lead.created' as const, at: T0, lead: { id: leadId, createdAt: T0, region: 'west' } });

describe('assign.managerQueue', () => {
  it("queues the lead for the team's manager", async () => {
    const s = state();
    const d = await decideBoth(queueFlow({ queueId: 'west-manual', team: 'west' }), created('L1'), s, T0);
    expect(d.actions).toEqual([{ type: 'queue', leadId: 'L1', queueId: 'west-manual', managerId: 'mgr-west', nodeId: 'q' }]);
    expect(d.changes).toEqual([{ type: 'lead.queue', leadId: 'L1', queueId: 'west-manual', at: T0, nodeId: 'q' }]);
    const v = visited(d, 'q');
    expect(v.result).toBe('done');
    expect(v.detail).toEqual({ queueId: 'west-manual', managerId: 'mgr-west', managerFrom: 'team', team: 'west' });
    expect(d.explanation.summary.en).toBe('queued lead L1 for manual assignment in west-manual (node q)');
    s.apply(d.changes);
    expect(s.lead('L1')).toMatchObject({ id: 'L1', queueId: 'west-manual' });
    // Queueing gives nobody the lead.
    expect(s.lead('L1')?.ownerId).toBeUndefined();
  });

  it('a named manager wins over the team manager', () => {
    const d = decide(queueFlow({ queueId: 'vip', team: 'west', managerId: 'mgr-vip' }), created('L2'), state(), T0);
    expect(d.actions).toEqual([{ type: 'queue', leadId: 'L2', queueId: 'vip', managerId: 'mgr-vip', nodeId: 'q' }]);
    expect(visited(d, 'q').detail).toMatchObject({ managerId: 'mgr-vip', managerFrom: 'config' });
  });

  it('a team without a manager queues without one and says why', () => {
    const d = decide(queueFlow({ queueId: 'north-manual', team: 'north' }), created('L3'), state(), T0);
    expect(d.actions).toEqual([{ type: 'queue', leadId: 'L3', queueId: 'north-manual', nodeId: 'q' }]);
    expect(visited(d, 'q').note).toEqual({ en: 'team north has no manager; the queue has no manager', zh: '团队 north 未设置主管，队列无指定主管' });
    const unknown = decide(queueFlow({ queueId: 'x', team: 'south' }), created('L4'), state(), T0);
    expect(visited(unknown, 'q').note?.en).toBe('team south is not in the state; the queue has no manager');
    expect(visited(unknown, 'q').detail).toMatchObject({ managerId: null, managerFrom: 'none' });
  });
});
