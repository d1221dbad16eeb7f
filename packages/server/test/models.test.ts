import { describe, expect, it } from 'vitest';
import { buildState } from '../src/state/build.js';
import { loadRowsText, parseLoaded, type LoadScope } from '../src/state/load.js';
import { transact } from '../src/state/sql.js';
import type { Database } from '../src/db/connect.js';
import { call, LANES, seedTenant, useServer } from './harness.js';
import { NOT_OFFERED, OFFERED, scoreModel } from './modelFixtures.js';
import { userSession } from './session.js';

/**
 * Smart-score models in the server (issue #15): versions stored per tenant and key, uploads checked
 * against the engine's schema (errors at field paths), publication gated by the evaluation's
 * verdict, rollback by publishing an older version, every change logged, and the published models
 * held in memory by each process and reloaded only when the tenant's model version changes.
 */

const scope: LoadScope = { leadIds: [], repIds: [], customerKeys: [], now: new Date().toISOString(), days: [], eventIds: [], eventTypes: ['lead.created'] };

/** What a decision's load sends and what its state answers: was the models' part sent, and which versions are published. */
async function decisionSees(database: Database, tenantId: string, key: string) {
  const loaded = await transact(database, tenantId, (q) => loadRowsText(q, tenantId, scope));
  const sent = (JSON.parse(loaded.text) as { modelRows: unknown }).modelRows !== null;
  const rows = parseLoaded(loaded);
  const { state } = buildState(rows);
  return { sent, version: state.scoreModel?.(key)?.version ?? null, model: state.scoreModel?.(key) };
}

describe.each(LANES)('smart-score models (%s)', (lane) => {
  const env = useServer(lane);

  it('stores uploads as numbered drafts, refuses bad documents at their field paths, and lists keys and versions', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);

    const bad = scoreModel('win');
    (bad.features as Array<Record<string, unknown>>)[1]!.scale = -1;
    delete (bad.features as Array<Record<string, unknown>>)[0]!.levels;
    const refused = await call(base, 'POST', '/v1/models/win/versions', { key, body: { model: bad } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const paths = refused.json.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['$.model.features[0].levels', '$.model.features[1].scale']);
    for (const e of refused.json.errors) expect(typeof e.messageZh).toBe('string');

    const otherKey = await call(base, 'POST', '/v1/models/win/versions', { key, body: { model: scoreModel('lose') } });
    expect(otherKey.status).toBe(422);
    expect(otherKey.json.errors[0].path).toBe('$.model.key');

    const notAReport = await call(base, 'POST', '/v1/models/win/versions', { key, body: { model: scoreModel('win'), report: { offered: 'yes' } } });
    expect([notAReport.status, notAReport.json.errors.map((e: { path: string }) => e.path).sort()]).toEqual([
      422,
      ['$.report.format', '$.report.offered', '$.report.reason'],
    ]);

    const v1 = await call(base, 'POST', '/v1/models/win/versions', { key, body: { model: scoreModel('win'), report: OFFERED } });
    expect(v1.status).toBe(201);
    expect(v1.json).toMatchObject({
      key: 'win',
      version: 1,
      status: 'draft',
      source: 'uploaded',
      offered: true,
      reason: OFFERED.reason,
      dataHash: 'ab'.repeat(32),
      rows: 1200,
      period: { from: '2026-01-01T00:00:00.000Z', to: '2026-06-30T00:00:00.000Z' },
      settings: { l2: 1 },
      publishedAt: null,
    });
    const v2 = await call(base, 'POST', '/v1/models/win/versions', { key, body: { model: scoreModel('win', -0.5) } });
    expect([v2.status, v2.json.version, v2.json.offered]).toEqual([201, 2, null]);

    const list = await call(base, 'GET', '/v1/models', { key });
    expect(list.json.items).toEqual([{ key: 'win', name: { en: 'Win chance', zh: '赢单概率' }, publishedVersion: null, latestVersion: 2, versions: 2 }]);
    const versions = await call(base, 'GET', '/v1/models/win/versions', { key });
    expect(versions.json.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const one = await call(base, 'GET', '/v1/models/win/versions/1', { key });
    expect(one.json.model).toMatchObject({ key: 'win', version: 1, intercept: -1 });
    // Stored as sent, but naming the version it evaluated.
    expect(one.json.report).toEqual({ ...OFFERED, model: { ...OFFERED.model, key: 'win', version: 1 } });
    expect((await call(base, 'GET', '/v1/models/win/versions/3', { key })).status).toBe(404);
    expect((await call(base, 'GET', '/v1/models/nope/versions', { key })).status).toBe(404);
    // Its page, in the language asked; one stored without a report has none.
    const page = await call(base, 'GET', '/v1/models/win/versions/1/report.html?lang=en', { key });
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.text).toContain('win');
    expect((await call(base, 'GET', '/v1/models/win/versions/2/report.html', { key })).status).toBe(409);
  });

  it('publishes past a verdict only with a reason, rolls back by publishing an older version, and logs who, when and why', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    for (const report of [OFFERED, NOT_OFFERED]) {
      expect((await call(base, 'POST', '/v1/models/hot/versions', { key, body: { model: scoreModel('hot'), report } })).status).toBe(201);
    }
    await call(base, 'POST', '/v1/models/hot/versions', { key, body: { model: scoreModel('hot') } });

    const first = await call(base, 'POST', '/v1/models/hot/versions/1/publish', { key, body: { note: 'beats the points table' } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ key: 'hot', version: 1, action: 'publish', previous: null, override: null });
    const again = await call(base, 'POST', '/v1/models/hot/versions/1/publish', { key, body: { note: 'again' } });
    expect([again.status, again.json.type]).toEqual([409, expect.stringContaining('already-published')]);

    // Version 2's evaluation says it does not beat the points score: refused, in both languages, with the report's reason.
    const refused = await call(base, 'POST', '/v1/models/hot/versions/2/publish', { key, body: { note: 'try it' } });
    expect(refused.status).toBe(409);
    expect(refused.json.type).toContain('model-not-offered');
    expect(refused.json.reason).toEqual(NOT_OFFERED.reason);
    expect(refused.json.detailZh).toContain('override.reason');
    // Version 3 came without a report: refused too.
    expect((await call(base, 'POST', '/v1/models/hot/versions/3/publish', { key, body: { note: 'unevaluated' } })).json.type).toContain('model-not-offered');

    const forced = await call(base, 'POST', '/v1/models/hot/versions/2/publish', {
      key,
      body: { note: 'pilot on one region', override: { reason: 'the points table is being retired' } },
    });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ version: 2, action: 'publish', previous: 1, override: { reason: 'the points table is being retired' } });
    const statuses = async () =>
      Object.fromEntries(
        (await call(base, 'GET', '/v1/models/hot/versions', { key })).json.items.map((v: { version: number; status: string }) => [v.version, v.status]),
      );
    expect(await statuses()).toEqual({ 1: 'retired', 2: 'published', 3: 'draft' });

    const back = await call(base, 'POST', '/v1/models/hot/versions/1/publish', { key, body: { note: 'v2 routes too many leads to nurture' } });
    expect(back.json).toMatchObject({ version: 1, action: 'rollback', previous: 2 });
    expect(await statuses()).toEqual({ 1: 'published', 2: 'retired', 3: 'draft' });
    expect((await call(base, 'GET', '/v1/models', { key })).json.items[0]).toMatchObject({ key: 'hot', publishedVersion: 1, latestVersion: 3 });

    const log = await call(base, 'GET', '/v1/models/hot/log', { key });
    expect(log.json.items.map((l: { version: number; action: string; note: string }) => [l.version, l.action, l.note])).toEqual([
      [1, 'rollback', 'v2 routes too many leads to nurture'],
      [2, 'publish', 'pilot on one region'],
      [1, 'publish', 'beats the points table'],
    ]);
    expect(log.json.items[1].override).toMatchObject({ reason: 'the points table is being retired', actor: expect.stringMatching(/^key:/) });
    for (const l of log.json.items) expect(l.actor).toMatch(/^key:/);
  });

  it('names who uploaded and who published by e-mail when a person did, keeping the id', async () => {
    const base = env.server.base;
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const { session: ed, userId: edId } = await userSession(base, key, tenantId, 'trainer@example.com', 'editor');
    const { session: pub, userId: pubId } = await userSession(base, key, tenantId, 'lead.ops@example.com', 'publisher');
    const up = await call(base, 'POST', '/v1/models/who/versions', { headers: ed.headers(), body: { model: scoreModel('who'), report: OFFERED } });
    expect(up.status, up.text).toBe(201);
    expect(up.json).toMatchObject({ createdBy: `user:${edId}`, createdByEmail: 'trainer@example.com', publishedBy: null, publishedByEmail: null });
    // An API key's upload has no e-mail.
    await call(base, 'POST', '/v1/models/who/versions', { key, body: { model: scoreModel('who'), report: OFFERED } });
    expect((await call(base, 'POST', '/v1/models/who/versions/1/publish', { headers: pub.headers(), body: { note: 'by a person' } })).status).toBe(200);

    const listed = await call(base, 'GET', '/v1/models/who/versions', { key });
    const people = (v: Record<string, unknown>) => [v.version, v.createdBy, v.createdByEmail, v.publishedBy, v.publishedByEmail];
    expect(listed.json.items.map(people)).toEqual([
      [2, expect.stringMatching(/^key:/), null, null, null],
      [1, `user:${edId}`, 'trainer@example.com', `user:${pubId}`, 'lead.ops@example.com'],
    ]);
    expect(people((await call(base, 'GET', '/v1/models/who/versions/1', { key })).json)).toEqual(people(listed.json.items[1]));
    const log = await call(base, 'GET', '/v1/models/who/log', { key });
    expect(log.json.items.map((l: { actor: string; email: string | null }) => [l.actor, l.email])).toEqual([[`user:${pubId}`, 'lead.ops@example.com']]);
  });

  it('lets readers read but not upload or publish, and keeps every tenant to its own models', async () => {
    const base = env.server.base;
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const reader = (await seedTenant(env.tdb.database, tenantId, ['read'])).key;
    const editor = (await seedTenant(env.tdb.database, tenantId, ['read', 'edit'])).key;
    const other = (await seedTenant(env.tdb.database)).key;
    expect((await call(base, 'POST', '/v1/models/mine/versions', { key: editor, body: { model: scoreModel('mine'), report: OFFERED } })).status).toBe(201);
    expect((await call(base, 'POST', '/v1/models/mine/versions', { key: reader, body: { model: scoreModel('mine') } })).status).toBe(403);
    // Editors train and upload; publishing is a publisher's, as for policies.
    expect((await call(base, 'POST', '/v1/models/mine/versions/1/publish', { key: editor, body: { note: 'go' } })).status).toBe(403);
    expect((await call(base, 'POST', '/v1/models/mine/versions/1/publish', { key, body: { note: 'go' } })).status).toBe(200);
    expect((await call(base, 'GET', '/v1/models/mine/versions/1', { key: reader })).status).toBe(200);

    // Another tenant sees nothing of it, and cannot publish, read or train it.
    expect((await call(base, 'GET', '/v1/models', { key: other })).json.items).toEqual([]);
    for (const [method, path, body] of [
      ['GET', '/v1/models/mine/versions', undefined],
      ['GET', '/v1/models/mine/versions/1', undefined],
      ['GET', '/v1/models/mine/versions/1/report.html', undefined],
      ['GET', '/v1/models/mine/log', undefined],
      ['POST', '/v1/models/mine/versions/1/publish', { note: 'steal' }],
    ] as const) {
      expect([path, (await call(base, method, path, { key: other, body })).status]).toEqual([path, 404]);
    }
    // …and its decisions do not score with it.
    expect((await decisionSees(env.tdb.database, tenantId, 'mine')).version).toBe(1);
  });

  it("holds a tenant's published models per process and reloads them only when a publication changes them", async () => {
    const base = env.server.base;
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const { database } = env.tdb;
    expect(await decisionSees(database, tenantId, 'lead-win')).toMatchObject({ sent: true, version: null });
    expect(await decisionSees(database, tenantId, 'lead-win')).toMatchObject({ sent: false, version: null });

    await call(base, 'POST', '/v1/models/lead-win/versions', { key, body: { model: scoreModel('lead-win'), report: OFFERED } });
    await call(base, 'POST', '/v1/models/lead-win/versions', { key, body: { model: scoreModel('lead-win', 0.5), report: OFFERED } });
    // A new draft changes nothing a decision scores with, but is a change of the tenant's models all the same.
    expect(await decisionSees(database, tenantId, 'lead-win')).toMatchObject({ sent: true, version: null });

    await call(base, 'POST', '/v1/models/lead-win/versions/1/publish', { key, body: { note: 'v1' } });
    const first = await decisionSees(database, tenantId, 'lead-win');
    expect(first).toMatchObject({ sent: true, version: 1 });
    const held = await decisionSees(database, tenantId, 'lead-win');
    expect(held.sent).toBe(false);
    // The very same object: the engine compiles it once per published version, not per decision.
    expect(held.model).toBe(first.model);
    expect(held.model).toMatchObject({ key: 'lead-win', version: 1, intercept: -1 });

    await call(base, 'POST', '/v1/models/lead-win/versions/2/publish', { key, body: { note: 'v2' } });
    expect(await decisionSees(database, tenantId, 'lead-win')).toMatchObject({ sent: true, version: 2, model: { intercept: 0.5 } });
    await call(base, 'POST', '/v1/models/lead-win/versions/1/publish', { key, body: { note: 'back to v1' } });
    expect(await decisionSees(database, tenantId, 'lead-win')).toMatchObject({ sent: true, version: 1 });
    expect(await decisionSees(database, tenantId, 'lead-win')).toMatchObject({ sent: false, version: 1 });
  });
});
