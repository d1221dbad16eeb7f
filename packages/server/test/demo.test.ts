import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';
import { userSession } from './session.js';

/** The policies the six templates publish, written out here rather than read from the templates. */
const TEMPLATE_KEYS = ['anti-hoarding', 'co-follow-split', 'lead-scoring', 'reclaim-7d', 'region-routing', 'round-robin', 'sdr-gate', 'tiered-cascade'];

async function allDecisions(base: string, headers: Record<string, string>) {
  const out: Array<{ decisionId: string; eventId: string; policy: { key: string; version: number }; actions: Array<{ type: string }> }> = [];
  let cursor: string | null = null;
  do {
    const page = await call(base, 'GET', `/v1/decisions?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers });
    expect(page.status).toBe(200);
    out.push(...page.json.decisions);
    cursor = page.json.nextCursor;
  } while (cursor);
  return out;
}

describe.each(LANES)('first-run demo data (%s)', (lane) => {
  const env = useServer(lane);

  it('is for admins only, and a session must send its CSRF token', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    const publisher = await userSession(env.server.base, key, tenantId, 'pub@example.com', 'publisher');
    const denied = await call(env.server.base, 'POST', '/v1/demo', { headers: publisher.session.headers() });
    expect([denied.status, denied.json.type]).toEqual([403, 'https://sluice.dev/problems/forbidden']);
    const admin = await userSession(env.server.base, key, tenantId, 'boss@example.com', 'admin');
    const noToken = await call(env.server.base, 'POST', '/v1/demo', { headers: admin.session.headers({ csrf: false }) });
    expect([noToken.status, noToken.json.type]).toEqual([403, 'https://sluice.dev/problems/csrf']);
    // Nothing was loaded by the refused calls.
    expect((await call(env.server.base, 'GET', '/v1/policies', { key })).json.policies).toEqual([]);
  });

  it('loads a roster, publishes the templates and records decisions on their live versions; then refuses a second load', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    const admin = await userSession(env.server.base, key, tenantId, 'admin@example.com', 'admin');
    const headers = admin.session.headers();

    const loaded = await call(env.server.base, 'POST', '/v1/demo', { headers });
    expect(loaded.status, loaded.text).toBe(201);
    expect(loaded.json.policies.map((p: { key: string }) => p.key).sort()).toEqual(TEMPLATE_KEYS);
    expect(loaded.json.events).toBeGreaterThanOrEqual(200);
    // Every event was accepted: activities are only logged on leads someone owns.
    expect(loaded.json.refused).toBe(0);

    // Policies: every template live at version 1, published by the admin with the demo note.
    const listed = await call(env.server.base, 'GET', '/v1/policies', { headers });
    expect(listed.json.policies.map((p: { key: string; liveVersion: number; draftStatus: string }) => [p.key, p.liveVersion, p.draftStatus])).toEqual(
      TEMPLATE_KEYS.map((k) => [k, 1, 'unchanged']),
    );
    const log = await call(env.server.base, 'GET', '/v1/policies/round-robin/log', { headers });
    expect(log.json.entries).toHaveLength(1);
    expect(log.json.entries[0]).toMatchObject({ version: 1, action: 'publish', email: 'admin@example.com' });
    expect(log.json.entries[0].note).toMatch(/演示数据/);

    // Roster: the scenario rosters' teams, pools and reps are there.
    const teams = (await call(env.server.base, 'GET', '/v1/teams?limit=500', { headers })).json.items.map((t: { id: string }) => t.id);
    expect(teams).toEqual(expect.arrayContaining(['ae', 'sdr', 'senior', 'east-ka', 'north', 'premium', 'standard', 'east-a', 'east-b']));
    const pools = (await call(env.server.base, 'GET', '/v1/pools?limit=500', { headers })).json.items.map((p: { id: string }) => p.id);
    expect(pools).toEqual(expect.arrayContaining(['public', 'nurture', 'premium-pool', 'standard-pool']));
    const reps = (await call(env.server.base, 'GET', '/v1/reps?limit=500', { headers })).json.items;
    expect(reps.length).toBe(loaded.json.reps);
    expect(reps.length).toBeGreaterThanOrEqual(20);

    // Decisions: a few hundred, as the response counted them, each on a version that exists.
    const decisions = await allDecisions(env.server.base, headers);
    expect(decisions.length).toBe(loaded.json.decisions);
    expect(decisions.length).toBeGreaterThanOrEqual(200);
    const versions = new Map<string, number[]>();
    for (const k of TEMPLATE_KEYS) {
      const v = await call(env.server.base, 'GET', `/v1/policies/${k}/versions`, { headers });
      versions.set(
        k,
        v.json.versions.map((x: { version: number }) => x.version),
      );
    }
    for (const d of decisions) expect(versions.get(d.policy.key), `${d.decisionId} on ${d.policy.key} v${d.policy.version}`).toContain(d.policy.version);
    // Routing really routed: leads were assigned to reps, and more than one policy decided.
    expect(decisions.filter((d) => d.actions.some((a) => a.type === 'assign')).length).toBeGreaterThanOrEqual(100);
    expect(new Set(decisions.map((d) => d.policy.key)).size).toBeGreaterThanOrEqual(4);
    const one = await call(env.server.base, 'GET', `/v1/decisions/${decisions[0]!.decisionId}`, { headers });
    expect(one.status).toBe(200);
    expect(one.json.explanation.visited.length).toBeGreaterThan(0);

    const again = await call(env.server.base, 'POST', '/v1/demo', { headers });
    expect([again.status, again.json.type]).toEqual([409, 'https://sluice.dev/problems/tenant-not-empty']);
    expect(again.json.detailZh).toMatch(/已有策略/);
    expect(again.json.title).toMatch(/already has policies/);
    // The refusal changed nothing.
    expect((await allDecisions(env.server.base, headers)).length).toBe(decisions.length);
  }, 120_000);

  it('two clicks at once load the demo once: one 201, one clear 409, every template at version 1', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    const admin = await userSession(env.server.base, key, tenantId, 'twice@example.com', 'admin');
    const headers = admin.session.headers();

    const both = await Promise.all([call(env.server.base, 'POST', '/v1/demo', { headers }), call(env.server.base, 'POST', '/v1/demo', { headers })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const loaded = both.find((r) => r.status === 201)!;
    const refused = both.find((r) => r.status === 409)!;
    // Under way (demo-loading) or, if the first had already finished, not empty: either says so in both languages.
    expect(['https://sluice.dev/problems/demo-loading', 'https://sluice.dev/problems/tenant-not-empty']).toContain(refused.json.type);
    expect(refused.json.detailZh).toMatch(/演示数据/);

    // Loaded once: one version and one log entry per template policy, and the decisions the 201 counted.
    for (const k of TEMPLATE_KEYS) {
      const versions = await call(env.server.base, 'GET', `/v1/policies/${k}/versions`, { headers });
      expect(
        versions.json.versions.map((v: { version: number }) => v.version),
        k,
      ).toEqual([1]);
      expect((await call(env.server.base, 'GET', `/v1/policies/${k}/log`, { headers })).json.entries, k).toHaveLength(1);
    }
    expect((await allDecisions(env.server.base, headers)).length).toBe(loaded.json.decisions);
    expect((await call(env.server.base, 'GET', '/v1/reps?limit=500', { headers })).json.items.length).toBe(loaded.json.reps);

    // And a later click is refused as before.
    const later = await call(env.server.base, 'POST', '/v1/demo', { headers });
    expect([later.status, later.json.type]).toEqual([409, 'https://sluice.dev/problems/tenant-not-empty']);
  }, 120_000);

  it('all or nothing: a load that fails part-way keeps no roster and no policy, and can be run again', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    const admin = await userSession(env.server.base, key, tenantId, 'retry@example.com', 'admin');
    const headers = admin.session.headers();
    // A lead-field catalog with only `budget`: the templates' other lead fields make a publication
    // fail, after the roster has been written.
    const budget = { id: 'budget', type: 'string', label: { en: 'Budget', zh: '预算' } };
    expect((await call(env.server.base, 'PUT', '/v1/leadFields/budget', { key, body: budget })).status).toBeLessThan(300);

    const failed = await call(env.server.base, 'POST', '/v1/demo', { headers });
    expect([failed.status, failed.json.type]).toEqual([422, 'https://sluice.dev/problems/demo-failed']);
    expect(failed.json.title).toMatch(/POST \/v1\/policies\/[a-z0-9-]+\/publish/);
    expect(failed.json.detailZh).toMatch(/未保留任何演示数据/);
    expect((await call(env.server.base, 'GET', '/v1/policies', { headers })).json.policies).toEqual([]);
    for (const entity of ['teams', 'pools', 'reps']) {
      expect((await call(env.server.base, 'GET', `/v1/${entity}?limit=500`, { headers })).json.items, entity).toEqual([]);
    }
    expect(await allDecisions(env.server.base, headers)).toEqual([]);

    // Without the catalog the same click loads everything.
    expect((await call(env.server.base, 'DELETE', '/v1/leadFields/budget', { key })).status).toBeLessThan(300);
    const loaded = await call(env.server.base, 'POST', '/v1/demo', { headers });
    expect(loaded.status, loaded.text).toBe(201);
    expect((await call(env.server.base, 'GET', '/v1/policies', { headers })).json.policies.map((p: { key: string }) => p.key)).toEqual(TEMPLATE_KEYS);
  }, 120_000);
});
