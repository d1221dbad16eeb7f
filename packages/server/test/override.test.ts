import { and, eq } from 'drizzle-orm';
import { exampleState, exampleTimeline } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { leadNotes, leads } from '../src/db/schema.js';
import { publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * S26 through the server: a committee override (reason + approver) arrives as a
 * `decision.overridden` event on POST /v1/decide; refused ones change nothing, an approved one
 * moves the lead and is recorded on it with who approved it and why, and its split replaces the
 * policy's rule when the deal is won. The events are the corpus's own timeline.
 */
type TimelineEvent = { id: string; type: string; at: string; leadId: string } & Record<string, unknown>;
const timeline = (exampleTimeline('s26-override') as { events: TimelineEvent[] }).events;
const state = exampleState('s26-disputed') as { leads: Array<Record<string, unknown> & { id: string; ownedSince: string }> };

describe.each(LANES)('committee override with reason and approver, S26 (%s)', (lane) => {
  // The server's clock is the moment each event happens (a CRM calls as things happen).
  let clock = Date.parse('2026-03-06T00:00:00Z');
  const env = useServer(lane, () => clock);

  it('refuses an override without a reason or approved outside the committee; applies and records an approved one', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, tenantId, 's26-disputed');
    await publishPolicy(env.tdb.database, tenantId, 's26-committee-override');
    // The disputed leads, as the CRM sends them (already owned).
    for (const lead of state.leads) {
      const r = await call(env.server.base, 'POST', '/v1/events', { key, body: { id: `seed-${lead.id}`, type: 'lead.created', at: lead.ownedSince, lead } });
      expect(r.status, r.text).toBe(200);
    }
    const owner = async (id: string) =>
      (
        await env.tdb.database.db
          .select()
          .from(leads)
          .where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)))
      )[0]!.ownerId;
    const send = async (e: TimelineEvent) => {
      clock = Date.parse(e.at);
      const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: e });
      expect(r.status, r.text).toBe(200);
      return r.json as {
        decisions: Array<{ decisionId: string; explanation: { visited: Array<{ nodeId: string; result: string; detail?: unknown }> } }>;
        actions: Array<Record<string, unknown>>;
      };
    };
    const [noReason, notCommittee, approved, split, won] = timeline;

    for (const [e, problem] of [
      [noReason!, 'missingReason'],
      [notCommittee!, 'notInCommittee'],
    ] as const) {
      const d = await send(e);
      expect(d.actions).toEqual([]);
      expect(d.decisions[0]!.explanation.visited.find((v) => v.nodeId === 'override')).toMatchObject({ result: 'refused', detail: { problems: [problem] } });
      expect(await owner('L-2601')).toBe('ae-1');
    }

    const moved = await send(approved!);
    expect(moved.actions.find((a) => a.type === 'assign')).toMatchObject({ leadId: 'L-2601', repId: 'ae-2', previousOwnerId: 'ae-1', strategy: 'override' });
    expect(await owner('L-2601')).toBe('ae-2');
    const recorded = await env.tdb.database.db
      .select()
      .from(leadNotes)
      .where(and(eq(leadNotes.tenantId, tenantId), eq(leadNotes.kind, 'override')));
    expect(recorded.map((r) => r.data)).toEqual([
      {
        leadId: 'L-2601',
        at: '2026-03-06T04:00:00.000Z',
        reason: 'ae-2 met the buyer at the Shanghai expo on 12 Feb',
        approver: 'dir-1',
        requestedBy: 'ae-2',
        action: { assign: 'ae-2' },
        overrides: 's25c-1',
      },
    ]);
    // The stored decision says who acted and on whose authority: it is found by either rep.
    const byLoser = await call(env.server.base, 'GET', `/v1/decisions?repId=ae-1&leadId=L-2601`, { key });
    expect(byLoser.json.decisions.map((d: { decisionId: string }) => d.decisionId)).toContain(moved.decisions[0]!.decisionId);

    await send(split!);
    const splitAction = (await send(won!)).actions.find((a) => a.type === 'split') as { method: string; shares: Array<{ repId: string; amountCents: number }> };
    // 2000.01 split 50 / 50 by the override, the odd cent to ae-1 (by id), instead of SDR 20 / AE 80.
    expect(splitAction.method).toBe('override');
    expect(splitAction.shares.map((s) => [s.repId, s.amountCents])).toEqual([
      ['ae-1', 100001],
      ['ae-2', 100000],
    ]);
  });
});
