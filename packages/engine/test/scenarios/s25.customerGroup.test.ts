import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, type CompiledPolicy, type Customer } from '../../src/index.js';
import { assignedTo, event, stateFrom, step, visit } from './harness.js';

// S25 "parent/subsidiary companies count as one customer or not (configurable)", where the CRM links
// its customer accounts by parentId (the lead itself names no parent company).
function conflictPolicy(family: boolean): CompiledPolicy {
  const policy = structuredClone(examplePolicy('s25-conflict-first-reported')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
  policy.nodes.find((n) => n.id === 'conflict')!.data.family = family;
  const result = compilePolicy(policy);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

// Zeta Holdings (周杰's since 1 Feb) owns Zeta Logistics and Zeta Retail; Zeta Cold Chain belongs
// to Zeta Logistics. Two accounts whose parentIds point at each other stand for a CRM's bad data.
const customers: Customer[] = [
  { id: 'C-Z', company: 'Zeta Holdings', aliases: [], emailDomains: [], phones: [], ownerId: 'r-5', reportedAt: '2026-02-01T00:00:00Z' },
  { id: 'C-ZL', company: 'Zeta Logistics', aliases: [], emailDomains: [], phones: [], parentId: 'C-Z' },
  { id: 'C-ZR', company: 'Zeta Retail', aliases: [], emailDomains: [], phones: [], parentId: 'C-Z', ownerId: 'r-1', reportedAt: '2026-02-20T00:00:00Z' },
  { id: 'C-ZC', company: 'Zeta Cold Chain', aliases: [], emailDomains: [], phones: [], parentId: 'C-ZL' },
  { id: 'C-L1', company: 'Loop One', aliases: [], emailDomains: [], phones: [], parentId: 'C-L2' },
  { id: 'C-L2', company: 'Loop Two', aliases: [], emailDomains: [], phones: [], parentId: 'C-L1', ownerId: 'r-3', reportedAt: '2026-02-10T00:00:00Z' },
  { id: 'C-Y', company: 'Ypsilon', aliases: [], emailDomains: [], phones: [] },
];
const poolLeads = ['Zeta Logistics Ltd', 'Zeta Cold Chain', 'Loop One', 'Ypsilon', 'Zeta Holdings'].map((company, i) => ({
  id: `L-G${i}`,
  company,
  ownerId: null,
  poolId: 'public',
}));
const state = () => stateFrom('s25-conflict', (s) => ({ ...s, customers, leads: [...(s.leads ?? []), ...poolLeads] }));
const claim = (leadId: string) => event({ id: `claim-${leadId}`, type: 'claim.requested', at: '2026-03-05T02:00:00Z', leadId, repId: 'r-2' });

describe('S25 conflict rule over customer accounts linked by parentId', () => {
  it('with family on, a subsidiary, a sister or a grandchild of an owned account is that owner’s customer', async () => {
    const policy = conflictPolicy(true);
    const s = state();
    // Logistics: its parent Zeta Holdings (r-5, 1 Feb) and sister Zeta Retail (r-1, 20 Feb) both hold the group; the earliest keeps it.
    const logistics = await step(policy, s, claim('L-G0'));
    expect(visit(logistics, 'conflict')).toMatchObject({
      result: 'kept',
      detail: { rival: 'r-5', holders: expect.arrayContaining([expect.objectContaining({ repId: 'r-5', source: 'customer', recordId: 'C-Z' })]) },
    });
    expect(visit(logistics, 'conflict').detail?.holders).toHaveLength(2);
    expect(assignedTo(logistics)).toEqual(['r-5']);
    // Two levels down (Cold Chain → Logistics → Holdings), and the parent itself.
    expect(visit(await step(policy, s, claim('L-G1')), 'conflict').detail).toMatchObject({ rival: 'r-5', winner: 'r-5' });
    expect(visit(await step(policy, s, claim('L-G4')), 'conflict').detail).toMatchObject({ rival: 'r-5', winner: 'r-5' });
    // A loop in the parentIds still finds its one owner, once; an account in no group finds nobody.
    const loop = visit(await step(policy, s, claim('L-G2')), 'conflict');
    expect(loop.detail).toMatchObject({ rival: 'r-3', holders: [{ repId: 'r-3', recordId: 'C-L2' }] });
    expect(visit(await step(policy, s, claim('L-G3')), 'conflict').result).toBe('noConflict');
  });

  it('with family off, only the account the lead matches counts', async () => {
    const policy = conflictPolicy(false);
    const s = state();
    const results = [];
    for (const id of ['L-G0', 'L-G1', 'L-G2', 'L-G4']) results.push(visit(await step(policy, s, claim(id)), 'conflict').result);
    // Only Zeta Holdings itself is owned (by r-5, before the claim).
    expect(results).toEqual(['noConflict', 'noConflict', 'noConflict', 'kept']);
  });
});
