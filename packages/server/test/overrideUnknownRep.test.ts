import { exampleState } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * S26 / S24 through the server: a committee override whose split credits a rep the tenant's
 * roster does not have is refused, naming the rep and the field in en and zh, and the deal won
 * afterwards gives that id nothing.
 */
const state = exampleState('s26-disputed') as { leads: Array<Record<string, unknown> & { id: string; ownedSince: string }> };

type Visited = { nodeId: string; result: string; detail?: Record<string, unknown>; note?: { en: string; zh: string } };
type Answer = { decisions: Array<{ explanation: { visited: Visited[] } }>; actions: Array<Record<string, unknown>> };

describe.each(LANES)('an override naming an unknown rep, S26 (%s)', (lane) => {
  let clock = Date.parse('2026-03-06T00:00:00Z');
  const env = useServer(lane, () => clock);

  it('is refused with the rep and the field named, and the deal is not split to them', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, tenantId, 's26-disputed');
    await publishPolicy(env.tdb.database, tenantId, 's26-committee-override');
    for (const lead of state.leads) {
      const r = await call(env.server.base, 'POST', '/v1/events', { key, body: { id: `seed-${lead.id}`, type: 'lead.created', at: lead.ownedSince, lead } });
      expect(r.status, r.text).toBe(200);
    }
    const send = async (body: Record<string, unknown> & { at: string }) => {
      clock = Date.parse(body.at);
      const r = await call(env.server.base, 'POST', '/v1/decide', { key, body });
      expect(r.status, r.text).toBe(200);
      return r.json as Answer;
    };
    const refused = await send({
      id: 'ov-unknown',
      type: 'decision.overridden',
      at: '2026-03-06T04:00:00Z',
      leadId: 'L-2601',
      data: {
        reason: 'r',
        approver: 'dir-1',
        action: {
          split: [
            { repId: 'ae-2', share: 0.5 },
            { repId: 'nobody-here', share: 0.5 },
          ],
        },
      },
    });
    expect(refused.actions).toEqual([]);
    expect(refused.decisions[0]!.explanation.visited.find((v) => v.nodeId === 'override')).toMatchObject({
      result: 'refused',
      detail: { problems: ['unknownRep'], unknownReps: [{ field: 'data.action.split[1].repId', repId: 'nobody-here' }] },
      note: {
        en: 'override refused: rep nobody-here (data.action.split[1].repId) is not on the roster',
        zh: '改判被拒绝：销售 nobody-here（data.action.split[1].repId）不在销售名单中',
      },
    });
    const won = await send({ id: 'won-1', type: 'deal.won', at: '2026-03-20T08:00:00Z', leadId: 'L-2601', amount: 1000 });
    const split = won.actions.find((a) => a.type === 'split') as { method: string; shares: Array<{ repId: string }> };
    expect(split.method).toBe('role');
    expect(split.shares.map((s) => s.repId)).not.toContain('nobody-here');
  });
});
