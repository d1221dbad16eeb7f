import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { leads, ownership } from '../src/db/schema.js';
import { fixedClock, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

// 10:00 on 2026-03-02 in Shanghai, the tenant's zone.
const NOW = '2026-03-02T02:00:00.000Z';

describe.each(LANES)('a pool the CRM reports for a lead nobody holds (S9, S20: moving a 公海 into Sluice) (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  /** Reps r01, r02 and the pools public and other; lead OWNED is r01's and lead OTHER waits in pool other. */
  async function tenant() {
    const t = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, t.tenantId, {
      timeZone: 'Asia/Shanghai',
      reps: [{ id: 'r01' }, { id: 'r02' }],
      pools: [{ id: 'public' }, { id: 'other' }],
    });
    await event(t.key, { id: 'seed-owned', type: 'lead.created', lead: { id: 'OWNED', ownerId: 'r01' } }, 200);
    await event(t.key, { id: 'seed-other', type: 'lead.created', lead: { id: 'OTHER', poolId: 'other' } }, 200);
    return t;
  }
  const send = (key: string, path: '/v1/events' | '/v1/decide', body: Record<string, unknown>) =>
    call(env.server.base, 'POST', path, { key, body: { at: NOW, ...body } });
  async function event(key: string, body: Record<string, unknown>, status: number) {
    const r = await send(key, '/v1/events', body);
    expect(r.status, JSON.stringify(r.json)).toBe(status);
    return r;
  }
  async function holder(tenantId: string, id: string) {
    const [row] = await env.tdb.database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)));
    return row && { ownerId: row.ownerId, poolId: row.poolId };
  }
  const claim = (key: string, pool: string, leadId: string, repId: string) =>
    call(env.server.base, 'POST', `/v1/pools/${pool}/claim`, { key, body: { leadId, repId } });

  it('lead.created puts a new lead in that pool, where a rep can claim it', async () => {
    const { key, tenantId } = await tenant();
    await event(key, { id: 'c1', type: 'lead.created', lead: { id: 'PP1', poolId: 'public' } }, 200);
    expect(await holder(tenantId, 'PP1')).toEqual({ ownerId: null, poolId: 'public' });
    const claimed = await claim(key, 'public', 'PP1', 'r02');
    expect([claimed.status, claimed.json?.via]).toEqual([200, 'claimed']);
    expect(await holder(tenantId, 'PP1')).toEqual({ ownerId: 'r02', poolId: null });
  });

  it('lead.updated puts a lead the server knows but nobody holds in that pool; no ownership is recorded for it', async () => {
    const { key, tenantId } = await tenant();
    await event(key, { id: 'c2', type: 'lead.created', lead: { id: 'PP2' } }, 200);
    await event(key, { id: 'u2', type: 'lead.updated', lead: { id: 'PP2', poolId: 'public' } }, 200);
    expect(await holder(tenantId, 'PP2')).toEqual({ ownerId: null, poolId: 'public' });
    const own = await env.tdb.database.db
      .select()
      .from(ownership)
      .where(and(eq(ownership.tenantId, tenantId), eq(ownership.leadId, 'PP2')));
    expect(own).toEqual([]);
  });

  it('an owner the CRM names as well wins: the lead is held, in no pool', async () => {
    const { key, tenantId } = await tenant();
    await event(key, { id: 'c3', type: 'lead.created', lead: { id: 'PP3', ownerId: 'r02', poolId: 'public' } }, 200);
    expect(await holder(tenantId, 'PP3')).toEqual({ ownerId: 'r02', poolId: null });
  });

  it('a lead someone owns or another pool holds keeps its holder; the pool sent is not used, so not checked', async () => {
    const { key, tenantId } = await tenant();
    for (const [i, poolId] of ['public', 'nowhere'].entries()) {
      await event(key, { id: `o${i}`, type: 'lead.updated', lead: { id: 'OWNED', poolId } }, 200);
      await event(key, { id: `p${i}`, type: 'lead.updated', lead: { id: 'OTHER', poolId } }, 200);
    }
    expect(await holder(tenantId, 'OWNED')).toEqual({ ownerId: 'r01', poolId: null });
    expect(await holder(tenantId, 'OTHER')).toEqual({ ownerId: null, poolId: 'other' });
  });

  it('a pool the tenant does not have is refused with 422 at $.lead.poolId, naming it in English and Chinese; nothing is recorded', async () => {
    const { key, tenantId } = await tenant();
    await event(key, { id: 'c5', type: 'lead.created', lead: { id: 'PP5' } }, 200);
    const cases = [
      { id: 'bad-new', type: 'lead.created', lead: { id: 'PP4', poolId: 'nowhere' } },
      { id: 'bad-upd', type: 'lead.updated', lead: { id: 'PP5', poolId: 'nowhere' } },
    ];
    for (const body of cases) {
      for (const path of ['/v1/events', '/v1/decide'] as const) {
        const r = await send(key, path, { ...body, id: `${body.id}${path}` });
        expect(r.status, `${path} ${JSON.stringify(r.json)}`).toBe(422);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect([r.json.type.split('/').pop(), r.json.title, r.json.detailZh]).toEqual([
          'validation-failed',
          'No pool nowhere in this tenant; add the pool first',
          '本租户没有线索池 nowhere；请先添加该线索池',
        ]);
        expect(r.json.errors.map((e: Record<string, string>) => [e.path, e.message, e.messageZh])).toEqual([
          ['$.lead.poolId', 'unknown pool "nowhere"', '未知线索池“nowhere”'],
        ]);
      }
    }
    expect(await holder(tenantId, 'PP4')).toBeUndefined();
    expect(await holder(tenantId, 'PP5')).toEqual({ ownerId: null, poolId: null });
  });
});
