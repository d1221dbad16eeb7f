import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/bootstrap.js';
import { call, LANES, seedTenant, useServer } from './harness.js';
import { login, NEW_PASSWORD } from './session.js';

/**
 * /openapi.json is the contract CRMs generate clients from: it lints clean under Redocly's
 * recommended rules, every operation has a unique operationId and declares who may call it, the
 * declared security is what the server enforces, and the typed client generated from it
 * (test/generated/api.d.ts, used by clientTour.test.ts) is current.
 */

type Security = Array<Record<string, string[]>>;
interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Security;
  responses: Record<string, unknown>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  tags?: Array<{ name: string }>;
}
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

function operations(doc: Doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ path, method, op, name: `${method.toUpperCase()} ${path}` })),
  );
}

/** Redocly's recommended ruleset, with the one rule that cannot apply turned off. */
async function lintConfig() {
  return createConfig({
    extends: ['recommended'],
    rules: {
      // Sluice is not published under a licence, so the API has none to name; writing one in would
      // be a legal statement, not documentation.
      'info-license': 'off',
    },
  });
}

/**
 * Warnings accepted where a rule's premise does not hold, each with its reason. The system
 * operations (liveness, this document, its web page) are fixed public resources: there is no
 * client error for them to describe, so `operation-4xx-response` has nothing to ask for.
 */
function accepted(ruleId: string, pointer: string, doc: Doc): boolean {
  if (ruleId !== 'operation-4xx-response') return false;
  const m = /^#\/paths\/([^/]+)\/([a-z]+)\/responses$/.exec(pointer);
  if (!m) return false;
  const path = m[1]!.replaceAll('~1', '/').replaceAll('~0', '~');
  return doc.paths[path]?.[m[2]!]?.tags?.includes('system') === true;
}

describe.each(LANES)('the OpenAPI contract (%s)', (lane) => {
  const env = useServer(lane);
  let text = '';
  let doc: Doc;

  beforeAll(async () => {
    const res = await fetch(`${env.server.base}/openapi.json`);
    expect(res.status).toBe(200);
    text = await res.text();
    doc = JSON.parse(text) as Doc;
  });

  it('lints clean with Redocly’s recommended rules: no errors, no warnings', async () => {
    const problems = await lintFromString({ source: text, absoluteRef: `${env.server.base}/openapi.json`, config: await lintConfig() });
    const reported = problems
      .filter((p) => !accepted(p.ruleId, p.location[0]?.pointer ?? '', doc))
      .map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(reported).toEqual([]);
    // The lint ran on the real document (a rule set that reports nothing on anything would pass).
    const bare = await lintFromString({ source: JSON.stringify({ ...doc, servers: undefined }), absoluteRef: '/bare.json', config: await lintConfig() });
    expect(bare.map((p) => p.ruleId)).toContain('no-empty-servers');
  });

  it('names every operation with a unique camelCase operationId and declares its security and tags', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(57);
    const ids = ops.map((o) => o.op.operationId);
    expect(ops.filter((o) => !o.op.operationId).map((o) => o.name)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.filter((o) => !Array.isArray(o.op.security)).map((o) => o.name)).toEqual([]);
    const declaredTags = new Set((doc.tags ?? []).map((t) => t.name));
    expect(ops.filter((o) => !o.op.tags?.length || !o.op.tags.every((t) => declaredTags.has(t))).map((o) => o.name)).toEqual([]);
    // A few names CRMs will call by: stable, so generated SDKs keep their method names.
    const byName = new Map(ops.map((o) => [o.op.operationId, o.name]));
    expect(byName.get('decideEvent')).toBe('POST /v1/decide');
    expect(byName.get('bulkUpsertReps')).toBe('POST /v1/reps/bulk');
    expect(byName.get('publishPolicy')).toBe('POST /v1/policies/{key}/publish');
    expect(byName.get('claimFromPool')).toBe('POST /v1/pools/{pool}/claim');
  });

  it('declares no credentials only on the public routes, and a CSRF token on every session write', () => {
    const ops = operations(doc);
    expect(
      ops
        .filter((o) => o.op.security!.length === 0)
        .map((o) => o.name)
        .sort(),
    ).toEqual(['GET /docs', 'GET /health', 'GET /openapi.json', 'GET /ready', 'POST /v1/auth/login']);
    for (const { method, op, name } of ops) {
      for (const requirement of op.security!) {
        if (!('session' in requirement)) continue;
        // auth/middleware.ts: a session's POST/PUT/PATCH/DELETE must echo x-csrf-token; reads need not.
        expect('csrf' in requirement, name).toBe(method !== 'get');
      }
    }
    const sessionOnly = ops.filter((o) => o.op.security!.length > 0 && o.op.security!.every((r) => !('apiKey' in r)));
    expect(sessionOnly.map((o) => o.op.operationId).sort()).toEqual(['changePassword', 'logout']);
  });

  it('the server enforces what each operation declares', async () => {
    const base = env.server.base;
    // The first admin, as a fresh installation makes it (this database has no tenant yet).
    const admin = await bootstrap(env.tdb.database.db, new Date().toISOString());
    expect(admin).toBeDefined();
    const first = await login(base, 'default', admin!.email, admin!.password);
    const changed = await call(base, 'POST', '/v1/auth/password', {
      headers: first.session!.headers(),
      body: { currentPassword: admin!.password, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    const session = first.session!;
    const { key } = await seedTenant(env.tdb.database);

    for (const { path, method, op, name } of operations(doc)) {
      const url = path.replace(/\{[^}]+\}/g, 'x');
      const anonymous = await call(base, method.toUpperCase(), url, method === 'get' ? {} : { body: {} });
      expect(anonymous.status < 500, name).toBe(true);
      if (op.security!.length === 0) {
        expect(anonymous.status, name).not.toBe(401);
        continue;
      }
      expect(anonymous.status, name).toBe(401);
      expect(anonymous.headers.get('content-type'), name).toContain('application/problem+json');
      if (op.security!.some((r) => 'session' in r && 'csrf' in r)) {
        const noToken = await call(base, method.toUpperCase(), url, { headers: session.headers({ csrf: false }), body: {} });
        expect([noToken.status, noToken.json?.type], name).toEqual([403, 'https://sluice.dev/problems/csrf']);
      }
      if (op.security!.some((r) => 'session' in r && !('csrf' in r))) {
        const read = await call(base, method.toUpperCase(), url, { headers: session.headers({ csrf: false }) });
        expect([401, 403], name).not.toContain(read.status);
        // A success the document does not list would be an answer no generated client expects.
        if (read.status < 300) expect(Object.keys(op.responses), name).toContain(String(read.status));
      }
    }
    // Session-only operations refuse a key, whatever scopes it holds.
    const byKey = await call(base, 'POST', '/v1/auth/logout', { key });
    expect([byKey.status, byKey.json.type]).toEqual([403, 'https://sluice.dev/problems/session-required']);
  });

  it('generates the committed typed client (test/generated/api.d.ts) unchanged', async () => {
    // If this fails after a route change, regenerate: npx vitest run packages/server/test/openapi.test.ts -u
    const generated = COMMENT_HEADER + astToString(await openapiTS(JSON.parse(text), { silent: true }));
    expect(generated).toContain('operations["decideEvent"]');
    await expect(generated).toMatchFileSnapshot('./generated/api.d.ts');
  });
});
