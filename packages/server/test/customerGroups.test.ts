import { exampleState } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.js';
import { examplePolicy } from '@sluice/examples';
import { fixedClock, publishPolicy, seedRoster, type Roster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

// S25 "parent/subsidiary companies count as one customer" on the server, where the CRM syncs its
// accounts with their parent account (parentId) and a lead names only its own company: the step
// must load the matched account's parent and sisters, though they share no key with the lead.
const NOW = '2026-03-02T02:00:00.000Z';
const created = (id: string, company: string) => ({ id: `ev-${id}`, type: 'lead.created', at: NOW, lead: { id, createdAt: NOW, company } });

/** Four AEs (ae-3 away), the existing-owner policy live with includeParent, no customers yet. */
async function tenant(database: Database) {
  const t = await seedTenant(database);
  await seedRoster(database, t.tenantId, { ...(structuredClone(exampleState('s25-customers')) as Roster), customers: [] });
  await publishPolicy(database, t.tenantId, 's25-existing-owner');
  return t;
}

type Visited = { nodeId: string; result: string; note?: { en: string; zh: string }; detail?: { customers?: Array<{ id: string }> } };
const existing = (decision: { explanation: { visited: Visited[] } }) => decision.explanation.visited.find((v) => v.nodeId === 'existing')!;

describe.each(LANES)('customer accounts linked by parentId over HTTP (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  it("a subsidiary's lead goes to the owner of its parent account, two levels up too, and a loop of parentIds ends", async () => {
    const { key } = await tenant(env.tdb.database);
    const accounts: Array<[string, Record<string, unknown>]> = [
      ['C-O', { company: 'Omega Group', ownerId: 'ae-4' }],
      ['C-OL', { company: 'Omega Logistics', parentId: 'C-O' }],
      ['C-OC', { company: 'Omega Cold Chain', parentId: 'C-OL' }],
      ['C-OR', { company: 'Omega Retail', parentId: 'C-O', ownerId: 'ae-2' }],
      ['C-L1', { company: 'Loop One', parentId: 'C-L2' }],
      ['C-L2', { company: 'Loop Two', parentId: 'C-L1', ownerId: 'ae-2' }],
      ['C-S', { company: 'Solo Trading' }],
    ];
    for (const [id, body] of accounts) expect((await call(env.server.base, 'PUT', `/v1/customers/${id}`, { key, body })).status).toBe(201);

    const grandchild = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-1', 'Omega Cold Chain') });
    expect(grandchild.status).toBe(200);
    expect(grandchild.json.actions).toEqual([
      { type: 'assign', leadId: 'L-1', repId: 'ae-4', previousOwnerId: null, nodeId: 'existing', strategy: 'existingOwner' },
    ]);
    const v = existing(grandchild.json.decisions[0]);
    expect(v.result).toBe('matched');
    expect(v.detail?.customers?.map((c) => c.id)).toEqual(['C-OC', 'C-OL', 'C-O', 'C-OR']);
    expect(v.note?.en).toContain('customer C-O matched by parent account of customer C-OC is owned by ae-4');

    const subsidiary = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-2', 'Omega Logistics') });
    expect(subsidiary.json.actions[0]).toMatchObject({ repId: 'ae-4', nodeId: 'existing' });
    const loop = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-3', 'Loop One') });
    expect(loop.json.actions[0]).toMatchObject({ repId: 'ae-2', nodeId: 'existing' });
    expect(existing(loop.json.decisions[0]).detail?.customers?.map((c) => c.id)).toEqual(['C-L1', 'C-L2']);
    // An account in no group, unowned: the flow goes on to the round robin.
    const solo = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-4', 'Solo Trading') });
    expect(existing(solo.json.decisions[0]).result).toBe('unmatched');
    expect(solo.json.actions[0]).toMatchObject({ nodeId: 'aeRR' });
  });

  it('a claim on a pool lead of a subsidiary meets the conflict rule of its group: the parent account’s owner keeps it', async () => {
    const t = await seedTenant(env.tdb.database);
    const state = structuredClone(exampleState('s25-conflict')) as Roster;
    await seedRoster(env.tdb.database, t.tenantId, { ...state, customers: [] });
    const policy = structuredClone(examplePolicy('s25-conflict-first-reported')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
    policy.nodes.find((n) => n.id === 'conflict')!.data.family = true;
    await publishPolicy(env.tdb.database, t.tenantId, policy as unknown as Record<string, unknown>);
    // Zeta Holdings is 周杰's (r-5) since 1 Feb; Zeta Logistics, its subsidiary, has no owner and shares no key with it.
    await call(env.server.base, 'PUT', '/v1/customers/C-Z', {
      key: t.key,
      body: { company: 'Zeta Holdings', ownerId: 'r-5', reportedAt: '2026-02-01T00:00:00Z' },
    });
    await call(env.server.base, 'PUT', '/v1/customers/C-ZL', { key: t.key, body: { company: 'Zeta Logistics', parentId: 'C-Z' } });
    const pooled = await call(env.server.base, 'POST', '/v1/events', {
      key: t.key,
      body: {
        id: 'ev-pool',
        type: 'lead.created',
        at: NOW,
        lead: { id: 'L-Z', createdAt: NOW, company: 'Zeta Logistics Ltd', ownerId: null, poolId: 'public' },
      },
    });
    expect(pooled.status).toBeLessThan(300);
    // The claim names the stored lead only: its keys come from the stored row, its group from the customers' parentIds.
    const claim = await call(env.server.base, 'POST', '/v1/decide', {
      key: t.key,
      body: { id: 'claim-z', type: 'claim.requested', at: '2026-03-05T02:00:00Z', leadId: 'L-Z', repId: 'r-2' },
    });
    expect(claim.status).toBe(200);
    const conflict = (
      claim.json.decisions[0] as { explanation: { visited: Array<{ nodeId: string; result: string; detail?: Record<string, unknown> }> } }
    ).explanation.visited.find((v) => v.nodeId === 'conflict')!;
    expect(conflict.result).toBe('kept');
    expect(conflict.detail).toMatchObject({ rival: 'r-5', winner: 'r-5' });
    expect(claim.json.actions).toContainEqual(expect.objectContaining({ type: 'assign', leadId: 'L-Z', repId: 'r-5' }));
  });

  it("another tenant's account of the same id is never part of the group", async () => {
    const a = await tenant(env.tdb.database);
    const b = await tenant(env.tdb.database);
    await call(env.server.base, 'PUT', '/v1/customers/P-1', { key: b.key, body: { company: 'Parent Co', ownerId: 'ae-4' } });
    await call(env.server.base, 'PUT', '/v1/customers/S-1', { key: a.key, body: { company: 'Sigma Subsidiary', parentId: 'P-1' } });
    const d = await call(env.server.base, 'POST', '/v1/decide', { key: a.key, body: created('L-1', 'Sigma Subsidiary') });
    expect(existing(d.json.decisions[0]).detail?.customers?.map((c) => c.id)).toEqual(['S-1']);
    expect(d.json.actions[0]).toMatchObject({ nodeId: 'aeRR' });
  });
});
