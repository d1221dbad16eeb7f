import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { KEY_CACHE_TTL_MS } from '../src/auth/keyCache.js';
import { apiKeys } from '../src/db/schema.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Known keys are remembered for KEY_CACHE_TTL_MS (the lookup cost more than a decision on PGlite).
 * A revocation through this server takes effect at once; one made elsewhere (another replica on
 * the same PostgreSQL — here, straight in the table) within the TTL, by the server's own clock.
 */
describe.each(LANES)('API key cache (%s)', (lane) => {
  let clock = Date.parse('2026-03-02T02:00:00Z');
  const env = useServer(lane, () => clock);

  it('a key revoked elsewhere stops working once the cached entry is older than the TTL', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database, 'cache-a');
    expect((await call(env.server.base, 'GET', '/v1/keys', { key })).status).toBe(200);
    await env.tdb.database.db
      .update(apiKeys)
      .set({ revokedAt: new Date(clock).toISOString() })
      .where(eq(apiKeys.tenantId, tenantId));
    clock += KEY_CACHE_TTL_MS - 1;
    expect((await call(env.server.base, 'GET', '/v1/keys', { key })).status).toBe(200);
    clock += 2;
    const after = await call(env.server.base, 'GET', '/v1/keys', { key });
    expect(after.status).toBe(401);
    expect(after.json.detail).toBe('unknown or revoked API key');
  });

  it('a key revoked through this server stops working on the next request', async () => {
    const { key: admin } = await seedTenant(env.tdb.database, 'cache-b');
    const made = await call(env.server.base, 'POST', '/v1/keys', { key: admin, body: { name: 'crm', scopes: ['read'] } });
    expect((await call(env.server.base, 'GET', '/v1/reps', { key: made.json.key })).status).toBe(200);
    expect((await call(env.server.base, 'DELETE', `/v1/keys/${made.json.id}`, { key: admin })).status).toBe(204);
    expect((await call(env.server.base, 'GET', '/v1/reps', { key: made.json.key })).status).toBe(401);
    // The admin's own cached key is untouched.
    expect((await call(env.server.base, 'GET', '/v1/keys', { key: admin })).status).toBe(200);
  });
});
