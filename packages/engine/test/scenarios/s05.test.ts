import { describe, expect, it } from 'vitest';
import { candidateVerdicts, compiledExample, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S5: small regions wait for their manager; the rest go round robin, with the manager as the safety net.
const policy = compiledExample('s05-manager-queue');

describe('S5 manual assignment', () => {
  it('queues small-region leads for the west manager and rotates the others', async () => {
    const state = stateFrom('s05-small-regions');
    const decisions = [];
    for (const e of timelineEvents('s05-new-leads')) decisions.push(await step(policy, state, e));
    expect(decisions.map((d) => d.actions)).toEqual([
      [{ type: 'assign', leadId: 'L-501', repId: 'east-1', previousOwnerId: null, nodeId: 'eastRR', strategy: 'roundRobin' }],
      [{ type: 'queue', leadId: 'L-502', queueId: 'west-manual', managerId: 'mgr-west', nodeId: 'westQueue' }],
      [{ type: 'assign', leadId: 'L-503', repId: 'east-2', previousOwnerId: null, nodeId: 'eastRR', strategy: 'roundRobin' }],
      [{ type: 'queue', leadId: 'L-504', queueId: 'west-manual', managerId: 'mgr-west', nodeId: 'westQueue' }],
    ]);
    // Queued leads have no owner yet; the west rep's load is untouched.
    expect(state.lead('L-502')).toMatchObject({ queueId: 'west-manual' });
    expect(state.lead('L-502')?.ownerId).toBeUndefined();
    expect(state.openLoad('west-1')).toBe(4);
    expect(state.openLoad('east-1')).toBe(13);
  });

  it("explains a queued lead: the region seen and the team's manager", async () => {
    const state = stateFrom('s05-small-regions');
    const d = await step(policy, state, timelineEvents('s05-new-leads')[1]!);
    expect(visitedIds(d)).toEqual(['start', 'smallRegion', 'westQueue']);
    expect(visit(d, 'smallRegion').condition).toEqual({
      fact: 'lead.region',
      operator: 'in',
      value: ['northwest', 'southwest'],
      saw: 'northwest',
      result: true,
    });
    expect(visit(d, 'westQueue').detail).toEqual({ queueId: 'west-manual', managerId: 'mgr-west', managerFrom: 'team', team: 'west' });
    expect(d.explanation.summary).toEqual({
      en: 'queued lead L-502 for manual assignment in west-manual (node westQueue)',
      zh: '线索 L-502 进入 west-manual 待主管手动分配（节点 westQueue）',
    });
  });

  it('an east lead nobody can take waits for the east manager', async () => {
    const away = [{ from: '2026-03-01T00:00:00Z', to: '2026-03-09T00:00:00Z' }];
    const state = stateFrom('s05-small-regions', (s) => ({ ...s, reps: s.reps!.map((r) => (r.teams?.includes('east') ? { ...r, outOfOffice: away } : r)) }));
    const d = await step(policy, state, timelineEvents('s05-new-leads')[0]!);
    expect(visitedIds(d)).toEqual(['start', 'smallRegion', 'eastRR', 'eastQueue']);
    expect(candidateVerdicts(visit(d, 'eastRR'))).toEqual(['east-1:skipped:away', 'east-2:skipped:away']);
    expect(d.actions).toEqual([{ type: 'queue', leadId: 'L-501', queueId: 'east-manual', managerId: 'mgr-east', nodeId: 'eastQueue' }]);
  });
});
