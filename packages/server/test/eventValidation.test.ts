import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, leads } from '../src/db/schema.js';
import { LEAD_EVENT_TYPES, SERVER_EVENT_TYPES } from '../src/state/event.js';
import { countRows, fixedClock, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';

/** A 422's field errors as [path, message, messageZh]. */
const fieldErrors = (r: { json: { errors: Array<{ path: string; message: string; messageZh: string }> } }) =>
  r.json.errors.map((e) => [e.path, e.message, e.messageZh]);

it('every event type but tick is about one lead and needs lead or leadId', () => {
  expect(SERVER_EVENT_TYPES.filter((t) => !LEAD_EVENT_TYPES.has(t))).toEqual(['tick']);
});

describe.each(LANES)('bad events are refused with 422 naming the field, on /v1/events and /v1/decide alike (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  /** The AE team of s16 (ae-1..3) and lead L-1 owned by ae-1. */
  async function tenant(roster = true) {
    const t = await seedTenant(env.tdb.database);
    if (roster) await seedRoster(env.tdb.database, t.tenantId, 's16-owned-leads');
    const created = await send(t.key, '/v1/events', {
      id: 'new-L-1',
      type: 'lead.created',
      at: NOW,
      lead: { id: 'L-1', ownerId: roster ? 'ae-1' : null, createdAt: NOW },
    });
    expect(created.status).toBe(200);
    return t;
  }
  const send = (key: string, path: '/v1/events' | '/v1/decide', body: Record<string, unknown>) => call(env.server.base, 'POST', path, { key, body });
  const both = async (key: string, body: Record<string, unknown>) => [
    await send(key, '/v1/events', body),
    await send(key, '/v1/decide', { ...body, id: `${body.id}-d` }),
  ];

  it('a negative or oversized amount, and a negative expected amount ($.amount, $.lead.expectedAmount)', async () => {
    const { key } = await tenant();
    for (const r of await both(key, { id: 'won-neg', type: 'deal.won', at: NOW, leadId: 'L-1', amount: -5 })) {
      expect(r.status).toBe(422);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(fieldErrors(r)).toEqual([['$.amount', 'must be 0 or more', '不能小于 0']]);
    }
    for (const r of await both(key, { id: 'won-big', type: 'deal.won', at: NOW, leadId: 'L-1', amount: 1e20 }))
      expect([r.status, fieldErrors(r)[0]![0]]).toEqual([422, '$.amount']);
    for (const r of await both(key, { id: 'upd-neg', type: 'lead.updated', at: NOW, lead: { id: 'L-1', expectedAmount: -1000 } })) {
      expect(r.status).toBe(422);
      expect(fieldErrors(r)).toEqual([['$.lead.expectedAmount', 'must be 0 or more', '不能小于 0']]);
    }
    // Zero and a positive amount are fine.
    expect((await send(key, '/v1/events', { id: 'won-0', type: 'deal.won', at: NOW, leadId: 'L-1', amount: 0 })).status).toBe(200);
  });

  it.each(['claim.requested', 'collab.requested', 'decision.overridden', 'deal.won', 'activity.logged'])('%s without leadId ($.leadId)', async (type) => {
    const { key } = await tenant();
    const body: Record<string, unknown> = { id: `no-lead-${type}`, type, at: NOW, repId: 'ae-2' };
    if (type === 'activity.logged') body.activity = { kind: 'call' };
    for (const r of await both(key, body)) {
      expect(r.status).toBe(422);
      expect(fieldErrors(r)).toEqual([['$.leadId', `a ${type} event needs lead or leadId`, `${type} 事件需要 lead 或 leadId`]]);
    }
  });

  it('a tick about no lead and no rep is the scheduler’s: refused at $.leadId (also as a dry run), not a silent no-op', async () => {
    const { key } = await tenant();
    for (const r of [
      ...(await both(key, { id: 'whole-tick', type: 'tick', at: NOW })),
      await send(key, '/v1/decide', { id: 'whole-dry', type: 'tick', at: NOW, dryRun: true }),
    ]) {
      expect(r.status).toBe(422);
      const [[path, en, zh]] = fieldErrors(r) as [[string, string, string]];
      expect(path).toBe('$.leadId');
      expect(en).toContain("a tick about no lead and no rep is the server's scheduler's");
      expect(en).toContain('name leadId or repId');
      expect(zh).toContain('请填写 leadId 或 repId');
    }
    // Naming the lead or a rep, it is an ordinary event about that subject.
    expect((await send(key, '/v1/decide', { id: 'lead-tick', type: 'tick', at: NOW, leadId: 'L-1' })).status).toBe(200);
    expect((await send(key, '/v1/decide', { id: 'rep-tick', type: 'tick', at: NOW, repId: 'ae-2' })).status).toBe(200);
  });

  it('a rep the roster does not know is refused in every rep field, naming it; nothing is recorded', async () => {
    const { key, tenantId } = await tenant();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'activity.logged', leadId: 'L-1', repId: 'ghost', activity: { kind: 'call' } }, '$.repId'],
      [{ type: 'activity.logged', leadId: 'L-1', activity: { kind: 'call', repId: 'ghost' } }, '$.activity.repId'],
      [{ type: 'lead.created', lead: { id: 'L-2', ownerId: 'ghost' } }, '$.lead.ownerId'],
      [{ type: 'collab.requested', leadId: 'L-1', repId: 'ghost' }, '$.repId'],
      [{ type: 'claim.requested', leadId: 'L-1', repId: 'ghost' }, '$.repId'],
    ];
    for (const [i, [event, path]] of cases.entries()) {
      for (const r of await both(key, { id: `ghost-${i}`, at: NOW, ...event })) {
        expect(r.status, JSON.stringify(event)).toBe(422);
        expect(r.json.title).toBe("Rep ghost is not in this tenant's roster; add the rep to the roster first");
        expect(r.json.detailZh).toBe('本租户名单中没有销售 ghost；请先将其加入名单');
        expect(fieldErrors(r)).toEqual([[path, 'unknown rep "ghost"', '未知销售“ghost”']]);
      }
    }
    expect(await countRows(env.tdb.database, 'activities', tenantId)).toBe(0);
    const l2 = await env.tdb.database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, 'L-2')));
    expect(l2).toEqual([]);
    // A known rep goes through; an owner the CRM reports for a lead someone already owns is not used, so not checked.
    expect(
      (await send(key, '/v1/events', { id: 'ok-1', type: 'activity.logged', at: NOW, leadId: 'L-1', repId: 'ae-2', activity: { kind: 'call' } })).status,
    ).toBe(200);
    expect((await send(key, '/v1/events', { id: 'ok-2', type: 'lead.updated', at: NOW, lead: { id: 'L-1', ownerId: 'ghost' } })).status).toBe(200);
    const rows = await env.tdb.database.db.select().from(activities).where(eq(activities.tenantId, tenantId));
    expect(rows.map((a) => a.repId)).toEqual(['ae-2']);
  });

  it('a tenant with no roster yet is not checked: every name would be unknown there', async () => {
    const { key, tenantId } = await tenant(false);
    const r = await send(key, '/v1/events', { id: 'a1', type: 'activity.logged', at: NOW, leadId: 'L-1', repId: 'someone', activity: { kind: 'call' } });
    expect(r.status).toBe(200);
    expect(await countRows(env.tdb.database, 'activities', tenantId)).toBe(1);
  });
});
