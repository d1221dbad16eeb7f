import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, leads, outbox, ownership } from '../src/db/schema.js';
import { handleEvent } from '../src/state/handle.js';
import { countRows, fixedClock, openLoads, publishPolicy, seedRoster, subscribe } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';

describe.each(LANES)('POST /v1/events: facts the reclaim and penalty policies read (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  const leadRow = async (tenantId: string, id: string) =>
    (
      await env.tdb.database.db
        .select()
        .from(leads)
        .where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)))
    )[0]!;
  const leadData = async (tenantId: string, id: string) => (await leadRow(tenantId, id)).data as Record<string, unknown>;

  /** AE team (ae-1..3, Asia/Shanghai), the public pool, and a lead the CRM created owned by ae-1 on 1 Feb. */
  async function tenantWithOwnedLead(leadId = 'L-1', extra: Record<string, unknown> = {}) {
    const t = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, t.tenantId, 's16-owned-leads');
    const lead = {
      id: leadId,
      company: 'Acme',
      ownerId: 'ae-1',
      ownedSince: '2026-02-01T00:00:00Z',
      lastActivityAt: '2026-02-01T00:00:00Z',
      createdAt: '2026-02-01T00:00:00Z',
      ...extra,
    };
    const r = await call(env.server.base, 'POST', '/v1/events', {
      key: t.key,
      body: { id: `new-${leadId}`, type: 'lead.created', at: '2026-02-01T00:00:00Z', lead },
    });
    expect(r.status).toBe(200);
    return t;
  }

  it('a lead the CRM sends already owned starts its ownership and its owner’s load', async () => {
    const { tenantId } = await tenantWithOwnedLead();
    expect((await leadRow(tenantId, 'L-1')).ownerId).toBe('ae-1');
    const owns = await env.tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
    expect(owns.map((o) => [o.repId, new Date(o.from).toISOString(), o.to])).toEqual([['ae-1', '2026-02-01T00:00:00.000Z', null]]);
    expect((await openLoads(env.tdb.database, tenantId))['ae-1']).toBe(1);
  });

  it('activity.logged stores the activity and moves lastActivityAt forward, never back', async () => {
    const { key, tenantId } = await tenantWithOwnedLead();
    const logged = await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'a1', type: 'activity.logged', at: '2026-03-01T09:00:00Z', leadId: 'L-1', activity: { kind: 'call' } },
    });
    expect(logged.status).toBe(200);
    expect(logged.json).toEqual({ eventId: 'a1', decisions: [], actions: [] });
    expect((await leadData(tenantId, 'L-1')).lastActivityAt).toBe('2026-03-01T09:00:00.000Z');
    // An older activity arriving late is recorded but does not move the clock back.
    await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: {
        id: 'a2',
        type: 'activity.logged',
        at: '2026-03-01T10:00:00Z',
        leadId: 'L-1',
        activity: { kind: 'visit', at: '2026-02-20T09:00:00Z', repId: 'ae-2' },
      },
    });
    expect((await leadData(tenantId, 'L-1')).lastActivityAt).toBe('2026-03-01T09:00:00.000Z');
    const rows = await env.tdb.database.db.select().from(activities).where(eq(activities.tenantId, tenantId)).orderBy(activities.id);
    // The first names no rep: the lead's owner logged it.
    expect(rows.map((a) => [a.repId, a.kind, new Date(a.at).toISOString()])).toEqual([
      ['ae-1', 'call', '2026-03-01T09:00:00.000Z'],
      ['ae-2', 'visit', '2026-02-20T09:00:00.000Z'],
    ]);
    // A retry of the same event adds nothing.
    await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'a1', type: 'activity.logged', at: '2026-03-01T09:00:00Z', leadId: 'L-1', activity: { kind: 'call' } },
    });
    expect(await countRows(env.tdb.database, 'activities', tenantId)).toBe(2);
    // Nobody to log it: an unowned lead and no rep named.
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'n1', type: 'lead.created', at: NOW, lead: { id: 'L-free' } } });
    const nobody = await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'a3', type: 'activity.logged', at: NOW, leadId: 'L-free', activity: { kind: 'call' } },
    });
    expect(nobody.status).toBe(422);
    expect(nobody.json.errors[0].path).toBe('$.activity.repId');
  });

  it('stage.changed records the stage and when an opportunity opened', async () => {
    const { key, tenantId } = await tenantWithOwnedLead();
    const stage = (id: string, at: string, to: string, data?: Record<string, unknown>) =>
      call(env.server.base, 'POST', '/v1/events', { key, body: { id, type: 'stage.changed', at, leadId: 'L-1', stage: { to }, ...(data ? { data } : {}) } });
    await stage('s1', '2026-02-10T00:00:00Z', 'SQL');
    expect(await leadData(tenantId, 'L-1')).toMatchObject({ stage: 'SQL', openOpportunity: false });
    expect((await leadData(tenantId, 'L-1')).lastOpportunityAt).toBeUndefined();
    await stage('s2', '2026-02-15T00:00:00Z', 'needs_analysis');
    expect(await leadData(tenantId, 'L-1')).toMatchObject({ stage: 'needs_analysis', openOpportunity: true, lastOpportunityAt: '2026-02-15T00:00:00Z' });
    // Moving within the opportunity is not a new opportunity.
    await stage('s3', '2026-02-20T00:00:00Z', 'quote');
    expect(await leadData(tenantId, 'L-1')).toMatchObject({ stage: 'quote', lastOpportunityAt: '2026-02-15T00:00:00Z' });
    // The CRM may say outright whether a stage is an opportunity.
    await stage('s4', '2026-02-21T00:00:00Z', 'parked', { opportunity: false });
    expect(await leadData(tenantId, 'L-1')).toMatchObject({ stage: 'parked', openOpportunity: false });
  });

  it('won / lost / lock / unlock set status, signed, lastDealAt and locked; a closed lead leaves its owner’s load', async () => {
    const { key, tenantId } = await tenantWithOwnedLead('L-W');
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'n2', type: 'lead.created', at: NOW, lead: { id: 'L-L', ownerId: 'ae-1' } } });
    expect((await openLoads(env.tdb.database, tenantId))['ae-1']).toBe(2);
    const won = await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'w1', type: 'deal.won', at: '2026-03-01T00:00:00Z', leadId: 'L-W', amount: 120000 },
    });
    expect(won.status).toBe(200);
    expect(await leadData(tenantId, 'L-W')).toMatchObject({
      status: 'won',
      signed: true,
      lastDealAt: '2026-03-01T00:00:00Z',
      openOpportunity: false,
      ownerId: 'ae-1',
    });
    expect((await leadRow(tenantId, 'L-W')).status).toBe('won');
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'l1', type: 'deal.lost', at: NOW, leadId: 'L-L' } });
    expect((await leadRow(tenantId, 'L-L')).status).toBe('lost');
    expect((await openLoads(env.tdb.database, tenantId))['ae-1']).toBe(0);
    // A second "won" for a closed lead does not take the load below what it was.
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'w2', type: 'deal.won', at: NOW, leadId: 'L-W' } });
    expect((await openLoads(env.tdb.database, tenantId))['ae-1']).toBe(0);
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'k1', type: 'lead.locked', at: NOW, leadId: 'L-W' } });
    expect((await leadData(tenantId, 'L-W')).locked).toBe(true);
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'k2', type: 'lead.unlocked', at: NOW, leadId: 'L-W' } });
    expect((await leadData(tenantId, 'L-W')).locked).toBe(false);
  });

  it('the CRM’s own lead data closing or reopening a lead settles the owner’s load too', async () => {
    const { key, tenantId } = await tenantWithOwnedLead('L-1');
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'u1', type: 'lead.updated', at: NOW, lead: { id: 'L-1', status: 'won' } } });
    expect((await openLoads(env.tdb.database, tenantId))['ae-1']).toBe(0);
    await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'u2', type: 'lead.updated', at: NOW, lead: { id: 'L-1', status: 'open' } } });
    expect((await openLoads(env.tdb.database, tenantId))['ae-1']).toBe(1);
    // The CRM cannot move ownership by sending an owner for a lead the server knows.
    await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'u3', type: 'lead.updated', at: NOW, lead: { id: 'L-1', ownerId: 'ae-2', poolId: 'public' } },
    });
    expect([(await leadRow(tenantId, 'L-1')).ownerId, (await leadRow(tenantId, 'L-1')).poolId]).toEqual(['ae-1', null]);
    // A lead that arrives already won is on record as its owner's, without counting as open.
    await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'u4', type: 'lead.created', at: NOW, lead: { id: 'L-old', ownerId: 'ae-3', status: 'won' } },
    });
    expect((await openLoads(env.tdb.database, tenantId))['ae-3']).toBe(0);
    const owns = await env.tdb.database.db
      .select()
      .from(ownership)
      .where(and(eq(ownership.tenantId, tenantId), eq(ownership.leadId, 'L-old')));
    expect(owns.map((o) => o.repId)).toEqual(['ae-3']);
  });

  it('events that wait for one transaction see each other’s facts as if each had its own', async () => {
    // One rep with room for one lead, holding one. Won, it frees the slot for the next lead.
    const t = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, t.tenantId, { timeZone: 'Asia/Shanghai', reps: [{ id: 'solo', teams: ['ae'], cap: 1 }], teams: [{ id: 'ae' }] });
    await publishPolicy(env.tdb.database, t.tenantId, 's06-round-robin');
    await handleEvent(env.tdb.database, t.tenantId, { id: 'b0', type: 'lead.created', at: NOW, lead: { id: 'L-held', ownerId: 'solo' } }, Date.parse(NOW));
    // Sent together: the first starts a transaction, the other two wait for it and go in one batch.
    const [, won, next] = await Promise.all([
      handleEvent(env.tdb.database, t.tenantId, { id: 'b1', type: 'lead.locked', at: NOW, leadId: 'L-held' }, Date.parse(NOW)),
      handleEvent(env.tdb.database, t.tenantId, { id: 'b2', type: 'deal.won', at: NOW, leadId: 'L-held' }, Date.parse(NOW)),
      handleEvent(env.tdb.database, t.tenantId, { id: 'b3', type: 'lead.created', at: NOW, lead: { id: 'L-new' } }, Date.parse(NOW)),
    ]);
    expect(JSON.parse(won.body).decisions).toEqual([]);
    expect(JSON.parse(next.body).actions.map((a: { type: string; repId?: string }) => `${a.type}:${a.repId}`)).toEqual(['assign:solo']);
    expect(await openLoads(env.tdb.database, t.tenantId)).toEqual({ solo: 1 });
  });

  it('runs the live policies the event wakes, with the facts it brought: reclaim on stage change (S16)', async () => {
    // s16 reclaims after 7 days without follow-up; it runs on stage.changed. Now is 2 March.
    const stale = await tenantWithOwnedLead('L-stale');
    await publishPolicy(env.tdb.database, stale.tenantId, 's16-reclaim-rules');
    await subscribe(env.tdb.database, stale.tenantId, ['lead.reclaimed']);
    const r = await call(env.server.base, 'POST', '/v1/events', {
      key: stale.key,
      body: { id: 'st1', type: 'stage.changed', at: NOW, leadId: 'L-stale', stage: { to: 'SQL' } },
    });
    expect(r.status).toBe(200);
    expect(r.json.decisions.map((d: { policy: { key: string } }) => d.policy.key)).toEqual(['s16-reclaim-rules']);
    expect(r.json.actions.filter((a: { type: string }) => a.type === 'toPool')).toEqual([
      { type: 'toPool', leadId: 'L-stale', poolId: 'public', previousOwnerId: 'ae-1', nodeId: 'reclaim' },
    ]);
    const row = await leadRow(stale.tenantId, 'L-stale');
    expect([row.ownerId, row.poolId]).toEqual([null, 'public']);
    const owns = await env.tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, stale.tenantId));
    expect(owns.map((o) => [o.repId, o.endReason, o.to ? new Date(o.to).toISOString() : null])).toEqual([['ae-1', 'reclaimed', NOW]]);
    expect((await openLoads(env.tdb.database, stale.tenantId))['ae-1']).toBe(0);
    const sent = await env.tdb.database.db.select().from(outbox).where(eq(outbox.tenantId, stale.tenantId));
    // Subscribed to lead.reclaimed alone: decision.made is not written.
    expect(sent.map((o) => o.type)).toEqual(['lead.reclaimed']);

    // The same lead, locked first (a fact-only event): exempt, stays with its owner.
    const locked = await tenantWithOwnedLead('L-locked');
    await publishPolicy(env.tdb.database, locked.tenantId, 's16-reclaim-rules');
    await call(env.server.base, 'POST', '/v1/events', { key: locked.key, body: { id: 'lk', type: 'lead.locked', at: NOW, leadId: 'L-locked' } });
    const kept = await call(env.server.base, 'POST', '/v1/events', {
      key: locked.key,
      body: { id: 'st2', type: 'stage.changed', at: NOW, leadId: 'L-locked', stage: { to: 'SQL' } },
    });
    expect(kept.json.actions.filter((a: { type: string }) => a.type === 'toPool')).toEqual([]);
    expect((await leadRow(locked.tenantId, 'L-locked')).ownerId).toBe('ae-1');

    // Followed up yesterday (an activity event): the no-follow-up clock restarted.
    const busy = await tenantWithOwnedLead('L-busy');
    await publishPolicy(env.tdb.database, busy.tenantId, 's16-reclaim-rules');
    await call(env.server.base, 'POST', '/v1/events', {
      key: busy.key,
      body: { id: 'ac', type: 'activity.logged', at: '2026-03-01T02:00:00Z', leadId: 'L-busy', activity: { kind: 'call' } },
    });
    const stays = await call(env.server.base, 'POST', '/v1/events', {
      key: busy.key,
      body: { id: 'st3', type: 'stage.changed', at: NOW, leadId: 'L-busy', stage: { to: 'SQL' } },
    });
    expect(stays.json.actions.filter((a: { type: string }) => a.type === 'toPool')).toEqual([]);
    expect((await leadRow(busy.tenantId, 'L-busy')).ownerId).toBe('ae-1');
  });

  it('the engine’s step decides: behaviour without a rep is scored but no follow-up, a CRM-reported owner holds a pooled lead, a claim naming its pool is a claim', async () => {
    const { key, tenantId } = await tenantWithOwnedLead();
    const post = (body: Record<string, unknown>) => call(env.server.base, 'POST', '/v1/events', { key, body: { at: NOW, ...body } });
    // A download nobody logged on the owned lead, a page visit on a lead nobody owns: accepted, no rep's touch.
    expect((await post({ id: 'b1', type: 'activity.logged', leadId: 'L-1', activity: { kind: 'download' } })).status).toBe(200);
    expect((await post({ id: 'b2', type: 'activity.logged', lead: { id: 'L-web', visits: 3 }, activity: { kind: 'visit' } })).status).toBe(200);
    expect(await countRows(env.tdb.database, 'activities', tenantId)).toBe(0);
    expect((await leadData(tenantId, 'L-1')).lastActivityAt).toBe('2026-02-01T00:00:00Z');
    expect((await leadData(tenantId, 'L-web')).visits).toBe(3);

    await env.tdb.database.db
      .insert(leads)
      .values(['P-1', 'P-2'].map((id) => ({ tenantId, id, data: { id, poolId: 'public' }, ownerId: null, poolId: 'public' })));
    // The CRM says ae-3 has P-2 now: the lead is hers, out of the pool, from the CRM.
    expect((await post({ id: 'o1', type: 'lead.updated', lead: { id: 'P-2', ownerId: 'ae-3' } })).status).toBe(200);
    expect([(await leadRow(tenantId, 'P-2')).ownerId, (await leadRow(tenantId, 'P-2')).poolId]).toEqual(['ae-3', null]);

    const claimed = await post({ id: 'c1', type: 'claim.requested', leadId: 'P-1', repId: 'ae-2', data: { poolId: 'public' } });
    expect(claimed.status).toBe(200);
    expect(claimed.json.decisions.map((d: { policy: unknown }) => d.policy)).toEqual([{ key: 'claim', version: 0, kind: 'manual' }]);
    expect(claimed.json.actions).toEqual([{ type: 'assign', leadId: 'P-1', repId: 'ae-2', previousOwnerId: null, nodeId: 'claim', strategy: 'claimed' }]);
    const again = await post({ id: 'c2', type: 'claim.requested', leadId: 'P-1', repId: 'ae-1', data: { poolId: 'public' } });
    expect([again.status, String(again.json.type).split('/').pop(), again.json.reason]).toEqual([
      409,
      'notInPool',
      { leadId: 'P-1', poolId: 'public', reason: 'owned', ownerId: 'ae-2' },
    ]);
    const owns = await env.tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
    expect(
      owns
        .filter((o) => o.leadId.startsWith('P-'))
        .map((o) => [o.leadId, o.repId, o.via])
        .sort(),
    ).toEqual([
      ['P-1', 'ae-2', 'claimed'],
      ['P-2', 'ae-3', 'assigned'],
    ]);
  });

  it('is the same code path as /v1/decide: one event id space, and the OpenAPI document describes both', async () => {
    const { key, tenantId } = await tenantWithOwnedLead();
    const body = { id: 'shared', type: 'lead.locked', at: NOW, leadId: 'L-1' };
    const viaEvents = await call(env.server.base, 'POST', '/v1/events', { key, body });
    const viaDecide = await call(env.server.base, 'POST', '/v1/decide', { key, body });
    expect(viaDecide.text).toBe(viaEvents.text);
    expect(viaDecide.headers.get('idempotent-replayed')).toBe('true');
    expect(await countRows(env.tdb.database, 'events', tenantId)).toBe(2);
    // /v1/events takes no preview options.
    const preview = await call(env.server.base, 'POST', '/v1/events', { key, body: { ...body, id: 'p', dryRun: true } });
    expect(preview.status).toBe(422);
    const doc = await call(env.server.base, 'GET', '/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/v1/decide', '/v1/events', '/v1/decisions', '/v1/decisions/export', '/v1/decisions/{id}']),
    );
    const types = doc.json.paths['/v1/events'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(types)).toContain('deal.lost');
    expect(doc.json.paths['/v1/decide'].post.description).toContain('dryRun');
  });
});
