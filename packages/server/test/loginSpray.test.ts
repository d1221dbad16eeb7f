import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { loginThrottle } from '../src/db/schema.js';
import { addressKey } from '../src/routes/auth/address.js';
import { LANES, seedTenant, useTwoReplicas, type TestServer } from './harness.js';
import { NEW_PASSWORD, userSession } from './session.js';

/**
 * Spraying: one client trying many names (a few passwords each) is slowed per client address, on
 * top of the per-name throttle, and the count is shared by replicas. Clients are told apart by
 * their TCP source address: the tests bind to 127.0.0.x on loopback, one address per role.
 */
describe.each(LANES)('login spraying is slowed per client address (%s)', (lane) => {
  const START = Date.parse('2026-03-02T02:00:00Z');
  let now = START;
  const replicas = useTwoReplicas(lane, () => now);

  /** A tenant with one real user, already past the one-time password. */
  async function tenantWithUser() {
    const { key, tenantId } = await seedTenant(replicas.tdb.database);
    await userSession(replicas.a.base, key, tenantId, 'ops@example.com', 'admin');
    return tenantId;
  }
  const spray = (s: TestServer, from: string, tenant: string, i: number) =>
    loginFrom(s, from, { tenant, email: `name-${i}@example.com`, password: 'Winter2026!' });

  it('30 names from one address: 20 are checked, then it waits (429, Retry-After, en + zh); another address still gets in', async () => {
    const tenant = await tenantWithUser();
    const answers = [];
    for (let i = 1; i <= 30; i++) answers.push(await spray(replicas.a, '127.0.0.2', tenant, i));
    expect(answers.map((r) => r.status)).toEqual([...Array<number>(20).fill(401), ...Array<number>(10).fill(429)]);
    const refused = answers[20]!;
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json).toMatchObject({
      type: 'https://sluice.dev/problems/too-many-attempts',
      status: 429,
      title: 'Too many failed logins from your network address; try again in 1 s',
      detailZh: '您所在网络地址的登录失败次数过多，请 1 秒后再试',
      retryAfterSeconds: 1,
    });
    // The address waits whatever it sends, the right password of a real user included.
    expect((await loginFrom(replicas.a, '127.0.0.2', { tenant, email: 'ops@example.com', password: NEW_PASSWORD })).status).toBe(429);

    // Meanwhile the user, at another address, logs in; a typo there is an ordinary 401.
    expect((await loginFrom(replicas.a, '127.0.0.3', { tenant, email: 'ops@example.com', password: 'typo' })).status).toBe(401);
    expect((await loginFrom(replicas.a, '127.0.0.3', { tenant, email: 'ops@example.com', password: NEW_PASSWORD })).status).toBe(200);

    // The sprayer's waits double: 1 s, then 2 s, then 4 s.
    now += 1000;
    expect((await spray(replicas.a, '127.0.0.2', tenant, 31)).status).toBe(401);
    expect((await spray(replicas.a, '127.0.0.2', tenant, 32)).headers['retry-after']).toBe('2');
    now += 2000;
    expect((await spray(replicas.a, '127.0.0.2', tenant, 33)).status).toBe(401);
    expect((await spray(replicas.a, '127.0.0.2', tenant, 34)).headers['retry-after']).toBe('4');
    // The count is kept under the address (IPv4 as it is), next to the names' own.
    const keys = (await replicas.tdb.database.db.select({ key: loginThrottle.key, failures: loginThrottle.failures }).from(loginThrottle)).filter(
      (r) => r.key === 'addr:127.0.0.2',
    );
    expect(keys).toEqual([{ key: 'addr:127.0.0.2', failures: 22 }]);
  });

  it('replicas share the count: names sprayed at both, one by one or all at once', async () => {
    const tenant = await tenantWithUser();
    // One by one, alternating: the 21st is refused whichever replica gets it.
    for (let i = 1; i <= 20; i++) expect((await spray(i % 2 ? replicas.a : replicas.b, '127.0.0.4', tenant, i)).status).toBe(401);
    expect((await spray(replicas.b, '127.0.0.4', tenant, 21)).status).toBe(429);
    expect((await spray(replicas.a, '127.0.0.4', tenant, 22)).status).toBe(429);

    // All at once from a fresh address: counted one by one under the row's lock.
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => spray(i % 2 ? replicas.a : replicas.b, '127.0.0.5', tenant, 100 + i)));
    expect(burst.map((r) => r.status).sort()).toEqual([...Array<number>(20).fill(401), ...Array<number>(10).fill(429)]);
  });

  it('a tenant sprayed from many addresses: each address gets three failures, and a user at a clean address is not slowed', async () => {
    const tenant = await tenantWithUser();
    // As if 300 logins had failed in this tenant a moment ago, from addresses all over.
    const pressure = { failures: 300, lastFailureAt: new Date(now).toISOString() };
    await replicas.tdb.database.db
      .insert(loginThrottle)
      .values({ key: `all:${tenant}`, ...pressure })
      .onConflictDoUpdate({ target: loginThrottle.key, set: pressure });
    for (let i = 1; i <= 3; i++) expect((await spray(replicas.b, '127.0.0.6', tenant, i)).status).toBe(401);
    const refused = await spray(replicas.b, '127.0.0.6', tenant, 4);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    // The tenant's count never makes anyone wait by itself.
    expect((await loginFrom(replicas.a, '127.0.0.7', { tenant, email: 'ops@example.com', password: NEW_PASSWORD })).status).toBe(200);
    // An hour later, the tenant's count has leaked away: 20 failures per address again.
    now += 3_600_000;
    for (let i = 5; i <= 24; i++) expect((await spray(replicas.b, '127.0.0.6', tenant, i)).status).toBe(401);
    expect((await spray(replicas.b, '127.0.0.6', tenant, 25)).status).toBe(429);
  });
});

describe('client addresses', () => {
  it('are IPv4 as they are, and IPv6 by their /64, so a new address per guess gains nothing', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::198.51.100.7')).toBe('64:ff9b:0:0::/64');
  });
});

/** POST /v1/auth/login from a given local address (node:http can bind it; fetch cannot). */
function loginFrom(server: TestServer, from: string, body: { tenant: string; email: string; password: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; json: any }>((resolve, reject) => {
    const req = http.request(
      `${server.base}/v1/auth/login`,
      { method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
