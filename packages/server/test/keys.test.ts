import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

describe.each(LANES)('API keys and the request guard (%s)', (lane) => {
  const env = useServer(lane);

  it('creates a key shown once, stores only its hash, and the key then works', async () => {
    const { key: admin } = await seedTenant(env.tdb.database, 'acme');
    const created = await call(env.server.base, 'POST', '/v1/keys', { key: admin, body: { name: 'crm', scopes: ['decide'] } });
    expect(created.status).toBe(201);
    expect(created.json.key).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    const listed = await call(env.server.base, 'GET', '/v1/keys', { key: admin });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.key);
    expect(listed.json.keys.map((k: { name: string }) => k.name)).toEqual(['test', 'crm']);
    // The new key has only `decide`: listing keys needs admin.
    const denied = await call(env.server.base, 'GET', '/v1/keys', { key: created.json.key });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
    const revoked = await call(env.server.base, 'DELETE', `/v1/keys/${created.json.id}`, { key: admin });
    expect(revoked.status).toBe(204);
    const after = await call(env.server.base, 'GET', '/v1/keys', { key: created.json.key });
    expect(after.status).toBe(401);
  });

  it('a key cannot see or revoke another tenant’s keys', async () => {
    const a = await seedTenant(env.tdb.database, 'tenant-a');
    const b = await seedTenant(env.tdb.database, 'tenant-b');
    const made = await call(env.server.base, 'POST', '/v1/keys', { key: a.key, body: { name: 'a-only', scopes: ['read'] } });
    const listB = await call(env.server.base, 'GET', '/v1/keys', { key: b.key });
    expect(listB.json.keys.map((k: { name: string }) => k.name)).toEqual(['test']);
    const revokeFromB = await call(env.server.base, 'DELETE', `/v1/keys/${made.json.id}`, { key: b.key });
    expect(revokeFromB.status).toBe(404);
  });

  it('answers bad input with problem+json and a field path, never 5xx', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const cases: Array<[unknown, number, string | undefined]> = [
      ['{"name":', 400, undefined],
      [{ name: 'x', scopes: ['root'] }, 422, '$.scopes[0]'],
      [{ name: 'x', scopes: ['read'], extra: 1 }, 422, '$'],
      [{ constructor: { prototype: { polluted: true } } }, 400, '$.constructor'],
      [JSON.parse('{"__proto__":{"x":1}}'), 400, '$.__proto__'],
      ['['.repeat(100) + ']'.repeat(100), 400, undefined],
    ];
    for (const [body, status, path] of cases) {
      const r = await call(env.server.base, 'POST', '/v1/keys', { key, body });
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      if (path) expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const huge = await call(env.server.base, 'POST', '/v1/keys', { key, body: { name: 'x'.repeat(2_000_000), scopes: ['read'] } });
    expect(huge.status).toBe(413);
    const health = await call(env.server.base, 'GET', '/health');
    expect(health.json.ok).toBe(true);
  });
});
