import { examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * A draft that names a team, rep or role no active rep of the tenant's roster has: its rotation
 * would find nobody. The draft view and the publish/rollback answers list it as a warning, placed
 * as a compile error is (node id, field, document path), in both languages; it never refuses.
 */

const NOW = '2026-09-01T02:00:00.000Z';

/** S6 round robin over team `ae`, under the key `routing`, without its cases (the publish gate has its own tests). */
function routing(teams: string[] = ['ae']): any {
  const { tests: _cases, ...doc } = examplePolicy('s06-round-robin') as Record<string, any>;
  doc.nodes[1].data = { ...doc.nodes[1].data, teams, reps: ['zhao'] };
  return { ...doc, key: 'routing' };
}

const putReps = (base: string, key: string, items: unknown[]) => call(base, 'POST', '/v1/reps/bulk', { key, body: { items } });

describe.each(LANES)('roster warnings on drafts and publications (%s)', (lane) => {
  const env = useServer(lane, () => Date.parse(NOW));

  it('a tenant with no roster yet gets none: every name would be listed', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const saved = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: routing() });
    expect(saved.status).toBe(201);
    expect(saved.json.compile).toEqual({ ok: true, errors: [] });
  });

  it('lists the team and rep no rep of this tenant has, where they are, and what the roster has; another tenant’s reps do not count', async () => {
    const a = await seedTenant(env.tdb.database);
    const b = await seedTenant(env.tdb.database);
    const base = env.server.base;
    expect(
      (
        await putReps(base, a.key, [
          { id: 'wang', teams: ['sales-east'] },
          { id: 'li', teams: ['sales-west'] },
        ])
      ).status,
    ).toBe(200);
    // Tenant B has exactly what A's draft names: it must not quiet A's warnings.
    expect((await putReps(base, b.key, [{ id: 'zhao', teams: ['ae'] }])).status).toBe(200);

    const saved = await call(base, 'PUT', '/v1/policies/routing/draft', { key: a.key, body: routing() });
    expect(saved.status).toBe(201);
    expect(saved.json.compile.ok).toBe(true);
    expect(saved.json.compile.errors).toEqual([]);
    // In the stored draft's key order (Postgres' jsonb puts shorter keys first: reps before teams).
    expect(saved.json.compile.warnings).toEqual([
      {
        path: '$.nodes[1].data.reps[0]',
        code: 'unknownRosterRef',
        nodeId: 'rr',
        field: 'reps[0]',
        message: `policy "routing", node "rr" (reps[0]): rep "zhao" is not in the roster (the roster's reps: li, wang)`,
        messageZh: '策略“routing”节点“rr”（reps[0]）：销售“zhao”不在名单中（名单中的销售：li, wang）',
      },
      {
        path: '$.nodes[1].data.teams[0]',
        code: 'unknownRosterRef',
        nodeId: 'rr',
        field: 'teams[0]',
        message: `policy "routing", node "rr" (teams[0]): no rep of the roster is in team "ae" (the roster's teams: sales-east, sales-west)`,
        messageZh: '策略“routing”节点“rr”（teams[0]）：名单中没有团队“ae”的销售（名单中的团队：sales-east, sales-west）',
      },
      // The escalation when nobody can take the lead goes to the manager of team ae: a team this roster lacks too.
      {
        path: '$.nodes[2].data.to[0].id',
        code: 'unknownRosterRef',
        nodeId: 'mgr',
        field: 'to[0].id',
        message: `policy "routing", node "mgr" (to[0].id): the manager of team "ae" is meant, but no rep of the roster is in team "ae" (the roster's teams: sales-east, sales-west)`,
        messageZh: '策略“routing”节点“mgr”（to[0].id）：此处指团队“ae”的主管，但名单中没有团队“ae”的销售（名单中的团队：sales-east, sales-west）',
      },
    ]);
    // The same on reading the policy back; B's own draft of the same document is clean.
    expect((await call(base, 'GET', '/v1/policies/routing', { key: a.key })).json.compile.warnings).toEqual(saved.json.compile.warnings);
    const inB = await call(base, 'PUT', '/v1/policies/routing/draft', { key: b.key, body: routing() });
    expect(inB.json.compile).toEqual({ ok: true, errors: [] });

    // A warning never refuses: the draft publishes, and the answer says what the live version lacks.
    const published = await call(base, 'POST', '/v1/policies/routing/publish', { key: a.key, body: { note: 'round robin for AE' } });
    expect(published.status).toBe(201);
    expect(published.json.version).toBe(1);
    expect(published.json.warnings.map((w: any) => [w.code, w.field])).toEqual([
      ['unknownRosterRef', 'reps[0]'],
      ['unknownRosterRef', 'teams[0]'],
      ['unknownRosterRef', 'to[0].id'],
    ]);
    // B publishes with nothing to warn of: the field is absent.
    const publishedB = await call(base, 'POST', '/v1/policies/routing/publish', { key: b.key, body: { note: 'round robin for AE' } });
    expect(publishedB.status).toBe(201);
    expect(publishedB.json).not.toHaveProperty('warnings');

    // Once the CRM syncs the team and the rep, the warnings go.
    await putReps(base, a.key, [{ id: 'zhao', teams: ['ae'] }]);
    expect((await call(base, 'GET', '/v1/policies/routing', { key: a.key })).json.compile).toEqual({ ok: true, errors: [] });
  });

  it('a team whose reps are all inactive finds nobody: warned as inactive; a rollback to a version naming it says so too', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    await putReps(base, key, [
      { id: 'zhao', teams: ['ae'], active: false },
      { id: 'qian', teams: ['ae'], active: false },
      { id: 'sun', teams: ['sdr'] },
    ]);
    const saved = await call(base, 'PUT', '/v1/policies/routing/draft', { key, body: routing() });
    expect(saved.json.compile.warnings.map((w: any) => [w.code, w.field, w.message])).toEqual([
      ['inactiveRosterRef', 'reps[0]', `policy "routing", node "rr" (reps[0]): rep "zhao" is inactive (the roster's active reps: sun)`],
      ['inactiveRosterRef', 'teams[0]', `policy "routing", node "rr" (teams[0]): every rep of team "ae" is inactive (the roster's active teams: sdr)`],
    ]);
    expect(saved.json.compile.warnings[1].messageZh).toBe('策略“routing”节点“rr”（teams[0]）：团队“ae”的销售均已停用（名单中在职的团队：sdr）');
    expect((await call(base, 'POST', '/v1/policies/routing/publish', { key, body: { note: 'v1 over ae' } })).status).toBe(201);
    // v2 rotates over sdr (fine); rolling back to v1 puts the inactive team live again, and the answer says so.
    await call(base, 'PUT', '/v1/policies/routing/draft', {
      key,
      body: { ...routing(['sdr']), nodes: routing(['sdr']).nodes.map((n: any) => (n.id === 'rr' ? { ...n, data: { teams: ['sdr'] } } : n)) },
    });
    const v2 = await call(base, 'POST', '/v1/policies/routing/publish', { key, body: { note: 'v2 over sdr' } });
    expect(v2.status).toBe(201);
    expect(v2.json).not.toHaveProperty('warnings');
    const back = await call(base, 'POST', '/v1/policies/routing/rollback', { key, body: { version: 1, note: 'back to ae' } });
    expect(back.status).toBe(200);
    expect(back.json.warnings.map((w: any) => w.code)).toEqual(['inactiveRosterRef', 'inactiveRosterRef']);
  });

  it('a reclaim into a pool the tenant has not set up is warned of, with or without reps; set up, the warning goes', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const reclaim = {
      key: 'reclaim',
      kind: 'reclaim',
      name: 'Reclaim',
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['tick'], tickScope: 'ownedLeads' } },
        { id: 'rule', type: 'reclaim.rule', position: { x: 0, y: 120 }, data: { days: { noFollowUp: 7 }, poolId: 'public' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'rule' }],
    };
    const saved = await call(base, 'PUT', '/v1/policies/reclaim/draft', { key, body: reclaim });
    expect(saved.status).toBe(201);
    expect(saved.json.compile.warnings).toEqual([
      {
        path: '$.nodes[1].data.poolId',
        code: 'unknownRosterRef',
        nodeId: 'rule',
        field: 'poolId',
        message:
          'policy "reclaim", node "rule" (poolId): pool "public" is not set up, so reps cannot claim the leads sent there (the tenant has no pool yet): add it under Roster → Pools or pick another',
        messageZh:
          '策略“reclaim”节点“rule”（poolId）：线索池“public”尚未设置，放入其中的线索销售无法领取（租户尚未设置任何线索池）：请在“名单 → 公海池”中添加，或改选其他线索池',
      },
    ]);
    expect((await call(base, 'POST', '/v1/pools/bulk', { key, body: { items: [{ id: 'public', name: '公海' }] } })).status).toBe(200);
    const again = await call(base, 'PUT', '/v1/policies/reclaim/draft', { key, body: reclaim });
    expect(again.status).toBe(200);
    expect(again.json.compile).toEqual({ ok: true, errors: [] });
  });
});
