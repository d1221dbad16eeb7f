import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { sessions } from '../src/db/schema.js';
import { call, freshDatabase, LANES, seedTenant, type TestDatabase, useServer } from './harness.js';
import { login, NEW_PASSWORD, userSession } from './session.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const START = Date.parse('2025-03-03T09:00:00Z');

/** A policy every role test can save: S6's shape, trimmed to what compiles. */
const POLICY = {
  key: 'routing',
  kind: 'routing',
  name: 'Round robin',
  nodes: [
    { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'rr' }],
};

describe.each(LANES)('editor accounts, sessions and CSRF (%s)', (lane) => {
  let now = START;
  const env = useServer(lane, () => now);

  it('logs in with an HttpOnly SameSite=Strict cookie whose hash alone is stored', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const made = await call(env.server.base, 'POST', '/v1/users', { key, body: { email: 'Ed@Example.com', role: 'editor' } });
    expect(made.status).toBe(201);
    expect(made.json.email).toBe('ed@example.com');
    expect(made.json.mustChangePassword).toBe(true);
    expect(made.json.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const listed = await call(env.server.base, 'GET', '/v1/users', { key });
    expect(JSON.stringify(listed.json)).not.toContain(made.json.password);

    const r = await login(env.server.base, tenantId, 'ED@example.com', made.json.password);
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^sluice_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(r.json.user).toEqual({ id: made.json.id, email: 'ed@example.com', role: 'editor', mustChangePassword: true, createdAt: '2025-03-03T09:00:00.000Z' });
    expect(r.json.expiresAt).toBe('2025-03-03T21:00:00.000Z');
    const stored = await env.tdb.database.db.select().from(sessions).where(eq(sessions.userId, made.json.id));
    expect(stored.map((s) => s.id)).toEqual([createHash('sha256').update(r.session!.cookie).digest('hex')]);
    expect(stored[0]!.csrf).toBe(r.json.csrfToken);
  });

  it('refuses wrong credentials alike, whatever was wrong', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const made = await call(env.server.base, 'POST', '/v1/users', { key, body: { email: 'vi@example.com', role: 'viewer' } });
    for (const [tenant, email, password] of [
      [tenantId, 'vi@example.com', 'wrong password'],
      [tenantId, 'nobody@example.com', made.json.password],
      ['no-such-tenant', 'vi@example.com', made.json.password],
    ]) {
      const r = await login(env.server.base, tenant!, email!, password!);
      expect(r.status).toBe(401);
      expect(r.json.type).toBe('https://sluice.dev/problems/invalid-credentials');
      expect(r.setCookie).toBe('');
    }
  });

  it('a one-time password lets the user do nothing but change it', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const made = await call(env.server.base, 'POST', '/v1/users', { key, body: { email: 'pub@example.com', role: 'publisher' } });
    const { session } = await login(env.server.base, tenantId, 'pub@example.com', made.json.password);
    const blocked = await call(env.server.base, 'GET', '/v1/policies', { headers: session!.headers() });
    expect(blocked.status).toBe(403);
    expect(blocked.json.type).toBe('https://sluice.dev/problems/password-change-required');
    expect(blocked.json.detailZh).toBe('请先修改一次性密码（POST /v1/auth/password）');
    const me = await call(env.server.base, 'GET', '/v1/auth/me', { headers: session!.headers() });
    expect(me.json).toEqual({
      tenantId,
      via: 'session',
      actor: `user:${made.json.id}`,
      scopes: ['edit', 'publish', 'read'],
      user: { id: made.json.id, email: 'pub@example.com', role: 'publisher', mustChangePassword: true, createdAt: '2025-03-03T09:00:00.000Z' },
    });
    const short = await call(env.server.base, 'POST', '/v1/auth/password', {
      headers: session!.headers(),
      body: { currentPassword: made.json.password, newPassword: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.newPassword']);
    const same = await call(env.server.base, 'POST', '/v1/auth/password', {
      headers: session!.headers(),
      body: { currentPassword: made.json.password, newPassword: made.json.password },
    });
    expect(same.status).toBe(422);
    const wrong = await call(env.server.base, 'POST', '/v1/auth/password', {
      headers: session!.headers(),
      body: { currentPassword: 'not it', newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(403);
    const changed = await call(env.server.base, 'POST', '/v1/auth/password', {
      headers: session!.headers(),
      body: { currentPassword: made.json.password, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    expect((await call(env.server.base, 'GET', '/v1/policies', { headers: session!.headers() })).status).toBe(200);
    expect((await login(env.server.base, tenantId, 'pub@example.com', made.json.password)).status).toBe(401);
    expect((await login(env.server.base, tenantId, 'pub@example.com', NEW_PASSWORD)).status).toBe(200);
  });

  it('session writes need the CSRF token; API keys do not', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const { session } = await userSession(env.server.base, key, tenantId, 'ed@example.com', 'editor');
    const none = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { headers: session.headers({ csrf: false }), body: POLICY });
    expect(none.status).toBe(403);
    expect(none.json.type).toBe('https://sluice.dev/problems/csrf');
    const wrong = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { headers: session.headers({ csrf: 'x'.repeat(43) }), body: POLICY });
    expect(wrong.status).toBe(403);
    expect((await call(env.server.base, 'GET', '/v1/policies/routing', { key })).status).toBe(404);
    const right = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { headers: session.headers(), body: POLICY });
    expect(right.status).toBe(201);
    // Reads need no token.
    expect((await call(env.server.base, 'GET', '/v1/policies/routing', { headers: session.headers({ csrf: false }) })).status).toBe(200);
  });

  it('roles: a viewer reads, an editor edits, only a publisher publishes; the log names the person', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const viewer = (await userSession(env.server.base, key, tenantId, 'viewer@example.com', 'viewer')).session;
    const editor = (await userSession(env.server.base, key, tenantId, 'editor@example.com', 'editor')).session;
    const publisher = await userSession(env.server.base, key, tenantId, 'publisher@example.com', 'publisher');

    expect((await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { headers: viewer.headers(), body: POLICY })).status).toBe(403);
    expect((await call(env.server.base, 'PUT', '/v1/reps/wang', { headers: viewer.headers(), body: {} })).status).toBe(403);
    expect((await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { headers: editor.headers(), body: POLICY })).status).toBe(201);
    expect((await call(env.server.base, 'GET', '/v1/policies', { headers: viewer.headers() })).json.policies.map((p: { key: string }) => p.key)).toEqual([
      'routing',
    ]);
    const editorPublish = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { headers: editor.headers(), body: { note: 'go' } });
    expect(editorPublish.status).toBe(403);
    expect(editorPublish.json.title).toBe('This needs the "publish" scope');
    expect((await call(env.server.base, 'GET', '/v1/users', { headers: publisher.session.headers() })).status).toBe(403);
    now = START + 60_000;
    const published = await call(env.server.base, 'POST', '/v1/policies/routing/publish', {
      headers: publisher.session.headers(),
      body: { note: 'reviewed with sales-ops' },
    });
    expect(published.status).toBe(201);
    const log = await call(env.server.base, 'GET', '/v1/policies/routing/log', { headers: viewer.headers() });
    expect(log.json.entries).toEqual([
      {
        version: 1,
        action: 'publish',
        note: 'reviewed with sales-ops',
        actor: `user:${publisher.userId}`,
        email: 'publisher@example.com',
        at: '2025-03-03T09:01:00.000Z',
        // Published with every test case passing (the policy has none): no override.
        override: null,
      },
    ]);
    now = START;
  });

  it('logout ends the session; a password change ends the others', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const { session } = await userSession(env.server.base, key, tenantId, 'ed@example.com', 'editor');
    const second = (await login(env.server.base, tenantId, 'ed@example.com', NEW_PASSWORD)).session!;
    const third = (await login(env.server.base, tenantId, 'ed@example.com', NEW_PASSWORD)).session!;
    expect((await call(env.server.base, 'POST', '/v1/auth/logout', { headers: second.headers() })).status).toBe(204);
    expect((await call(env.server.base, 'GET', '/v1/auth/me', { headers: second.headers() })).status).toBe(401);
    const changed = await call(env.server.base, 'POST', '/v1/auth/password', {
      headers: session.headers(),
      body: { currentPassword: NEW_PASSWORD, newPassword: 'another long password' },
    });
    expect(changed.status).toBe(204);
    expect((await call(env.server.base, 'GET', '/v1/auth/me', { headers: third.headers() })).status).toBe(401);
    expect((await call(env.server.base, 'GET', '/v1/auth/me', { headers: session.headers() })).status).toBe(200);
    // API keys have no password and no session to end.
    expect((await call(env.server.base, 'POST', '/v1/auth/logout', { key })).status).toBe(403);
    expect(
      (await call(env.server.base, 'POST', '/v1/auth/password', { key, body: { currentPassword: 'a', newPassword: 'another long password' } })).status,
    ).toBe(403);
  });

  it('sessions expire after 12 hours', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const { session } = await userSession(env.server.base, key, tenantId, 'ed@example.com', 'editor');
    now = START + 12 * 3600_000 - 1;
    expect((await call(env.server.base, 'GET', '/v1/auth/me', { headers: session.headers() })).status).toBe(200);
    now = START + 12 * 3600_000;
    expect((await call(env.server.base, 'GET', '/v1/auth/me', { headers: session.headers() })).status).toBe(401);
    now = START;
  });

  it('slows guessing with an exponential delay that never exceeds five minutes', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await userSession(env.server.base, key, tenantId, 'admin2@example.com', 'admin');
    let clock = START + 1000 * 3600_000;
    now = clock;
    const attempt = (password: string) => login(env.server.base, tenantId, 'admin2@example.com', password);
    // Failures 1 and 2 cost nothing; the 3rd makes the next attempt wait 1 s, the 4th 2 s.
    expect((await attempt('guess 1')).status).toBe(401);
    expect((await attempt('guess 2')).status).toBe(401);
    expect((await attempt('guess 3')).status).toBe(401);
    const waiting = await attempt(NEW_PASSWORD);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(waiting.json.retryAfterSeconds).toBe(1);
    now = clock += 1000;
    expect((await attempt('guess 4')).status).toBe(401);
    now = clock += 1500;
    const half = await attempt(NEW_PASSWORD);
    expect(half.status).toBe(429);
    expect(half.headers.get('retry-after')).toBe('1');
    now = clock += 500;
    // Right on time, the right password works and the count starts over.
    expect((await attempt(NEW_PASSWORD)).status).toBe(200);
    expect((await attempt('guess 5')).status).toBe(401);
    expect((await attempt('guess 6')).status).toBe(401);

    // A guesser who keeps going: waits 1, 2, 4 … 256 s, then 300 s for ever; the admin gets in after it.
    const waits: number[] = [];
    for (let i = 7; i <= 20; i++) {
      const r = await attempt(`guess ${i}`);
      if (r.status === 429) {
        waits.push(Number(r.headers.get('retry-after')));
        now = clock += Number(r.headers.get('retry-after')) * 1000;
        i--;
        continue;
      }
      expect(r.status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300]);
    now = clock += 299_000;
    expect((await attempt(NEW_PASSWORD)).status).toBe(429);
    now = clock += 1000;
    expect((await attempt(NEW_PASSWORD)).status).toBe(200);
    now = START;
  });

  it('users: admins manage them; the last admin stays; a reset issues a new one-time password', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const admin = await userSession(env.server.base, key, tenantId, 'boss@example.com', 'admin');
    const dup = await call(env.server.base, 'POST', '/v1/users', { key, body: { email: 'BOSS@example.com', role: 'viewer' } });
    expect(dup.status).toBe(409);
    expect((await call(env.server.base, 'DELETE', `/v1/users/${admin.userId}`, { key })).status).toBe(409);
    const demote = await call(env.server.base, 'PATCH', `/v1/users/${admin.userId}`, { headers: admin.session.headers(), body: { role: 'viewer' } });
    expect(demote.status).toBe(409);
    expect(demote.json.detailZh).toBe('这是本租户最后一位管理员，请先指定其他管理员');

    const ed = await userSession(env.server.base, key, tenantId, 'ed@example.com', 'editor');
    expect((await call(env.server.base, 'GET', '/v1/users', { headers: ed.session.headers() })).status).toBe(403);
    const promoted = await call(env.server.base, 'PATCH', `/v1/users/${ed.userId}`, { headers: admin.session.headers(), body: { role: 'admin' } });
    expect(promoted.json.role).toBe('admin');
    // The new role holds at once, on the session already open.
    expect((await call(env.server.base, 'GET', '/v1/users', { headers: ed.session.headers() })).status).toBe(200);
    expect((await call(env.server.base, 'PATCH', `/v1/users/${admin.userId}`, { headers: ed.session.headers(), body: { role: 'viewer' } })).json.role).toBe(
      'viewer',
    );

    const reset = await call(env.server.base, 'PATCH', `/v1/users/${admin.userId}`, { key, body: { resetPassword: true } });
    expect(reset.json.mustChangePassword).toBe(true);
    expect(reset.json.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await call(env.server.base, 'GET', '/v1/auth/me', { headers: admin.session.headers() })).status).toBe(401);
    expect((await login(env.server.base, tenantId, 'boss@example.com', NEW_PASSWORD)).status).toBe(401);
    expect((await login(env.server.base, tenantId, 'boss@example.com', reset.json.password)).json.user.mustChangePassword).toBe(true);

    expect((await call(env.server.base, 'PATCH', `/v1/users/${ed.userId}`, { key, body: {} })).status).toBe(422);
    expect((await call(env.server.base, 'DELETE', `/v1/users/${admin.userId}`, { key })).status).toBe(204);
    expect((await call(env.server.base, 'GET', '/v1/users', { key })).json.users.map((u: { email: string; role: string }) => [u.email, u.role])).toEqual([
      ['ed@example.com', 'admin'],
    ]);
  });

  it('tenants: only a system admin creates them; the new admin gets a one-time password', async () => {
    const system = await seedTenant(env.tdb.database, 'default');
    const other = await seedTenant(env.tdb.database);
    const body = { id: 'northwind', name: 'Northwind 北风', timeZone: 'Asia/Shanghai' };
    const refused = await call(env.server.base, 'POST', '/v1/tenants', { key: other.key, body });
    expect(refused.status).toBe(403);
    expect((await call(env.server.base, 'GET', '/v1/tenants', { key: other.key })).status).toBe(403);
    const made = await call(env.server.base, 'POST', '/v1/tenants', { key: system.key, body });
    expect(made.status).toBe(201);
    expect(made.json).toEqual({
      id: 'northwind',
      name: 'Northwind 北风',
      timeZone: 'Asia/Shanghai',
      createdAt: '2025-03-03T09:00:00.000Z',
      admin: { email: 'admin', password: made.json.admin.password },
    });
    expect(made.json.admin.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await call(env.server.base, 'POST', '/v1/tenants', { key: system.key, body })).status).toBe(409);
    const badZone = await call(env.server.base, 'POST', '/v1/tenants', { key: system.key, body: { id: 'x1', name: 'x', timeZone: 'Mars/Olympus' } });
    expect(badZone.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.timeZone']);

    const first = await login(env.server.base, 'northwind', 'admin', made.json.admin.password);
    expect(first.json.user.mustChangePassword).toBe(true);
    await call(env.server.base, 'POST', '/v1/auth/password', {
      headers: first.session!.headers(),
      body: { currentPassword: made.json.admin.password, newPassword: NEW_PASSWORD },
    });
    const mine = await call(env.server.base, 'GET', '/v1/tenant', { headers: first.session!.headers() });
    expect(mine.json).toEqual({ id: 'northwind', name: 'Northwind 北风', timeZone: 'Asia/Shanghai', createdAt: '2025-03-03T09:00:00.000Z' });
    const renamed = await call(env.server.base, 'PATCH', '/v1/tenant', { headers: first.session!.headers(), body: { timeZone: 'Europe/Berlin' } });
    expect(renamed.json.timeZone).toBe('Europe/Berlin');
    // The northwind admin is no system admin.
    expect((await call(env.server.base, 'GET', '/v1/tenants', { headers: first.session!.headers() })).status).toBe(403);
    const all = await call(env.server.base, 'GET', '/v1/tenants', { key: system.key });
    expect(all.json.tenants.map((t: { id: string }) => t.id)).toContain('northwind');
  });
});

describe.each(LANES)('first start (%s)', (lane) => {
  let tdb: TestDatabase | undefined;
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await tdb?.drop();
  });

  it('prints a one-time admin password that logs in and must be changed', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    const args = ['packages/server/src/main.ts', '--port', '0'];
    if (lane === 'postgres') {
      tdb = await freshDatabase('postgres');
      env.DATABASE_URL = tdb.url;
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'sluice-first-'));
      args.push('--data', dataDir);
    }
    child = spawn(join(ROOT, 'node_modules/.bin/tsx'), args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = await new Promise<string>((res, rej) => {
      let out = '';
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/one-time password \/ 一次性密码: \S+/.test(out)) res(out);
      });
      child!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      child!.once('exit', (code) => rej(new Error(`server exited ${code}: ${out}`)));
    });
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
    const password = /one-time password \/ 一次性密码: (\S+)/.exec(output)![1]!;
    expect(output).toContain('user / 用户名: admin');

    const first = await login(base, 'default', 'admin', password);
    expect(first.status).toBe(200);
    expect(first.json.user.role).toBe('admin');
    expect(first.json.user.mustChangePassword).toBe(true);
    expect((await call(base, 'GET', '/v1/keys', { headers: first.session!.headers() })).status).toBe(403);
    expect((await call(base, 'POST', '/v1/keys', { headers: first.session!.headers(), body: { name: 'crm', scopes: ['decide'] } })).status).toBe(403);
    const changed = await call(base, 'POST', '/v1/auth/password', {
      headers: first.session!.headers(),
      body: { currentPassword: password, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    const key = await call(base, 'POST', '/v1/keys', { headers: first.session!.headers(), body: { name: 'crm', scopes: ['decide'] } });
    expect(key.status).toBe(201);
    expect((await login(base, 'default', 'admin', password)).status).toBe(401);
  }, 120_000);
});
