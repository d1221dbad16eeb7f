import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dailyCounts, events, leads, outbox, ownership, pointers } from '../src/db/schema.js';
import { fixedClock, openLoads, publishPolicy, seedRoster, setDraft, subscribe, tableCounts } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';
const created = (id: string, lead: Record<string, unknown> = {}) => ({ id: `ev-${id}`, type: 'lead.created', at: NOW, lead: { id, createdAt: NOW, ...lead } });

describe.each(LANES)('POST /v1/decide (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  /** A tenant with the AE team (ae-1..3, cap 20, Asia/Shanghai) and the S6 round robin live. */
  async function roundRobinTenant(scopes?: Parameters<typeof seedTenant>[2]) {
    const t = await seedTenant(env.tdb.database, undefined, scopes);
    await seedRoster(env.tdb.database, t.tenantId, 'ae-team');
    await publishPolicy(env.tdb.database, t.tenantId, 's06-round-robin', 3);
    await subscribe(env.tdb.database, t.tenantId);
    return t;
  }

  it('decides over HTTP: actions, explanation, policy version, and every table written', async () => {
    const { key, tenantId } = await roundRobinTenant();
    const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-1', { company: 'Acme' }) });
    expect(r.status).toBe(200);
    expect(r.json.eventId).toBe('ev-L-1');
    expect(r.json.decisions).toHaveLength(1);
    const d = r.json.decisions[0];
    expect(d.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.policy).toEqual({ key: 's06-round-robin', version: 3, kind: 'routing' });
    // No pointer yet: the first rep by id.
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L-1', repId: 'ae-1', previousOwnerId: null, nodeId: 'rr', strategy: 'roundRobin' }]);
    expect(r.json.actions).toEqual(d.actions);
    expect(d.explanation.visited.map((v: { nodeId: string }) => v.nodeId)).toEqual(['start', 'rr']);
    const rr = d.explanation.visited[1];
    expect(rr.result).toBe('assigned');
    expect(rr.candidates.map((c: { repId: string; status: string }) => `${c.repId}:${c.status}`)).toEqual(['ae-1:chosen', 'ae-2:eligible', 'ae-3:eligible']);
    expect(d.explanation.summary.en).toContain('ae-1');

    const [lead] = await env.tdb.database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, 'L-1')));
    expect(lead!.ownerId).toBe('ae-1');
    expect((lead!.data as Record<string, unknown>).company).toBe('Acme');
    expect((lead!.data as Record<string, unknown>).ownedSince).toBe(NOW);
    const owns = await env.tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
    expect(owns.map((o) => [o.leadId, o.repId, o.via, o.to])).toEqual([['L-1', 'ae-1', 'assigned', null]]);
    expect(await openLoads(env.tdb.database, tenantId)).toEqual({ 'ae-1': 1, 'ae-2': 0, 'ae-3': 0, 'sdr-1': 0 });
    // 10:00 in Shanghai: the tenant's day is 2026-03-02.
    const days = await env.tdb.database.db.select().from(dailyCounts).where(eq(dailyCounts.tenantId, tenantId));
    expect(days.map((x) => [x.repId, x.day, x.assigned])).toEqual([['ae-1', '2026-03-02', 1]]);
    const ptr = await env.tdb.database.db.select().from(pointers).where(eq(pointers.tenantId, tenantId));
    expect(ptr.map((p) => p.data)).toEqual([{ last: 'ae-1' }]);
    const sent = await env.tdb.database.db.select().from(outbox).where(eq(outbox.tenantId, tenantId)).orderBy(outbox.id);
    expect(sent.map((o) => o.type)).toEqual(['decision.made', 'lead.assigned']);
    expect((sent[1]!.payload as { decisionId: string }).decisionId).toBe(d.decisionId);

    // The next lead goes to the next rep; the stored decision has the full explanation.
    const next = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-2') });
    expect(next.json.actions[0].repId).toBe('ae-2');
    const stored = await call(env.server.base, 'GET', `/v1/decisions/${d.decisionId}`, { key });
    expect(stored.status).toBe(200);
    expect(stored.json.policy).toEqual({ key: 's06-round-robin', version: 3, kind: 'routing' });
    expect(stored.json.explanation).toEqual(d.explanation);
    expect(stored.json.changes.map((c: { type: string }) => c.type)).toEqual(['pointer.set', 'lead.assign']);
  });

  it('writes outbox rows only for event types a webhook subscribes to', async () => {
    const t = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, t.tenantId, 'ae-team');
    await publishPolicy(env.tdb.database, t.tenantId, 's06-round-robin', 3);
    expect((await call(env.server.base, 'POST', '/v1/decide', { key: t.key, body: created('N-1') })).status).toBe(200);
    expect((await tableCounts(env.tdb.database, t.tenantId)).outbox).toBe(0);
    await subscribe(env.tdb.database, t.tenantId, ['lead.assigned']);
    expect((await call(env.server.base, 'POST', '/v1/decide', { key: t.key, body: created('N-2') })).status).toBe(200);
    const sent = await env.tdb.database.db.select().from(outbox).where(eq(outbox.tenantId, t.tenantId));
    expect(sent.map((o) => [o.type, (o.payload as { action: { leadId: string } }).action.leadId])).toEqual([['lead.assigned', 'N-2']]);
  });

  it('is idempotent by event id: a retry gets the same bytes and changes nothing twice', async () => {
    const { key, tenantId } = await roundRobinTenant();
    const body = created('L-9');
    const first = await call(env.server.base, 'POST', '/v1/decide', { key, body });
    const counts = await tableCounts(env.tdb.database, tenantId);
    const loads = await openLoads(env.tdb.database, tenantId);
    const again = await call(env.server.base, 'POST', '/v1/decide', { key, body });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await tableCounts(env.tdb.database, tenantId)).toEqual(counts);
    expect(await openLoads(env.tdb.database, tenantId)).toEqual(loads);
    expect(counts.decisions).toBe(1);
    // The same id for a different event is refused, not silently answered with the old decision.
    const reused = await call(env.server.base, 'POST', '/v1/decide', { key, body: { ...body, lead: { id: 'L-10' } } });
    expect(reused.status).toBe(409);
    expect(reused.json.errors[0].path).toBe('$.id');
    expect(await tableCounts(env.tdb.database, tenantId)).toEqual(counts);
  });

  it('dryRun decides without changing anything, and previews a version or the draft', async () => {
    const { key, tenantId } = await roundRobinTenant();
    await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-1') });
    const counts = await tableCounts(env.tdb.database, tenantId);
    const loads = await openLoads(env.tdb.database, tenantId);
    const preview = await call(env.server.base, 'POST', '/v1/decide', { key, body: { ...created('L-2', { company: 'Preview Ltd' }), dryRun: true } });
    expect(preview.status).toBe(200);
    expect(preview.json.dryRun).toBe(true);
    expect(preview.json.decisions[0].decisionId).toBeNull();
    expect(preview.json.actions.map((a: { repId: string }) => a.repId)).toEqual(['ae-2']);
    // Nothing moved: a second preview names the same rep, and every table is as it was.
    const again = await call(env.server.base, 'POST', '/v1/decide', { key, body: { ...created('L-3'), dryRun: true } });
    expect(again.json.actions.map((a: { repId: string }) => a.repId)).toEqual(['ae-2']);
    expect(await tableCounts(env.tdb.database, tenantId)).toEqual(counts);
    expect(await openLoads(env.tdb.database, tenantId)).toEqual(loads);
    expect(
      await env.tdb.database.db
        .select()
        .from(leads)
        .where(and(eq(leads.tenantId, tenantId), eq(leads.id, 'L-2'))),
    ).toEqual([]);
    // A dry run does not claim the event id: the real event still decides.
    const real = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-2') });
    expect(real.json.decisions[0].decisionId).not.toBeNull();
    expect(real.json.actions[0].repId).toBe('ae-2');

    // Version 4 routes to the SDR team; version 3 stays live. Preview each, and a draft.
    const sdrOnly = structuredClone((await import('@sluice/examples')).examplePolicy('s06-round-robin')) as {
      nodes: Array<{ id: string; data: Record<string, unknown> }>;
    };
    sdrOnly.nodes.find((n) => n.id === 'rr')!.data.teams = ['sdr'];
    await publishPolicy(env.tdb.database, tenantId, sdrOnly as never, 4);
    await publishPolicy(env.tdb.database, tenantId, 's06-round-robin', 3);
    const v4 = await call(env.server.base, 'POST', '/v1/decide', {
      key,
      body: { ...created('L-5'), dryRun: true, policyKey: 's06-round-robin', policyVersion: 4 },
    });
    expect(v4.status).toBe(200);
    expect(v4.json.decisions[0].policy.version).toBe(4);
    expect(v4.json.actions.map((a: { repId: string }) => a.repId)).toEqual(['sdr-1']);
    const live = await call(env.server.base, 'POST', '/v1/decide', { key, body: { ...created('L-5'), dryRun: true, policyKey: 's06-round-robin' } });
    expect(live.json.decisions[0].policy.version).toBe(3);
    expect(live.json.actions.map((a: { repId: string }) => a.repId)).toEqual(['ae-3']);
    const draftDoc = structuredClone(sdrOnly);
    draftDoc.nodes.find((n) => n.id === 'rr')!.data.teams = [];
    draftDoc.nodes.find((n) => n.id === 'rr')!.data.reps = ['ae-1'];
    await setDraft(env.tdb.database, tenantId, 's06-round-robin', draftDoc as never);
    const draft = await call(env.server.base, 'POST', '/v1/decide', {
      key,
      body: { ...created('L-5'), dryRun: true, policyKey: 's06-round-robin', draft: true },
    });
    expect(draft.json.decisions[0].policy.version).toBe(0);
    expect(draft.json.actions.map((a: { repId: string }) => a.repId)).toEqual(['ae-1']);
    expect(await tableCounts(env.tdb.database, tenantId)).toEqual({ ...counts, leads: 2, ownership: 2, daily_counts: 2, events: 2, decisions: 2, outbox: 4 });
    const missing = await call(env.server.base, 'POST', '/v1/decide', {
      key,
      body: { ...created('L-5'), dryRun: true, policyKey: 's06-round-robin', policyVersion: 9 },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].path).toBe('$.policyVersion');
  });

  it('runs scoring before routing in one event: the routing policy reads the fresh score', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, tenantId, 's04-b2c');
    await publishPolicy(env.tdb.database, tenantId, 's04-nurture');
    await publishPolicy(env.tdb.database, tenantId, 's03-scoring-thresholds');
    // 10 + 10 + 15 attribute points, visits 12 × 5 capped at 30, 1 download × 10 = 75. The CRM's
    // stale score (20) would send the lead to nurture; the scoring policy's 75 routes it.
    const hot = { industry: 'software', employees: 500, budget: 50000, visits: 12, downloads: 1, score: 20 };
    const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-401', hot) });
    expect(r.status).toBe(200);
    expect(r.json.decisions.map((d: { policy: { key: string } }) => d.policy.key)).toEqual(['s03-scoring-thresholds', 's04-nurture']);
    expect(r.json.decisions[0].actions.find((a: { type: string }) => a.type === 'score')).toMatchObject({ score: 75, grade: 'B', stage: 'SQL' });
    // c-1 holds 1,850 of 2,000: first in turn with room.
    expect(r.json.decisions[1].actions).toEqual([
      { type: 'assign', leadId: 'L-401', repId: 'c-1', previousOwnerId: null, nodeId: 'repsRR', strategy: 'roundRobin' },
    ]);
    const [row] = await env.tdb.database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, 'L-401')));
    expect(row!.data).toMatchObject({ score: 75, grade: 'B', stage: 'SQL', ownerId: 'c-1' });
    // A cold lead (10 points) goes to nurture.
    const cold = await call(env.server.base, 'POST', '/v1/decide', { key, body: created('L-402', { industry: 'software', score: 90 }) });
    expect(cold.json.decisions[1].actions).toEqual([{ type: 'toPool', leadId: 'L-402', poolId: 'nurture', previousOwnerId: null, nodeId: 'nurture' }]);
    expect(await openLoads(env.tdb.database, tenantId)).toEqual({ 'c-1': 1851, 'c-2': 1999, 'c-3': 2000 });
  });

  it('a retry of a two-decision event gets the first bytes, rebuilt from the stored decisions; a response stored whole (before 0002) too', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, tenantId, 's04-b2c');
    await publishPolicy(env.tdb.database, tenantId, 's04-nurture');
    await publishPolicy(env.tdb.database, tenantId, 's03-scoring-thresholds');
    // Quotes, CJK, an astral character and U+001E (the write's separator between decisions) all survive.
    const leadId = 'L-501 O\'Brien "北京" 😀 \u001e \\';
    const body = created(leadId, { industry: 'software', employees: 500, budget: 50000, visits: 12, downloads: 1 });
    const first = await call(env.server.base, 'POST', '/v1/decide', { key, body });
    expect(first.json.decisions).toHaveLength(2);
    const again = await call(env.server.base, 'POST', '/v1/decide', { key, body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    const stored = await call(env.server.base, 'GET', `/v1/decisions/${first.json.decisions[1].decisionId}`, { key });
    expect(stored.json.explanation).toEqual(first.json.decisions[1].explanation);
    expect(stored.json.leadId).toBe(leadId);
    expect(stored.json.actions[0]).toMatchObject({ type: 'assign', leadId });
    // The event row keeps the hash and the decision ids in run order, not a second copy of them.
    const [row] = await env.tdb.database.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, tenantId), eq(events.id, body.id)));
    expect((row!.response as { decisions: string[] }).decisions).toEqual(first.json.decisions.map((d: { decisionId: string }) => d.decisionId));
    // A row in the old form ({hash, body}) answers with that body.
    const oldBody = JSON.stringify({ eventId: body.id, decisions: [], actions: [], note: 'stored whole' });
    const hash = (row!.response as { hash: string }).hash;
    await env.tdb.database.db
      .update(events)
      .set({ response: { hash, body: oldBody } })
      .where(and(eq(events.tenantId, tenantId), eq(events.id, body.id)));
    const old = await call(env.server.base, 'POST', '/v1/decide', { key, body });
    expect(old.status).toBe(200);
    expect(old.text).toBe(oldBody);
  });

  it('answers bad input with a 4xx problem naming the field', async () => {
    const { key } = await roundRobinTenant();
    const cases: Array<[unknown, number, string]> = [
      [{ id: 'e1', at: NOW, lead: { id: 'L' } }, 422, '$.type'],
      [{ id: 'e1', type: 'lead.exploded', at: NOW, lead: { id: 'L' } }, 422, '$.type'],
      [{ id: 'e1', type: 'lead.created', at: 'yesterday', lead: { id: 'L' } }, 422, '$.at'],
      [{ id: '', type: 'lead.created', at: NOW, lead: { id: 'L' } }, 422, '$.id'],
      [{ id: 'e1', type: 'lead.created', at: NOW, lead: { id: 'L' }, colour: 'red' }, 422, '$'],
      [{ id: 'e1', type: 'lead.created', at: NOW, lead: { id: 'L', score: 'high' } }, 422, '$.lead.score'],
      [{ id: 'e1', type: 'lead.created', at: NOW }, 422, '$.leadId'],
      [{ id: 'e1', type: 'lead.created', at: NOW, leadId: 'A', lead: { id: 'B' } }, 422, '$.leadId'],
      [{ id: 'e1', type: 'activity.logged', at: NOW, leadId: 'L' }, 422, '$.activity'],
      [{ id: 'e1', type: 'lead.created', at: NOW, lead: { id: 'L' }, policyKey: 's06-round-robin' }, 422, '$.dryRun'],
      [{ id: 'e1', type: 'lead.created', at: NOW, lead: { id: 'L' }, dryRun: true, policyVersion: 2 }, 422, '$.policyKey'],
      [{ id: 'e1', type: 'lead.created', at: NOW, lead: { id: 'L' }, dryRun: 'yes' }, 422, '$.dryRun'],
      [{ id: 'e1', type: 'lead.updated', at: NOW, leadId: 'nobody' }, 404, '$.leadId'],
      [{ id: 'e1', type: 'lead.created', at: NOW, lead: { id: 'L' }, dryRun: true, policyKey: 'no-such-policy' }, 404, '$.policyKey'],
      [JSON.parse('{"id":"e1","type":"lead.created","at":"2026-03-02T02:00:00Z","lead":{"id":"L","__proto__":{"admin":true}}}'), 400, '$.lead.__proto__'],
    ];
    for (const [body, status, path] of cases) {
      const r = await call(env.server.base, 'POST', '/v1/decide', { key, body });
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(
        r.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect((await call(env.server.base, 'POST', '/v1/decide', { key, body: '{"id":' })).status).toBe(400);
    expect((await call(env.server.base, 'POST', '/v1/decide', { key, body: 'id=1', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await call(env.server.base, 'POST', '/v1/decide', { key, body: [] })).status).toBe(422);
  });

  it('keeps tenants apart: another tenant’s key cannot decide on or read this tenant’s leads and decisions', async () => {
    const a = await roundRobinTenant();
    const b = await roundRobinTenant();
    const mine = await call(env.server.base, 'POST', '/v1/decide', { key: a.key, body: created('L-A') });
    const decisionId = mine.json.decisions[0].decisionId;
    // B cannot act on A's lead by id: for B it does not exist.
    const update = await call(env.server.base, 'POST', '/v1/decide', { key: b.key, body: { id: 'ev-b-1', type: 'lead.updated', at: NOW, leadId: 'L-A' } });
    expect(update.status).toBe(404);
    // B's own lead of the same id is B's: A's lead and A's roster are untouched.
    const same = await call(env.server.base, 'POST', '/v1/decide', { key: b.key, body: created('L-A', { company: 'B Corp' }) });
    expect(same.json.actions[0].repId).toBe('ae-1');
    const [aLead] = await env.tdb.database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, a.tenantId), eq(leads.id, 'L-A')));
    expect((aLead!.data as { company?: string }).company).toBeUndefined();
    expect(await openLoads(env.tdb.database, a.tenantId)).toEqual({ 'ae-1': 1, 'ae-2': 0, 'ae-3': 0, 'sdr-1': 0 });
    // The same event id in another tenant is another event.
    expect(same.json.decisions[0].decisionId).not.toBe(decisionId);
    const read = await call(env.server.base, 'GET', `/v1/decisions/${decisionId}`, { key: b.key });
    expect(read.status).toBe(404);
    const listed = await call(env.server.base, 'GET', '/v1/decisions?leadId=L-A', { key: b.key });
    expect(listed.json.decisions.map((d: { decisionId: string }) => d.decisionId)).toEqual([same.json.decisions[0].decisionId]);
  });

  it('needs the decide scope: a read-only key cannot decide, a decide-only key cannot read', async () => {
    const admin = await roundRobinTenant();
    const readOnly = await seedTenant(env.tdb.database, admin.tenantId, ['read']);
    const decideOnly = await seedTenant(env.tdb.database, admin.tenantId, ['decide']);
    const denied = await call(env.server.base, 'POST', '/v1/decide', { key: readOnly.key, body: created('L-1') });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
    expect((await call(env.server.base, 'POST', '/v1/decide', { key: readOnly.key, body: { ...created('L-1'), dryRun: true } })).status).toBe(403);
    expect((await call(env.server.base, 'POST', '/v1/events', { key: readOnly.key, body: created('L-1') })).status).toBe(403);
    expect(await tableCounts(env.tdb.database, admin.tenantId)).toMatchObject({ leads: 0, decisions: 0, events: 0 });
    const ok = await call(env.server.base, 'POST', '/v1/decide', { key: decideOnly.key, body: created('L-1') });
    expect(ok.status).toBe(200);
    expect((await call(env.server.base, 'GET', '/v1/decisions', { key: decideOnly.key })).status).toBe(403);
    const list = await call(env.server.base, 'GET', '/v1/decisions', { key: readOnly.key });
    expect(list.json.decisions).toHaveLength(1);
    expect((await call(env.server.base, 'POST', '/v1/decide', { body: created('L-2') })).status).toBe(401);
  });
});
