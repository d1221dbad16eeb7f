import { rmSync } from 'node:fs';
import { MATCH_KEYS_VERSION, customerSchema } from '@sluice/engine';
import { exampleState } from '@sluice/examples';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { rekeyCustomers } from '../src/db/rekey.js';
import { customers, serverMeta } from '../src/db/schema.js';
import { fixedClock, publishPolicy, seedRoster, type Roster } from './fixtures.js';
import { call, freshDatabase, LANES, seedTenant, startServer, useServer, type TestDatabase } from './harness.js';

// S25 over HTTP with the names leads really arrive with (one company, many names).
const NOW = '2026-03-02T02:00:00.000Z';
const created = (id: string, company: string) => ({ id: `ev-${id}`, type: 'lead.created', at: NOW, lead: { id, createdAt: NOW, company } });
const roster = (): Roster => ({ ...(structuredClone(exampleState('s25-customers')) as Roster), customers: [] });

/** The S25 tenant: four AEs (ae-3 away), the existing-owner policy live, no customers yet. */
async function s25Tenant(database: Database) {
  const t = await seedTenant(database);
  await seedRoster(database, t.tenantId, roster());
  await publishPolicy(database, t.tenantId, 's25-existing-owner');
  return t;
}

type Visited = { nodeId: string; result: string; note?: { en: string; zh: string } };
const existing = (decision: { explanation: { visited: Visited[] } }) => decision.explanation.visited.find((v) => v.nodeId === 'existing')!;

describe.each(LANES)('one company, many names over HTTP (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  it('a customer synced with an alias gets the lead, and the explanation names the key that matched', async () => {
    const { key, tenantId } = await s25Tenant(env.tdb.database);
    const put = await call(env.server.base, 'PUT', '/v1/customers/C-17', {
      key,
      body: { company: '上海阿克米信息科技有限公司', aliases: ['阿克米科技'], ownerId: 'ae-4' },
    });
    expect(put.status).toBe(201);
    expect(put.json.aliases).toEqual(['阿克米科技']);
    const [row] = await env.tdb.database.db
      .select({ matchKeys: customers.matchKeys })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, 'C-17')));
    // Worked by hand: the registered name's full name and brand, then the alias's.
    expect(row!.matchKeys).toEqual(['c:阿克米信息科技', 'b:阿克米', 'c:阿克米科技']);

    const byAlias = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-1', '阿克米科技有限公司') });
    expect(byAlias.status).toBe(200);
    expect(byAlias.json.actions).toEqual([
      { type: 'assign', leadId: 'L-1', repId: 'ae-4', previousOwnerId: null, nodeId: 'existing', strategy: 'existingOwner' },
    ]);
    expect(existing(byAlias.json.decisions[0])).toMatchObject({
      result: 'matched',
      note: {
        en: "customer C-17 matched by company name '阿克米科技' (alias '阿克米科技') is owned by ae-4",
        zh: '客户 C-17（按公司名“阿克米科技”（别名“阿克米科技”）匹配）的负责人是 ae-4',
      },
    });

    const byBracket = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-2', '阿克米信息科技（上海）有限公司') });
    expect(byBracket.json.actions[0]).toMatchObject({ repId: 'ae-4', nodeId: 'existing' });
    expect(existing(byBracket.json.decisions[0]).note?.en).toBe("customer C-17 matched by company name '阿克米信息科技' is owned by ae-4");

    const byBrand = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-3', '阿克米') });
    expect(byBrand.json.actions[0]).toMatchObject({ repId: 'ae-4', nodeId: 'existing' });
    expect(existing(byBrand.json.decisions[0]).note?.zh).toBe('客户 C-17（按简称“阿克米”匹配）的负责人是 ae-4');
  });

  it("a bank named by its city does not catch another city's bank", async () => {
    const { key } = await s25Tenant(env.tdb.database);
    await call(env.server.base, 'PUT', '/v1/customers/B-1', { key, body: { company: '上海银行股份有限公司', ownerId: 'ae-4' } });
    const other = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-9', '北京银行股份有限公司') });
    expect(existing(other.json.decisions[0])).toMatchObject({ result: 'unmatched', note: { en: 'no existing customer matches' } });
    expect(other.json.actions[0]).toMatchObject({ nodeId: 'aeRR' });
    const same = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-10', '上海银行北京分行') });
    expect(same.json.actions[0]).toMatchObject({ repId: 'ae-4', nodeId: 'existing' });
  });

  it('an alias list is checked like any field: too many is a 422 naming the path', async () => {
    const { key } = await s25Tenant(env.tdb.database);
    const r = await call(env.server.base, 'PUT', '/v1/customers/C-x', { key, body: { company: 'X', aliases: Array.from({ length: 51 }, (_, i) => `x${i}`) } });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.json)).toContain('aliases');
  });
});

/** The same database opened again, as a restarted server would (PGlite has one owner: closed first). */
async function reopen(tdb: TestDatabase): Promise<{ database: Database; close(): Promise<void> }> {
  if (tdb.url) {
    const database = await openDatabase({ url: tdb.url });
    return {
      database,
      close: async () => {
        await database.close();
        await tdb.drop();
      },
    };
  }
  await tdb.database.close();
  const database = await openDatabase({ dataDir: tdb.dataDir! });
  return {
    database,
    close: async () => {
      await database.close();
      rmSync(tdb.dataDir!, { recursive: true, force: true });
    },
  };
}

describe.each(LANES)('stored match keys follow the normaliser version (%s)', (lane) => {
  it('a customer stored with old-style keys is found by a new-style lead after a restart', async () => {
    const tdb = await freshDatabase(lane);
    let reopened: Awaited<ReturnType<typeof reopen>> | undefined;
    try {
      const { key, tenantId } = await s25Tenant(tdb.database);
      // As the previous normaliser stored it: a leading region kept, no brand key.
      const data = customerSchema.parse({ id: 'C-17', company: '上海阿克米信息科技有限公司', ownerId: 'ae-4' });
      await tdb.database.db.insert(customers).values({ tenantId, id: 'C-17', data, matchKeys: ['c:上海阿克米信息科技'] });
      await tdb.database.db.update(serverMeta).set({ value: 'company-keys-1' }).where(eq(serverMeta.key, 'match_keys_version'));

      const before = await startServer(tdb.database, fixedClock(NOW));
      const missed = await call(before.base, 'POST', '/v1/decide', { key, body: created('L-1', '阿克米信息科技（上海）有限公司') });
      await before.close();
      // Stale keys: the lead's keys meet nothing stored, so the customer is not even loaded.
      expect(existing(missed.json.decisions[0]).result).toBe('unmatched');

      reopened = await reopen(tdb);
      const [row] = await reopened.database.db.select({ matchKeys: customers.matchKeys }).from(customers).where(eq(customers.tenantId, tenantId));
      expect(row!.matchKeys).toEqual(['c:阿克米信息科技', 'b:阿克米']);
      const [meta] = await reopened.database.db.select().from(serverMeta).where(eq(serverMeta.key, 'match_keys_version'));
      expect(meta!.value).toBe(MATCH_KEYS_VERSION);
      // Once stored, the version makes the next start a no-op.
      expect(await rekeyCustomers(reopened.database.db)).toBeUndefined();

      const after = await startServer(reopened.database, fixedClock(NOW));
      const found = await call(after.base, 'POST', '/v1/decide', { key, body: created('L-2', '阿克米信息科技（上海）有限公司') });
      await after.close();
      expect(found.json.actions).toEqual([
        { type: 'assign', leadId: 'L-2', repId: 'ae-4', previousOwnerId: null, nodeId: 'existing', strategy: 'existingOwner' },
      ]);
    } finally {
      if (reopened) await reopened.close();
      else await tdb.drop();
    }
  }, 120_000);

  it('rebuilds in chunks, only the rows whose keys change', async () => {
    const tdb = await freshDatabase(lane);
    try {
      const { tenantId } = await seedTenant(tdb.database);
      const rows = Array.from({ length: 1203 }, (_, i) => {
        const data = customerSchema.parse({ id: `C-${String(i).padStart(4, '0')}`, company: `上海客户${i}号信息科技有限公司` });
        // Every third row already carries the new keys.
        const keys = i % 3 === 0 ? [`c:客户${i}号信息科技`, `b:客户${i}号`] : [`c:上海客户${i}号信息科技`];
        return { tenantId, id: data.id, data, matchKeys: keys };
      });
      for (let i = 0; i < rows.length; i += 400) await tdb.database.db.insert(customers).values(rows.slice(i, i + 400));
      await tdb.database.db.delete(serverMeta).where(eq(serverMeta.key, 'match_keys_version'));
      expect(await rekeyCustomers(tdb.database.db)).toEqual({ rebuilt: 802, version: MATCH_KEYS_VERSION });
      const [one] = await tdb.database.db
        .select({ matchKeys: customers.matchKeys })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, 'C-1202')));
      expect(one!.matchKeys).toEqual(['c:客户1202号信息科技', 'b:客户1202号']);
    } finally {
      await tdb.drop();
    }
  }, 120_000);
});
