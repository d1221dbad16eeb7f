import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compiledExample, event, stateFrom, step, visit, visitedIds } from './harness.js';

// S9: new leads go to the claim pool; limits are enforced when a rep claims (server), not here.
const policy = compiledExample('s09-claim-pool');
const AT = '2026-03-02T01:00:00Z';

describe('S9 claim pool', () => {
  it('puts every unowned new lead in the claim pool and shows the pool limit', async () => {
    const state = stateFrom('s09-claim-pool');
    const d = await step(policy, state, event({ id: 's09-1', type: 'lead.created', at: AT, lead: { id: 'L-901', createdAt: AT, company: '南京紫金电子' } }));
    expect(d.actions).toEqual([{ type: 'toPool', leadId: 'L-901', poolId: 'claim-pool', previousOwnerId: null, nodeId: 'claimPool' }]);
    expect(d.changes).toEqual([
      { type: 'lead.toPool', leadId: 'L-901', poolId: 'claim-pool', previousOwnerId: null, at: '2026-03-02T01:00:00.000Z', nodeId: 'claimPool' },
    ]);
    expect(visitedIds(d)).toEqual(['start', 'owned', 'claimPool']);
    expect(visit(d, 'claimPool').detail).toEqual({ poolId: 'claim-pool', poolName: '抢单池 Claim pool', dailyClaimLimit: 10, previousOwnerId: null });
    expect(state.lead('L-901')).toMatchObject({ ownerId: null, poolId: 'claim-pool', company: '南京紫金电子' });
    // Nobody's load changes until someone claims.
    expect(['sr-1', 'sr-2', 'jr-1'].map((r) => state.openLoad(r))).toEqual([31, 38, 6]);
  });

  it('leaves a lead the CRM created with an owner where it is', async () => {
    const state = stateFrom('s09-claim-pool');
    const d = await step(policy, state, event({ id: 's09-2', type: 'lead.created', at: AT, lead: { id: 'L-902', createdAt: AT, ownerId: 'sr-1' } }));
    expect(d.actions).toEqual([]);
    expect(visitedIds(d)).toEqual(['start', 'owned']);
    expect(visit(d, 'owned')).toMatchObject({ result: 'true', condition: { fact: 'derived.hasOwner', saw: true } });
  });

  it('the claim limits are described in the policy and set on the pool and the reps', () => {
    const doc = examplePolicy('s09-claim-pool') as { description: string };
    expect(doc.description).toContain('daily claim limit (claim-pool: at most 10 claims per rep per day');
    expect(doc.description).toContain('每日领取上限');
    const state = stateFrom('s09-claim-pool');
    expect(state.pool('claim-pool')?.dailyClaimLimit).toBe(10);
    expect(state.reps().map((r) => [r.id, r.level, r.cap])).toEqual([
      ['jr-1', 'junior', 15],
      ['sr-1', 'senior', 40],
      ['sr-2', 'senior', 40],
    ]);
  });
});
