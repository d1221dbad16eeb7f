import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { dailyCounts, decisions, leads, outbox, ownership, penalties } from '../src/db/schema.js';
import { countRows, fixedClock, ownersCount, seedRoster, subscribe } from './fixtures.js';
import { call, freshDatabase, LANES, seedTenant, startServer, type TestDatabase, type TestServer, useServer } from './harness.js';

// 10:00 on 2026-03-02 in Shanghai, the tenant's zone.
const NOW = '2026-03-02T02:00:00.000Z';
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();

const POOLS = [{ id: 'public' }, { id: 'other' }, { id: 'cooled', coolingDays: 3 }, { id: 'limited', dailyClaimLimit: 3 }, { id: 'capped', ownedCap: 1 }];

/** A tenant with reps r01…r<n>, the pools above, and leads `id → pool` (or owner). */
async function tenant(database: Database, repCount: number, pooled: Record<string, string>, owned: Record<string, string> = {}) {
  const t = await seedTenant(database);
  const reps = Array.from({ length: repCount }, (_, i) => ({ id: `r${String(i + 1).padStart(2, '0')}` }));
  await seedRoster(database, t.tenantId, { timeZone: 'Asia/Shanghai', reps, pools: POOLS });
  const rows = [
    ...Object.entries(pooled).map(([id, poolId]) => ({ tenantId: t.tenantId, id, data: { id, poolId, createdAt: at(-30 * DAY) }, ownerId: null, poolId })),
    ...Object.entries(owned).map(([id, ownerId]) => ({ tenantId: t.tenantId, id, data: { id, ownerId, createdAt: at(-30 * DAY) }, ownerId, poolId: null })),
  ];
  if (rows.length) await database.db.insert(leads).values(rows);
  return t;
}

const claim = (base: string, key: string, pool: string, leadId: string, repId: string) =>
  call(base, 'POST', `/v1/pools/${pool}/claim`, { key, body: { leadId, repId } });

/** A 409 refusal's code, from its problem type. */
const codeOf = (r: { json: any }) =>
  String(r.json?.type ?? '')
    .split('/')
    .pop();

describe.each(LANES)('claims (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  it('a claim gives the lead to the rep, with ownership, daily count, decision record and outbox rows', async () => {
    const { key, tenantId } = await tenant(env.tdb.database, 2, { L1: 'public' });
    await subscribe(env.tdb.database, tenantId);
    const r = await claim(env.server.base, key, 'public', 'L1', 'r01');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      leadId: 'L1',
      repId: 'r01',
      poolId: 'public',
      at: NOW,
      via: 'claimed',
      action: { type: 'assign', leadId: 'L1', repId: 'r01', previousOwnerId: null },
    });
    const [lead] = await env.tdb.database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, 'L1')));
    expect([lead!.ownerId, lead!.poolId]).toEqual(['r01', null]);
    const own = await env.tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
    expect(own.map((o) => [o.leadId, o.repId, o.via, o.to])).toEqual([['L1', 'r01', 'claimed', null]]);
    const days = await env.tdb.database.db.select().from(dailyCounts).where(eq(dailyCounts.tenantId, tenantId));
    expect(days.map((d) => [d.repId, d.day, d.assigned, d.claimed])).toEqual([['r01', '2026-03-02', 1, 1]]);
    const ds = await env.tdb.database.db.select().from(decisions).where(eq(decisions.tenantId, tenantId));
    expect(ds.map((d) => [d.id, d.policyKey, d.leadId, d.repIds])).toEqual([[r.json.decisionId, 'claim', 'L1', ['r01']]]);
    expect((ds[0]!.decision as any).actor).toMatch(/^key:/);
    const box = await env.tdb.database.db.select().from(outbox).where(eq(outbox.tenantId, tenantId));
    expect(box.map((b) => b.type).sort()).toEqual(['decision.made', 'lead.assigned']);
  });

  it('refuses an unknown rep (unknownRep)', async () => {
    const { key } = await tenant(env.tdb.database, 1, { L1: 'public' });
    const r = await claim(env.server.base, key, 'public', 'L1', 'ghost');
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(codeOf(r)).toBe('unknownRep');
    expect(r.json.detail).toBe('rep ghost is not known');
    expect(r.json.detailZh).toBe('未知的销售 ghost');
    expect(r.json.reason).toEqual({ repId: 'ghost' });
  });

  it('answers a pool or a lead that does not exist with 404, as a release does (unknown-pool, unknown-lead)', async () => {
    const { key } = await tenant(env.tdb.database, 1, { L1: 'public' });
    const pool = await claim(env.server.base, key, 'no-such-pool', 'L1', 'r01');
    expect([pool.status, codeOf(pool), pool.json.title, pool.json.detailZh]).toEqual([
      404,
      'unknown-pool',
      'No pool no-such-pool',
      '线索池 no-such-pool 不存在',
    ]);
    expect(pool.headers.get('content-type')).toContain('application/problem+json');
    // Whoever asks: the pool in the URL is checked first.
    expect((await claim(env.server.base, key, 'no-such-pool', 'L1', 'ghost')).status).toBe(404);
    const lead = await claim(env.server.base, key, 'public', 'nope', 'r01');
    expect([lead.status, codeOf(lead), lead.json.title, lead.json.detailZh]).toEqual([404, 'unknown-lead', 'No lead nope', '线索 nope 不存在']);
    // The same as the release route answers.
    const release = await call(env.server.base, 'POST', '/v1/leads/L1/release', { key, body: { repId: 'r01', poolId: 'no-such-pool' } });
    expect([release.status, codeOf(release)]).toEqual([404, 'unknown-pool']);
    // The same through POST /v1/events (a claim.requested naming its pool).
    const viaEvents = await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'claim-nowhere', type: 'claim.requested', at: NOW, leadId: 'L1', repId: 'r01', data: { poolId: 'no-such-pool' } },
    });
    expect([viaEvents.status, codeOf(viaEvents)]).toEqual([404, 'unknown-pool']);
  });

  it('refuses a lead in another pool and an owned lead (notInPool)', async () => {
    const { key } = await tenant(env.tdb.database, 2, { L1: 'other' }, { L2: 'r02' });
    const other = await claim(env.server.base, key, 'public', 'L1', 'r01');
    expect([other.status, codeOf(other), other.json.reason]).toEqual([
      409,
      'notInPool',
      { leadId: 'L1', poolId: 'public', reason: 'otherPool', leadPoolId: 'other' },
    ]);
    expect(other.json.detailZh).toBe('线索 L1 不在线索池 public 中');
    const owned = await claim(env.server.base, key, 'public', 'L2', 'r01');
    expect([owned.status, codeOf(owned), owned.json.reason.reason, owned.json.reason.ownerId]).toEqual([409, 'notInPool', 'owned', 'r02']);
  });

  it('refuses a rep whose claims are suspended (claimSuspended)', async () => {
    const { key, tenantId } = await tenant(env.tdb.database, 1, { L1: 'public' });
    const until = at(DAY);
    await env.tdb.database.db
      .insert(penalties)
      .values({ tenantId, repId: 'r01', data: { repId: 'r01', from: at(-DAY), until, suspendClaims: true, reason: 'hoarding', kind: 'hoarding' }, until });
    const r = await claim(env.server.base, key, 'public', 'L1', 'r01');
    expect([r.status, codeOf(r)]).toEqual([409, 'claimSuspended']);
    expect(r.json.reason).toEqual({ repId: 'r01', until, penaltyKind: 'hoarding', reason: 'hoarding' });
    // 2026-03-03 02:00Z is 10:00 in Shanghai; a reason stored in English only is named by the penalty's kind in Chinese.
    expect(r.json.detailZh).toBe('r01 的领取权限已暂停至 2026-03-03 10:00（囤积线索）');
  });

  it('refuses a former owner within the pool’s cooling period (formerOwnerCooling), via release', async () => {
    const { key, tenantId } = await tenant(env.tdb.database, 2, { L1: 'cooled' });
    expect((await claim(env.server.base, key, 'cooled', 'L1', 'r01')).status).toBe(200);
    const released = await call(env.server.base, 'POST', '/v1/leads/L1/release', { key, body: { repId: 'r01', poolId: 'cooled', reason: 'not my territory' } });
    expect(released.status).toBe(200);
    expect(released.json).toMatchObject({
      via: 'released',
      poolId: 'cooled',
      action: { type: 'toPool', leadId: 'L1', poolId: 'cooled', previousOwnerId: 'r01' },
    });
    const own = await env.tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
    expect(own.map((o) => [o.repId, o.via, o.to ? new Date(o.to).toISOString() : null, o.endReason])).toEqual([['r01', 'claimed', NOW, 'released']]);
    const r = await claim(env.server.base, key, 'cooled', 'L1', 'r01');
    expect([r.status, codeOf(r)]).toEqual([409, 'formerOwnerCooling']);
    expect(r.json.reason).toMatchObject({
      repId: 'r01',
      leadId: 'L1',
      lostAt: NOW,
      endReason: 'released',
      coolingDays: 3,
      coolingUntil: '2026-03-05T02:00:00.000Z',
    });
    // Another rep is not cooling.
    expect((await claim(env.server.base, key, 'cooled', 'L1', 'r02')).status).toBe(200);
  });

  it('refuses a claim past the pool’s daily limit (dailyClaimLimit)', async () => {
    const { key } = await tenant(env.tdb.database, 1, { A: 'limited', B: 'limited', C: 'limited', D: 'limited' });
    for (const id of ['A', 'B', 'C']) expect((await claim(env.server.base, key, 'limited', id, 'r01')).status).toBe(200);
    const r = await claim(env.server.base, key, 'limited', 'D', 'r01');
    expect([r.status, codeOf(r)]).toEqual([409, 'dailyClaimLimit']);
    expect(r.json.reason).toEqual({
      repId: 'r01',
      day: '2026-03-02',
      timeZone: 'Asia/Shanghai',
      claimedToday: 3,
      dailyClaimLimit: 3,
      limit: 3,
      source: 'pool',
    });
    expect(r.json.detailZh).toBe('r01 今天（2026-03-02）已领取 3 条线索；线索池 limited 每人每天最多领取 3 条');
  });

  it('refuses a rep at the pool’s owned cap (ownedCap)', async () => {
    const { key } = await tenant(env.tdb.database, 1, { L1: 'capped' }, { MINE: 'r01' });
    const r = await claim(env.server.base, key, 'capped', 'L1', 'r01');
    expect([r.status, codeOf(r)]).toEqual([409, 'ownedCap']);
    expect(r.json.reason).toEqual({ repId: 'r01', owned: 1, ownedCap: 1, countSigned: true, limit: 1, source: 'pool' });
  });

  it('per-level limits (S9): a pool with limit rows round-trips through PUT, and a junior claim past 2 is refused naming the level', async () => {
    const { key } = await tenant(env.tdb.database, 2, { A: 'levels', B: 'levels', C: 'levels', D: 'levels' });
    const pool = {
      dailyClaimLimit: 10,
      limits: [
        { by: 'level', value: 'junior', label: { en: 'junior', zh: '初级' }, dailyClaimLimit: 2 },
        { by: 'rep', value: 'r02', ownedCap: 50 },
      ],
    };
    expect((await call(env.server.base, 'PUT', '/v1/pools/levels', { key, body: pool })).status).toBe(201);
    expect((await call(env.server.base, 'GET', '/v1/pools/levels', { key })).json).toEqual({ id: 'levels', ...pool });
    const dup = await call(env.server.base, 'PUT', '/v1/pools/levels', { key, body: { limits: [pool.limits[1], pool.limits[1]] } });
    expect(dup.status).toBe(422);
    expect(dup.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.limits[1].value']);
    expect((await call(env.server.base, 'PUT', '/v1/reps/r01', { key, body: { level: 'junior' } })).status).toBe(200);
    for (const id of ['A', 'B']) expect((await claim(env.server.base, key, 'levels', id, 'r01')).status).toBe(200);
    const r = await claim(env.server.base, key, 'levels', 'C', 'r01');
    expect([r.status, codeOf(r)]).toEqual([409, 'dailyClaimLimit']);
    expect(r.json.reason).toEqual({
      repId: 'r01',
      day: '2026-03-02',
      timeZone: 'Asia/Shanghai',
      claimedToday: 2,
      dailyClaimLimit: 2,
      limit: 2,
      source: 'level',
      level: 'junior',
    });
    expect(r.json.detailZh).toBe('r01 今天（2026-03-02）已领取 2 条线索；初级 级别每日最多领取 2 条（线索池 levels）');
    // r02 has no level: the pool's 10 a day applies.
    expect((await claim(env.server.base, key, 'levels', 'C', 'r02')).status).toBe(200);
  });

  it('release by someone who is not the owner is refused; manual assignment records the manager', async () => {
    const { key, tenantId } = await tenant(env.tdb.database, 2, {}, { L1: 'r01' });
    const wrong = await call(env.server.base, 'POST', '/v1/leads/L1/release', { key, body: { repId: 'r02', poolId: 'public' } });
    expect([wrong.status, codeOf(wrong), wrong.json.reason]).toEqual([409, 'notOwner', { leadId: 'L1', repId: 'r02', ownerId: 'r01' }]);
    const r = await call(env.server.base, 'POST', '/v1/leads/L1/assign', { key, body: { repId: 'r02', managerId: 'mgr-1' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ via: 'assigned', repId: 'r02', action: { type: 'assign', repId: 'r02', previousOwnerId: 'r01' } });
    expect(await ownersCount(env.tdb.database, tenantId)).toEqual({ r02: 1 });
    const own = await env.tdb.database.db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
    expect(own.map((o) => [o.repId, o.via])).toEqual([['r02', 'assigned']]);
    const [d] = await env.tdb.database.db.select().from(decisions).where(eq(decisions.tenantId, tenantId));
    expect([d!.policyKey, d!.repIds, (d!.decision as any).managerId, (d!.decision as any).actor.startsWith('key:')]).toEqual([
      'assign',
      ['mgr-1', 'r01', 'r02'],
      'mgr-1',
      true,
    ]);
    const unknown = await call(env.server.base, 'POST', '/v1/leads/L1/assign', { key, body: { repId: 'ghost' } });
    expect([unknown.status, codeOf(unknown)]).toEqual([409, 'unknownRep']);
    const extra = await call(env.server.base, 'POST', '/v1/leads/L1/assign', { key, body: { repId: 'r01', bogus: 1 } });
    expect(extra.status).toBe(422);
  });

  it('a key without the decide scope may not claim', async () => {
    const { tenantId } = await tenant(env.tdb.database, 1, { L1: 'public' });
    const reader = await seedTenant(env.tdb.database, tenantId, ['read']);
    const r = await claim(env.server.base, reader.key, 'public', 'L1', 'r01');
    expect(r.status).toBe(403);
  });

  it('200 simultaneous claims of one lead: exactly one wins, 199 are refused as owned', async () => {
    const { key, tenantId } = await tenant(env.tdb.database, 20, { HOT: 'public' });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => claim(env.server.base, key, 'public', 'HOT', `r${String((i % 20) + 1).padStart(2, '0')}`)),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won.length).toBe(1);
    const lost = results.filter((r) => r.status !== 200);
    expect(lost.map((r) => [r.status, codeOf(r), r.json.reason.reason, r.json.reason.ownerId])).toEqual(
      Array(199).fill([409, 'notInPool', 'owned', won[0]!.json.repId]),
    );
    expect(await ownersCount(env.tdb.database, tenantId)).toEqual({ [won[0]!.json.repId]: 1 });
    expect(await countRows(env.tdb.database, 'ownership', tenantId)).toBe(1);
    expect(await countRows(env.tdb.database, 'decisions', tenantId)).toBe(1);
  }, 120_000);

  it('a daily claim limit reached under concurrency is never exceeded', async () => {
    const pooled = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`P${i}`, 'limited']));
    const { key, tenantId } = await tenant(env.tdb.database, 2, pooled);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => claim(env.server.base, key, 'limited', `P${i}`, i % 2 ? 'r02' : 'r01')));
    expect(results.filter((r) => r.status === 200).length).toBe(6);
    expect(results.filter((r) => r.status === 409 && codeOf(r) === 'dailyClaimLimit').length).toBe(34);
    expect(await ownersCount(env.tdb.database, tenantId)).toEqual({ r01: 3, r02: 3 });
    const days = await env.tdb.database.db.select().from(dailyCounts).where(eq(dailyCounts.tenantId, tenantId));
    expect(days.map((d) => [d.repId, d.claimed]).sort()).toEqual([
      ['r01', 3],
      ['r02', 3],
    ]);
  }, 120_000);
});

// Two servers, each with its own connection pool, on one PostgreSQL: only the database keeps them in step.
describe.each(LANES.filter((l) => l === 'postgres'))('claims on two servers sharing one database (%s)', (lane) => {
  let tdb: TestDatabase;
  let second: Database;
  let servers: TestServer[] = [];
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    second = await openDatabase({ url: tdb.url! });
    servers = [await startServer(tdb.database, fixedClock(NOW)), await startServer(second, fixedClock(NOW))];
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    await second?.close();
    await tdb?.drop();
  });

  it('200 simultaneous claims of one lead split between two servers: exactly one wins', async () => {
    const { key, tenantId } = await tenant(tdb.database, 20, { HOT: 'public' });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => claim(servers[i % 2]!.base, key, 'public', 'HOT', `r${String((i % 20) + 1).padStart(2, '0')}`)),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won.length).toBe(1);
    expect(results.filter((r) => r.status === 409 && codeOf(r) === 'notInPool' && r.json.reason.reason === 'owned').length).toBe(199);
    expect(await countRows(tdb.database, 'ownership', tenantId)).toBe(1);
    expect(await countRows(tdb.database, 'decisions', tenantId)).toBe(1);
  }, 120_000);

  it('the daily limit holds across two servers', async () => {
    const pooled = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`Q${i}`, 'limited']));
    const { key, tenantId } = await tenant(tdb.database, 1, pooled);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => claim(servers[i % 2]!.base, key, 'limited', `Q${i}`, 'r01')));
    expect(results.filter((r) => r.status === 200).length).toBe(3);
    expect(results.filter((r) => codeOf(r) === 'dailyClaimLimit').length).toBe(27);
    expect(await ownersCount(tdb.database, tenantId)).toEqual({ r01: 3 });
  }, 120_000);
});
