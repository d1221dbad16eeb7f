import { describe, expect, it } from 'vitest';
import { seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * S28 through the decision endpoint: a tick naming one rep (a CRM that drives its own clock, or a
 * dry run of the check) compares that rep's claims with their team-mates' median, as the scheduler's
 * per-rep tick does. Loaded alone, the peers had no claims, the median read 0 and every rep who
 * claimed a few leads was flagged as a hoarder, their leads released and claiming suspended.
 */

const NOW = Date.parse('2026-03-04T02:00:00Z');
const node = (id: string, type: string, data: unknown) => ({ id, type, position: { x: 0, y: 0 }, data });
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, target });

describe.each(LANES)('a tick naming one rep reads their peers (%s)', (lane) => {
  const env = useServer(lane, () => NOW);

  /** Four AEs in one team; each claims `claims[i]` leads (created a day before) from the public pool at NOW. */
  async function claimed(claims: number[]) {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const reps = claims.map((_, i) => ({ id: `ae-${i + 1}`, teams: ['ae'], roles: ['AE'] }));
    await seedRoster(env.tdb.database, tenantId, {
      timeZone: 'Asia/Shanghai',
      reps,
      teams: [{ id: 'ae', managerId: 'mgr' }],
      pools: [{ id: 'public' }],
    } as never);
    const publish = async (doc: Record<string, unknown>) => {
      expect((await call(base, 'PUT', `/v1/policies/${doc.key}/draft`, { key, body: doc })).status).toBe(201);
      expect((await call(base, 'POST', `/v1/policies/${doc.key}/publish`, { key, body: { note: 'live' } })).status).toBe(201);
    };
    await publish({
      key: 'to-pool',
      kind: 'routing',
      name: 'To the pool',
      nodes: [node('t', 'trigger', { events: ['lead.created'] }), node('p', 'assign.toPool', { poolId: 'public' })],
      edges: [edge('t', 'p')],
    });
    const at = new Date(NOW - 86_400_000).toISOString();
    let n = 0;
    for (const [i, count] of claims.entries()) {
      for (let c = 0; c < count; c++) {
        const id = `L${n++}`;
        expect((await call(base, 'POST', '/v1/decide', { key, body: { id: `c-${id}`, type: 'lead.created', at, lead: { id, createdAt: at } } })).status).toBe(
          200,
        );
        const claim = await call(base, 'POST', '/v1/pools/public/claim', { key, body: { leadId: id, repId: `ae-${i + 1}` } });
        expect(claim.status, JSON.stringify(claim.json)).toBe(200);
      }
    }
    await publish({
      key: 'hoarding',
      kind: 'penalty',
      name: 'Hoarding',
      nodes: [
        node('t', 'trigger', { events: ['tick'], tickScope: 'reps' }),
        node('h', 'penalty.hoarding', { windowHours: 72, ratio: 3, minClaims: 5, maxFollowUpRate: 0.2, days: 7, poolId: 'public', release: true }),
      ],
      edges: [edge('t', 'h')],
    });
    const tick = (repId: string, dryRun: boolean) =>
      call(base, 'POST', '/v1/decide', {
        key,
        body: { id: `tick-${repId}-${dryRun}`, type: 'tick', at: new Date(NOW).toISOString(), repId, ...(dryRun ? { dryRun } : {}) },
      });
    const hoarding = (res: {
      json: { decisions: Array<{ explanation: { visited: Array<{ nodeId: string; result?: string; detail?: Record<string, unknown> }> } }> };
    }) => res.json.decisions[0]?.explanation.visited.find((v) => v.nodeId === 'h');
    return { base, key, tick, hoarding };
  }

  it('equal claimers: nobody is flagged, in a dry run or for real; the median is the peers’', async () => {
    const { tick, hoarding } = await claimed([6, 6, 6, 6]);
    const preview = await tick('ae-2', true);
    expect(preview.status).toBe(200);
    expect(hoarding(preview)).toMatchObject({ detail: { peers: 3, median: 6 } });
    expect(hoarding(preview)!.result).not.toBe('flagged');
    const real = await tick('ae-2', false);
    expect(real.status).toBe(200);
    expect(real.json.actions).toEqual([]);
  }, 120_000);

  it('one rep far above the median is flagged; a peer is not', async () => {
    const { tick, hoarding, base, key } = await claimed([12, 2, 2, 2]);
    const hoarder = await tick('ae-1', true);
    expect(hoarding(hoarder)).toMatchObject({ result: 'flagged', detail: { peers: 3, median: 2 } });
    const peer = await tick('ae-2', true);
    expect(hoarding(peer)!.result).not.toBe('flagged');
    const real = await tick('ae-1', false);
    expect(real.json.actions.filter((a: { type: string }) => a.type === 'toPool')).toHaveLength(12);
    // Claiming is suspended for the hoarder, not for the peer.
    const again = await call(base, 'POST', '/v1/pools/public/claim', { key, body: { leadId: 'L0', repId: 'ae-1' } });
    expect(again.status).toBe(409);
  }, 120_000);
});
