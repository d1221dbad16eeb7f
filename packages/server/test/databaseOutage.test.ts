import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/connect.js';
import { decisions } from '../src/db/schema.js';
import { killServerProcess, startServerProcess, stopServerProcess, type ServerProcess } from './child.js';
import { startCutProxy, type CutProxy } from './cutProxy.js';
import { openLoads, ownersCount, seedRoundRobinTenant, tableCounts, team } from './fixtures.js';
import { call, freshDatabase, LANES, type TestDatabase } from './harness.js';
import { CAN_MOUNT, mountSmallDisk, type SmallDisk } from './tmpfs.js';

/**
 * The real server (main.ts in a child process) loses its database under load and gets it back:
 * PostgreSQL behind a proxy that is cut (every connection dropped, new ones refused), the
 * embedded database on a small disk that is filled up. While it is away every refused request
 * is a 503 with Retry-After and a problem+json body, never a 500; after, decisions flow again by
 * themselves; the log has one line for the outage and one for the recovery; and every event,
 * retried until acknowledged, was decided exactly once.
 */
const WORKERS = 12;
const OUTAGE_MS = 3_000;
const REPS = team('out', 10);
const REP_IDS = REPS.map((r) => r.id);

type Reply = { atMs: number; status: number; retryAfter: string | null; contentType: string | null; type?: string; detailZh?: string; ms: number };

const lanes = LANES.filter((lane) => lane === 'postgres' || CAN_MOUNT);

describe.each(lanes)('a database outage under load (%s)', (lane) => {
  let tdb: TestDatabase | undefined;
  let disk: SmallDisk | undefined;
  let proxy: CutProxy | undefined;
  let server: ServerProcess | undefined;
  let tenantId: string;
  let key: string;

  /** The test's own handle, straight to the database (on the embedded lane only once the server has stopped). */
  async function withDatabase<T>(f: (database: Database) => Promise<T>): Promise<T> {
    if (tdb) return f(tdb.database);
    const database = await openDatabase({ dataDir: join(disk!.dir, 'data') });
    try {
      return await f(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    const seed = (database: Database) => seedRoundRobinTenant(database, REPS);
    if (lane === 'postgres') {
      tdb = await freshDatabase('postgres');
      ({ tenantId, key } = await seed(tdb.database));
      const url = new URL(tdb.url!);
      proxy = await startCutProxy({ host: url.hostname, port: Number(url.port || 5432) });
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      server = await startServerProcess({ url: url.toString() });
    } else {
      // 40 MB of data after the migrations; room for the load, filled up on purpose later.
      disk = mountSmallDisk(160);
      ({ tenantId, key } = await withDatabase(seed));
      server = await startServerProcess({ dataDir: join(disk.dir, 'data') });
    }
  }, 180_000);

  afterAll(async () => {
    if (server) await killServerProcess(server);
    await proxy?.close();
    await tdb?.drop();
    disk?.free();
    disk?.remove();
  });

  const replies: Reply[] = [];
  const probes: Array<{ atMs: number; doneMs: number; health: number; ready: number; readyType?: string }> = [];
  const acked = new Map<string, string>();
  let events = 0;
  let cutAtMs = 0;
  let cutDoneMs = 0;
  let restoredAtMs = 0;

  it(`answers 503 with Retry-After while the database is away for ${OUTAGE_MS / 1000} s, and recovers by itself`, async () => {
    const base = server!.base;
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    let stopping = false;
    let next = 0;
    const at = new Date().toISOString();

    /** One event, sent until it is acknowledged (a retry is safe: events are applied once per id). */
    const decideUntilAcked = async (i: number) => {
      const body = { id: `out-ev-${i}`, type: 'lead.created', at, lead: { id: `out-L-${i}`, createdAt: at } };
      for (;;) {
        const sentAt = now();
        const r = await call(base, 'POST', '/v1/decide', { key, body });
        replies.push({
          atMs: sentAt,
          status: r.status,
          retryAfter: r.headers.get('retry-after'),
          contentType: r.headers.get('content-type'),
          type: r.json?.type,
          detailZh: r.json?.detailZh,
          ms: now() - sentAt,
        });
        if (r.status === 200) {
          acked.set(body.id, r.json.decisions[0].decisionId);
          return;
        }
        if (r.status !== 503) throw new Error(`${body.id}: ${r.status} ${r.text}`);
        // Sooner than Retry-After asks: the test measures how soon decisions flow again.
        await new Promise((res) => setTimeout(res, 50));
      }
    };
    const worker = async () => {
      while (!stopping) await decideUntilAcked(next++);
    };
    const probe = async () => {
      while (!stopping) {
        const atMs = now();
        const [health, ready] = await Promise.all([call(base, 'GET', '/health'), call(base, 'GET', '/ready')]);
        probes.push({ atMs, doneMs: now(), health: health.status, ready: ready.status, readyType: ready.json?.type });
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    const load = Promise.all([...Array.from({ length: WORKERS }, worker), probe()]);
    const until = async (condition: () => boolean, timeoutMs: number, what: string) => {
      const deadline = now() + timeoutMs;
      while (!condition()) {
        if (now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    };

    try {
      await until(() => acked.size >= 60, 60_000, 'the load to start');
      cutAtMs = now();
      if (proxy) await proxy.cut();
      else disk!.fill();
      // On a busy machine the cut itself can take a while: readiness is judged from when it is done.
      cutDoneMs = now();
      await until(() => replies.some((r) => r.atMs > cutAtMs && r.status === 503), 20_000, 'a 503');
      await new Promise((res) => setTimeout(res, OUTAGE_MS));
      restoredAtMs = now();
      if (proxy) await proxy.restore();
      else disk!.free();
      const ackedAtRestore = acked.size;
      await until(() => acked.size >= ackedAtRestore + 100, 60_000, 'decisions after the restore');
      // The recovery is logged after a quiet second without failures.
      await until(() => /database back after/.test(server!.output()), 10_000, 'the recovery line');
    } finally {
      stopping = true;
      await load.catch((e: unknown) => {
        // What the server said is the first thing to read when it failed.
        console.error(`server output:\n${server!.output()}`);
        throw e;
      });
    }
    events = next;

    const refused = replies.filter((r) => r.status !== 200);
    const firstBack = replies.find((r) => r.atMs > restoredAtMs && r.status === 200)!;
    const slowest = Math.max(...refused.map((r) => r.ms));
    console.log(
      `${lane}: ${events} events, ${replies.length} requests, ${refused.length} answered 503; ` +
        `decisions again ${((firstBack.atMs + firstBack.ms - restoredAtMs) / 1000).toFixed(2)} s after the restore; slowest 503 took ${slowest.toFixed(0)} ms`,
    );
    expect(refused.length).toBeGreaterThan(0);
    // Nothing but 200 and the outage's 503, each telling when to retry, in both languages.
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([200, 503]));
    for (const r of refused) {
      expect(r).toMatchObject({ status: 503, retryAfter: '5', type: 'https://sluice.dev/problems/database-unavailable' });
      expect(r.contentType).toMatch(/^application\/problem\+json/);
      expect(r.detailZh).toMatch(/数据库/);
    }
    // Failing fast, not hanging until the database is back.
    expect(slowest).toBeLessThan(OUTAGE_MS);
    expect(firstBack.atMs + firstBack.ms - restoredAtMs).toBeLessThan(5_000);

    // Liveness stays up throughout; readiness says the database is away (PostgreSQL) — a full
    // disk still answers the readiness query, so only writes say so there.
    expect(probes.every((p) => p.health === 200)).toBe(true);
    // Answered before the restore too: a readiness check sent during the outage but answered after it
    // (it waited on the dead connection) rightly says ready.
    const during = probes.filter((p) => p.atMs > cutDoneMs + 300 && p.doneMs < restoredAtMs);
    expect(during.length).toBeGreaterThan(3);
    if (lane === 'postgres') {
      expect(
        during.filter((p) => !(p.ready === 503 && p.readyType === 'https://sluice.dev/problems/database-unavailable')).map((p) => ({ ...p, cutDoneMs })),
      ).toEqual([]);
    } else {
      expect(during.every((p) => p.ready === 200)).toBe(true);
    }
    expect(probes.filter((p) => p.atMs > restoredAtMs + 1_000).every((p) => p.ready === 200)).toBe(true);
    expect(probes.at(-1)!.ready).toBe(200);

    // One line for the outage and one for the recovery, counting exactly the requests refused.
    const log = server!.output();
    console.log(
      log
        .split('\n')
        .filter((l) => /^sluice: database/.test(l))
        .join('\n'),
    );
    expect(log.match(/database unavailable since/g)).toHaveLength(1);
    expect(log.match(/database back after/g)).toHaveLength(1);
    const back = /database back after (\d+\.\d) s, (\d+) requests refused/.exec(log)!;
    expect(Number(back[2])).toBe(refused.length);
    expect(Number(back[1])).toBeGreaterThan(OUTAGE_MS / 1000 - 1);
    expect(Number(back[1])).toBeLessThan(OUTAGE_MS / 1000 + 10);
    expect(log).not.toMatch(/internal error|PostgreSQL connection was lost|webhook delivery:|scheduler pass failed/);
  }, 180_000);

  it('decided every event exactly once: nothing acknowledged was lost or doubled', async () => {
    expect(acked.size).toBe(events);
    await stopServerProcess(server!);
    await withDatabase(async (database) => {
      const rows = await database.db.select({ id: decisions.id, eventId: decisions.eventId }).from(decisions).where(eq(decisions.tenantId, tenantId));
      expect(rows.length).toBe(events);
      expect(Object.fromEntries(rows.map((r) => [r.eventId, r.id]))).toEqual(Object.fromEntries(acked));
      const counts = await tableCounts(database, tenantId);
      expect(counts).toMatchObject({ decisions: events, events, leads: events, ownership: events });
      const owned = await ownersCount(database, tenantId);
      const loads = await openLoads(database, tenantId);
      expect(loads).toEqual(Object.fromEntries(REP_IDS.map((id) => [id, owned[id] ?? 0])));
      expect(Object.values(loads).reduce((a, b) => a + b, 0)).toBe(events);
      // Round robin: the pointer moved once per decision, so loads differ by at most one.
      expect(Math.max(...Object.values(loads)) - Math.min(...Object.values(loads))).toBeLessThanOrEqual(1);
      const assigned = await database.db.execute(sql`select count(*)::int as n from leads where tenant_id = ${tenantId} and owner_id is not null`);
      expect((assigned as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(events);
    });
  }, 120_000);
});
