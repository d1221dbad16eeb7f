import { examplePolicy } from '@sluice/examples';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';
import { userSession } from './session.js';

const T1 = '2025-06-02T08:00:00.000Z';
const T2 = '2025-06-02T08:10:00.000Z';
const T3 = '2025-06-02T08:20:00.000Z';
const T4 = '2025-06-02T08:30:00.000Z';
const T5 = '2025-06-02T08:40:00.000Z';

function doc(name: string): Record<string, unknown> {
  return { ...(examplePolicy('s06-round-robin') as object), key: 'routing', name };
}

/** "Who changed it": every draft save, publication and rollback records its actor, shown by the list, the read and the versions. */
describe.each(LANES)('policies: who changed it (%s)', (lane) => {
  let now = Date.parse(T1);
  const env = useServer(lane, () => now);

  it('records the user or API key of each save, publish and rollback as the last change', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    const keyActor = `key:${key.slice(0, 12)}`;
    const editor = await userSession(env.server.base, key, tenantId, 'ed@example.com', 'editor');
    const publisher = await userSession(env.server.base, key, tenantId, 'pub@example.com', 'publisher');
    const listed = async () => (await call(env.server.base, 'GET', '/v1/policies', { key })).json.policies[0];

    // 1. The editor saves the first draft.
    now = Date.parse(T1);
    const saved = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { headers: editor.session.headers(), body: doc('v1') });
    expect(saved.status).toBe(201);
    const byEditor = { actor: `user:${editor.userId}`, email: 'ed@example.com', at: T1 };
    expect(saved.json.lastChange).toEqual({ action: 'save', ...byEditor, version: null });
    expect(saved.json.draftSaved).toEqual(byEditor);
    expect(await listed()).toMatchObject({ updatedAt: T1, lastChange: { action: 'save', ...byEditor, version: null }, draftSaved: byEditor });

    // 2. The publisher publishes it: the last change is theirs; the last draft save is still the editor's.
    now = Date.parse(T2);
    expect(
      (await call(env.server.base, 'POST', '/v1/policies/routing/publish', { headers: publisher.session.headers(), body: { note: 'first' } })).status,
    ).toBe(201);
    const byPublisher = { actor: `user:${publisher.userId}`, email: 'pub@example.com' };
    expect(await listed()).toMatchObject({ updatedAt: T2, lastChange: { action: 'publish', ...byPublisher, at: T2, version: 1 }, draftSaved: byEditor });

    // 3. The CRM's API key saves a draft: no e-mail, the key's prefix names it.
    now = Date.parse(T3);
    const viaKey = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: doc('v2') });
    expect(viaKey.status).toBe(200);
    const byKey = { actor: keyActor, email: null, at: T3 };
    expect(viaKey.json.lastChange).toEqual({ action: 'save', ...byKey, version: null });
    const read = await call(env.server.base, 'GET', '/v1/policies/routing', { headers: editor.session.headers() });
    expect(read.json).toMatchObject({ updatedAt: T3, lastChange: { action: 'save', ...byKey }, draftSaved: byKey });
    // The live version names its publisher too.
    expect(read.json.live).toMatchObject({ version: 1, publishedBy: byPublisher.actor, publishedByEmail: 'pub@example.com', publishedAt: T2 });

    // 4. The key publishes v2, 5. the publisher rolls back to v1.
    now = Date.parse(T4);
    expect((await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: 'second' } })).status).toBe(201);
    expect((await listed()).lastChange).toEqual({ action: 'publish', ...byKey, at: T4, version: 2 });
    now = Date.parse(T5);
    const back = await call(env.server.base, 'POST', '/v1/policies/routing/rollback', {
      headers: publisher.session.headers(),
      body: { version: 1, note: 'undo' },
    });
    expect(back.status).toBe(200);
    expect(await listed()).toMatchObject({
      updatedAt: T5,
      liveVersion: 1,
      lastChange: { action: 'rollback', ...byPublisher, at: T5, version: 1 },
      draftSaved: byKey,
    });

    // Versions: who published each, by e-mail when a person did.
    const versions = await call(env.server.base, 'GET', '/v1/policies/routing/versions', { key });
    expect(
      versions.json.versions.map((v: { version: number; publishedBy: string; publishedByEmail: string | null; publishedAt: string; live: boolean }) => [
        v.version,
        v.publishedBy,
        v.publishedByEmail,
        v.publishedAt,
        v.live,
      ]),
    ).toEqual([
      [1, byPublisher.actor, 'pub@example.com', T2, true],
      [2, keyActor, null, T4, false],
    ]);
    const one = await call(env.server.base, 'GET', '/v1/policies/routing/versions/2', { key });
    expect([one.json.publishedBy, one.json.publishedByEmail]).toEqual([keyActor, null]);
  });

  it('says "not recorded" (null) for a policy last changed before who-changed-it was kept', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    now = Date.parse(T1);
    expect((await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: doc('old') })).status).toBe(201);
    // What a row written before migration 0007 looks like.
    await env.tdb.database.db.execute(
      sql`update policies set changed_by = null, change_action = null, draft_saved_by = null, draft_saved_at = null where tenant_id = ${tenantId}`,
    );
    const row = (await call(env.server.base, 'GET', '/v1/policies', { key })).json.policies[0];
    expect([row.key, row.updatedAt, row.lastChange, row.draftSaved]).toEqual(['routing', T1, null, null]);
  });
});
