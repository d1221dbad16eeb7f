import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { outbox } from '../src/db/schema.js';
import { claimDue } from '../src/webhooks/claim.js';
import { recordAttempt } from '../src/webhooks/record.js';
import { startWebhookWorker, WEBHOOK_DEFAULTS, type WebhookWorkerOptions } from '../src/webhooks/deliver.js';
import { enqueueOutbox, publishPolicy, seedRoster } from './fixtures.js';
import { call, freshDatabase, LANES, seedTenant, startServer, type TestDatabase, type TestServer } from './harness.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers the n-th request (1-based) with `answer(n)`. */
async function receiver(answer: (n: number) => number | Promise<number> = () => 200) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      void Promise.resolve(answer(requests.length)).then((status) => res.writeHead(status, { 'content-type': 'text/plain' }).end('thanks'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/sluice`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The receiver's side of the signature, written from the documented scheme (not the server's code). */
function signedBy(secret: string, r: Received): boolean {
  const expected =
    'sha256=' +
    createHmac('sha256', secret)
      .update(`${String(r.headers['x-sluice-timestamp'])}.${r.body}`)
      .digest('hex');
  return r.headers['x-sluice-signature'] === expected;
}

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(LANES)('webhooks (%s)', (lane) => {
  let tdb: TestDatabase;
  let server: TestServer;
  // One clock for the API and the workers; every test moves it on by a day so rows never overlap.
  let clockMs = T0;
  const now = () => clockMs;
  const workers: Array<{ stop(): Promise<void> }> = [];
  const extraDatabases: Database[] = [];

  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    server = await startServer(tdb.database, now);
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) await w.stop();
    for (const d of extraDatabases) await d.close();
    await server?.close();
    await tdb?.drop();
  });

  function worker(options: Partial<WebhookWorkerOptions> = {}, database: Database = tdb.database) {
    // The receivers listen on 127.0.0.1: private targets are allowed here (webhookTarget.test.ts checks the refusals).
    const w = startWebhookWorker({ database, now, allowPrivateWebhooks: true, ...options });
    workers.push(w);
    return w;
  }

  async function nextDay() {
    clockMs += 86_400_000;
    return clockMs;
  }

  async function subscribe(key: string, url: string, eventTypes: string[]) {
    const r = await call(server.base, 'POST', '/v1/webhooks', { key, body: { url, eventTypes } });
    expect(r.status, r.text).toBe(201);
    return r.json as { id: string; secret: string; url: string; eventTypes: string[]; createdAt: string };
  }

  const enqueue = (tenantId: string, type: string, payload: unknown) => enqueueOutbox(tdb.database, tenantId, type, payload, iso(clockMs));

  async function deliveries(key: string, webhookId: string) {
    const r = await call(server.base, 'GET', `/v1/webhooks/${webhookId}/deliveries`, { key });
    expect(r.status, r.text).toBe(200);
    return r.json.deliveries as Array<{
      outboxId: number;
      eventType: string;
      attempt: number;
      status: number | null;
      ok: boolean;
      error: string | null;
      at: string;
    }>;
  }

  async function row(id: number) {
    const [r] = await tdb.database.db.select().from(outbox).where(eq(outbox.id, id));
    return r!;
  }

  it('creates a subscription showing the secret once, and delivers a subscribed event once, signed', async () => {
    const t0 = await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    const rx = await receiver();
    try {
      const hook = await subscribe(key, rx.url, ['decision.made']);
      expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(hook.eventTypes).toEqual(['decision.made']);
      const listed = await call(server.base, 'GET', '/v1/webhooks', { key });
      expect(listed.json.webhooks).toEqual([{ id: hook.id, url: rx.url, eventTypes: ['decision.made'], createdAt: iso(t0) }]);
      expect(listed.text).not.toContain(hook.secret);

      const made = await enqueue(tenantId, 'decision.made', { decisionId: 'd-1', leadId: 'L-1' });
      const other = await enqueue(tenantId, 'lead.assigned', { decisionId: 'd-1' });
      const w = worker();
      await w.runOnce();

      expect(rx.requests).toHaveLength(1);
      const [req] = rx.requests;
      expect(req!.headers['x-sluice-event']).toBe('decision.made');
      expect(req!.headers['x-sluice-delivery']).toBe(String(made));
      expect(req!.headers['x-sluice-timestamp']).toBe(String(t0 / 1000));
      expect(req!.headers['content-type']).toBe('application/json');
      expect(signedBy(hook.secret, req!)).toBe(true);
      expect(
        signedBy(
          hook.secret.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')),
          req!,
        ),
      ).toBe(false);
      expect(JSON.parse(req!.body)).toEqual({
        id: String(made),
        type: 'decision.made',
        tenantId,
        createdAt: iso(t0),
        data: { decisionId: 'd-1', leadId: 'L-1' },
      });

      // Nothing is due any more, however late it gets.
      clockMs += 5 * 3_600_000;
      await w.runOnce();
      expect(rx.requests).toHaveLength(1);
      expect(await deliveries(key, hook.id)).toEqual([
        { id: expect.any(Number), outboxId: made, eventType: 'decision.made', attempt: 1, status: 200, ok: true, error: null, at: iso(t0) },
      ]);
      const sent = await row(made);
      expect([sent.deliveredAt && iso(Date.parse(sent.deliveredAt)), sent.pending, sent.attempts, sent.leaseHolder, sent.gaveUpAt]).toEqual([
        iso(t0),
        [],
        1,
        null,
        null,
      ]);
      // An event nobody subscribed to leaves the queue without a request.
      const skipped = await row(other);
      expect([skipped.deliveredAt !== null, skipped.pending, skipped.attempts]).toEqual([true, [], 0]);
    } finally {
      await rx.close();
    }
  });

  it('retries a failing receiver after 10 s then 20 s, logging every attempt', async () => {
    const t0 = await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    const rx = await receiver((n) => (n <= 2 ? 500 : 200));
    try {
      const hook = await subscribe(key, rx.url, ['*']);
      const id = await enqueue(tenantId, 'penalty.applied', { repId: 'ae-1' });
      const w = worker();
      const runAt = async (ms: number) => {
        clockMs = ms;
        return w.runOnce();
      };
      await runAt(t0);
      expect(rx.requests).toHaveLength(1);
      await runAt(t0 + 9_999);
      expect(rx.requests).toHaveLength(1);
      await runAt(t0 + 10_000);
      expect(rx.requests).toHaveLength(2);
      // The second failure doubles the wait: 20 s after the second attempt.
      await runAt(t0 + 29_999);
      expect(rx.requests).toHaveLength(2);
      await runAt(t0 + 30_000);
      expect(rx.requests).toHaveLength(3);
      await runAt(t0 + 10 * 3_600_000);
      expect(rx.requests).toHaveLength(3);

      expect(rx.requests.map((r) => r.headers['x-sluice-delivery'])).toEqual([String(id), String(id), String(id)]);
      expect(rx.requests.map((r) => r.headers['x-sluice-timestamp'])).toEqual([t0 / 1000, t0 / 1000 + 10, t0 / 1000 + 30].map(String));
      expect(rx.requests.every((r) => signedBy(hook.secret, r))).toBe(true);
      const log = await deliveries(key, hook.id);
      expect(log.map((d) => [d.attempt, d.status, d.ok, d.error, d.at])).toEqual([
        [3, 200, true, null, iso(t0 + 30_000)],
        [2, 500, false, 'HTTP 500', iso(t0 + 10_000)],
        [1, 500, false, 'HTTP 500', iso(t0)],
      ]);
      expect((await row(id)).pending).toEqual([]);
    } finally {
      await rx.close();
    }
  });

  it('retries only the subscription that failed', async () => {
    const t0 = await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    const good = await receiver();
    const flaky = await receiver((n) => (n === 1 ? 503 : 204));
    try {
      const a = await subscribe(key, good.url, ['reminder.due']);
      const b = await subscribe(key, flaky.url, ['reminder.due', 'escalation']);
      const id = await enqueue(tenantId, 'reminder.due', { leadId: 'L-9' });
      const w = worker();
      await w.runOnce();
      expect([good.requests.length, flaky.requests.length]).toEqual([1, 1]);
      expect((await row(id)).pending).toEqual([b.id]);
      clockMs = t0 + 10_000;
      await w.runOnce();
      expect([good.requests.length, flaky.requests.length]).toEqual([1, 2]);
      expect(signedBy(a.secret, good.requests[0]!)).toBe(true);
      expect(signedBy(b.secret, flaky.requests[1]!)).toBe(true);
      // Each subscription signs with its own secret.
      expect(signedBy(a.secret, flaky.requests[1]!)).toBe(false);
      expect((await deliveries(key, a.id)).map((d) => [d.attempt, d.status])).toEqual([[1, 200]]);
      expect((await deliveries(key, b.id)).map((d) => [d.attempt, d.status])).toEqual([
        [2, 204],
        [1, 503],
      ]);
      const done = await row(id);
      expect([done.deliveredAt !== null, done.pending, done.gaveUpAt]).toEqual([true, [], null]);
    } finally {
      await good.close();
      await flaky.close();
    }
  });

  it('gives up after the last attempt and keeps the log; an unreachable receiver is logged without a status', async () => {
    const t0 = await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    const rx = await receiver(() => 503);
    const gone = await receiver();
    const goneUrl = gone.url;
    await gone.close();
    try {
      const hook = await subscribe(key, rx.url, ['lead.reclaimed']);
      const dead = await subscribe(key, goneUrl, ['lead.reclaimed']);
      const id = await enqueue(tenantId, 'lead.reclaimed', { leadId: 'L-3' });
      const w = worker({ maxAttempts: 3 });
      for (const at of [t0, t0 + 10_000, t0 + 30_000, t0 + 70_000, t0 + 10 * 3_600_000]) {
        clockMs = at;
        await w.runOnce();
      }
      expect(rx.requests).toHaveLength(3);
      expect((await deliveries(key, hook.id)).map((d) => [d.attempt, d.status, d.at])).toEqual([
        [3, 503, iso(t0 + 30_000)],
        [2, 503, iso(t0 + 10_000)],
        [1, 503, iso(t0)],
      ]);
      const unreachable = await deliveries(key, dead.id);
      expect(unreachable.map((d) => [d.attempt, d.status, d.ok])).toEqual([
        [3, null, false],
        [2, null, false],
        [1, null, false],
      ]);
      expect(unreachable[0]!.error).toMatch(/fetch failed|ECONNREFUSED/);
      const r = await row(id);
      expect([r.gaveUpAt && iso(Date.parse(r.gaveUpAt)), r.deliveredAt !== null, [...(r.pending ?? [])].sort()]).toEqual([
        iso(t0 + 30_000),
        true,
        [hook.id, dead.id].sort(),
      ]);
    } finally {
      await rx.close();
    }
  });

  it('two workers running together deliver every row exactly once, each tenant in outbox id order', async () => {
    await nextDay();
    const rx = await receiver(() => new Promise((resolve) => setImmediate(() => resolve(200))));
    const tenants: Array<{ tenantId: string; ids: number[] }> = [];
    try {
      for (let t = 0; t < 6; t++) {
        const { tenantId, key } = await seedTenant(tdb.database);
        await subscribe(key, rx.url, ['*']);
        const ids: number[] = [];
        for (let i = 0; i < 10; i++) ids.push(await enqueue(tenantId, 'decision.made', { n: i }));
        tenants.push({ tenantId, ids });
      }
      // On PostgreSQL the second worker is another connection pool, as another replica would be.
      let second = tdb.database;
      if (lane === 'postgres') {
        second = await openDatabase({ url: tdb.url! });
        extraDatabases.push(second);
      }
      const w1 = worker({ batchSize: 7 });
      const w2 = worker({ batchSize: 7 }, second);
      let [claimed1, claimed2] = [0, 0];
      for (let round = 0; round < 50 && rx.requests.length < 60; round++) {
        const [s1, s2] = await Promise.all([w1.runOnce(), w2.runOnce()]);
        claimed1 += s1.claimed;
        claimed2 += s2.claimed;
      }
      // Both took a share: six tenants, seven rows a claim, one worker per tenant at a time.
      expect(claimed1).toBeGreaterThan(0);
      expect(claimed2).toBeGreaterThan(0);
      expect(claimed1 + claimed2).toBe(60);
      const seen = rx.requests.map((r) => JSON.parse(r.body) as { id: string; tenantId: string });
      expect(seen.map((s) => Number(s.id)).sort((a, b) => a - b)).toEqual(tenants.flatMap((t) => t.ids).sort((a, b) => a - b));
      for (const t of tenants) expect(seen.filter((s) => s.tenantId === t.tenantId).map((s) => Number(s.id))).toEqual(t.ids);
    } finally {
      await rx.close();
    }
  });

  it('a worker that dies after claiming loses nothing: its lease runs out and another worker delivers, in order', async () => {
    const t0 = await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    const rx = await receiver();
    try {
      const hook = await subscribe(key, rx.url, ['lead.assigned']);
      const first = await enqueue(tenantId, 'lead.assigned', { leadId: 'L-1' });
      // The "dead" worker: it claims and never posts or records.
      const deadClaim = await claimDue(tdb.database.db, { nowMs: t0, leaseMs: WEBHOOK_DEFAULTS.leaseMs, batch: 10, holder: 'dead-worker' });
      expect(deadClaim.events.map((e) => e.id)).toEqual([first]);
      const second = await enqueue(tenantId, 'lead.assigned', { leadId: 'L-2' });

      const w = worker();
      // While the lease holds, neither the claimed row nor the tenant's later one is sent.
      clockMs = t0 + WEBHOOK_DEFAULTS.leaseMs - 1;
      expect((await w.runOnce()).claimed).toBe(0);
      expect(rx.requests).toHaveLength(0);
      clockMs = t0 + WEBHOOK_DEFAULTS.leaseMs;
      await w.runOnce();
      expect(rx.requests.map((r) => r.headers['x-sluice-delivery'])).toEqual([String(first), String(second)]);
      expect(rx.requests.every((r) => signedBy(hook.secret, r))).toBe(true);
      // The dead worker's claim counted as the first attempt.
      expect((await deliveries(key, hook.id)).map((d) => [d.outboxId, d.attempt])).toEqual([
        [second, 1],
        [first, 2],
      ]);
      // Should the "dead" worker come back and report a failure, the row it no longer holds stays delivered.
      const late = await recordAttempt(tdb.database.db, deadClaim, deadClaim.events[0]!, [], clockMs, {
        maxAttempts: 12,
        baseDelayMs: 10_000,
        maxDelayMs: 3_600_000,
      });
      expect(late).toBe('leaseLost');
      expect((await row(first)).deliveredAt).not.toBeNull();
    } finally {
      await rx.close();
    }
  });

  it('hands back, unattempted, the rows it cannot finish before its lease ends', async () => {
    const t0 = await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    // Each request takes 15 s of (injected) time.
    const rx = await receiver(() => {
      clockMs += 15_000;
      return 200;
    });
    try {
      await subscribe(key, rx.url, ['*']);
      const ids = [
        await enqueue(tenantId, 'lead.scored', { n: 1 }),
        await enqueue(tenantId, 'lead.scored', { n: 2 }),
        await enqueue(tenantId, 'lead.scored', { n: 3 }),
      ];
      const w = worker({ leaseMs: 30_000, timeoutMs: 10_000 });
      // Row 1 starts at +0 s, row 2 at +15 s; row 3 at +30 s could outlive the lease (ends +30 s).
      const summary = await w.runOnce();
      expect([summary.claimed, summary.delivered, summary.released]).toEqual([3, 2, 1]);
      expect(rx.requests.map((r) => r.headers['x-sluice-delivery'])).toEqual([String(ids[0]), String(ids[1])]);
      const third = await row(ids[2]!);
      expect([third.attempts, third.leaseHolder, third.leaseUntil, iso(Date.parse(third.nextAttemptAt))]).toEqual([0, null, null, iso(t0 + 30_000)]);
      await w.runOnce();
      expect(rx.requests.map((r) => r.headers['x-sluice-delivery'])).toEqual(ids.map(String));
    } finally {
      await rx.close();
    }
  });

  it('keeps subscriptions and delivery logs inside their tenant', async () => {
    await nextDay();
    const a = await seedTenant(tdb.database);
    const b = await seedTenant(tdb.database);
    const rxA = await receiver();
    const rxB = await receiver();
    try {
      const hookA = await subscribe(a.key, rxA.url, ['*']);
      const hookB = await subscribe(b.key, rxB.url, ['*']);
      const fromA = await enqueue(a.tenantId, 'escalation', { who: 'a' });
      const fromB = await enqueue(b.tenantId, 'escalation', { who: 'b' });
      await worker().runOnce();
      expect(rxA.requests.map((r) => r.headers['x-sluice-delivery'])).toEqual([String(fromA)]);
      expect(rxB.requests.map((r) => r.headers['x-sluice-delivery'])).toEqual([String(fromB)]);

      const listB = await call(server.base, 'GET', '/v1/webhooks', { key: b.key });
      expect(listB.json.webhooks.map((h: { id: string }) => h.id)).toEqual([hookB.id]);
      expect((await call(server.base, 'GET', `/v1/webhooks/${hookA.id}/deliveries`, { key: b.key })).status).toBe(404);
      expect((await deliveries(b.key, hookB.id)).map((d) => d.outboxId)).toEqual([fromB]);
      const del = await call(server.base, 'DELETE', `/v1/webhooks/${hookA.id}`, { key: b.key });
      expect(del.status).toBe(404);
      expect(del.headers.get('content-type')).toContain('application/problem+json');
      expect((await call(server.base, 'GET', '/v1/webhooks', { key: a.key })).json.webhooks.map((h: { id: string }) => h.id)).toEqual([hookA.id]);

      // Subscriptions are an admin's business.
      const reader = await seedTenant(tdb.database, a.tenantId, ['read', 'decide', 'edit', 'publish']);
      expect((await call(server.base, 'GET', '/v1/webhooks', { key: reader.key })).status).toBe(403);
      expect((await call(server.base, 'POST', '/v1/webhooks', { key: reader.key, body: { url: rxA.url, eventTypes: ['*'] } })).status).toBe(403);
      expect((await call(server.base, 'GET', '/v1/webhooks')).status).toBe(401);

      // Deleting removes the subscription and its log; its pending events go nowhere.
      expect((await call(server.base, 'DELETE', `/v1/webhooks/${hookA.id}`, { key: a.key })).status).toBe(204);
      expect((await call(server.base, 'GET', `/v1/webhooks/${hookA.id}/deliveries`, { key: a.key })).status).toBe(404);
      const after = await enqueue(a.tenantId, 'escalation', { who: 'a' });
      await worker().runOnce();
      expect(rxA.requests).toHaveLength(1);
      expect((await row(after)).deliveredAt).not.toBeNull();
    } finally {
      await rxA.close();
      await rxB.close();
    }
  });

  it('runs by itself every intervalMs until stopped', async () => {
    await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    const rx = await receiver();
    try {
      await subscribe(key, rx.url, ['*']);
      const first = await enqueue(tenantId, 'notification', { n: 1 });
      const looping = worker({ intervalMs: 5 });
      await vi.waitFor(() => expect(rx.requests).toHaveLength(1), { timeout: 20_000, interval: 10 });
      await looping.stop();
      expect(rx.requests[0]!.headers['x-sluice-delivery']).toBe(String(first));
      // Stopped: the next event waits for whoever runs next.
      const second = await enqueue(tenantId, 'notification', { n: 2 });
      expect((await row(second)).attempts).toBe(0);
      expect((await worker().runOnce()).claimed).toBe(1);
      expect(rx.requests.map((r) => r.headers['x-sluice-delivery'])).toEqual([String(first), String(second)]);
    } finally {
      await rx.close();
    }
  });

  it('refuses a URL that is not http(s), and unknown event types, with the field path', async () => {
    const { key } = await seedTenant(tdb.database);
    const cases: Array<[unknown, string]> = [
      [{ url: 'ftp://example.com/hook', eventTypes: ['*'] }, '$.url'],
      [{ url: 'javascript:alert(1)', eventTypes: ['*'] }, '$.url'],
      [{ url: 'file:///etc/passwd', eventTypes: ['*'] }, '$.url'],
      [{ url: 'not a url', eventTypes: ['*'] }, '$.url'],
      [{ url: 'https://user:secret@example.com/hook', eventTypes: ['*'] }, '$.url'],
      [{ url: 'https://example.com/hook', eventTypes: ['lead.teleported'] }, '$.eventTypes[0]'],
      [{ url: 'https://example.com/hook', eventTypes: [] }, '$.eventTypes'],
      [{ url: 'https://example.com/hook', eventTypes: ['*'], secret: 'mine' }, '$'],
      [{ eventTypes: ['*'] }, '$.url'],
    ];
    for (const [body, path] of cases) {
      const r = await call(server.base, 'POST', '/v1/webhooks', { key, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const ftp = await call(server.base, 'POST', '/v1/webhooks', { key, body: { url: 'ftp://example.com/hook', eventTypes: ['*'] } });
    expect(ftp.json.errors[0]).toEqual({
      path: '$.url',
      message: 'the scheme must be http or https, not "ftp"',
      messageZh: '协议必须是 http 或 https，而不是 "ftp"',
    });
    expect((await call(server.base, 'GET', '/v1/webhooks', { key })).json.webhooks).toEqual([]);
    // The reference says how the secret is kept and how to check a signature.
    const doc = (await call(server.base, 'GET', '/openapi.json')).json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/deliveries']));
    expect(doc.paths['/v1/webhooks'].post.description).toContain('stored as is');
    expect(doc.paths['/v1/webhooks'].post.description).toContain('HMAC-SHA256(secret, timestamp + "." + raw body)');
  });

  it('delivers what POST /v1/decide wrote to the outbox', async () => {
    await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    await seedRoster(tdb.database, tenantId, 'ae-team');
    await publishPolicy(tdb.database, tenantId, 's06-round-robin', 3);
    const rx = await receiver();
    try {
      const hook = await subscribe(key, rx.url, ['decision.made', 'lead.assigned']);
      const at = iso(clockMs);
      const decided = await call(server.base, 'POST', '/v1/decide', {
        key,
        body: { id: 'ev-wh-1', type: 'lead.created', at, lead: { id: 'L-wh', createdAt: at } },
      });
      expect(decided.status, decided.text).toBe(200);
      const decisionId = decided.json.decisions[0].decisionId as string;
      await worker().runOnce();
      const bodies = rx.requests.map((r) => JSON.parse(r.body) as { type: string; data: { decisionId: string; action?: { repId: string } } });
      expect(bodies.map((b) => [b.type, b.data.decisionId])).toEqual([
        ['decision.made', decisionId],
        ['lead.assigned', decisionId],
      ]);
      expect(bodies[1]!.data.action!.repId).toBe('ae-1');
      expect(rx.requests.every((r) => signedBy(hook.secret, r))).toBe(true);
      expect(Number(rx.requests[1]!.headers['x-sluice-delivery'])).toBeGreaterThan(Number(rx.requests[0]!.headers['x-sluice-delivery']));
    } finally {
      await rx.close();
    }
  });

  it("a decision's deliveries appear in the delivery log with the receiver's HTTP status", async () => {
    const t0 = await nextDay();
    const { tenantId, key } = await seedTenant(tdb.database);
    await seedRoster(tdb.database, tenantId, 'ae-team');
    await publishPolicy(tdb.database, tenantId, 's06-round-robin', 1);
    // The receiver takes decision.made and is down (503) for lead.assigned.
    const rx = await receiver((n) => (JSON.parse(rx.requests[n - 1]!.body).type === 'lead.assigned' ? 503 : 200));
    try {
      const hook = await subscribe(key, rx.url, ['decision.made', 'lead.assigned']);
      expect(await deliveries(key, hook.id)).toEqual([]);
      const decided = await call(server.base, 'POST', '/v1/decide', {
        key,
        body: { id: 'ev-log-1', type: 'lead.created', at: iso(t0), lead: { id: 'L-log', createdAt: iso(t0) } },
      });
      expect(decided.status, decided.text).toBe(200);
      await worker().runOnce();
      expect(rx.requests.map((r) => r.headers['x-sluice-event'])).toEqual(['decision.made', 'lead.assigned']);
      const outboxIds = rx.requests.map((r) => Number(r.headers['x-sluice-delivery']));
      // Newest first: one row per attempt, with the status the receiver answered.
      expect((await deliveries(key, hook.id)).map((d) => [d.outboxId, d.eventType, d.attempt, d.status, d.ok, d.error, d.at])).toEqual([
        [outboxIds[1], 'lead.assigned', 1, 503, false, 'HTTP 503', iso(t0)],
        [outboxIds[0], 'decision.made', 1, 200, true, null, iso(t0)],
      ]);
    } finally {
      await rx.close();
    }
  });
});
