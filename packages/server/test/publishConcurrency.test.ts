import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { policies } from '../src/db/schema.js';
import { ProblemError } from '../src/http/problem.js';
import { liveTransaction } from '../src/routes/policies/live.js';
import { lockPolicies } from '../src/routes/policies/store.js';
import { fixedClock } from './fixtures.js';
import { call, LANES, seedTenant, useServer, useTwoReplicas } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';
const ROUNDS = 8;

/** A routing policy on lead.created: any two of them overlap (same events, no condition telling their leads apart). */
function routing(key: string, name = key): Record<string, unknown> {
  return {
    key,
    kind: 'routing',
    name,
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  };
}

type Reply = Awaited<ReturnType<typeof call>>;

/**
 * Publications that race, sent to two replicas at once: on PostgreSQL each has its own pool, so the
 * two run truly at once; on embedded PGlite (one connection, shared by both) they run one after the
 * other, and every invariant holds the same.
 */
describe.each(LANES)('publications at the same moment (%s)', (lane) => {
  const env = useTwoReplicas(lane, fixedClock(NOW));
  const api = (key: string, method: string, path: string, body?: unknown) => call(env.a.base, method, path, { key, body });
  const onB = (key: string, method: string, path: string, body?: unknown) => call(env.b.base, method, path, { key, body });
  /** Both requests sent together, the first to one replica and the second to the other; neither is ever a server error. */
  async function together(a: (send: typeof api) => Promise<Reply>, b: (send: typeof api) => Promise<Reply>): Promise<[Reply, Reply]> {
    const replies = await Promise.all([a(api), b(onB)]);
    for (const r of replies) expect(r.status, r.text).toBeLessThan(500);
    return replies;
  }
  const live = async (key: string, policy: string) => (await api(key, 'GET', `/v1/policies/${policy}`)).json.liveVersion as number | null;
  const log = async (key: string, policy: string) =>
    (await api(key, 'GET', `/v1/policies/${policy}/log`)).json.entries.map((e: any) => `${e.action}:${e.version}:${e.note}`) as string[];

  it('A withdrawing B and B withdrawing A, published at once: no deadlock, no 5xx, one of the two live and the logs say how', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { key } = await seedTenant(env.tdb.database);
      for (const p of ['alpha', 'beta']) await api(key, 'PUT', `/v1/policies/${p}/draft`, routing(p));
      expect((await api(key, 'POST', '/v1/policies/alpha/publish', { note: 'a1' })).status).toBe(201);
      const both = await api(key, 'POST', '/v1/policies/beta/publish', { note: 'b1', override: { reason: 'both live until the swap' } });
      expect(both.status, both.text).toBe(201);

      const [a, b] = await together(
        (send) => send(key, 'POST', '/v1/policies/alpha/publish', { note: 'a2', withdraw: ['beta'] }),
        (send) => send(key, 'POST', '/v1/policies/beta/publish', { note: 'b2', withdraw: ['alpha'] }),
      );
      // Each may only succeed or be refused as a conflict (409 publish-conflict, never a 5xx).
      for (const r of [a, b]) {
        if (r.status !== 201) {
          expect(r.status, r.text).toBe(409);
          expect(r.json.type).toBe('https://sluice.dev/problems/publish-conflict');
        }
      }
      const liveNow = { alpha: await live(key, 'alpha'), beta: await live(key, 'beta') };
      // Never both: a publication takes the other offline in its own transaction.
      expect(Object.values(liveNow).filter((v) => v !== null)).toHaveLength(1);
      const last = liveNow.alpha !== null ? 'alpha' : 'beta';
      const [winner, other] = last === 'alpha' ? [a, b] : [b, a];
      expect(winner.status, winner.text).toBe(201);
      expect(winner.json).toMatchObject({ version: 2, liveVersion: 2 });
      if (other.status === 201) {
        // Serialised: the other went first (took this one offline), then this one took it offline in turn.
        expect(winner.json.withdrawn).toEqual([{ key: last === 'alpha' ? 'beta' : 'alpha', version: 2 }]);
        expect(other.json.withdrawn).toEqual([{ key: last, version: 1 }]);
        const [w, o] = last === 'alpha' ? ['a', 'b'] : ['b', 'a'];
        const wKey = last;
        const oKey = last === 'alpha' ? 'beta' : 'alpha';
        expect(await log(key, wKey)).toEqual([
          `publish:1:${w}1`,
          `withdraw:1:Replaced by "${oKey}" version 2: ${o}2 / 由“${oKey}”版本 2 替代：${o}2`,
          `publish:2:${w}2`,
        ]);
        expect(await log(key, oKey)).toEqual([
          `publish:1:${o}1`,
          `publish:2:${o}2`,
          `withdraw:2:Replaced by "${wKey}" version 2: ${w}2 / 由“${wKey}”版本 2 替代：${w}2`,
        ]);
      } else {
        // Refused as a conflict: it changed nothing.
        expect(winner.json.withdrawn).toEqual([{ key: last === 'alpha' ? 'beta' : 'alpha', version: 1 }]);
        expect((await api(key, 'GET', `/v1/policies/${last === 'alpha' ? 'beta' : 'alpha'}/versions`)).json.versions).toHaveLength(1);
      }
    }
  }, 120_000);

  it('two overlapping routing policies published at once: exactly one goes live, the other is refused with 409 routing-overlap naming it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { key } = await seedTenant(env.tdb.database);
      for (const p of ['alpha', 'beta']) await api(key, 'PUT', `/v1/policies/${p}/draft`, routing(p, `Routing ${p}`));
      const [a, b] = await together(
        (send) => send(key, 'POST', '/v1/policies/alpha/publish', { note: 'a' }),
        (send) => send(key, 'POST', '/v1/policies/beta/publish', { note: 'b' }),
      );
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const [won, lost, wonKey, lostKey] = a.status === 201 ? [a, b, 'alpha', 'beta'] : [b, a, 'beta', 'alpha'];
      expect(won.json).toMatchObject({ key: wonKey, liveVersion: 1 });
      expect(lost.json.type, lost.text).toBe('https://sluice.dev/problems/routing-overlap');
      // The refused one saw the other as live: named with its version, the shared events and the run order.
      expect(lost.json.overlaps).toEqual([{ key: wonKey, name: `Routing ${wonKey}`, version: 1, events: ['lead.created'], runsLast: 'beta' }]);
      expect(await live(key, wonKey)).toBe(1);
      expect(await live(key, lostKey)).toBeNull();
      expect((await api(key, 'GET', `/v1/policies/${lostKey}/versions`)).json.versions).toEqual([]);
      expect(await log(key, lostKey)).toEqual([]);
    }
  }, 120_000);

  it('a rollback and a publication of two overlapping routing policies at once: exactly one goes live', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { key } = await seedTenant(env.tdb.database);
      for (const p of ['alpha', 'beta']) await api(key, 'PUT', `/v1/policies/${p}/draft`, routing(p, `Routing ${p}`));
      expect((await api(key, 'POST', '/v1/policies/alpha/publish', { note: 'a1' })).status).toBe(201);
      expect((await api(key, 'POST', '/v1/policies/alpha/withdraw', { note: 'pause' })).status).toBe(200);
      const [back, pub] = await together(
        (send) => send(key, 'POST', '/v1/policies/alpha/rollback', { version: 1, note: 'resume' }),
        (send) => send(key, 'POST', '/v1/policies/beta/publish', { note: 'b' }),
      );
      // Whichever went first is live; the other saw it and was refused.
      expect([
        [200, 409],
        [409, 201],
      ]).toContainEqual([back.status, pub.status]);
      const refused = back.status === 409 ? back : pub;
      expect(refused.json.type, refused.text).toBe('https://sluice.dev/problems/routing-overlap');
      const first = back.status === 200 ? 'alpha' : 'beta';
      expect(refused.json.overlaps).toEqual([{ key: first, name: `Routing ${first}`, version: 1, events: ['lead.created'], runsLast: 'beta' }]);
      const liveNow = [await live(key, 'alpha'), await live(key, 'beta')];
      expect(liveNow.filter((v) => v !== null)).toEqual([1]);
      expect(liveNow[0] !== null).toBe(back.status === 200);
    }
  }, 120_000);
});

/**
 * The lock order leaves no cycle among publications, rollbacks and withdrawals; should PostgreSQL
 * still give one up (here two transactions are made to lock two policies in opposite orders), the
 * client hears 409 publish-conflict, not a server error, and nothing of the loser is written.
 */
if (LANES.includes('postgres')) {
  describe('a deadlock that happens all the same (postgres)', () => {
    const env = useServer('postgres', fixedClock(NOW));

    it('is answered 409 publish-conflict naming the policies in both languages; the other transaction commits', async () => {
      const { key, tenantId } = await seedTenant(env.tdb.database);
      for (const p of ['alpha', 'beta']) {
        expect((await call(env.server.base, 'PUT', `/v1/policies/${p}/draft`, { key, body: routing(p) })).status).toBe(201);
      }
      const db = env.tdb.database.db;
      let arrived = 0;
      let release!: () => void;
      const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
      const opposite = (first: string, second: string) =>
        liveTransaction(db, [first, second], async (tx) => {
          await lockPolicies(tx, tenantId, [first]);
          if (++arrived === 2) release();
          await bothHoldOne;
          await lockPolicies(tx, tenantId, [second]);
          await tx
            .update(policies)
            .set({ name: `renamed by ${first}` })
            .where(and(eq(policies.tenantId, tenantId), eq(policies.key, second)));
          return first;
        });
      const settled = await Promise.allSettled([opposite('alpha', 'beta'), opposite('beta', 'alpha')]);
      const won = settled.filter((r): r is PromiseFulfilledResult<string> => r.status === 'fulfilled').map((r) => r.value);
      const lost = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const [first, second] = won[0] === 'alpha' ? ['beta', 'alpha'] : ['alpha', 'beta'];
      expect(lost[0]).toBeInstanceOf(ProblemError);
      expect(lost[0]).toMatchObject({
        status: 409,
        code: 'publish-conflict',
        title: `Another publication, rollback or withdrawal changed these policies at the same time ("${first}", "${second}"): nothing was changed; try again`,
        extra: { detailZh: `另一项发布、回滚或下线同时修改了这些策略（“${first}”、“${second}”）：本次未做任何更改，请重试`, policies: [first, second] },
      });
      const names = await db.select({ key: policies.key, name: policies.name }).from(policies).where(eq(policies.tenantId, tenantId)).orderBy(policies.key);
      // The winner renamed the policy it locked second; the loser's rename was rolled back.
      expect(Object.fromEntries(names.map((n) => [n.key, n.name]))).toEqual({ [first]: `renamed by ${second}`, [second]: second });
    }, 60_000);
  });
}
