import { examplePolicy } from '@sluice/examples';
import createClient, { type Middleware } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../src/bootstrap.js';
import type { paths } from './generated/api.js';
import { LANES, useServer } from './harness.js';

/**
 * The README's "first five minutes" tour, walked through a client generated from /openapi.json
 * (openapi-typescript types + openapi-fetch), as a CRM developer would: every path, body and answer
 * below is typed by the contract, so `tsc` fails when the document and this tour drift apart.
 */

type PolicyDraft = paths['/v1/policies/{key}/draft']['put']['requestBody']['content']['application/json'];

/** What a browser does with the session cookie; Node's fetch keeps no cookie jar. */
function cookieJar(): Middleware {
  let cookie: string | undefined;
  return {
    onRequest({ request }) {
      if (cookie) request.headers.set('cookie', cookie);
      return request;
    },
    onResponse({ response }) {
      const session = response.headers.getSetCookie().find((c) => c.startsWith('sluice_session='));
      if (session) cookie = session.split(';')[0];
      return response;
    },
  };
}

describe.each(LANES)('the README tour through a generated client (%s)', (lane) => {
  const env = useServer(lane);

  it('logs in, changes the one-time password, makes a key, syncs reps, publishes, decides, retries and lists', async () => {
    const baseUrl = env.server.base;
    // What the first start prints once: the admin's one-time password.
    const admin = await bootstrap(env.tdb.database.db, new Date().toISOString());
    if (!admin) throw new Error('a fresh database must bootstrap an admin');
    const browser = createClient<paths>({ baseUrl });
    browser.use(cookieJar());

    // 1. Log in with the one-time password and change it: nothing else works until then.
    const first = await browser.POST('/v1/auth/login', { body: { tenant: 'default', email: admin.email, password: admin.password } });
    expect(first.response.status).toBe(200);
    expect(first.data?.user.mustChangePassword).toBe(true);
    const blocked = await browser.POST('/v1/keys', { body: { name: 'too-early', scopes: ['read'] }, headers: { 'x-csrf-token': first.data!.csrfToken } });
    expect([blocked.response.status, blocked.error?.type]).toEqual([403, 'https://sluice.dev/problems/password-change-required']);
    const newPassword = 'a long new passphrase';
    const changed = await browser.POST('/v1/auth/password', {
      body: { currentPassword: admin.password, newPassword },
      headers: { 'x-csrf-token': first.data!.csrfToken },
    });
    expect(changed.response.status).toBe(204);
    const again = await browser.POST('/v1/auth/login', { body: { tenant: 'default', email: 'admin', password: newPassword } });
    expect(again.response.status).toBe(200);
    expect(again.data?.user.mustChangePassword).toBe(false);
    const csrf = again.data!.csrfToken;
    expect(csrf).not.toBe(first.data!.csrfToken);

    // 2. An API key for the CRM, shown once.
    const made = await browser.POST('/v1/keys', { body: { name: 'crm', scopes: ['decide', 'read', 'edit', 'publish'] }, headers: { 'x-csrf-token': csrf } });
    expect(made.response.status).toBe(201);
    expect(made.data?.key).toMatch(/^slk_/);
    const crm = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${made.data!.key}` } });

    // 3. Sync reps: all or nothing, errors name the item.
    const synced = await crm.POST('/v1/reps/bulk', {
      body: {
        items: [
          { id: 'ae-1', teams: ['ae'], cap: 20 },
          { id: 'ae-2', teams: ['ae'], cap: 20 },
        ],
      },
    });
    expect(synced.data).toEqual({ count: 2, created: 2, updated: 0 });
    const bad = await crm.POST('/v1/reps/bulk', {
      body: {
        items: [
          { id: 'ae-3', teams: ['ae'], cap: 20 },
          { id: 'ae-4', teams: ['ae'], cap: -1 },
        ],
      },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error?.errors?.map((e) => e.path)).toEqual(['$.items[1].cap']);

    // 4. Save a draft from the examples and publish it with a change note.
    const draft = await crm.PUT('/v1/policies/{key}/draft', {
      params: { path: { key: 's06-round-robin' } },
      body: examplePolicy('s06-round-robin') as PolicyDraft,
    });
    expect(draft.response.status).toBe(201);
    expect(draft.data?.compile).toEqual({ ok: true, errors: [] });
    const published = await crm.POST('/v1/policies/{key}/publish', {
      params: { path: { key: 's06-round-robin' } },
      body: { note: 'round robin across AEs / AE 轮流分配' },
    });
    expect(published.response.status).toBe(201);
    expect(published.data).toMatchObject({ key: 's06-round-robin', version: 1, liveVersion: 1, action: 'publish' });

    // 5. Ask for a decision; a retry of the same event is answered from the record, changing nothing.
    const event = { id: 'ev-1', type: 'lead.created', at: '2026-03-02T10:00:00+08:00', lead: { id: 'L1', region: 'east' } } as const;
    // As the README shows it: an error narrows to the Problem body, else the answer is there.
    const { data, error, response } = await crm.POST('/v1/decide', { body: event });
    if (error) throw new Error(`${error.title}: ${error.errors?.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('idempotent-replayed')).toBeNull();
    const decision = data.decisions[0]!;
    expect(data.eventId).toBe('ev-1');
    expect(decision.policy).toMatchObject({ key: 's06-round-robin', version: 1 });
    expect(decision.actions[0]).toMatchObject({ type: 'assign', leadId: 'L1', repId: 'ae-1' });
    expect(decision.explanation.visited.length).toBeGreaterThan(0);
    const retried = await crm.POST('/v1/decide', { body: event });
    expect(retried.response.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.data).toEqual(data);

    // The audit trail: one decision for the lead, the one made above.
    const listed = await crm.GET('/v1/decisions', { params: { query: { leadId: 'L1' } } });
    expect(listed.response.status).toBe(200);
    expect(listed.data!.decisions.map((d) => d.decisionId)).toEqual([decision.decisionId]);
    const one = await crm.GET('/v1/decisions/{id}', { params: { path: { id: decision.decisionId! } } });
    expect(one.response.status).toBe(200);
  });
});
