import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { hashPassword, newApiKey } from '../src/auth/keys.js';
import { apiKeys, users } from '../src/db/schema.js';
import { OFFERED, scoreModel } from './modelFixtures.js';
import { call, freshDatabase, LANES, seedTenant, startServer, type TestDatabase, type TestServer } from './harness.js';
import { userSession, type Session } from './session.js';

/**
 * Every endpoint the app registers (found by walking the app, so a new endpoint is covered the
 * day it is added) is tried with no credentials, keys with the wrong scope, viewer sessions, and
 * another tenant's full key. Tenant A's records all carry the id `shared-id` and the marker
 * MARK-A, so any path parameter names one of A's records and any leak is visible.
 */
const ID = 'shared-id';
const MARK = /mark-a/i;
const PUBLIC = new Set(['/health', '/ready', '/openapi.json', '/docs', '/v1/auth/login']);
/** Self-service for whoever is logged in; a viewer may use them, and the walk must not log out. */
const SELF = new Set(['POST /v1/auth/logout', 'POST /v1/auth/password']);
/** POSTs that change nothing (a test run; a decision made into a case without adding it): a reader may. */
const READING_POSTS = new Set(['POST /v1/policies/:key/tests/run', 'POST /v1/decisions/:id/test-case']);
/** What a reader may get from a write: refused, unless the write only reads (then found or not). */
const readerAnswers = (e: Endpoint): number[] => (READING_POSTS.has(`${e.method} ${e.route}`) ? [200, 404] : e.known ? [403] : [403, 422]);
/** What a viewer must be able to read (the rest may need admin). */
const VIEWER_READS = /^\/v1\/(policies|reps|teams|pools|customers|tenant$|auth\/me$)/;

function policy(key: string, name: string) {
  return {
    key,
    kind: 'routing',
    name,
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  };
}

/** Well-formed bodies, so a refusal is about who asks, not what they sent. Unknown routes get {}. */
const BODIES: Record<string, unknown> = {
  'PUT /v1/policies/:key/draft': policy(ID, 'B policy'),
  'POST /v1/policies/:key/publish': { note: 'b' },
  'POST /v1/policies/:key/rollback': { version: 1, note: 'b' },
  'POST /v1/users': { email: 'b@example.com', role: 'viewer' },
  'PATCH /v1/users/:id': { role: 'viewer' },
  'POST /v1/tenants': { id: 'made-by-b', name: 'b' },
  'PATCH /v1/tenant': { name: 'renamed by b' },
  'POST /v1/keys': { name: 'b', scopes: ['read'] },
  'POST /v1/auth/password': { currentPassword: 'whatever it was', newPassword: 'a brand new password' },
  'POST /v1/auth/logout': {},
  'PUT /v1/reps/:id': {},
  'PUT /v1/teams/:id': {},
  'PUT /v1/pools/:id': {},
  'PUT /v1/customers/:id': {},
  'POST /v1/decide': { id: 'iso-event-1', type: 'lead.created', at: '2025-03-03T09:00:00Z', lead: { id: ID } },
  'POST /v1/events': { id: 'iso-event-2', type: 'lead.created', at: '2025-03-03T09:00:00Z', lead: { id: ID } },
  'POST /v1/models/:key/versions': { model: scoreModel(ID) },
  'POST /v1/models/:key/versions/:version/publish': { note: 'b' },
  'POST /v1/models/:key/train': { datasetId: ID },
};
const bodyFor = (method: string, path: string): unknown => BODIES[`${method} ${path}`] ?? (path.endsWith('/bulk') ? { items: [{ id: ID }] } : {});

interface Endpoint {
  method: string;
  /** As registered, e.g. /v1/reps/:id. */
  route: string;
  /** With every parameter naming A's records. */
  url: string;
  known: boolean;
}

/** Every method + path the app answers, from Hono's route table and the OpenAPI registry (for query parameters). */
function endpoints(): Endpoint[] {
  const app = createApp({ database: undefined as never, now: () => 0 });
  const queries = new Map<string, string>();
  for (const d of app.openAPIRegistry.definitions) {
    if (d.type !== 'route') continue;
    const shape = (d.route.request?.query as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> } | undefined)?.shape;
    // Only what the route requires: a version number is the one required query value so far.
    const required = Object.entries(shape ?? {}).filter(([, schema]) => !schema.safeParse(undefined).success);
    if (required.length === 0) continue;
    const route = d.route.path.replaceAll(/\{(\w+)\}/g, ':$1');
    queries.set(`${d.route.method.toUpperCase()} ${route}`, `?${required.map(([k]) => `${k}=1`).join('&')}`);
  }
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  for (const r of app.routes) {
    if (r.method === 'ALL' || PUBLIC.has(r.path) || r.path.startsWith('/editor')) continue;
    const id = `${r.method} ${r.path}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const url = r.path.replaceAll(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => (name === 'n' || name === 'version' ? '1' : ID)) + (queries.get(id) ?? '');
    out.push({
      method: r.method,
      route: r.path,
      url,
      known: `${r.method} ${r.path}` in BODIES || r.method === 'GET' || r.method === 'DELETE' || r.path.endsWith('/bulk'),
    });
  }
  return out;
}

describe.each(LANES)('isolation: every endpoint, every kind of wrong caller (%s)', (lane) => {
  let tdb: TestDatabase;
  let server: TestServer;
  const all = endpoints();
  const reads = all.filter((e) => e.method === 'GET');
  const writes = all.filter((e) => e.method !== 'GET');
  let a: { tenantId: string; key: string };
  let b: { tenantId: string; key: string };
  let viewerA: Session;
  let viewerB: Session;
  let noScopes: string;
  let readOnly: string;
  const snapshotA = async () => {
    const out: Record<string, { status: number; body: string }> = {};
    for (const e of reads) {
      const r = await call(server.base, 'GET', e.url, { key: a.key });
      out[e.url] = { status: r.status, body: r.text };
    }
    return out;
  };
  let before: Awaited<ReturnType<typeof snapshotA>>;

  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    server = await startServer(tdb.database, () => Date.parse('2025-03-03T09:00:00Z'));
    a = await seedTenant(tdb.database, 'iso-a');
    b = await seedTenant(tdb.database, 'iso-b');
    const db = tdb.database.db;
    // A's records, all named `shared-id`, all marked.
    await call(server.base, 'PUT', `/v1/policies/${ID}/draft`, { key: a.key, body: policy(ID, 'MARK-A policy') });
    await call(server.base, 'POST', `/v1/policies/${ID}/publish`, { key: a.key, body: { note: 'MARK-A note' } });
    await call(server.base, 'PUT', `/v1/reps/${ID}`, { key: a.key, body: { name: 'MARK-A rep', teams: [ID] } });
    await call(server.base, 'PUT', `/v1/teams/${ID}`, { key: a.key, body: { name: 'MARK-A team' } });
    await call(server.base, 'PUT', `/v1/pools/${ID}`, { key: a.key, body: { name: 'MARK-A pool' } });
    await call(server.base, 'PUT', `/v1/customers/${ID}`, { key: a.key, body: { company: 'MARK-A Corp' } });
    const model = { ...scoreModel(ID), name: { en: 'MARK-A model', zh: 'MARK-A 模型' } };
    await call(server.base, 'POST', `/v1/models/${ID}/versions`, { key: a.key, body: { model, report: OFFERED } });
    await call(server.base, 'POST', `/v1/models/${ID}/versions/1/publish`, { key: a.key, body: { note: 'MARK-A model note' } });
    const decided = await call(server.base, 'POST', '/v1/decide', {
      key: a.key,
      body: { id: 'a-event', type: 'lead.created', at: '2025-03-03T09:00:00Z', lead: { id: ID, company: 'MARK-A Lead Co' } },
    });
    if (decided.status >= 300) throw new Error(`A's decision: ${decided.status} ${decided.text}`);
    await db
      .insert(users)
      .values({ id: ID, tenantId: a.tenantId, email: 'mark-a@example.com', role: 'editor', passwordHash: await hashPassword('MARK-A password') });
    const k = newApiKey();
    await db.insert(apiKeys).values({ id: ID, tenantId: a.tenantId, name: 'MARK-A key', prefix: k.prefix, hash: k.hash, scopes: ['read'] });
    viewerA = (await userSession(server.base, a.key, a.tenantId, 'viewer-a@example.com', 'viewer')).session;
    viewerB = (await userSession(server.base, b.key, b.tenantId, 'viewer-b@example.com', 'viewer')).session;
    noScopes = (await seedTenant(tdb.database, a.tenantId, [])).key;
    readOnly = (await seedTenant(tdb.database, a.tenantId, ['read'])).key;
    before = await snapshotA();
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await tdb?.drop();
  });

  it('finds the endpoints to try', () => {
    const ids = all.map((e) => `${e.method} ${e.route}`);
    // A sample of what the walk must include; everything else registered is tried too.
    for (const expected of [
      'PUT /v1/policies/:key/draft',
      'GET /v1/policies/:key/diff',
      'POST /v1/reps/bulk',
      'DELETE /v1/users/:id',
      'POST /v1/tenants',
      'GET /v1/auth/me',
    ]) {
      expect(ids).toContain(expected);
    }
    expect(all.find((e) => e.route === '/v1/policies/:key/diff')!.url).toBe(`/v1/policies/${ID}/diff?from=1&to=1`);
  });

  it('no credentials: 401 everywhere but the public pages', async () => {
    for (const e of all) {
      const r = await call(server.base, e.method, e.url, e.method === 'GET' ? {} : { body: bodyFor(e.method, e.route) });
      expect(r.status, `${e.method} ${e.url}`).toBe(401);
      expect(r.headers.get('content-type'), `${e.method} ${e.url}`).toContain('application/problem+json');
    }
  });

  it('a key with no scopes: 403 everywhere but "who am I"', async () => {
    const key = noScopes;
    for (const e of all) {
      const r = await call(server.base, e.method, e.url, { key, ...(e.method === 'GET' ? {} : { body: bodyFor(e.method, e.route) }) });
      const expected = e.method === 'GET' && e.route === '/v1/auth/me' ? [200] : e.known ? [403] : [403, 422];
      expect(expected, `${e.method} ${e.url} → ${r.status}`).toContain(r.status);
    }
  });

  it('a read-only key: reads A, changes nothing', async () => {
    const key = readOnly;
    for (const e of writes) {
      const r = await call(server.base, e.method, e.url, { key, body: bodyFor(e.method, e.route) });
      expect(readerAnswers(e), `${e.method} ${e.url} → ${r.status}`).toContain(r.status);
    }
    for (const e of reads) {
      const r = await call(server.base, 'GET', e.url, { key });
      expect([200, 403, 404], `${e.method} ${e.url} → ${r.status}`).toContain(r.status);
    }
  });

  it('a viewer session: reads, but every write is refused even with the CSRF token', async () => {
    for (const e of writes) {
      if (SELF.has(`${e.method} ${e.route}`)) continue;
      const r = await call(server.base, e.method, e.url, { headers: viewerA.headers(), body: bodyFor(e.method, e.route) });
      expect(readerAnswers(e), `${e.method} ${e.url} → ${r.status}`).toContain(r.status);
    }
    for (const e of reads) {
      const r = await call(server.base, 'GET', e.url, { headers: viewerA.headers() });
      if (VIEWER_READS.test(e.route)) expect(r.status, `${e.method} ${e.url}`).toBe(200);
      else expect([200, 403, 404], `${e.method} ${e.url} → ${r.status}`).toContain(r.status);
    }
  });

  it('another tenant’s viewer and full key never see A’s records, and cannot change them', async () => {
    for (const e of reads) {
      for (const who of [{ headers: viewerB.headers() }, { key: b.key }]) {
        const r = await call(server.base, 'GET', e.url, who);
        const hasParams = e.route.includes(':');
        expect(hasParams ? [403, 404] : [200, 403], `${e.method} ${e.url} → ${r.status}`).toContain(r.status);
        expect(r.text, `${e.method} ${e.url}`).not.toMatch(MARK);
      }
    }
    for (const e of writes) {
      const r = await call(server.base, e.method, e.url, { key: b.key, body: bodyFor(e.method, e.route) });
      expect(r.status, `${e.method} ${e.url}`).toBeLessThan(500);
      expect(r.text, `${e.method} ${e.url}`).not.toMatch(MARK);
      // Acting on one of A's ids with B's key finds nothing, unless B made its own record by that id first.
      if (['POST /v1/policies/:key/publish', 'PATCH /v1/users/:id', 'DELETE /v1/users/:id', 'DELETE /v1/keys/:id'].includes(`${e.method} ${e.route}`)) {
        expect([201, 404], `${e.method} ${e.url} → ${r.status}`).toContain(r.status);
      }
    }
    const bPolicies = await call(server.base, 'GET', '/v1/policies', { key: b.key });
    expect(bPolicies.json.policies.map((p: { name: string }) => p.name)).toEqual(['B policy']);
  });

  it('after all that, every one of A’s reads answers exactly as before', async () => {
    const after = await snapshotA();
    expect(Object.keys(after).length).toBe(reads.length);
    expect(after).toEqual(before);
    expect(after[`/v1/reps/${ID}`]!.status).toBe(200);
    expect(after[`/v1/policies/${ID}`]!.body).toMatch(MARK);
  });
});
