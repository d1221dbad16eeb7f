import { examplePolicy } from '@sluice/examples';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { leads, ownership } from '../src/db/schema.js';
import { tickPolicy } from '../src/scheduler/index.js';
import { fixedClock, ownersCount, publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Issue #13: a tick loads only the owned leads whose stored next due (leads.next_due_at) has come,
 * every lead write keeps that due, a tick policy going live makes the tenant's dues unknown (the
 * next tick works them out), and a long tick commits in chunks that decisions run between.
 * s16 reclaims a lead after 7 days without follow-up, counted from when its owner got it.
 */
const NOW = '2026-03-02T02:00:00.000Z';
const DAY = 86_400_000;
const RECLAIM = 's16-reclaim-rules';
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();

describe.each(LANES)('next due and chunked ticks (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));
  const db = () => env.tdb.database;

  /** Leads `id → [owner, days owned]` stored as a decision would, with no due known yet (NULL). */
  async function tenant(owned: Record<string, [string, number]>, live = true) {
    const t = await seedTenant(db());
    const load: Record<string, number> = {};
    for (const [owner] of Object.values(owned)) load[owner] = (load[owner] ?? 0) + 1;
    await seedRoster(db(), t.tenantId, { reps: Object.entries(load).map(([id, openLoad]) => ({ id, openLoad })), pools: [{ id: 'public' }] });
    const entries = Object.entries(owned);
    await db()
      .db.insert(leads)
      .values(
        entries.map(([id, [ownerId, days]]) => ({
          tenantId: t.tenantId,
          id,
          data: { id, ownerId, ownedSince: at(-days * DAY), createdAt: at(-40 * DAY) },
          ownerId,
        })),
      );
    await db()
      .db.insert(ownership)
      .values(entries.map(([leadId, [repId, days]]) => ({ tenantId: t.tenantId, leadId, repId, from: at(-days * DAY), via: 'assigned' })));
    if (live) await publishPolicy(db(), t.tenantId, RECLAIM);
    return t;
  }

  /** The stored due as ISO text, 'infinity', '-infinity' or null (unknown). */
  async function dueOf(tenantId: string, id: string): Promise<string | null> {
    const [row] = await db()
      .db.select({ due: leads.nextDueAt })
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)));
    const due = row!.due;
    return due === null || due.endsWith('infinity') ? due : new Date(due).toISOString();
  }

  const owners = async (tenantId: string) => {
    const rows = await db().db.select({ id: leads.id, ownerId: leads.ownerId }).from(leads).where(eq(leads.tenantId, tenantId));
    return Object.fromEntries(rows.map((r) => [r.id, r.ownerId]));
  };

  // intervalMs 0: the lease runs out at once, so the test may tick the same instant again.
  const tick = (tenantId: string, options = {}) => tickPolicy(db(), tenantId, RECLAIM, 'test', Date.parse(NOW), 0, options);

  it('a tick reclaims the due lead, stores each visited lead’s next due, and then loads only leads due by it', async () => {
    const { tenantId } = await tenant({ DUE: ['r01', 10], FRESH: ['r01', 2] });
    expect([await dueOf(tenantId, 'DUE'), await dueOf(tenantId, 'FRESH')]).toEqual([null, null]);
    expect(await tick(tenantId)).toEqual({ tenantId, policyKey: RECLAIM, ran: true, decisions: 1 });
    expect(await owners(tenantId)).toEqual({ DUE: null, FRESH: 'r01' });
    // Back in the pool no owned-leads tick visits it; FRESH: 7 days from when r01 got it, 2 days ago.
    expect(await dueOf(tenantId, 'DUE')).toBe('infinity');
    expect(await dueOf(tenantId, 'FRESH')).toBe(at(5 * DAY));

    // FRESH's row now says it was owned for 30 days, but its due says in 5 days: a tick that loaded
    // it would reclaim it. It is not loaded.
    await db().db.execute(
      sql`update leads set data = jsonb_set(data, '{ownedSince}', ${JSON.stringify(at(-30 * DAY))}::jsonb) where tenant_id = ${tenantId} and id = 'FRESH'`,
    );
    expect(await tick(tenantId)).toEqual({ tenantId, policyKey: RECLAIM, ran: true, decisions: 0 });
    expect(await owners(tenantId)).toEqual({ DUE: null, FRESH: 'r01' });
    // Its due unknown again, the next tick loads it and the engine's clock reclaims it.
    await db().db.execute(sql`update leads set next_due_at = null where tenant_id = ${tenantId} and id = 'FRESH'`);
    expect(await tick(tenantId)).toEqual({ tenantId, policyKey: RECLAIM, ran: true, decisions: 1 });
    expect(await owners(tenantId)).toEqual({ DUE: null, FRESH: null });
  }, 120_000);

  it('a follow-up through the decision path pushes the lead’s next due later', async () => {
    const { tenantId, key } = await tenant({ L: ['r01', 2] });
    await tick(tenantId);
    expect(await dueOf(tenantId, 'L')).toBe(at(5 * DAY));
    const logged = await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'a1', type: 'activity.logged', at: at(-DAY), leadId: 'L', activity: { kind: 'call' } },
    });
    expect(logged.status).toBe(200);
    // 7 days from the call, a day ago.
    expect(await dueOf(tenantId, 'L')).toBe(at(6 * DAY));
  }, 120_000);

  it('publishing a tick policy makes the stored dues unknown, and the next tick works them out', async () => {
    // Leads written while no tick policy is live: nothing will ever tick them.
    const { tenantId, key } = await tenant({ OLD: ['r01', 10], NEW: ['r01', 10] }, false);
    for (const [id, lead, when] of [
      ['e-old', 'OLD', at(-20 * DAY)],
      ['e-new', 'NEW', at(-DAY)],
    ] as const) {
      const r = await call(env.server.base, 'POST', '/v1/events', {
        key,
        body: { id, type: 'activity.logged', at: NOW, leadId: lead, activity: { kind: 'call', at: when } },
      });
      expect(r.status).toBe(200);
    }
    expect([await dueOf(tenantId, 'OLD'), await dueOf(tenantId, 'NEW')]).toEqual(['infinity', 'infinity']);

    expect((await call(env.server.base, 'PUT', `/v1/policies/${RECLAIM}/draft`, { key, body: examplePolicy(RECLAIM) })).status).toBe(201);
    expect((await call(env.server.base, 'POST', `/v1/policies/${RECLAIM}/publish`, { key, body: { note: 'reclaim' } })).status).toBe(201);
    expect([await dueOf(tenantId, 'OLD'), await dueOf(tenantId, 'NEW')]).toEqual([null, null]);

    expect(await tick(tenantId)).toEqual({ tenantId, policyKey: RECLAIM, ran: true, decisions: 1 });
    // OLD: its clock started when r01 got it 10 days ago (the older call does not count): reclaimed.
    expect(await owners(tenantId)).toEqual({ OLD: null, NEW: 'r01' });
    expect(await dueOf(tenantId, 'NEW')).toBe(at(6 * DAY));
  }, 120_000);

  it('a tick over many due leads commits chunk by chunk, and a decision runs and is seen in between', async () => {
    const { tenantId, key } = await tenant({ D1: ['r01', 9], D2: ['r02', 9], D3: ['r01', 9], D4: ['r02', 9], D5: ['r01', 9], KEEP: ['r02', 1] });
    const seen: Array<Record<string, string | null>> = [];
    const report = await tick(tenantId, {
      chunkSize: 2,
      betweenChunks: async () => {
        seen.push(await owners(tenantId));
        if (seen.length > 1) return;
        // While the tick is between its first and second chunk, r01 follows D5 up.
        const r = await call(env.server.base, 'POST', '/v1/events', {
          key,
          body: { id: 'f-d5', type: 'activity.logged', at: NOW, leadId: 'D5', activity: { kind: 'call' } },
        });
        expect(r.status).toBe(200);
      },
    });
    // Chunks [D1 D2] [D3 D4] [D5 KEEP] (KEEP's due is not known yet): the first committed before the decision ran.
    expect(seen).toEqual([
      { D1: null, D2: null, D3: 'r01', D4: 'r02', D5: 'r01', KEEP: 'r02' },
      { D1: null, D2: null, D3: null, D4: null, D5: 'r01', KEEP: 'r02' },
    ]);
    // The last chunk saw the follow-up the decision stored: D5 is kept, due 7 days from the call.
    expect(report).toEqual({ tenantId, policyKey: RECLAIM, ran: true, decisions: 4 });
    expect(await ownersCount(db(), tenantId)).toEqual({ r01: 1, r02: 1 });
    expect(await dueOf(tenantId, 'D5')).toBe(at(7 * DAY));
    expect(await dueOf(tenantId, 'KEEP')).toBe(at(6 * DAY));
  }, 120_000);
});
