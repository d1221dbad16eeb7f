import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, leads, ownership } from '../src/db/schema.js';
import { startScheduler } from '../src/scheduler/index.js';
import { fixedClock, publishPolicy, seedRoster } from './fixtures.js';
import { call, freshDatabase, LANES, seedTenant, startServer, type TestDatabase } from './harness.js';

/**
 * S14 on the server: a lead the scheduler's reclaim takes back into the pool is reported back as
 * `lead.returned_to_pool`, as a CRM would, so routing that listens gives it out again — never to the
 * rep who just lost it while their cooling runs. Before, the lead sat in the pool until the CRM sent
 * the event itself (while the simulator's replay re-routed it: production and simulation differed).
 */

const NOW = '2026-03-02T02:00:00.000Z';
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();
const node = (id: string, type: string, data: unknown) => ({ id, type, position: { x: 0, y: 0 }, data });

describe.each(LANES)('a reclaimed lead is routed again (%s)', (lane) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
  }, 120_000);
  afterAll(async () => {
    await tdb?.drop();
  });

  /** r01 has held DUE1 and DUE2 for 10 days without a follow-up (S16's 7-day reclaim is due); FRESH for 2. */
  async function tenant(reroute: boolean) {
    return (await tenantWithKey(reroute)).tenantId;
  }
  async function tenantWithKey(reroute: boolean) {
    const { tenantId, key } = await seedTenant(tdb.database);
    await seedRoster(tdb.database, tenantId, {
      timeZone: 'Asia/Shanghai',
      reps: [
        { id: 'r01', teams: ['ae'], openLoad: 3 },
        { id: 'r02', teams: ['ae'] },
        { id: 'r03', teams: ['ae'] },
      ],
      pools: [{ id: 'public' }],
    } as never);
    const owned: Array<[string, number]> = [
      ['DUE1', 10],
      ['DUE2', 10],
      ['FRESH', 2],
    ];
    await tdb.database.db.insert(leads).values(
      owned.map(([id, days]) => ({
        tenantId,
        id,
        data: { id, ownerId: 'r01', ownedSince: at(-days * DAY), createdAt: at(-40 * DAY) },
        ownerId: 'r01',
        poolId: null,
      })),
    );
    await tdb.database.db.insert(ownership).values(owned.map(([leadId, days]) => ({ tenantId, leadId, repId: 'r01', from: at(-days * DAY), via: 'assigned' })));
    await publishPolicy(tdb.database, tenantId, 's16-reclaim-rules');
    if (reroute)
      await publishPolicy(tdb.database, tenantId, {
        key: 're-route',
        kind: 'routing',
        name: 'Re-route returned leads',
        nodes: [node('t', 'trigger', { events: ['lead.returned_to_pool'] }), node('rr', 'assign.roundRobin', { teams: ['ae'], coolingDays: 3 })],
        edges: [{ id: 'e', source: 't', target: 'rr' }],
      });
    return { tenantId, key };
  }
  const owners = async (tenantId: string) =>
    Object.fromEntries((await tdb.database.db.select().from(leads).where(eq(leads.tenantId, tenantId))).map((l) => [l.id, [l.ownerId, l.poolId]] as const));

  it('the scheduler reclaims DUE1 and DUE2 from r01, and routing gives each to another rep at once', async () => {
    const tenantId = await tenant(true);
    const scheduler = startScheduler({ database: tdb.database, now: fixedClock(NOW), intervalMs: 3_600_000, replicaId: 'a' });
    try {
      await scheduler.runOnce();
    } finally {
      await scheduler.stop();
    }
    const now = await owners(tenantId);
    expect(now.FRESH).toEqual(['r01', null]);
    for (const id of ['DUE1', 'DUE2']) {
      const [owner, pool] = now[id]!;
      expect(pool, id).toBeNull();
      expect(['r02', 'r03'], id).toContain(owner);
    }
    // Each return is its own event and decision, recorded as any CRM event's would be.
    const routed = await tdb.database.db
      .select()
      .from(decisions)
      .where(and(eq(decisions.tenantId, tenantId), eq(decisions.policyKey, 're-route')));
    expect(routed.map((d) => d.eventId).sort()).toEqual([`returned:s16-reclaim-rules:${NOW}:DUE1`, `returned:s16-reclaim-rules:${NOW}:DUE2`]);
  });

  it('with no policy listening to returned leads, they stay in the pool and no event is made', async () => {
    const tenantId = await tenant(false);
    const scheduler = startScheduler({ database: tdb.database, now: fixedClock(NOW), intervalMs: 3_600_000, replicaId: 'a' });
    try {
      await scheduler.runOnce();
    } finally {
      await scheduler.stop();
    }
    const now = await owners(tenantId);
    expect([now.DUE1, now.DUE2, now.FRESH]).toEqual([
      [null, 'public'],
      [null, 'public'],
      ['r01', null],
    ]);
    const ds = await tdb.database.db.select().from(decisions).where(eq(decisions.tenantId, tenantId));
    expect(ds.every((d) => !d.eventId.startsWith('returned:'))).toBe(true);
  });

  it('a tick the CRM sends for one lead reclaims it and routes it again the same way, once even when retried', async () => {
    const { tenantId, key } = await tenantWithKey(true);
    const server = await startServer(tdb.database, fixedClock(NOW));
    try {
      const tick = { id: 'crm-tick-1', type: 'tick', at: NOW, leadId: 'DUE1' };
      const first = await call(server.base, 'POST', '/v1/decide', { key, body: tick });
      expect(first.status).toBe(200);
      // The tick's own answer: the reclaim into the pool.
      expect(first.json.actions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'toPool', leadId: 'DUE1', poolId: 'public' })]));
      const again = await call(server.base, 'POST', '/v1/decide', { key, body: tick });
      expect(again.text).toBe(first.text);
    } finally {
      await server.close();
    }
    const now = await owners(tenantId);
    expect(now.DUE1![1]).toBeNull();
    expect(['r02', 'r03']).toContain(now.DUE1![0]);
    // DUE2 was not named: still r01's.
    expect(now.DUE2).toEqual(['r01', null]);
    const routed = await tdb.database.db
      .select()
      .from(decisions)
      .where(and(eq(decisions.tenantId, tenantId), eq(decisions.policyKey, 're-route')));
    expect(routed.map((d) => d.eventId)).toEqual(['returned:tick:crm-tick-1:DUE1']);
  });
});
