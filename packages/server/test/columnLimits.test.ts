import { describe, expect, it } from 'vitest';
import { INT4 } from '../src/db/limits.js';
import { openLoads, publishPolicy } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Values at the edges of the columns they land in: the last one a column holds is accepted, the
 * first one past it is a 4xx problem+json naming the field (in English and Chinese), never a 500
 * from the database.
 */
const AT = '2026-03-02T02:00:00.000Z';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const q = encodeURIComponent;

type Reply = Awaited<ReturnType<typeof call>>;

/** A 4xx problem+json whose errors name `path`, each error in both languages. */
function expectFieldError(r: Reply, path: string, what: string): void {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, what).toBeLessThan(500);
  expect(r.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
  expect(r.json.detailZh, what).toMatch(/[\u4e00-\u9fff]/);
  const errors = r.json.errors as Array<{ path: string; message: string; messageZh: string }>;
  expect(
    errors.map((e) => e.path),
    what,
  ).toContain(path);
  for (const e of errors) {
    expect(e.message, what).not.toBe('');
    expect(e.messageZh, what).toMatch(/[\u4e00-\u9fff]/);
  }
}

const TOO_BIG = [INT4.max + 1, 3_000_000_000, 2 ** 53, -1, 0];

describe.each(LANES)('column limits at the API (%s)', (lane) => {
  const ctx = useServer(lane, () => Date.parse(AT));

  async function tenantWithPolicy() {
    const t = await seedTenant(ctx.tdb.database);
    await publishPolicy(ctx.tdb.database, t.tenantId, 's06-round-robin', 2);
    return t;
  }

  it('policy version numbers: int4 from 1 in the path, the diff query and the rollback body', async () => {
    const { key } = await tenantWithPolicy();
    const base = '/v1/policies/s06-round-robin';
    // The largest version the column holds is a real lookup (not found), not a refusal.
    expect((await call(ctx.server.base, 'GET', `${base}/versions/${INT4.max}`, { key })).status).toBe(404);
    expect((await call(ctx.server.base, 'GET', `${base}/diff?from=${INT4.max}&to=draft`, { key })).status).toBe(404);
    expect((await call(ctx.server.base, 'POST', `${base}/rollback`, { key, body: { version: INT4.max, note: 'edge' } })).status).toBe(404);
    expect((await call(ctx.server.base, 'GET', `${base}/diff?from=2&to=draft`, { key })).status).toBe(200);
    for (const n of TOO_BIG) {
      expectFieldError(await call(ctx.server.base, 'GET', `${base}/versions/${n}`, { key }), '$.n', `versions/${n}`);
      expectFieldError(await call(ctx.server.base, 'GET', `${base}/diff?from=${n}&to=draft`, { key }), '$.from', `diff from=${n}`);
      expectFieldError(await call(ctx.server.base, 'GET', `${base}/diff?from=draft&to=${n}`, { key }), '$.to', `diff to=${n}`);
      expectFieldError(await call(ctx.server.base, 'POST', `${base}/rollback`, { key, body: { version: n, note: 'edge' } }), '$.version', `rollback ${n}`);
    }
  });

  it("a preview's policyVersion: int4 from 1", async () => {
    const { key } = await tenantWithPolicy();
    const preview = (policyVersion: number) =>
      call(ctx.server.base, 'POST', '/v1/decide', {
        key,
        body: { id: `p-${policyVersion}`, type: 'lead.created', at: AT, lead: { id: 'L-1' }, dryRun: true, policyKey: 's06-round-robin', policyVersion },
      });
    const edge = await preview(INT4.max);
    expect(edge.status).toBe(404);
    expect(edge.json.errors[0].path).toBe('$.policyVersion');
    expect((await preview(2)).status).toBe(200);
    for (const n of TOO_BIG) expectFieldError(await preview(n), '$.policyVersion', `policyVersion ${n}`);
  });

  it("a rep's openLoad: int4 from 0, one or in bulk; a rep at the maximum still takes a lead", async () => {
    const { key, tenantId } = await tenantWithPolicy();
    for (const n of [INT4.max + 1, 3_000_000_000, -1]) {
      expectFieldError(await call(ctx.server.base, 'PUT', '/v1/reps/ae-big', { key, body: { teams: ['ae'], openLoad: n } }), '$.openLoad', `PUT openLoad ${n}`);
      expectFieldError(
        await call(ctx.server.base, 'POST', '/v1/reps/bulk', { key, body: { items: [{ id: 'ae-ok' }, { id: 'ae-big', openLoad: n }] } }),
        '$.items[1].openLoad',
        `bulk openLoad ${n}`,
      );
    }
    const put = await call(ctx.server.base, 'PUT', '/v1/reps/ae-max', { key, body: { teams: ['ae'], roles: ['AE'], openLoad: INT4.max } });
    expect(put.status).toBe(201);
    expect(put.json.openLoad).toBe(INT4.max);
    // The only rep of the team gets the lead: its count saturates at the column's maximum instead of overflowing.
    const decided = await call(ctx.server.base, 'POST', '/v1/decide', { key, body: { id: 'ev-max', type: 'lead.created', at: AT, lead: { id: 'L-max' } } });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.actions).toContainEqual(expect.objectContaining({ type: 'assign', repId: 'ae-max' }));
    expect(await openLoads(ctx.tdb.database, tenantId)).toEqual({ 'ae-max': INT4.max });
  });

  it('decision time filters: instants the engine takes, on the list and on the export before its first byte', async () => {
    const { key } = await tenantWithPolicy();
    const fine = ['9999-12-31T00:00:00Z', '1970-01-01T00:00:00Z', '2026-03-02T10:00:00+14:00', '2026-03-02T10:00:00-14:00', '2026-03-02T10:00:00+15:59'];
    const refused = [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '275760-09-13T00:00:00Z',
      '2026-03-02T10:00:00+16:00',
      '2026-03-02T10:00:00-16:00',
      '2026-03-02T10:00:00+20:00',
      '2026-03-02T10:00:00+24:00',
      '2021-02-29T00:00:00Z',
      '2026-03-02T10:00:00',
    ];
    for (const field of ['from', 'to']) {
      for (const at of fine) {
        const r = await call(ctx.server.base, 'GET', `/v1/decisions?${field}=${q(at)}`, { key });
        expect(r.status, `${field}=${at}`).toBe(200);
        expect(r.json.decisions).toEqual([]);
        const exported = await call(ctx.server.base, 'GET', `/v1/decisions/export?${field}=${q(at)}`, { key });
        expect(exported.status, `export ${field}=${at}`).toBe(200);
      }
      for (const at of refused) {
        expectFieldError(await call(ctx.server.base, 'GET', `/v1/decisions?${field}=${q(at)}`, { key }), `$.${field}`, `${field}=${at}`);
        for (const format of ['jsonl', 'csv']) {
          const r = await call(ctx.server.base, 'GET', `/v1/decisions/export?format=${format}&${field}=${q(at)}`, { key });
          expectFieldError(r, `$.${field}`, `export ${format} ${field}=${at}`);
          expect(r.headers.get('content-disposition')).toBeNull();
        }
      }
    }
  });

  it('decision cursors: decoded and checked before any query, only what the API returned passes', async () => {
    const { key } = await tenantWithPolicy();
    const odd = [
      b64({ at: '0000-01-01T00:00:00Z', id: 1 }),
      b64([]),
      b64('x'),
      b64('"x"'),
      b64('null'),
      b64(['0000-01-01T00:00:00Z', 'd-1']),
      b64(['2021-02-29T00:00:00Z', 'd-1']),
      b64(['Tue, 01 Jan 2030 00:00:00 GMT', 'd-1']),
      b64(['2026-01-01T00:00:00+20:00', 'd-1']),
      b64(['+275760-09-13T00:00:00.000Z', 'd-1']),
      b64(['2026-01-01T00:00:00Z', 1]),
      b64(['2026-01-01T00:00:00Z', '']),
      b64(['2026-01-01T00:00:00Z', 'd'.repeat(201)]),
      b64(['2026-01-01T00:00:00Z', 'd-1', 'extra']),
      'not base64!',
      'WyJ4Il0=',
      'a'.repeat(501),
      '',
    ];
    for (const cursor of odd)
      expectFieldError(await call(ctx.server.base, 'GET', `/v1/decisions?cursor=${q(cursor)}`, { key }), '$.cursor', `cursor ${cursor.slice(0, 40)}`);
    // A cursor of a row stored before instants were bounded (1969) still pages: it is what the column holds.
    for (const at of ['1969-07-20T20:17:00Z', '2026-03-02T10:00:00+08:00', '9999-12-31T23:59:59.999-15:59']) {
      const r = await call(ctx.server.base, 'GET', `/v1/decisions?cursor=${b64([at, 'd-1'])}`, { key });
      expect(r.status, at).toBe(200);
    }
  });

  it('webhook delivery pages: before within the safe int8 of the id column; ids within their column', async () => {
    const { key } = await seedTenant(ctx.tdb.database);
    const hook = await call(ctx.server.base, 'POST', '/v1/webhooks', { key, body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] } });
    expect(hook.status).toBe(201);
    const path = `/v1/webhooks/${hook.json.id}/deliveries`;
    const edge = await call(ctx.server.base, 'GET', `${path}?before=${Number.MAX_SAFE_INTEGER}`, { key });
    expect(edge.status).toBe(200);
    expect(edge.json.deliveries).toEqual([]);
    for (const before of ['9007199254740992', '99999999999999999999', '0', '-1', '1e400']) {
      expectFieldError(await call(ctx.server.base, 'GET', `${path}?before=${before}`, { key }), '$.before', `before=${before}`);
    }
    expectFieldError(await call(ctx.server.base, 'GET', `/v1/webhooks/${'w'.repeat(101)}/deliveries`, { key }), '$.id', 'webhook id 101');
  });

  it('ids in paths: within the key column they are looked up in', async () => {
    const { key } = await seedTenant(ctx.tdb.database);
    expect((await call(ctx.server.base, 'GET', `/v1/reps/${'r'.repeat(200)}`, { key })).status).toBe(404);
    for (const plural of ['reps', 'teams', 'pools', 'customers']) {
      expectFieldError(await call(ctx.server.base, 'GET', `/v1/${plural}/${'r'.repeat(201)}`, { key }), '$.id', `${plural} id 201`);
      expectFieldError(await call(ctx.server.base, 'GET', `/v1/${plural}?after=${'r'.repeat(201)}`, { key }), '$.after', `${plural} after 201`);
    }
    expect((await call(ctx.server.base, 'GET', `/v1/decisions/${'d'.repeat(100)}`, { key })).status).toBe(404);
    expectFieldError(await call(ctx.server.base, 'GET', `/v1/decisions/${'d'.repeat(101)}`, { key }), '$.id', 'decision id 101');
    expectFieldError(await call(ctx.server.base, 'GET', `/v1/decisions?leadId=${'l'.repeat(201)}`, { key }), '$.leadId', 'leadId 201');
    expectFieldError(
      await call(ctx.server.base, 'POST', `/v1/pools/p-1/claim`, { key, body: { leadId: 'l'.repeat(201), repId: 'r-1' } }),
      '$.leadId',
      'claim leadId 201',
    );
  });

  it('event instants: what the columns store, or a field error', async () => {
    const { key } = await tenantWithPolicy();
    for (const at of ['0000-01-01T00:00:00Z', '2026-03-02T10:00:00+20:00', '2026-03-02T10:00:00-16:00']) {
      expectFieldError(
        await call(ctx.server.base, 'POST', '/v1/events', { key, body: { id: `e-${at}`, type: 'lead.created', at, lead: { id: 'L-2' } } }),
        '$.at',
        `event at ${at}`,
      );
      expectFieldError(
        await call(ctx.server.base, 'POST', '/v1/events', {
          key,
          body: { id: `a-${at}`, type: 'activity.logged', at: AT, leadId: 'L-2', activity: { kind: 'call', at } },
        }),
        '$.activity.at',
        `activity at ${at}`,
      );
    }
    const edge = await call(ctx.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'e-edge', type: 'lead.created', at: '2026-03-02T10:00:00+15:59', lead: { id: 'L-3' } },
    });
    expect(edge.status, edge.text).toBe(200);
  });
});
