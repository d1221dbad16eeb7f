import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { dailyCounts } from '../src/db/schema.js';
import { countRows, fixedClock, openLoads, ownersCount, publishPolicy, seedRoster, team } from './fixtures.js';
import { call, freshDatabase, LANES, seedTenant, startServer, type TestDatabase, type TestServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';
const clock = fixedClock(NOW);

/** The round robin of S6 over team "ae"; no cooling (every lead is new). */
async function roundRobinTenant(database: Database, reps: ReturnType<typeof team>) {
  const t = await seedTenant(database);
  await seedRoster(database, t.tenantId, { timeZone: 'Asia/Shanghai', reps, teams: [{ id: 'ae', managerId: 'mgr' }] });
  await publishPolicy(database, t.tenantId, 's06-round-robin');
  return t;
}

const leadEvent = (i: number, prefix = 'c') => ({ id: `${prefix}-ev-${i}`, type: 'lead.created', at: NOW, lead: { id: `${prefix}-L-${i}`, createdAt: NOW } });

/** Fires every request at once and returns the statuses, printing the rate. */
async function fireAll(label: string, requests: Array<() => Promise<{ status: number; json: any; text: string }>>) {
  const started = performance.now();
  const results = await Promise.all(requests.map((r) => r()));
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${requests.length} requests in ${seconds.toFixed(2)} s = ${Math.round(requests.length / seconds)} decisions/s`);
  return results;
}

const expectedEach = (ids: string[], n: number) => Object.fromEntries(ids.map((id) => [id, n]));

describe.each(LANES)('concurrent decisions (%s)', (lane) => {
  let tdb: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    server = await startServer(tdb.database, clock);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await tdb?.drop();
  });

  it('1,000 simultaneous decisions over a 10-rep round robin give exactly 100 each', async () => {
    const reps = team('rr', 10);
    const { key, tenantId } = await roundRobinTenant(tdb.database, reps);
    const results = await fireAll(
      `${lane} round robin`,
      Array.from({ length: 1000 }, (_, i) => () => call(server.base, 'POST', '/v1/decide', { key, body: leadEvent(i) })),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => r.text)).toEqual([]);
    const ids = reps.map((r) => r.id);
    expect(await ownersCount(tdb.database, tenantId)).toEqual(expectedEach(ids, 100));
    expect(await openLoads(tdb.database, tenantId)).toEqual(expectedEach(ids, 100));
    const days = await tdb.database.db.select().from(dailyCounts).where(eq(dailyCounts.tenantId, tenantId));
    expect(Object.fromEntries(days.map((d) => [d.repId, d.assigned]))).toEqual(expectedEach(ids, 100));
    expect(await countRows(tdb.database, 'decisions', tenantId)).toBe(1000);
    expect(await countRows(tdb.database, 'ownership', tenantId)).toBe(1000);
  }, 120_000);

  it('never exceeds caps: 400 leads over 10 reps capped at 30 → 30 each, 100 to the noCandidate branch', async () => {
    const reps = team('cap', 10, { cap: 30 });
    const { key, tenantId } = await roundRobinTenant(tdb.database, reps);
    const results = await fireAll(
      `${lane} caps`,
      Array.from({ length: 400 }, (_, i) => () => call(server.base, 'POST', '/v1/decide', { key, body: leadEvent(i, 'cap') })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ids = reps.map((r) => r.id);
    expect(await ownersCount(tdb.database, tenantId)).toEqual(expectedEach(ids, 30));
    expect(await openLoads(tdb.database, tenantId)).toEqual(expectedEach(ids, 30));
    const outcomes = results.map((r) => r.json.decisions[0].explanation.visited.find((v: { nodeId: string }) => v.nodeId === 'rr').result);
    expect(outcomes.filter((o) => o === 'assigned')).toHaveLength(300);
    expect(outcomes.filter((o) => o === 'noCandidate')).toHaveLength(100);
    // The noCandidate branch escalates to the team's manager.
    const escalations = results.filter((r) => r.json.actions.some((a: { type: string; mode?: string }) => a.type === 'notify' && a.mode === 'escalate'));
    expect(escalations).toHaveLength(100);
  }, 120_000);

  it('200 requests with one event id at once make one decision; all get the same answer', async () => {
    const reps = team('idem', 10);
    const { key, tenantId } = await roundRobinTenant(tdb.database, reps);
    const body = leadEvent(1, 'same');
    const results = await fireAll(
      `${lane} one event id`,
      Array.from({ length: 200 }, () => () => call(server.base, 'POST', '/v1/decide', { key, body })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(await countRows(tdb.database, 'decisions', tenantId)).toBe(1);
    expect(await countRows(tdb.database, 'events', tenantId)).toBe(1);
    expect(await countRows(tdb.database, 'ownership', tenantId)).toBe(1);
    expect(Object.values(await openLoads(tdb.database, tenantId)).reduce((a, b) => a + b, 0)).toBe(1);
  }, 120_000);
});

// Two server processes on one PostgreSQL: only the database can keep them in step. (Embedded
// PGlite is one process's database by design; that lane has no second server to start.)
describe.each(LANES.filter((l) => l === 'postgres'))('two servers sharing one database (%s)', (lane) => {
  let tdb: TestDatabase;
  let second: Database;
  let servers: TestServer[] = [];
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    second = await openDatabase({ url: tdb.url! });
    servers = [await startServer(tdb.database, clock), await startServer(second, clock)];
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    await second?.close();
    await tdb?.drop();
  });

  it('1,000 decisions split between two servers still give exactly 100 each', async () => {
    const reps = team('two', 10);
    const { key, tenantId } = await roundRobinTenant(tdb.database, reps);
    const results = await fireAll(
      `${lane} two servers`,
      Array.from({ length: 1000 }, (_, i) => () => call(servers[i % 2]!.base, 'POST', '/v1/decide', { key, body: leadEvent(i, 'two') })),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => r.text)).toEqual([]);
    const ids = reps.map((r) => r.id);
    expect(await ownersCount(tdb.database, tenantId)).toEqual(expectedEach(ids, 100));
    expect(await openLoads(tdb.database, tenantId)).toEqual(expectedEach(ids, 100));
    expect(await countRows(tdb.database, 'decisions', tenantId)).toBe(1000);
  }, 120_000);

  it('one event id sent to both servers at once is decided once', async () => {
    const reps = team('twice', 10);
    const { key, tenantId } = await roundRobinTenant(tdb.database, reps);
    const body = leadEvent(7, 'twice');
    const results = await fireAll(
      `${lane} one id, two servers`,
      Array.from({ length: 200 }, (_, i) => () => call(servers[i % 2]!.base, 'POST', '/v1/decide', { key, body })),
    );
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(await countRows(tdb.database, 'decisions', tenantId)).toBe(1);
    expect(await countRows(tdb.database, 'ownership', tenantId)).toBe(1);
  }, 120_000);
});
