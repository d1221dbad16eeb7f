import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../src/db/schema.js';
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from '../src/webhooks/deliver.js';
import { blockedRange, checkWebhookUrl, resolveDeliveryTarget, WebhookTargetError, type Lookup } from '../src/webhooks/target.js';
import { enqueueOutbox, subscribe } from './fixtures.js';
import { call, freshDatabase, LANES, seedTenant, startServer, type TestDatabase, type TestServer } from './harness.js';

/**
 * The SSRF guard: with private targets not allowed (the default), a webhook URL whose host is a
 * loopback, private, link-local or reserved address is refused when it is created, and a name
 * resolving to one is refused before each delivery (a failed attempt, no request). No test here
 * makes an outbound request: only loopback receivers, and names answered by a fake lookup.
 */

/** A receiver on 127.0.0.1 that records what it gets and answers 200. */
async function receiver() {
  const requests: Array<{ headers: IncomingHttpHeaders; body: string; url: string | undefined }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HINT = ' (the server operator can allow private targets with --allow-private-webhooks)';
const HINT_ZH = '（服务器运维人员可用 --allow-private-webhooks 允许内网目标）';
const refusedHost = (host: string, kind: string, kindZh: string) => ({
  path: '$.url',
  message: `the host ${host} is ${kind}; webhooks may not be sent to private or reserved addresses${HINT}`,
  messageZh: `主机 ${host} 是${kindZh}；Webhook 不能发送到内网或保留地址${HINT_ZH}`,
});

/** A lookup answering from a table, counting its calls; a name not in it fails as DNS would. */
function fakeLookup(table: Record<string, Array<{ address: string; family: number }>>) {
  const calls: string[] = [];
  const lookup: Lookup = async (name) => {
    calls.push(name);
    const found = table[name];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return found;
  };
  return { lookup, calls };
}

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('webhook target checks (no database)', () => {
  it('classifies addresses with the range they are in, IPv4-mapped IPv6 as its IPv4 address', () => {
    const kinds: Array<[string, string | undefined]> = [
      ['127.0.0.1', 'a loopback address'],
      ['127.255.255.254', 'a loopback address'],
      ['::1', 'a loopback address'],
      ['::ffff:127.0.0.1', 'a loopback address'],
      ['::ffff:7f00:1', 'a loopback address'],
      ['0.0.0.0', 'an unspecified address'],
      ['::', 'an unspecified address'],
      ['10.1.2.3', 'a private network address'],
      ['172.16.0.1', 'a private network address'],
      ['172.31.255.255', 'a private network address'],
      ['192.168.1.1', 'a private network address'],
      ['100.64.0.1', 'a private network address'],
      ['fd12:3456::1', 'a private network address'],
      ['::ffff:10.0.0.1', 'a private network address'],
      ['169.254.169.254', 'a link-local address'],
      ['fe80::1', 'a link-local address'],
      ['224.0.0.251', 'a multicast address'],
      ['ff02::1', 'a multicast address'],
      ['255.255.255.255', 'a reserved or special-purpose address'],
      ['192.0.2.10', 'a reserved or special-purpose address'],
      ['2001:db8::1', 'a reserved or special-purpose address'],
      ['64:ff9b::a00:1', 'a reserved or special-purpose address'],
      // Public ones, next to the edges of the ranges above.
      ['172.32.0.1', undefined],
      ['172.15.255.255', undefined],
      ['93.184.215.14', undefined],
      ['8.8.8.8', undefined],
      ['::ffff:8.8.8.8', undefined],
      ['2606:4700:4700::1111', undefined],
      ['not an address', undefined],
    ];
    expect(kinds.map(([a]) => [a, blockedRange(a)?.en])).toEqual(kinds);
    expect(blockedRange('169.254.169.254')).toEqual({ en: 'a link-local address', zh: '链路本地地址' });
  });

  it('checkWebhookUrl refuses private IP literals unless allowed, and never resolves a name', () => {
    const refusal = (url: string, allowPrivate = false) => {
      try {
        checkWebhookUrl(url, { allowPrivate });
        return undefined;
      } catch (e) {
        expect(e).toBeInstanceOf(WebhookTargetError);
        return [(e as WebhookTargetError).message, (e as WebhookTargetError).messageZh];
      }
    };
    // The URL parser's spellings of 127.0.0.1 are all the same address.
    expect(refusal('http://0x7f.1/')).toEqual([
      refusedHost('127.0.0.1', 'a loopback address', '回环地址').message,
      refusedHost('127.0.0.1', 'a loopback address', '回环地址').messageZh,
    ]);
    expect(refusal('http://2130706433:8080/')?.[0]).toBe(refusedHost('127.0.0.1', 'a loopback address', '回环地址').message);
    expect(refusal('http://LOCALHOST./x')?.[0]).toBe(
      `the host localhost. is a loopback name; webhooks may not be sent to private or reserved addresses${HINT}`,
    );
    expect(refusal('http://api.localhost/x')?.[1]).toBe(`主机 api.localhost 指向本机回环地址；Webhook 不能发送到内网或保留地址${HINT_ZH}`);
    // Allowed: private addresses with allowPrivate, but never another scheme or credentials.
    expect(refusal('http://127.0.0.1:9/x', true)).toBeUndefined();
    expect(refusal('http://localhost:9/x', true)).toBeUndefined();
    expect(refusal('ftp://127.0.0.1/', true)?.[0]).toBe('the scheme must be http or https, not "ftp"');
    expect(refusal('http://a:b@127.0.0.1/', true)?.[0]).toBe('a user name or password in the URL is not allowed');
    // Names other than localhost pass at creation, resolvable or not.
    expect(refusal('https://hooks.example.invalid/x')).toBeUndefined();
    expect(checkWebhookUrl('https://example.com/hook').hostname).toBe('example.com');
  });

  it('resolveDeliveryTarget refuses localhost (it resolves to loopback) and allows it with allowPrivate', async () => {
    // The real resolver: localhost is answered locally (/etc/hosts), no network needed.
    const refused = await resolveDeliveryTarget('http://localhost:9/x').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(WebhookTargetError);
    const { message, messageZh } = refused as WebhookTargetError;
    const [, address] =
      /^the host localhost resolves to ([0-9a-f:.]+), a loopback address; webhooks may not be sent to private or reserved addresses/.exec(message) ?? [];
    expect(['127.0.0.1', '::1']).toContain(address);
    expect(messageZh).toBe(`主机 localhost 解析为 ${address}（回环地址）；Webhook 不能发送到内网或保留地址${HINT_ZH}`);

    const allowed = await resolveDeliveryTarget('http://localhost:9/x', { allowPrivate: true });
    expect(allowed.host).toBe('localhost');
    expect(allowed.url.port).toBe('9');
    expect(allowed.addresses.length).toBeGreaterThan(0);
    expect(allowed.addresses.map((a) => blockedRange(a.address)?.en)).toEqual(allowed.addresses.map(() => 'a loopback address'));
  });

  it('resolveDeliveryTarget refuses a name when ANY of its addresses is private, and skips DNS for an IP literal', async () => {
    const dns = fakeLookup({
      'mixed.test': [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
      'mapped.test': [{ address: '::ffff:169.254.169.254', family: 6 }],
      'public.test': [
        { address: '2606:4700:4700::1111', family: 6 },
        { address: '93.184.215.14', family: 4 },
      ],
    });
    const lookup = dns.lookup;
    await expect(resolveDeliveryTarget('https://mixed.test/hook', { lookup })).rejects.toThrow(
      `the host mixed.test resolves to 10.0.0.7, a private network address; webhooks may not be sent to private or reserved addresses${HINT}`,
    );
    await expect(resolveDeliveryTarget('https://mapped.test/hook', { lookup })).rejects.toThrow(
      'the host mapped.test resolves to ::ffff:169.254.169.254, a link-local address;',
    );
    const ok = await resolveDeliveryTarget('https://public.test/hook?a=1', { lookup });
    expect([ok.host, ok.url.pathname, ok.url.search, ok.addresses]).toEqual([
      'public.test',
      '/hook',
      '?a=1',
      [
        { address: '2606:4700:4700::1111', family: 6 },
        { address: '93.184.215.14', family: 4 },
      ],
    ]);
    // allowPrivate lets the mixed name through with every address.
    expect((await resolveDeliveryTarget('https://mixed.test/hook', { lookup, allowPrivate: true })).addresses.map((a) => a.address)).toEqual([
      '93.184.215.14',
      '10.0.0.7',
    ]);
    // A failed lookup is an error, not a refusal.
    const missing = await resolveDeliveryTarget('https://nowhere.test/', { lookup }).catch((e: unknown) => e);
    expect([missing instanceof WebhookTargetError, (missing as { code?: string }).code]).toEqual([false, 'ENOTFOUND']);
    const calls = dns.calls.length;
    // IP literals are checked as they are, without DNS.
    await expect(resolveDeliveryTarget('http://[::ffff:127.0.0.1]:8080/', { lookup })).rejects.toThrow('the host ::ffff:7f00:1 is a loopback address;');
    expect((await resolveDeliveryTarget('http://[2606:4700:4700::1111]/', { lookup })).addresses).toEqual([{ address: '2606:4700:4700::1111', family: 6 }]);
    expect(dns.calls.length).toBe(calls);
    expect(dns.calls).toEqual(['mixed.test', 'mapped.test', 'public.test', 'mixed.test', 'nowhere.test']);
  });
});

describe.each(LANES)('webhook targets (%s)', (lane) => {
  let tdb: TestDatabase;
  let server: TestServer;
  let clockMs = T0;
  const now = () => clockMs;
  const workers: WebhookWorker[] = [];

  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    // Private targets are refused, as in a server started without --allow-private-webhooks.
    server = await startServer(tdb.database, now, { allowPrivateWebhooks: false });
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await server?.close();
    await tdb?.drop();
  });

  function worker(options: Partial<WebhookWorkerOptions> = {}) {
    const w = startWebhookWorker({ database: tdb.database, now, ...options });
    workers.push(w);
    return w;
  }

  const enqueue = (tenantId: string, type: string, payload: unknown) => enqueueOutbox(tdb.database, tenantId, type, payload, iso(clockMs));

  /** A subscription written straight into its table, past the creation check. */
  const insertHook = (tenantId: string, url: string) => subscribe(tdb.database, tenantId, ['*'], url);

  async function deliveries(key: string, webhookId: string) {
    const r = await call(server.base, 'GET', `/v1/webhooks/${webhookId}/deliveries`, { key });
    expect(r.status, r.text).toBe(200);
    return r.json.deliveries as Array<{ outboxId: number; attempt: number; status: number | null; ok: boolean; error: string | null; at: string }>;
  }

  it('refuses, at creation, URLs to loopback, private, link-local and other non-public addresses, with the field path', async () => {
    const { key } = await seedTenant(tdb.database);
    const cases: Array<[string, { path: string; message: string; messageZh: string }]> = [
      ['http://127.0.0.1:9/x', refusedHost('127.0.0.1', 'a loopback address', '回环地址')],
      ['http://10.0.0.1/', refusedHost('10.0.0.1', 'a private network address', '内网地址')],
      ['http://169.254.169.254/latest', refusedHost('169.254.169.254', 'a link-local address', '链路本地地址')],
      ['http://[::1]/', refusedHost('::1', 'a loopback address', '回环地址')],
      // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
      ['http://[::ffff:127.0.0.1]/', refusedHost('::ffff:7f00:1', 'a loopback address', '回环地址')],
      ['ftp://example.com/', { path: '$.url', message: 'the scheme must be http or https, not "ftp"', messageZh: '协议必须是 http 或 https，而不是 "ftp"' }],
      [
        'http://user:pw@example.com/',
        { path: '$.url', message: 'a user name or password in the URL is not allowed', messageZh: '网址中不允许包含用户名或密码' },
      ],
      ['http://0.0.0.0:8080/', refusedHost('0.0.0.0', 'an unspecified address', '未指定地址')],
      ['https://172.20.1.2/hook', refusedHost('172.20.1.2', 'a private network address', '内网地址')],
      ['https://192.168.0.10/hook', refusedHost('192.168.0.10', 'a private network address', '内网地址')],
      ['http://[fd00::5]/', refusedHost('fd00::5', 'a private network address', '内网地址')],
      ['http://[fe80::1]/', refusedHost('fe80::1', 'a link-local address', '链路本地地址')],
      ['http://224.0.0.1/', refusedHost('224.0.0.1', 'a multicast address', '组播地址')],
      ['http://0x7f000001/', refusedHost('127.0.0.1', 'a loopback address', '回环地址')],
    ];
    for (const [url, error] of cases) {
      const r = await call(server.base, 'POST', '/v1/webhooks', { key, body: { url, eventTypes: ['*'] } });
      expect(r.status, url).toBe(422);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect([r.json.type, r.json.errors], url).toEqual(['https://sluice.dev/problems/validation-failed', [error]]);
    }
    const localhost = await call(server.base, 'POST', '/v1/webhooks', { key, body: { url: 'http://localhost:8080/hook', eventTypes: ['*'] } });
    expect([localhost.status, localhost.json.errors[0].path, localhost.json.errors[0].message]).toEqual([
      422,
      '$.url',
      `the host localhost is a loopback name; webhooks may not be sent to private or reserved addresses${HINT}`,
    ]);
    expect((await call(server.base, 'GET', '/v1/webhooks', { key })).json.webhooks).toEqual([]);
  });

  it('accepts public URLs at creation without resolving them', async () => {
    const { key } = await seedTenant(tdb.database);
    const urls = [
      'https://example.com/hook',
      'https://hooks.example.invalid/never-resolves',
      'http://93.184.215.14:8443/in',
      'https://[2606:4700:4700::1111]/x',
    ];
    const ids: string[] = [];
    for (const url of urls) {
      const r = await call(server.base, 'POST', '/v1/webhooks', { key, body: { url, eventTypes: ['decision.made'] } });
      expect(r.status, r.text).toBe(201);
      expect(r.json.url).toBe(url);
      ids.push(r.json.id as string);
    }
    const listed = await call(server.base, 'GET', '/v1/webhooks', { key });
    expect(listed.json.webhooks.map((h: { id: string; url: string }) => [h.id, h.url]).sort()).toEqual(ids.map((id, i) => [id, urls[i]]).sort());
  });

  it('refuses, at delivery, a name that resolves to loopback: a failed attempt with no request, retried then given up', async () => {
    clockMs = T0;
    const { tenantId, key } = await seedTenant(tdb.database);
    const rx = await receiver();
    try {
      const hookId = await insertHook(tenantId, `http://localhost:${rx.port}/hooks/sluice`);
      const id = await enqueue(tenantId, 'decision.made', { decisionId: 'd-1' });
      // Private targets are not allowed: the worker's default.
      const w = worker({ maxAttempts: 2 });
      const first = await w.runOnce();
      expect([first.claimed, first.delivered, first.retrying, first.gaveUp]).toEqual([1, 0, 1, 0]);
      expect(rx.requests).toEqual([]);

      clockMs = T0 + 10_000;
      const second = await w.runOnce();
      expect([second.claimed, second.retrying, second.gaveUp]).toEqual([1, 0, 1]);
      expect(rx.requests).toEqual([]);

      const log = await deliveries(key, hookId);
      expect(log.map((d) => [d.outboxId, d.attempt, d.status, d.ok, d.at])).toEqual([
        [id, 2, null, false, iso(T0 + 10_000)],
        [id, 1, null, false, iso(T0)],
      ]);
      for (const d of log) {
        const [, address] =
          /^target refused: the host localhost resolves to ([0-9a-f:.]+), a loopback address; webhooks may not be sent to private or reserved addresses/.exec(
            d.error ?? '',
          ) ?? [];
        expect(['127.0.0.1', '::1'], d.error ?? 'no error').toContain(address);
        expect(d.error).toBe(
          `target refused: the host localhost resolves to ${address}, a loopback address; webhooks may not be sent to private or reserved addresses${HINT} / ` +
            `目标被拒绝：主机 localhost 解析为 ${address}（回环地址）；Webhook 不能发送到内网或保留地址${HINT_ZH}`,
        );
      }
      const [row] = await tdb.database.db.select().from(outbox).where(eq(outbox.id, id));
      expect([row!.attempts, row!.pending, row!.gaveUpAt && iso(Date.parse(row!.gaveUpAt))]).toEqual([2, [hookId], iso(T0 + 10_000)]);

      // The receiver does answer: a worker allowed private targets delivers the next event to it.
      clockMs = T0 + 20_000;
      const next = await enqueue(tenantId, 'decision.made', { decisionId: 'd-2' });
      const allowed = await worker({ allowPrivateWebhooks: true }).runOnce();
      expect([allowed.claimed, allowed.delivered]).toEqual([1, 1]);
      expect(rx.requests.map((r) => [r.url, r.headers['x-sluice-delivery'], r.headers.host])).toEqual([
        ['/hooks/sluice', String(next), `localhost:${rx.port}`],
      ]);
      expect((await deliveries(key, hookId))[0]).toMatchObject({ outboxId: next, attempt: 1, status: 200, ok: true, error: null });
    } finally {
      await rx.close();
    }
  });

  it('connects to the address it checked, not to a fresh lookup of the name, and keeps the name in the Host header', async () => {
    clockMs = T0 + 86_400_000;
    const { tenantId, key } = await seedTenant(tdb.database);
    const rx = await receiver();
    try {
      // `pinned.test` is known only to this lookup: had the request resolved the name again it
      // would have failed. With private targets refused, the same answer is a refusal.
      const dns = fakeLookup({ 'pinned.test': [{ address: '127.0.0.1', family: 4 }] });
      const hookId = await insertHook(tenantId, `http://pinned.test:${rx.port}/in?x=1`);
      const strict = await enqueue(tenantId, 'lead.assigned', { n: 1 });
      const refused = await worker({ lookup: dns.lookup, maxAttempts: 1 }).runOnce();
      expect([refused.claimed, refused.gaveUp, rx.requests.length]).toEqual([1, 1, 0]);
      expect((await deliveries(key, hookId))[0]!.error).toContain('target refused: the host pinned.test resolves to 127.0.0.1, a loopback address;');

      const sent = await enqueue(tenantId, 'lead.assigned', { n: 2 });
      const ok = await worker({ lookup: dns.lookup, allowPrivateWebhooks: true }).runOnce();
      expect([ok.claimed, ok.delivered]).toEqual([1, 1]);
      expect(rx.requests.map((r) => [r.url, r.headers.host, r.headers['x-sluice-delivery'], JSON.parse(r.body).data])).toEqual([
        ['/in?x=1', `pinned.test:${rx.port}`, String(sent), { n: 2 }],
      ]);
      // One lookup per attempt, by the check; none by the connection.
      expect(dns.calls).toEqual(['pinned.test', 'pinned.test']);
      expect((await deliveries(key, hookId)).map((d) => [d.outboxId, d.status, d.error])).toEqual([
        [sent, 200, null],
        [strict, null, expect.stringContaining('target refused')],
      ]);
    } finally {
      await rx.close();
    }
  });
});
