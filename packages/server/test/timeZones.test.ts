import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reps } from '../src/db/schema.js';
import { fixedClock, publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z'; // Monday 10:00 in Shanghai
const TYPO = {
  message: 'unknown time zone "Asia/Shangai" — did you mean "Asia/Shanghai"?',
  messageZh: '未知时区 "Asia/Shangai"，是否为 "Asia/Shanghai"？',
};
const WEEKDAYS = [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }];

describe.each(LANES)('time zone names are checked where they enter (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a rep with a misspelt zone is refused, with the path and the nearest real zone; nothing is stored', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const one = await call(env.server.base, 'PUT', '/v1/reps/wang', { key, body: { teams: ['ae'], timeZone: 'Asia/Shangai' } });
    expect(one.status).toBe(422);
    expect(one.headers.get('content-type')).toContain('application/problem+json');
    expect(one.json.errors).toEqual([{ path: '$.timeZone', ...TYPO }]);

    const items = [{ id: 'a' }, { id: 'b', timeZone: 'UTC' }, { id: 'c', timeZone: 'Etc/GMT+8' }, { id: 'd', timeZone: 'Asia/Shangai' }];
    const bulk = await call(env.server.base, 'POST', '/v1/reps/bulk', { key, body: { items } });
    expect(bulk.status).toBe(422);
    expect(bulk.json.errors).toEqual([{ path: '$.items[3].timeZone', ...TYPO }]);
    const stored = await env.tdb.database.db.select({ id: reps.id }).from(reps).where(eq(reps.tenantId, tenantId));
    expect(stored).toEqual([]);

    const fixed = await call(env.server.base, 'POST', '/v1/reps/bulk', {
      key,
      body: { items: items.map((i) => (i.id === 'd' ? { ...i, timeZone: 'Asia/Shanghai' } : i)) },
    });
    expect(fixed.status).toBe(200);
  });

  it('a team has no zone of its own: a zone sent with it is refused, not stored unchecked', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const r = await call(env.server.base, 'PUT', '/v1/teams/ae', { key, body: { name: 'AE', timeZone: 'Asia/Shangai' } });
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(['$']);
    expect(r.json.errors[0].message).toContain('timeZone');
  });

  it('a tenant zone goes through the same check and says the same', async () => {
    const system = await seedTenant(env.tdb.database, 'default');
    const made = await call(env.server.base, 'POST', '/v1/tenants', { key: system.key, body: { id: `tz-${lane}`, name: 'x', timeZone: 'Asia/Shangai' } });
    expect(made.status).toBe(422);
    expect(made.json.errors).toEqual([{ path: '$.timeZone', ...TYPO }]);
    const { key } = await seedTenant(env.tdb.database);
    const patched = await call(env.server.base, 'PATCH', '/v1/tenant', { key, body: { timeZone: 'asia/shanghai' } });
    expect(patched.status).toBe(422);
    expect(patched.json.errors).toEqual([
      {
        path: '$.timeZone',
        message: 'unknown time zone "asia/shanghai" — did you mean "Asia/Shanghai"?',
        messageZh: '未知时区 "asia/shanghai"，是否为 "Asia/Shanghai"？',
      },
    ]);
    expect((await call(env.server.base, 'PATCH', '/v1/tenant', { key, body: { timeZone: 'Asia/Shanghai' } })).json.timeZone).toBe('Asia/Shanghai');
  });

  it('a rep stored with a bad zone before zones were checked is skipped: decide answers 200 and logs it once', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const [bad, good] = [`a-${lane}`, `b-${lane}`];
    await seedRoster(env.tdb.database, tenantId, {
      timeZone: 'Asia/Shanghai',
      // Lane-named reps: a message is logged once per process, and both lanes share this one.
      reps: [bad, good].map((id) => ({ id, teams: ['ae'], timeZone: 'Asia/Shanghai', shifts: WEEKDAYS, cap: 20 })),
    });
    await publishPolicy(env.tdb.database, tenantId, 's06-round-robin', 1);
    // What an older server may have stored: the row as written then, past today's schema.
    await env.tdb.database.db
      .update(reps)
      .set({ data: sql`jsonb_set(${reps.data}, '{timeZone}', '"Asia/Shangai"')` })
      .where(and(eq(reps.tenantId, tenantId), eq(reps.id, bad)));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const owners: string[] = [];
    for (const id of ['L-1', 'L-2']) {
      const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: { id: `ev-${id}`, type: 'lead.created', at: NOW, lead: { id } } });
      expect(r.status).toBe(200);
      const d = r.json.decisions[0];
      owners.push(d.actions[0].repId);
      const rr = d.explanation.visited.find((v: { nodeId: string }) => v.nodeId === 'rr');
      expect(rr.candidates.find((c: { repId: string }) => c.repId === bad)).toEqual({
        repId: bad,
        status: 'skipped',
        reason: 'error',
        detail: { error: 'Invalid time zone specified: Asia/Shangai' },
      });
      expect(d.explanation.warnings).toEqual([expect.objectContaining({ code: 'candidateError', nodeId: 'rr', repId: bad })]);
    }
    expect(owners).toEqual([good, good]);
    const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(bad));
    expect(lines).toEqual([
      `sluice: policy s06-round-robin, node rr: rep ${bad} could not be evaluated and was skipped: Invalid time zone specified: Asia/Shangai / 无法评估销售 ${bad}，已跳过：Invalid time zone specified: Asia/Shangai`,
    ]);
  });
});
