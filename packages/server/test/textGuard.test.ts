import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { countRows, fixedClock, publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Text PostgreSQL cannot store — a NUL character (U+0000), or a lone UTF-16 surrogate (JSON's
 * "\ud800"; in a URL its bytes %ED%A0%80 are not UTF-8) — used to reach the database and come back
 * as a 500. The body guard (http/body.ts) and the URL guard (http/pathGuard.ts) now refuse it
 * with a 400 problem+json naming where it is.
 */
const NOW = '2026-03-02T02:00:00.000Z';
const PROBLEMS = 'https://sluice.dev/problems/';
const TEXT_EN = 'contains a NUL character (U+0000) or an unpaired UTF-16 surrogate';
const TEXT_ZH = '包含 NUL 字符 (U+0000) 或不成对的 UTF-16 代理项';
const NOT_UTF8_EN = 'is not valid %-encoded UTF-8';
const NOT_UTF8_ZH = '不是合法的百分号编码 UTF-8';

type Reply = Awaited<ReturnType<typeof call>>;

/** A 400 problem+json of the given type whose one error is at `path`. */
function expectRefused(r: Reply, code: string, path: string) {
  expect(r.status, r.text).toBe(400);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.json.type).toBe(`${PROBLEMS}${code}`);
  expect(r.json.status).toBe(400);
  expect(r.json.errors).toHaveLength(1);
  expect(r.json.errors[0].path).toBe(path);
  // The title is the error's English message; detailZh its Chinese one.
  expect(r.json.title).toBe(r.json.errors[0].message);
  expect(r.json.detailZh).toBe(r.json.errors[0].messageZh);
}

describe.each(LANES)('NUL characters and lone surrogates are a 400, never a 500 (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));
  let key = '';
  let tenantId = '';
  let consoleError: MockInstance<typeof console.error>;

  beforeAll(async () => {
    ({ key, tenantId } = await seedTenant(env.tdb.database));
    await seedRoster(env.tdb.database, tenantId, {
      timeZone: 'Asia/Shanghai',
      reps: [{ id: 'r1', teams: ['ae'], roles: ['AE'] }],
      teams: [{ id: 'ae', managerId: 'mgr' }],
      pools: [{ id: 'public' }],
    });
    await publishPolicy(env.tdb.database, tenantId, 's06-round-robin');
    // The server runs in this process: an internal error would be logged here.
    consoleError = vi.spyOn(console, 'error');
  }, 60_000);
  afterAll(() => {
    consoleError?.mockRestore();
  });

  const decide = (lead: Record<string, unknown>) =>
    call(env.server.base, 'POST', '/v1/decide', {
      key,
      body: { id: `ev-${Math.random()}`, type: 'lead.created', at: NOW, lead: { id: 'L-text', createdAt: NOW, ...lead } },
    });

  describe('JSON bodies', () => {
    it('a NUL in a string value names its path; nothing is stored', async () => {
      const r = await call(env.server.base, 'PUT', '/v1/reps/nul', { key, body: { name: 'a\u0000b', teams: ['ae'] } });
      expectRefused(r, 'invalid-body', '$.name');
      expect(r.json.errors[0]).toEqual({ path: '$.name', message: `the string ${TEXT_EN}`, messageZh: `字符串${TEXT_ZH}` });
      expect((await call(env.server.base, 'GET', '/v1/reps/nul', { key })).status).toBe(404);
    });

    it('a lone high surrogate in a value stored as jsonb (pool name)', async () => {
      expectRefused(await call(env.server.base, 'PUT', '/v1/pools/p-bad', { key, body: { name: '\ud800' } }), 'invalid-body', '$.name');
      expect((await call(env.server.base, 'GET', '/v1/pools/p-bad', { key })).status).toBe(404);
    });

    it('a decision whose lead.company holds a lone surrogate is refused before anything is decided', async () => {
      const before = await countRows(env.tdb.database, 'decisions', tenantId);
      expectRefused(await decide({ company: 'Acme \ud800 Ltd' }), 'invalid-body', '$.lead.company');
      expectRefused(await decide({ company: '\udfff' }), 'invalid-body', '$.lead.company');
      expectRefused(await decide({ company: 'NUL\u0000' }), 'invalid-body', '$.lead.company');
      expect(await countRows(env.tdb.database, 'decisions', tenantId)).toBe(before);
      expect(await countRows(env.tdb.database, 'events', tenantId)).toBe(before);
    });

    it('a bad key names the key itself; array items are named by index', async () => {
      const key1 = await decide({ 'ind\u0000ustry': 'saas' });
      expectRefused(key1, 'invalid-body', '$.lead.ind\u0000ustry');
      expect(key1.json.errors[0].message).toBe(`the key ${TEXT_EN}`);
      expect(key1.json.errors[0].messageZh).toBe(`键名${TEXT_ZH}`);
      expectRefused(await decide({ tags: ['ok', 'x\udc00'] }), 'invalid-body', '$.lead.tags[1]');
      const bulk = await call(env.server.base, 'POST', '/v1/customers/bulk', {
        key,
        body: {
          items: [
            { id: 'c1', company: 'A' },
            { id: 'c2', company: 'B\ud83d' },
          ],
        },
      });
      expectRefused(bulk, 'invalid-body', '$.items[1].company');
      expect(await countRows(env.tdb.database, 'customers', tenantId)).toBe(0);
      // Written as raw JSON text, the escape sequence itself reaches the server.
      const raw = await call(env.server.base, 'PUT', '/v1/teams/t1', { key, body: '{"name":"\\u0000"}' });
      expectRefused(raw, 'invalid-body', '$.name');
    });

    it('well-formed text is untouched: surrogate pairs, other control characters, CJK', async () => {
      const name = '王芳 🙂 \u0001\u001f \u202e';
      const r = await call(env.server.base, 'PUT', '/v1/reps/ok-text', { key, body: { name, teams: ['ae'] } });
      expect(r.status, r.text).toBe(201);
      const got = await call(env.server.base, 'GET', '/v1/reps/ok-text', { key });
      expect([got.status, got.json.name]).toEqual([200, name]);
      const d = await decide({ id: 'L-ok', company: '阿里巴巴 🙂' });
      expect(d.status, d.text).toBe(200);
      expect(d.json.actions.find((a: { type: string }) => a.type === 'assign')).toMatchObject({ leadId: 'L-ok' });
    });
  });

  describe('URL path segments', () => {
    it('%00 in a path parameter names the segment (GET, PUT, DELETE, POST)', async () => {
      const get = await call(env.server.base, 'GET', '/v1/reps/%00', { key });
      expectRefused(get, 'invalid-path', 'path[2]');
      expect(get.json.errors[0]).toEqual({ path: 'path[2]', message: `the path segment "%00" ${TEXT_EN}`, messageZh: `路径段 "%00" ${TEXT_ZH}` });
      expectRefused(await call(env.server.base, 'PUT', '/v1/reps/a%00b', { key, body: { teams: ['ae'] } }), 'invalid-path', 'path[2]');
      expectRefused(await call(env.server.base, 'DELETE', '/v1/webhooks/x%00', { key }), 'invalid-path', 'path[2]');
      expectRefused(await call(env.server.base, 'POST', '/v1/pools/%00/claim', { key, body: { leadId: 'L1', repId: 'r1' } }), 'invalid-path', 'path[2]');
      expectRefused(await call(env.server.base, 'GET', '/v1/policies/s06-round-robin/versions/1%00', { key }), 'invalid-path', 'path[4]');
    });

    it('a lone surrogate (%ED%A0%80) or a malformed %-escape is a 400, not a thrown URIError', async () => {
      for (const [segment, shown] of [
        ['%ED%A0%80', '"%ED%A0%80"'],
        ['%ED%B0%80', '"%ED%B0%80"'],
        ['%', '"%"'],
        ['%ZZ', '"%ZZ"'],
        ['%E0%A4%A', '"%E0%A4%A"'],
        ['%FF%FE', '"%FF%FE"'],
        ['%C0%80', '"%C0%80"'],
      ] as const) {
        const r = await call(env.server.base, 'GET', `/v1/reps/${segment}`, { key });
        expectRefused(r, 'invalid-path', 'path[2]');
        expect(r.json.errors[0].message, segment).toBe(`the path segment ${shown} ${NOT_UTF8_EN} (a malformed %-escape or an unpaired UTF-16 surrogate)`);
        expect(r.json.errors[0].messageZh, segment).toContain(`路径段 ${shown} ${NOT_UTF8_ZH}`);
      }
    });

    it('is checked before authentication and routing: no key, unknown route', async () => {
      expectRefused(await call(env.server.base, 'GET', '/v1/reps/%00'), 'invalid-path', 'path[2]');
      expectRefused(await call(env.server.base, 'GET', '/nowhere/%'), 'invalid-path', 'path[1]');
    });

    it('well-formed escapes still reach the route', async () => {
      const put = await call(env.server.base, 'PUT', '/v1/reps/caf%C3%A9%20%F0%9F%99%82', { key, body: { teams: ['ae'] } });
      expect([put.status, put.json.id]).toEqual([201, 'café 🙂']);
      const get = await call(env.server.base, 'GET', `/v1/reps/${encodeURIComponent('café 🙂')}`, { key });
      expect([get.status, get.json.id]).toEqual([200, 'café 🙂']);
      expect((await call(env.server.base, 'GET', '/v1/reps/no%25such', { key })).status).toBe(404);
    });
  });

  describe('query strings', () => {
    it('a bad value names its parameter; a bad name names its position', async () => {
      const nul = await call(env.server.base, 'GET', '/v1/decisions?leadId=%00', { key });
      expectRefused(nul, 'invalid-query', 'query.leadId');
      expect(nul.json.errors[0]).toEqual({ path: 'query.leadId', message: `the query parameter "%00" ${TEXT_EN}`, messageZh: `查询参数 "%00" ${TEXT_ZH}` });
      expectRefused(await call(env.server.base, 'GET', '/v1/decisions?limit=5&repId=r1%ED%A0%80', { key }), 'invalid-query', 'query.repId');
      expectRefused(await call(env.server.base, 'GET', '/v1/reps?after=%', { key }), 'invalid-query', 'query.after');
      const name = await call(env.server.base, 'GET', '/v1/decisions?limit=5&le%00adId=x', { key });
      expectRefused(name, 'invalid-query', 'query[1]');
      expect(name.json.errors[0].message).toBe(`the name of query parameter "le%00adId" ${TEXT_EN}`);
    });

    it('well-formed values still work (%-escapes, "+" as a space)', async () => {
      const r = await call(env.server.base, 'GET', `/v1/decisions?leadId=L-ok&repId=${encodeURIComponent('王 🙂')}+x`, { key });
      expect([r.status, r.json.decisions]).toEqual([200, []]);
      // Ids after "r0é": just "r1" (in any collation).
      const page = await call(env.server.base, 'GET', '/v1/reps?after=r0%C3%A9', { key });
      expect(page.status).toBe(200);
      expect(page.json.items.map((i: { id: string }) => i.id)).toEqual(['r1']);
    });
  });

  it('the server logged no internal error and still serves', async () => {
    expect(consoleError.mock.calls.filter((c) => c[0] === 'internal error')).toEqual([]);
    expect((await call(env.server.base, 'GET', '/health')).status).toBe(200);
  });
});
