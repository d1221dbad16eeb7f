import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.js';
import { dailyCounts, decisions, leads, ownership, users } from '../src/db/schema.js';
import { countRows, openLoads, ownersCount, publishPolicy, seedRoster, team } from './fixtures.js';
import { call, POSTGRES_URL, seedTenant } from './harness.js';
import { useTwoProcesses } from './support/twoProcesses.js';

/**
 * The concurrency guarantees with two real server processes (main.ts, exactly what `pnpm start`
 * runs) on one PostgreSQL database: each has its own connection pool and its own memory, so only
 * the database can keep them in step. concurrency.test.ts and claims.test.ts run two apps in one
 * process; this is the same with two OS processes. Embedded PGlite is one process's database by
 * design (a second process on its folder exits with code 2: durability.test.ts), so this file
 * needs the PostgreSQL lane.
 */
if (!POSTGRES_URL) {
  console.warn(
    'twoProcesses.test.ts skipped: TEST_DATABASE_URL is not set (two server processes need PostgreSQL). / ' +
      '已跳过 twoProcesses.test.ts：未设置 TEST_DATABASE_URL（两个服务器进程需要 PostgreSQL）。',
  );
}

const AT = () => new Date().toISOString();
const leadEvent = (i: number, prefix: string, at: string) => ({
  id: `${prefix}-ev-${i}`,
  type: 'lead.created',
  at,
  lead: { id: `${prefix}-L-${i}`, createdAt: at },
});
const expectedEach = (ids: string[], n: number) => Object.fromEntries(ids.map((id) => [id, n]));
/** A refusal's code, from its problem type. */
const codeOf = (r: { json: any }) =>
  String(r.json?.type ?? '')
    .split('/')
    .pop();

/** The round robin of S6 over team "ae", in a tenant of its own. */
async function roundRobinTenant(database: Database, reps: ReturnType<typeof team>, pools: unknown[] = []) {
  const t = await seedTenant(database);
  await seedRoster(database, t.tenantId, { timeZone: 'Asia/Shanghai', reps, teams: [{ id: 'ae', managerId: 'mgr' }], pools });
  await publishPolicy(database, t.tenantId, 's06-round-robin');
  return t;
}

/** Every request at once; prints the rate. */
async function fireAll<T>(label: string, requests: Array<() => Promise<T>>): Promise<T[]> {
  const started = performance.now();
  const results = await Promise.all(requests.map((r) => r()));
  const seconds = (performance.now() - started) / 1000;
  console.log(`two processes, ${label}: ${requests.length} requests in ${seconds.toFixed(2)} s (${Math.round(requests.length / seconds)}/s)`);
  return results;
}

describe.skipIf(!POSTGRES_URL)('two server processes sharing one PostgreSQL database (postgres)', () => {
  const replicas = useTwoProcesses();
  const { servers } = replicas;
  /** Request i goes to process i % 2. */
  const base = (i: number) => servers[i % 2]!.base;

  it('runs two separate processes on the same database; started together, exactly one bootstraps the admin', async () => {
    expect(servers).toHaveLength(2);
    expect(servers[0]!.child.pid).not.toBe(servers[1]!.child.pid);
    expect(servers[0]!.base).not.toBe(servers[1]!.base);
    for (const s of servers) {
      expect((await call(s.base, 'GET', '/health')).status).toBe(200);
      expect(s.output()).toMatch(/Database: PostgreSQL .*\/sluice_t_[0-9a-f]{12}/);
    }
    // Both found an empty database; one created the default tenant and its admin, and only that
    // one printed a one-time password (the other used to die on the tenant's key).
    expect(servers.filter((s) => s.output().includes('one-time password / 一次性密码')).length).toBe(1);
    const admins = await replicas.database.db.select({ tenantId: users.tenantId, email: users.email }).from(users);
    expect(admins).toEqual([{ tenantId: 'default', email: 'admin' }]);
  });

  it('1,000 simultaneous decisions split between the processes give exactly 100 to each of 10 reps', async () => {
    const database = replicas.database;
    const reps = team('pp', 10);
    const { key, tenantId } = await roundRobinTenant(database, reps);
    const at = AT();
    const results = await fireAll(
      'round robin',
      Array.from({ length: 1000 }, (_, i) => () => call(base(i), 'POST', '/v1/decide', { key, body: leadEvent(i, 'pp', at) })),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 300)}`)).toEqual([]);
    const assigned = results.map((r) => r.json.actions.find((a: { type: string }) => a.type === 'assign')?.repId);
    const ids = reps.map((r) => r.id);
    // What the two processes answered, and what the database holds, agree: 100 each.
    expect(Object.fromEntries(ids.map((id) => [id, assigned.filter((a) => a === id).length]))).toEqual(expectedEach(ids, 100));
    expect(await ownersCount(database, tenantId)).toEqual(expectedEach(ids, 100));
    expect(await openLoads(database, tenantId)).toEqual(expectedEach(ids, 100));
    expect(await countRows(database, 'decisions', tenantId)).toBe(1000);
    expect(await countRows(database, 'events', tenantId)).toBe(1000);
    expect(await countRows(database, 'ownership', tenantId)).toBe(1000);
    const distinct = await database.db
      .select({ n: sql<number>`count(distinct ${decisions.eventId})::int` })
      .from(decisions)
      .where(eq(decisions.tenantId, tenantId));
    expect(distinct[0]!.n).toBe(1000);
    // Daily counts (summed over the tenant-local days the run spans).
    const days = await database.db.select().from(dailyCounts).where(eq(dailyCounts.tenantId, tenantId));
    const perRep: Record<string, number> = {};
    for (const d of days) perRep[d.repId] = (perRep[d.repId] ?? 0) + d.assigned;
    expect(perRep).toEqual(expectedEach(ids, 100));
  }, 120_000);

  it('caps hold across the processes: 400 leads over 10 reps capped at 30 → 30 each, 100 to the noCandidate branch', async () => {
    const database = replicas.database;
    const reps = team('pc', 10, { cap: 30 });
    const { key, tenantId } = await roundRobinTenant(database, reps);
    const at = AT();
    const results = await fireAll(
      'caps',
      Array.from({ length: 400 }, (_, i) => () => call(base(i), 'POST', '/v1/decide', { key, body: leadEvent(i, 'pc', at) })),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 300)}`)).toEqual([]);
    const ids = reps.map((r) => r.id);
    expect(await ownersCount(database, tenantId)).toEqual(expectedEach(ids, 30));
    expect(await openLoads(database, tenantId)).toEqual(expectedEach(ids, 30));
    const outcomes = results.map((r) => r.json.decisions[0].explanation.visited.find((v: { nodeId: string }) => v.nodeId === 'rr').result);
    expect(outcomes.filter((o) => o === 'assigned')).toHaveLength(300);
    expect(outcomes.filter((o) => o === 'noCandidate')).toHaveLength(100);
    expect(await countRows(database, 'decisions', tenantId)).toBe(400);
  }, 120_000);

  it('200 simultaneous claims of one pool lead split between the processes: exactly one wins, 199 are refused as owned', async () => {
    const database = replicas.database;
    const reps = team('pk', 10);
    const { key, tenantId } = await roundRobinTenant(database, reps, [{ id: 'public' }]);
    const createdAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
    await database.db.insert(leads).values({ tenantId, id: 'HOT', data: { id: 'HOT', poolId: 'public', createdAt }, ownerId: null, poolId: 'public' });
    const results = await fireAll(
      'claims of one lead',
      Array.from({ length: 200 }, (_, i) => () => call(base(i), 'POST', '/v1/pools/public/claim', { key, body: { leadId: 'HOT', repId: reps[i % 10]!.id } })),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won.map((r) => r.json.leadId)).toEqual(['HOT']);
    const winner = won[0]!.json.repId as string;
    expect(reps.map((r) => r.id)).toContain(winner);
    const lost = results.filter((r) => r.status !== 200);
    expect(lost.map((r) => [r.status, r.headers.get('content-type')?.split(';')[0], codeOf(r), r.json.reason.reason, r.json.reason.ownerId])).toEqual(
      Array(199).fill([409, 'application/problem+json', 'notInPool', 'owned', winner]),
    );
    // Both processes refused some: the lock is the database's, not one process's.
    expect(new Set(results.map((r, i) => (r.status === 409 ? i % 2 : -1)).filter((p) => p >= 0))).toEqual(new Set([0, 1]));
    const [lead] = await database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, 'HOT')));
    expect([lead!.ownerId, lead!.poolId]).toEqual([winner, null]);
    const owners = await database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
    expect(owners.map((o) => [o.leadId, o.repId, o.via])).toEqual([['HOT', winner, 'claimed']]);
    const claims = await database.db.select().from(decisions).where(eq(decisions.tenantId, tenantId));
    expect(claims.map((d) => [d.policyKey, d.leadId, d.repIds])).toEqual([['claim', 'HOT', [winner]]]);
    expect(await ownersCount(database, tenantId)).toEqual({ [winner]: 1 });
  }, 120_000);
});
