import { rmSync } from 'node:fs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { decisions, leads } from '../src/db/schema.js';
import { killServerProcess, startServerProcess, spawnServer, stopServerProcess, type ServerProcess, type Storage } from './child.js';
import { openLoads, ownersCount, seedRoundRobinTenant, tableCounts, team } from './fixtures.js';
import { call, freshDatabase, LANES, type TestDatabase } from './harness.js';
import { freshDataDir } from './dbTemplate.js';

/**
 * The real server (main.ts in a child process) is SIGKILLed while decisions pour in, then
 * restarted on the same data: every decision it acknowledged must be there with its state
 * changes, and nothing may have been applied twice.
 */
const TOTAL = 400;
const KILL_AFTER = 120;
const WORKERS = 16;
const REPS = team('dur', 10);
const REP_IDS = REPS.map((r) => r.id);

const eventFor = (i: number, at: string) => ({ id: `dur-ev-${i}`, type: 'lead.created', at, lead: { id: `dur-L-${i}`, createdAt: at } });
type Ack = { eventId: string; leadId: string; decisionId: string; repId: string; body: ReturnType<typeof eventFor> };

describe.each(LANES)('durability: SIGKILL under load (%s)', (lane) => {
  let storage: Storage;
  let dataDir: string | undefined;
  let tdb: TestDatabase | undefined;
  let tenantId: string;
  let key: string;
  const at = new Date().toISOString();
  const children: ServerProcess[] = [];

  /** The test's own handle; on the embedded lane only while no server process holds the folder. */
  async function withDatabase<T>(f: (database: Database) => Promise<T>): Promise<T> {
    if (tdb) return f(tdb.database);
    const database = await openDatabase({ dataDir: dataDir! });
    try {
      return await f(database);
    } finally {
      await database.close();
    }
  }

  async function start(): Promise<ServerProcess> {
    const p = await startServerProcess(storage);
    children.push(p);
    return p;
  }

  beforeAll(async () => {
    const seed = (database: Database) => seedRoundRobinTenant(database, REPS);
    if (lane === 'embedded') {
      // Copied from the migrated template (dbTemplate.ts): the server's first start is not what this tests.
      dataDir = await freshDataDir('sluice-dur-');
      storage = { dataDir };
      ({ tenantId, key } = await withDatabase(seed));
    } else {
      tdb = await freshDatabase(lane);
      storage = { url: tdb.url! };
      ({ tenantId, key } = await seed(tdb.database));
    }
  }, 120_000);

  afterAll(async () => {
    // Every child is gone before the database is dropped or the folder removed (the test's own
    // pool is closed, sockets and all, by drop()).
    await Promise.all(children.map(killServerProcess));
    await tdb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const acked: Ack[] = [];
  const sent: Array<ReturnType<typeof eventFor>> = [];
  let killedWith = { code: null as number | null, signal: null as NodeJS.Signals | null };

  it(`keeps every acknowledged decision after a SIGKILL at ${KILL_AFTER} acknowledgements`, async () => {
    const first = await start();
    let next = 0;
    let failures = 0;
    const worker = async () => {
      while (next < TOTAL && first.child.signalCode === null) {
        const body = eventFor(next++, at);
        sent.push(body);
        try {
          const r = await call(first.base, 'POST', '/v1/decide', { key, body });
          if (r.status >= 200 && r.status < 300) {
            const assign = r.json.actions.find((a: { type: string }) => a.type === 'assign');
            acked.push({ eventId: body.id, leadId: body.lead.id, decisionId: r.json.decisions[0].decisionId, repId: assign.repId, body });
            if (acked.length === KILL_AFTER) first.child.kill('SIGKILL');
          } else failures++;
        } catch {
          // The connection died with the server: this one was never acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    killedWith = await first.exited;
    console.log(`${lane}: ${sent.length} sent, ${acked.length} acknowledged before the kill`);
    expect(killedWith.signal).toBe('SIGKILL');
    expect(failures).toBe(0);
    // The kill landed mid-load: some were acknowledged, some were cut off.
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(sent.length).toBeLessThanOrEqual(TOTAL);
    expect(sent.length).toBeGreaterThan(acked.length);

    // Restart on the same data (a dead process's lock is taken over), then a clean stop.
    const second = await start();
    expect((await call(second.base, 'GET', '/health')).status).toBe(200);
    await stopServerProcess(second);

    await withDatabase(async (database) => {
      const rows = await database.db
        .select({ id: decisions.id, eventId: decisions.eventId, leadId: decisions.leadId, repIds: decisions.repIds })
        .from(decisions)
        .where(eq(decisions.tenantId, tenantId));
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const a of acked) {
        expect(byId.get(a.decisionId), `decision of ${a.eventId}`).toEqual({ id: a.decisionId, eventId: a.eventId, leadId: a.leadId, repIds: [a.repId] });
      }
      const owners = await database.db
        .select({ id: leads.id, ownerId: leads.ownerId })
        .from(leads)
        .where(
          and(
            eq(leads.tenantId, tenantId),
            inArray(
              leads.id,
              acked.map((a) => a.leadId),
            ),
          ),
        );
      expect(Object.fromEntries(owners.map((o) => [o.id, o.ownerId]))).toEqual(Object.fromEntries(acked.map((a) => [a.leadId, a.repId])));
      await expectConsistent(database, tenantId, rows.length);
    });
  }, 180_000);

  it('a retry of every acknowledged event returns the same decision and changes nothing', async () => {
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    const before = await withDatabase((database) => tableCounts(database, tenantId));
    const loadsBefore = await withDatabase((database) => openLoads(database, tenantId));
    const third = await start();
    for (const a of acked) {
      const r = await call(third.base, 'POST', '/v1/decide', { key, body: a.body });
      expect(r.status, a.eventId).toBe(200);
      expect(r.headers.get('idempotent-replayed'), a.eventId).toBe('true');
      expect(
        r.json.decisions.map((d: { decisionId: string }) => d.decisionId),
        a.eventId,
      ).toEqual([a.decisionId]);
    }
    await stopServerProcess(third);
    expect(await withDatabase((database) => tableCounts(database, tenantId))).toEqual(before);
    expect(await withDatabase((database) => openLoads(database, tenantId))).toEqual(loadsBefore);
  }, 180_000);

  it('resending everything that was in flight decides each event exactly once', async () => {
    const fourth = await start();
    const results = await Promise.all(sent.map((body) => call(fourth.base, 'POST', '/v1/decide', { key, body })));
    expect(results.filter((r) => r.status !== 200).map((r) => r.text)).toEqual([]);
    await stopServerProcess(fourth);
    await withDatabase(async (database) => {
      await expectConsistent(database, tenantId, sent.length);
      expect((await tableCounts(database, tenantId)).events).toBe(sent.length);
    });
  }, 180_000);
});

/**
 * Nothing applied twice: one decision per event, one owner and one ownership row per decided
 * lead, each rep's open load equal to the leads it owns, and the round robin still even.
 */
async function expectConsistent(database: Database, tenantId: string, decided: number) {
  const counts = await tableCounts(database, tenantId);
  expect(counts.decisions).toBe(decided);
  expect(counts.events).toBe(decided);
  expect(counts.ownership).toBe(decided);
  expect(counts.leads).toBe(decided);
  const perEvent = await database.db.execute(
    sql`select count(*)::int as n from (select event_id from decisions where tenant_id = ${tenantId} group by event_id having count(*) > 1) x`,
  );
  expect((perEvent as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  const owned = await ownersCount(database, tenantId);
  const loads = await openLoads(database, tenantId);
  expect(loads).toEqual(Object.fromEntries(REP_IDS.map((id) => [id, owned[id] ?? 0])));
  const total = Object.values(loads).reduce((a, b) => a + b, 0);
  expect(total).toBe(decided);
  // Round robin over 10 reps: the pointer moved with every decision, so loads differ by at most one.
  expect(Math.max(...Object.values(loads)) - Math.min(...Object.values(loads))).toBeLessThanOrEqual(1);
}

describe.each(LANES.filter((l) => l === 'embedded'))('the embedded data folder has one owner (%s)', () => {
  let dataDir: string;
  let first: ServerProcess | undefined;
  beforeAll(async () => {
    dataDir = await freshDataDir('sluice-lock-');
  });
  afterAll(async () => {
    if (first) await stopServerProcess(first);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second server on the same folder exits at once with a clear "in use" message (exit code 2)', async () => {
    first = await startServerProcess({ dataDir });
    const second = spawnServer({ dataDir });
    const exited = await Promise.race([second.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
    if (exited === 'hung') await killServerProcess(second);
    expect(exited).toEqual({ code: 2, signal: null });
    expect(second.output()).toMatch(/is in use by another Sluice process \(pid \d+/);
    expect(second.output()).toContain(`pid ${first.child.pid}`);
    expect(second.output()).toContain('正被另一个 Sluice 进程使用');
    // The first one is unharmed.
    expect((await call(first.base, 'GET', '/health')).status).toBe(200);
  }, 120_000);
});
