import { request } from 'node:http';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { createApp } from '../src/app.js';
import { MAX_BODY_BYTES } from '../src/http/body.js';
import { publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Bad input over every endpoint the app registers (found by walking the app, as the isolation
 * test does), sent with a valid admin key: random JSON, wrong types, truncated JSON, oversized
 * and deeply nested bodies, prototype keys, wrong content types, random path parameters and
 * query strings. Every answer is a 2xx (the input happened to be valid) or a 4xx with a
 * problem+json body, never a 5xx, and the server still answers /health after each batch.
 */
const NOW = '2026-03-02T02:00:00.000Z';
const SEED = 20261125;

interface Endpoint {
  method: string;
  route: string;
  params: string[];
  /** Query parameters the OpenAPI document declares for it. */
  query: string[];
  /** Whether it takes a JSON body (the OpenAPI document says so). */
  json: boolean;
}

function endpoints(): Endpoint[] {
  const app = createApp({ database: undefined as never, now: () => 0 });
  const queries = new Map<string, string[]>();
  const jsonBodies = new Set<string>();
  for (const d of app.openAPIRegistry.definitions) {
    if (d.type !== 'route') continue;
    const shape = (d.route.request?.query as { shape?: Record<string, unknown> } | undefined)?.shape;
    const id = `${d.route.method.toUpperCase()} ${d.route.path.replaceAll(/\{(\w+)\}/g, ':$1')}`;
    queries.set(id, Object.keys(shape ?? {}));
    if (d.route.request?.body?.content?.['application/json']) jsonBodies.add(id);
  }
  const seen = new Map<string, Endpoint>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path.startsWith('/editor')) continue;
    const id = `${r.method} ${r.path}`;
    if (seen.has(id)) continue;
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    seen.set(id, { method: r.method, route: r.path, params, query: queries.get(id) ?? [], json: jsonBodies.has(id) });
  }
  return [...seen.values()];
}

const ALL = endpoints();
const WRITES = ALL.filter((e) => e.method !== 'GET');
/** Every write but the dataset file upload, whose body is the file itself and never read as JSON. */
const JSON_WRITES = WRITES.filter((e) => !(e.method === 'PUT' && e.route === '/v1/datasets/:id/files/:kind'));
const WITH_PARAMS = ALL.filter((e) => e.params.length > 0);
const GETS = ALL.filter((e) => e.method === 'GET');

/** Well-formed bodies to break one field at a time; others start from {}. */
const at = NOW;
const TEMPLATES: Record<string, Record<string, unknown>> = {
  'POST /v1/decide': { id: 'fz-ev', type: 'lead.created', at, lead: { id: 'fz-L', createdAt: at } },
  'POST /v1/events': { id: 'fz-ev2', type: 'activity.logged', at, lead: { id: 'fz-L' }, activity: { kind: 'call', repId: 'fz-1' } },
  'PUT /v1/reps/:id': { name: 'Rep', teams: ['ae'], roles: ['AE'], weight: 1, cap: 10 },
  'PUT /v1/teams/:id': { name: 'Team', managerId: 'mgr' },
  'PUT /v1/pools/:id': { name: 'Pool' },
  'PUT /v1/customers/:id': { company: 'Acme' },
  'POST /v1/reps/bulk': { items: [{ id: 'fz-9', teams: ['ae'] }] },
  'POST /v1/teams/bulk': { items: [{ id: 'fz-team' }] },
  'POST /v1/pools/bulk': { items: [{ id: 'fz-pool' }] },
  'POST /v1/customers/bulk': { items: [{ id: 'fz-cust', company: 'Acme' }] },
  // The corpus's round robin (S6), under the key the fuzzed routes use.
  'PUT /v1/policies/:key/draft': { ...(examplePolicy('s06-round-robin') as Record<string, unknown>), key: 'fz-policy' },
  'POST /v1/policies/:key/publish': { note: 'n' },
  'POST /v1/policies/:key/rollback': { version: 1, note: 'n' },
  'POST /v1/pools/:pool/claim': { leadId: 'fz-L', repId: 'fz-1' },
  'POST /v1/leads/:id/release': { repId: 'fz-1', poolId: 'fz-pool', reason: 'r' },
  'POST /v1/leads/:id/assign': { repId: 'fz-1', managerId: 'mgr' },
  'POST /v1/users': { email: 'fz@example.com', role: 'viewer' },
  'PATCH /v1/users/:id': { role: 'viewer' },
  'POST /v1/tenants': { id: 'fz-tenant', name: 'fz' },
  'PATCH /v1/tenant': { name: 'fz' },
  'POST /v1/keys': { name: 'fz', scopes: ['read'] },
  'POST /v1/webhooks': { url: 'http://127.0.0.1:9/hook', eventTypes: ['decision.made'] },
  'POST /v1/auth/login': { tenant: 'fz', email: 'fz@example.com', password: 'x' },
  'POST /v1/auth/password': { currentPassword: 'a', newPassword: 'a brand new password' },
};
const template = (e: Endpoint) => structuredClone(TEMPLATES[`${e.method} ${e.route}`] ?? {});
const fill = (e: Endpoint, values: string[] = []) =>
  e.route.replaceAll(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
    const i = e.params.indexOf(name);
    return values[i] ?? (name === 'n' || name === 'version' ? '1' : 'fz-1');
  });

type Reply = Awaited<ReturnType<typeof call>>;

/** Never a 5xx; an error is problem+json whose status matches the response's. */
function expectWellBehaved(r: Reply, what: string) {
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  if (r.status >= 400) {
    expect(r.headers.get('content-type'), what).toContain('application/problem+json');
    expect(r.json?.status, what).toBe(r.status);
    expect(typeof r.json?.title, what).toBe('string');
  }
}

/** Sends raw text (so truncated JSON and literal "__proto__" keys reach the server as written). */
async function send(base: string, key: string, method: string, path: string, body?: string, contentType = 'application/json'): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = contentType;
  return call(base, method, path, { headers, ...(body !== undefined && method !== 'GET' ? { body } : {}) });
}

/**
 * For bodies the server refuses before reading them (413): it answers early with
 * `connection: close`, and fetch's pooled socket may still be picked for the next request and
 * fail with "other side closed" (a client race, not a server fault), so these get their own.
 */
function sendOnOwnConnection(base: string, key: string, method: string, path: string, body: string): Promise<Reply> {
  const u = new URL(base + path);
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let parsed: any;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, json: parsed, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sets (or adds) one field somewhere in a body. */
function replaceAt(target: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const obj = target !== null && typeof target === 'object' && !Array.isArray(target) ? (target as Record<string, unknown>) : {};
  return { ...obj, [head!]: replaceAt(obj[head!], rest, value) };
}

/** Field paths of a template's objects, to aim a wrong value at. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => fieldPaths(v, [...prefix, k]))];
}

/**
 * NUL characters (U+0000) and lone UTF-16 surrogates are in every generator: PostgreSQL can store
 * neither, so the server refuses them up front (the body guard and the URL guard) with a 400.
 */
const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' });
/** Strings that break naive code, mixed in where a field's value is chosen. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  '🙂',
  '\u202E',
  'x'.repeat(5000),
  '1e309',
  '-0',
  'NaN',
  '2026-02-30T25:61:00Z',
  "'; drop table reps; --",
  '%s%n',
  '../../etc/passwd',
  '<script>',
];
const nasty = fc.constantFrom(...NASTY);
const fieldValue = fc.oneof({ arbitrary: json, weight: 3 }, { arbitrary: nasty, weight: 2 }, { arbitrary: fc.array(nasty, { maxLength: 3 }), weight: 1 });
/** Text PostgreSQL cannot store: a NUL, or a lone surrogate. */
const unstorable = (s: string) => s.includes('\0') || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
const BAD_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', '🙂\ud83d', '\u0000\ud800'];
const tryDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};
/**
 * encodeURIComponent, except that a lone surrogate (which it refuses with a URIError) is written
 * as the three bytes a careless encoder would send for it (%ED%A0%80 for U+D800): not UTF-8.
 */
function encodeAny(s: string): string {
  let out = '';
  for (const ch of s) {
    const cu = ch.charCodeAt(0);
    if (ch.length === 1 && cu >= 0xd800 && cu <= 0xdfff) {
      out += [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}
const pick = <T>(items: T[]) => fc.constantFrom(...items);

describe.each(LANES)('bad input never yields a 5xx (%s)', (lane) => {
  const env = useServer(lane, () => Date.parse(NOW));
  let key = '';
  const healthy = async () => expect((await call(env.server.base, 'GET', '/health')).status).toBe(200);

  beforeAll(async () => {
    const t = await seedTenant(env.tdb.database, 'fz');
    key = t.key;
    await seedRoster(env.tdb.database, t.tenantId, {
      timeZone: 'Asia/Shanghai',
      reps: [{ id: 'fz-1', teams: ['ae'], roles: ['AE'] }],
      teams: [{ id: 'ae', managerId: 'mgr' }],
      pools: [{ id: 'fz-pool' }],
    });
    await publishPolicy(env.tdb.database, t.tenantId, 's06-round-robin');
  }, 60_000);

  it('walks the endpoints', () => {
    const ids = ALL.map((e) => `${e.method} ${e.route}`);
    for (const expected of [
      'POST /v1/decide',
      'PUT /v1/policies/:key/draft',
      'POST /v1/pools/:pool/claim',
      'GET /v1/policies/:key/diff',
      'DELETE /v1/webhooks/:id',
    ])
      expect(ids).toContain(expected);
    expect(WRITES.length).toBeGreaterThanOrEqual(30);
  });

  it('random JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(pick(JSON_WRITES), json, async (e, body) => {
        expectWellBehaved(
          await send(env.server.base, key, e.method, fill(e), JSON.stringify(body)),
          `${e.method} ${e.route} ${JSON.stringify(body).slice(0, 200)}`,
        );
      }),
      { numRuns: 600, seed: SEED },
    );
    await healthy();
  }, 60_000);

  it('one field of a well-formed body replaced by a value of any type, or an unknown field added', async () => {
    await fc.assert(
      fc.asyncProperty(
        pick(JSON_WRITES).chain((e) =>
          fc.tuple(fc.constant(e), pick(fieldPaths(template(e))), fc.option(fc.string({ minLength: 1, maxLength: 8 })), fieldValue),
        ),
        async ([e, path, extra, value]) => {
          const body = replaceAt(template(e), extra ? [...path, extra] : path, value);
          expectWellBehaved(
            await send(env.server.base, key, e.method, fill(e), JSON.stringify(body)),
            `${e.method} ${e.route} ${JSON.stringify(body).slice(0, 200)}`,
          );
        },
      ),
      { numRuns: 800, seed: SEED },
    );
    await healthy();
  }, 60_000);

  it('truncated JSON is a 400 invalid-json', async () => {
    await fc.assert(
      fc.asyncProperty(
        pick(JSON_WRITES).chain((e) => {
          const t = template(e);
          const text = JSON.stringify(Object.keys(t).length ? t : { a: [1, { b: 'c' }] });
          return fc.tuple(fc.constant(e), fc.constant(text), fc.integer({ min: 1, max: text.length - 1 }));
        }),
        async ([e, text, cut]) => {
          const r = await send(env.server.base, key, e.method, fill(e), text.slice(0, cut));
          expectWellBehaved(r, `${e.method} ${e.route} ${text.slice(0, cut)}`);
          // Every proper prefix of a JSON object is unparseable.
          expect(r.status).toBe(400);
          expect(r.json.type).toBe('https://sluice.dev/problems/invalid-json');
        },
      ),
      { numRuns: 150, seed: SEED },
    );
    await healthy();
  }, 60_000);

  it('an empty body is a 400 invalid-json, in both languages, wherever a JSON body is read', async () => {
    const reading = WRITES.filter((e) => e.json);
    let refused = 0;
    for (const e of reading) {
      const r = await send(env.server.base, key, e.method, fill(e), '');
      expectWellBehaved(r, `${e.method} ${e.route} (empty)`);
      // This key may not use a few routes at all (tenant administration): refused before the body is read.
      if (r.status === 403) continue;
      refused++;
      expect([r.status, r.json.type, r.json.detailZh], `${e.method} ${e.route}`).toEqual([
        400,
        'https://sluice.dev/problems/invalid-json',
        expect.stringContaining('JSON'),
      ]);
    }
    expect(refused).toBeGreaterThan(20);
    await healthy();
  }, 60_000);

  it('"__proto__", "constructor" and "prototype" keys anywhere are a 400 naming the path', async () => {
    await fc.assert(
      fc.asyncProperty(
        pick(JSON_WRITES),
        pick(['__proto__', 'constructor', 'prototype']),
        fc.integer({ min: 0, max: 3 }),
        json,
        async (e, bad, depth, value) => {
          // Written as text: an object literal would set the prototype instead of a key.
          const inner = `{${JSON.stringify(bad)}:${JSON.stringify(value)}}`;
          const text = `{"ok":1,${'"n":{'.repeat(depth)}${inner.slice(1, -1)}${'}'.repeat(depth)}}`;
          const r = await send(env.server.base, key, e.method, fill(e), text);
          expectWellBehaved(r, `${e.method} ${e.route} ${text.slice(0, 200)}`);
          expect(r.status).toBe(400);
          expect(r.json.errors[0].path).toBe(`$${'.n'.repeat(depth)}.${bad}`);
        },
      ),
      { numRuns: 150, seed: SEED },
    );
    await healthy();
  }, 60_000);

  it('a NUL character or a lone surrogate in any string or key is a 400 naming the path', async () => {
    await fc.assert(
      fc.asyncProperty(
        pick(JSON_WRITES),
        pick(BAD_TEXT),
        fc.constantFrom('value', 'key', 'array'),
        fc.integer({ min: 0, max: 3 }),
        async (e, bad, where, depth) => {
          // JSON.stringify writes a NUL as \u0000 and a lone surrogate as \ud800: the text is ASCII.
          const inner = where === 'key' ? `${JSON.stringify(bad)}:1` : where === 'array' ? `"k":["fine",${JSON.stringify(bad)}]` : `"k":${JSON.stringify(bad)}`;
          const text = `{"ok":"fine",${'"n":{'.repeat(depth)}${inner}${'}'.repeat(depth)}}`;
          const r = await send(env.server.base, key, e.method, fill(e), text);
          expectWellBehaved(r, `${e.method} ${e.route} ${text}`);
          const at = `$${'.n'.repeat(depth)}${where === 'key' ? `.${bad}` : where === 'array' ? '.k[1]' : '.k'}`;
          expect([r.status, r.json.type, r.json.errors[0].path]).toEqual([400, 'https://sluice.dev/problems/invalid-body', at]);
          expect(r.json.errors[0].message).toContain('contains a NUL character (U+0000) or an unpaired UTF-16 surrogate');
          expect(r.json.errors[0].messageZh).toContain('包含 NUL 字符 (U+0000) 或不成对的 UTF-16 代理项');
        },
      ),
      { numRuns: 150, seed: SEED },
    );
    await healthy();
  }, 60_000);

  it('bodies nested 100 deep are a 400; bodies over 1 MiB are a 413 (every write endpoint)', async () => {
    const deepObject = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    const deepArray = `${'['.repeat(100)}${']'.repeat(100)}`;
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) });
    for (const e of JSON_WRITES) {
      for (const text of [deepObject, deepArray]) {
        const r = await send(env.server.base, key, e.method, fill(e), text);
        expectWellBehaved(r, `${e.method} ${e.route} deep`);
        expect(r.status, `${e.method} ${e.route}`).toBe(400);
        expect(r.json.errors[0].message).toContain('nested deeper than 32 levels');
      }
      const r = await sendOnOwnConnection(env.server.base, key, e.method, fill(e), big);
      expectWellBehaved(r, `${e.method} ${e.route} big`);
      expect(r.status, `${e.method} ${e.route}`).toBe(413);
    }
    await healthy();
  }, 60_000);

  it('bodies that are not application/json are a 415', async () => {
    const types = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/jsonp',
      'text/json',
      'application/octet-stream',
    ];
    await fc.assert(
      fc.asyncProperty(
        pick(JSON_WRITES),
        pick(types),
        fc.oneof(
          fc.string({ minLength: 1 }),
          json.map((v) => JSON.stringify(v)),
        ),
        async (e, type, text) => {
          const r = await send(env.server.base, key, e.method, fill(e), text, type);
          expectWellBehaved(r, `${e.method} ${e.route} ${type}`);
          expect(r.status, `${e.method} ${e.route} ${type}`).toBe(415);
        },
      ),
      { numRuns: 200, seed: SEED },
    );
    await healthy();
  }, 60_000);

  it('random path parameters, raw or percent-encoded', async () => {
    const raw = fc.constantFrom(
      '%',
      '%E0%A4%A',
      '%C0%80',
      '%ED%A0%80',
      '%ZZ',
      '..',
      '.',
      '%2F',
      '%2e%2e',
      'a%20b',
      '%FF%FE',
      '~',
      "'",
      '"',
      '%0A',
      '%00',
      'a%00b',
      '%ED%B0%80',
    );
    const param = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeAny),
      raw,
      nasty.map(encodeAny),
      fc.string({ minLength: 101, maxLength: 400 }).map(encodeAny),
    );
    await fc.assert(
      fc.asyncProperty(
        pick(WITH_PARAMS).chain((e) => fc.tuple(fc.constant(e), fc.array(param, { minLength: e.params.length, maxLength: e.params.length }))),
        async ([e, values]) => {
          const path = fill(e, values);
          const body = e.method === 'GET' ? undefined : JSON.stringify(template(e));
          const r = await send(env.server.base, key, e.method, path, body);
          expectWellBehaved(r, `${e.method} ${path}`);
          // A parameter that does not decode to storable text is refused by the URL guard (unless a
          // "." or ".." next to it made the URL parser drop segments around it).
          const decoded = values.map(tryDecode);
          if (decoded.some((d) => d === undefined || unstorable(d)) && !decoded.some((d) => d === '.' || d === '..')) {
            expect([r.status, r.json?.type], `${e.method} ${path}`).toEqual([400, 'https://sluice.dev/problems/invalid-path']);
            expect(r.json.errors[0].path, `${e.method} ${path}`).toMatch(/^path\[\d+\]$/);
          }
        },
      ),
      { numRuns: 500, seed: SEED },
    );
    await healthy();
  }, 60_000);

  it('random query strings on every read', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer().map(String),
      fc.constantFrom('-1', '0', '1e309', 'NaN', '2026-13-45', '', 'true', '[]', '%', ...BAD_TEXT),
    );
    await fc.assert(
      fc.asyncProperty(
        pick(GETS).chain((e) =>
          fc.tuple(fc.constant(e), fc.array(fc.tuple(fc.oneof(pick(e.query.length ? e.query : ['q']), fc.string({ maxLength: 8 })), value), { maxLength: 4 })),
        ),
        async ([e, pairs]) => {
          const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v === '%' ? '%' : encodeAny(v)}`).join('&');
          const path = `${fill(e)}?${qs}`;
          const r = await send(env.server.base, key, 'GET', path);
          expectWellBehaved(r, `GET ${path}`);
          // The first value that does not decode to storable text is named.
          const bad = pairs.find(([, v]) => v === '%' || unstorable(v));
          if (bad) {
            expect([r.status, r.json?.type, r.json?.errors?.[0]?.path], `GET ${path}`).toEqual([
              400,
              'https://sluice.dev/problems/invalid-query',
              `query.${bad[0]}`,
            ]);
          }
        },
      ),
      { numRuns: 500, seed: SEED },
    );
    await healthy();
  }, 60_000);
});
