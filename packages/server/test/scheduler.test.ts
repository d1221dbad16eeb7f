import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { decisions, leads, outbox, ownership, policyVersions } from '../src/db/schema.js';
import { startScheduler, type TickReport } from '../src/scheduler/index.js';
import { fixedClock, openLoads, ownersCount, publishPolicy, seedRoster, subscribe, tableCounts } from './fixtures.js';
import { freshDatabase, LANES, seedTenant, type TestDatabase } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();

/**
 * The S16 reclaim policy (7 days without follow-up → pool "public") over leads `id → [owner, days owned]`:
 * a lead owned 8 or more days with no activity is due; one owned 2 days is not.
 */
async function reclaimTenant(database: Database, owned: Record<string, [string, number]>) {
  const t = await seedTenant(database);
  const load: Record<string, number> = {};
  for (const [owner] of Object.values(owned)) load[owner] = (load[owner] ?? 0) + 1;
  await seedRoster(database, t.tenantId, {
    timeZone: 'Asia/Shanghai',
    reps: Object.entries(load).map(([id, openLoad]) => ({ id, openLoad })),
    pools: [{ id: 'public' }],
  });
  const entries = Object.entries(owned);
  await database.db.insert(leads).values(
    entries.map(([id, [ownerId, days]]) => ({
      tenantId: t.tenantId,
      id,
      data: { id, ownerId, ownedSince: at(-days * DAY), createdAt: at(-40 * DAY) },
      ownerId,
      poolId: null,
    })),
  );
  await database.db
    .insert(ownership)
    .values(entries.map(([leadId, [repId, days]]) => ({ tenantId: t.tenantId, leadId, repId, from: at(-days * DAY), via: 'assigned' })));
  await publishPolicy(database, t.tenantId, 's16-reclaim-rules');
  await subscribe(database, t.tenantId);
  return t;
}

const mine = (reports: TickReport[], tenantId: string) => reports.filter((r) => r.tenantId === tenantId);

describe.each(LANES)('scheduler (%s)', (lane) => {
  let tdb: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    // Postgres: a second connection pool stands for a second replica. PGlite has one process by design.
    second = lane === 'postgres' ? await openDatabase({ url: tdb.url! }) : tdb.database;
  }, 120_000);
  afterAll(async () => {
    if (second && second !== tdb?.database) await second.close();
    await tdb?.drop();
  });

  it('one pass reclaims the due leads: tables, decision records and outbox rows; a second pass changes nothing more', async () => {
    const { tenantId } = await reclaimTenant(tdb.database, { DUE1: ['r01', 10], DUE2: ['r02', 8], FRESH: ['r01', 2] });
    const scheduler = startScheduler({ database: tdb.database, now: fixedClock(NOW), intervalMs: HOUR, replicaId: 'a' });
    try {
      expect(mine(await scheduler.runOnce(), tenantId)).toEqual([{ tenantId, policyKey: 's16-reclaim-rules', ran: true, decisions: 2 }]);
      const rows = await tdb.database.db.select().from(leads).where(eq(leads.tenantId, tenantId));
      expect(rows.map((l) => [l.id, l.ownerId, l.poolId]).sort()).toEqual([
        ['DUE1', null, 'public'],
        ['DUE2', null, 'public'],
        ['FRESH', 'r01', null],
      ]);
      const own = await tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
      expect(own.map((o) => [o.leadId, o.to ? new Date(o.to).toISOString() : null, o.endReason]).sort()).toEqual([
        ['DUE1', NOW, 'reclaimed'],
        ['DUE2', NOW, 'reclaimed'],
        ['FRESH', null, null],
      ]);
      expect(await openLoads(tdb.database, tenantId)).toEqual({ r01: 1, r02: 0 });
      const ds = await tdb.database.db.select().from(decisions).where(eq(decisions.tenantId, tenantId));
      expect(ds.map((d) => [d.leadId, d.policyKey, d.policyVersion, d.eventId]).sort()).toEqual([
        ['DUE1', 's16-reclaim-rules', 1, `tick:s16-reclaim-rules:${NOW}:DUE1`],
        ['DUE2', 's16-reclaim-rules', 1, `tick:s16-reclaim-rules:${NOW}:DUE2`],
      ]);
      const box = await tdb.database.db.select().from(outbox).where(eq(outbox.tenantId, tenantId));
      const reclaimed = box.filter((b) => b.type === 'lead.reclaimed').map((b) => (b.payload as any).action);
      expect(reclaimed.map((a: any) => [a.leadId, a.poolId, a.previousOwnerId]).sort()).toEqual([
        ['DUE1', 'public', 'r01'],
        ['DUE2', 'public', 'r02'],
      ]);
      expect(box.filter((b) => b.type === 'decision.made').length).toBe(2);

      const before = await tableCounts(tdb.database, tenantId);
      // Same instant: the lease taken by this interval's pass says it is done.
      expect(mine(await scheduler.runOnce(), tenantId)).toEqual([{ tenantId, policyKey: 's16-reclaim-rules', ran: false, decisions: 0 }]);
      // Another replica after the lease ran out: it runs, and nothing is due any more.
      const later = startScheduler({ database: second, now: fixedClock(at(2 * HOUR)), intervalMs: HOUR, replicaId: 'b' });
      try {
        expect(mine(await later.runOnce(), tenantId)).toEqual([{ tenantId, policyKey: 's16-reclaim-rules', ran: true, decisions: 0 }]);
      } finally {
        await later.stop();
      }
      expect(await tableCounts(tdb.database, tenantId)).toEqual(before);
    } finally {
      await scheduler.stop();
    }
  }, 120_000);

  it('a pass that fails mid-tick commits nothing, not even its lease: the next replica redoes it at once', async () => {
    const { tenantId } = await reclaimTenant(tdb.database, { DUE: ['r01', 10] });
    // The live version's document vanishes: the tick fails after taking its lease, inside the transaction.
    const [version] = await tdb.database.db.delete(policyVersions).where(eq(policyVersions.tenantId, tenantId)).returning();
    const before = await tableCounts(tdb.database, tenantId);
    const a = startScheduler({ database: tdb.database, now: fixedClock(NOW), intervalMs: HOUR, replicaId: 'a' });
    const b = startScheduler({ database: second, now: fixedClock(NOW), intervalMs: HOUR, replicaId: 'b' });
    try {
      const [failed] = mine(await a.runOnce(), tenantId);
      expect([failed!.ran, failed!.decisions, failed!.error]).toEqual([false, 0, 'Live policy s16-reclaim-rules v1 cannot run']);
      expect(await tableCounts(tdb.database, tenantId)).toEqual(before);
      await tdb.database.db.insert(policyVersions).values(version!);
      expect(mine(await b.runOnce(), tenantId)).toEqual([{ tenantId, policyKey: 's16-reclaim-rules', ran: true, decisions: 1 }]);
      expect(await ownersCount(tdb.database, tenantId)).toEqual({});
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 120_000);

  it('two replicas running a pass at once reclaim each due lead exactly once', async () => {
    const owned: Record<string, [string, number]> = {};
    for (let i = 0; i < 30; i++) owned[`D${String(i).padStart(2, '0')}`] = [i % 2 ? 'r02' : 'r01', 9];
    owned.KEEP = ['r01', 1];
    const { tenantId } = await reclaimTenant(tdb.database, owned);
    const a = startScheduler({ database: tdb.database, now: fixedClock(NOW), intervalMs: HOUR, replicaId: 'a' });
    const b = startScheduler({ database: second, now: fixedClock(NOW), intervalMs: HOUR, replicaId: 'b' });
    try {
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      const both = [...mine(ra, tenantId), ...mine(rb, tenantId)];
      expect(both.filter((r) => r.ran).length).toBe(1);
      expect(both.reduce((n, r) => n + r.decisions, 0)).toBe(30);
      expect(await ownersCount(tdb.database, tenantId)).toEqual({ r01: 1 });
      const ended = await tdb.database.db
        .select()
        .from(ownership)
        .where(and(eq(ownership.tenantId, tenantId), eq(ownership.endReason, 'reclaimed')));
      expect(ended.length).toBe(30);
      expect(new Set(ended.map((o) => o.leadId)).size).toBe(30);
      const ds = await tdb.database.db.select().from(decisions).where(eq(decisions.tenantId, tenantId));
      expect(ds.length).toBe(30);
      expect(await openLoads(tdb.database, tenantId)).toEqual({ r01: 1, r02: 0 });
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 120_000);
});
