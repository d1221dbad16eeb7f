import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, reps } from '../src/db/schema.js';
import { call, freshDatabase, LANES, seedTenant, startServer, type TestDatabase, type TestServer } from './harness.js';

describe.each(LANES)('roster: reps, teams, pools, customers (%s)', (lane) => {
  let tdb: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    server = await startServer(tdb.database, () => Date.parse('2025-03-03T09:00:00Z'));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await tdb?.drop();
  });

  const repRow = async (tenantId: string, id: string) =>
    (
      await tdb.database.db
        .select()
        .from(reps)
        .where(and(eq(reps.tenantId, tenantId), eq(reps.id, id)))
    )[0];

  it('creates, reads, replaces and deletes a rep, with the engine’s defaults filled in', async () => {
    const { key, tenantId } = await seedTenant(tdb.database);
    const created = await call(server.base, 'PUT', '/v1/reps/wang', { key, body: { name: '王芳', teams: ['ae'], cap: 20 } });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: 'wang',
      name: '王芳',
      teams: ['ae'],
      roles: [],
      weight: 1,
      cap: 20,
      active: true,
      outOfOffice: [],
      skills: [],
      languages: [],
      industries: [],
      regions: [],
      products: [],
      openLoad: 0,
    });
    const replaced = await call(server.base, 'PUT', '/v1/reps/wang', { key, body: { id: 'wang', teams: ['sdr'], weight: 2 } });
    expect(replaced.status).toBe(200);
    expect(replaced.json.teams).toEqual(['sdr']);
    expect(replaced.json.name).toBe(undefined);
    expect((await call(server.base, 'GET', '/v1/reps/wang', { key })).json.weight).toBe(2);

    const mismatch = await call(server.base, 'PUT', '/v1/reps/wang', { key, body: { id: 'li' } });
    expect(mismatch.status).toBe(422);
    expect(mismatch.json.errors).toEqual([{ path: '$.id', message: 'expected "wang"', messageZh: '应为 "wang"' }]);
    const unknownField = await call(server.base, 'PUT', '/v1/reps/wang', { key, body: { weight: 1, wieght: 2 } });
    expect(unknownField.status).toBe(422);
    expect(unknownField.json.errors[0].path).toBe('$');
    const badShift = await call(server.base, 'PUT', '/v1/reps/wang', { key, body: { shifts: [{ days: [1], start: '9:00', end: '18:00' }] } });
    expect(badShift.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.shifts[0].start']);

    expect((await call(server.base, 'DELETE', '/v1/reps/wang', { key })).status).toBe(204);
    expect((await call(server.base, 'GET', '/v1/reps/wang', { key })).status).toBe(404);
    expect((await call(server.base, 'DELETE', '/v1/reps/wang', { key })).status).toBe(404);
    expect(await repRow(tenantId, 'wang')).toBe(undefined);
  });

  it('keeps open load in its own column: a sync that does not send it leaves it alone', async () => {
    const { key, tenantId } = await seedTenant(tdb.database);
    await call(server.base, 'PUT', '/v1/reps/li', { key, body: { teams: ['ae'], openLoad: 3 } });
    let row = await repRow(tenantId, 'li');
    expect(row!.openLoad).toBe(3);
    expect(row!.data).not.toHaveProperty('openLoad');
    // What an assignment does: the column moves, the JSON does not.
    await tdb.database.db
      .update(reps)
      .set({ openLoad: 4 })
      .where(and(eq(reps.tenantId, tenantId), eq(reps.id, 'li')));
    const synced = await call(server.base, 'PUT', '/v1/reps/li', { key, body: { teams: ['ae'], weight: 3 } });
    expect(synced.json.openLoad).toBe(4);
    await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items: [{ id: 'li', teams: ['ae'] }] } });
    expect((await repRow(tenantId, 'li'))!.openLoad).toBe(4);
    await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items: [{ id: 'li', teams: ['ae'], openLoad: 0 }, { id: 'zhao' }] } });
    row = await repRow(tenantId, 'li');
    expect(row!.openLoad).toBe(0);
    expect((await repRow(tenantId, 'zhao'))!.openLoad).toBe(0);
  });

  it('bulk upsert is all or nothing, and names the bad item by index and field', async () => {
    const { key } = await seedTenant(tdb.database);
    const items = ['r0', 'r1', 'r2', 'r3', 'r4'].map((id) => ({ id, teams: ['ae'] }));
    const bad = items.map((x, i) => (i === 3 ? { ...x, weight: -1 } : x));
    const refused = await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items: bad } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.errors).toEqual([{ path: '$.items[3].weight', message: 'must be 0 or more', messageZh: '不能小于 0' }]);
    expect((await call(server.base, 'GET', '/v1/reps', { key })).json.items).toEqual([]);

    const typo = items.map((x, i) => (i === 3 ? { ...x, team: ['ae'] } : x));
    const refusedTypo = await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items: typo } });
    expect(refusedTypo.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.items[3]']);

    const dup = [...items.slice(0, 3), { id: 'r1' }];
    const refusedDup = await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items: dup } });
    expect(refusedDup.status).toBe(422);
    expect(refusedDup.json.errors).toEqual([{ path: '$.items[3].id', message: '"r1" is also at $.items[1]', messageZh: '"r1" 与 $.items[1] 重复' }]);

    const written = await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items } });
    expect(written.json).toEqual({ count: 5, created: 5, updated: 0 });
    const next = await call(server.base, 'POST', '/v1/reps/bulk', {
      key,
      body: { items: [{ id: 'r1', weight: 2 }, { id: 'r5' }, { id: 'r0', active: false }] },
    });
    expect(next.json).toEqual({ count: 3, created: 1, updated: 2 });

    const page1 = await call(server.base, 'GET', '/v1/reps?limit=4', { key });
    expect(page1.json.items.map((r: { id: string }) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(page1.json.next).toBe('r3');
    const page2 = await call(server.base, 'GET', '/v1/reps?limit=4&after=r3', { key });
    expect(page2.json.items.map((r: { id: string }) => r.id)).toEqual(['r4', 'r5']);
    expect(page2.json.next).toBe(null);
    expect(page1.json.items[0].active).toBe(false);
    expect(page1.json.items[1].weight).toBe(2);
  });

  it('takes 5,000 reps in one bulk call and refuses 5,001', async () => {
    const { key } = await seedTenant(tdb.database);
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `rep-${String(i).padStart(4, '0')}`, teams: ['t'] }));
    const ok = await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items } });
    expect(ok.json).toEqual({ count: 5000, created: 5000, updated: 0 });
    const last = await call(server.base, 'GET', '/v1/reps/rep-4999', { key });
    expect(last.json.teams).toEqual(['t']);
    const tooMany = await call(server.base, 'POST', '/v1/reps/bulk', { key, body: { items: [...items, { id: 'one-more' }] } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.items']);
  }, 60_000);

  it('stores customers with normalised match keys the decision path can search', async () => {
    const { key, tenantId } = await seedTenant(tdb.database);
    const made = await call(server.base, 'PUT', '/v1/customers/acme', {
      key,
      body: { company: '阿克米（上海）有限公司', emailDomains: ['https://www.acme.com.cn/'], phones: ['+86 21 6123 4567', '021-61234567'], ownerId: 'wang' },
    });
    expect(made.status).toBe(201);
    expect(made.json).toEqual({
      id: 'acme',
      company: '阿克米（上海）有限公司',
      aliases: [],
      emailDomains: ['https://www.acme.com.cn/'],
      phones: ['+86 21 6123 4567', '021-61234567'],
      ownerId: 'wang',
    });
    await call(server.base, 'PUT', '/v1/customers/other', { key, body: { company: 'Other Co., Ltd.', emailDomains: ['gmail.com'] } });
    const rows = await tdb.database.db
      .select({ id: customers.id, matchKeys: customers.matchKeys })
      .from(customers)
      .where(eq(customers.tenantId, tenantId))
      .orderBy(customers.id);
    // Worked by hand: brackets and the legal form go, www. goes, both phones are one number; free mail is no key.
    // A short name (no trade word) is also found by full names of its brand: 's:'.
    expect(rows).toEqual([
      { id: 'acme', matchKeys: ['c:阿克米', 's:阿克米', 'd:acme.com.cn', 'p:2161234567'] },
      { id: 'other', matchKeys: ['c:other', 's:other'] },
    ]);
    const found = await tdb.database.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), sql`${customers.matchKeys} @> '["p:2161234567"]'::jsonb`));
    expect(found).toEqual([{ id: 'acme' }]);
    const bulk = await call(server.base, 'POST', '/v1/customers/bulk', { key, body: { items: [{ id: 'acme', company: 'ACME Co.' }] } });
    expect(bulk.json).toEqual({ count: 1, created: 0, updated: 1 });
    const [acme] = await tdb.database.db
      .select({ matchKeys: customers.matchKeys })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, 'acme')));
    expect(acme!.matchKeys).toEqual(['c:acme', 's:acme']);
  });

  it('teams and pools: CRUD and validation', async () => {
    const { key } = await seedTenant(tdb.database);
    expect((await call(server.base, 'PUT', '/v1/teams/ae', { key, body: { name: 'Account executives', managerId: 'zhou', poolId: 'east' } })).status).toBe(201);
    expect((await call(server.base, 'PUT', '/v1/pools/east', { key, body: { name: '华东公海', dailyClaimLimit: 5, coolingDays: 7 } })).status).toBe(201);
    expect((await call(server.base, 'GET', '/v1/teams', { key })).json).toEqual({
      items: [{ id: 'ae', name: 'Account executives', managerId: 'zhou', poolId: 'east' }],
      next: null,
    });
    expect((await call(server.base, 'GET', '/v1/pools/east', { key })).json).toEqual({ id: 'east', name: '华东公海', dailyClaimLimit: 5, coolingDays: 7 });
    const bad = await call(server.base, 'PUT', '/v1/pools/east', { key, body: { dailyClaimLimit: 2.5 } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.dailyClaimLimit']);
    expect((await call(server.base, 'DELETE', '/v1/teams/ae', { key })).status).toBe(204);
    expect((await call(server.base, 'GET', '/v1/teams', { key })).json.items).toEqual([]);
  });

  it('needs read to look and edit to change', async () => {
    const { key, tenantId } = await seedTenant(tdb.database);
    const { key: reader } = await seedTenant(tdb.database, tenantId, ['read']);
    await call(server.base, 'PUT', '/v1/reps/a', { key, body: {} });
    expect((await call(server.base, 'GET', '/v1/reps/a', { key: reader })).status).toBe(200);
    for (const [method, path, body] of [
      ['PUT', '/v1/reps/a', {}],
      ['DELETE', '/v1/reps/a', undefined],
      ['POST', '/v1/reps/bulk', { items: [{ id: 'b' }] }],
    ] as const) {
      const r = await call(server.base, method, path, { key: reader, ...(body ? { body } : {}) });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    expect((await call(server.base, 'GET', '/v1/reps', { key: reader })).json.items.map((r: { id: string }) => r.id)).toEqual(['a']);
  });
});
