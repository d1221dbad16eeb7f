import { describe, expect, it } from 'vitest';
import { candidateVerdicts, compiledExample, event, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S14: a reclaimed lead is routed again, never back to a rep who lost it in the last 14 days.
const policy = compiledExample('s14-reroute-cooling');

async function runTimeline() {
  const state = stateFrom('s14-returned-leads');
  const decisions = [];
  for (const e of timelineEvents('s14-returns')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

describe('S14 re-routing with cooling', () => {
  it('skips the rep who just lost the lead, lets an expired cooling pass, and queues a lead every AE lost', async () => {
    const { state, decisions } = await runTimeline();
    expect(decisions.map((d) => d.actions)).toEqual([
      [{ type: 'assign', leadId: 'L-1401', repId: 'ae-2', previousOwnerId: null, nodeId: 'reroute', strategy: 'roundRobin' }],
      [{ type: 'assign', leadId: 'L-1402', repId: 'ae-3', previousOwnerId: null, nodeId: 'reroute', strategy: 'roundRobin' }],
      [{ type: 'queue', leadId: 'L-1403', queueId: 'ae-manual', managerId: 'mgr-ae', nodeId: 'aeQueue' }],
    ]);
    expect(state.lead('L-1401')).toMatchObject({ ownerId: 'ae-2', poolId: null });
    expect(state.ownershipHistory('L-1401').map((o) => [o.repId, o.endReason ?? 'open'])).toEqual([
      ['ae-1', 'reclaimed'],
      ['ae-2', 'open'],
    ]);
  });

  it('explains why the rep whose turn it was did not get it', async () => {
    const { decisions } = await runTimeline();
    const first = visit(decisions[0]!, 'reroute');
    expect(first.detail).toEqual({ pointerBefore: 'ae-3' });
    expect(candidateVerdicts(first)).toEqual(['ae-1:skipped:cooling', 'ae-2:chosen', 'ae-3:eligible']);
    // Lost at 16:00 UTC on 1 March: cooling until 16:00 UTC on 15 March.
    expect(first.candidates![0]!.detail).toMatchObject({ lostAt: '2026-03-01T16:00:00Z', coolingUntil: '2026-03-15T16:00:00.000Z' });

    const second = visit(decisions[1]!, 'reroute');
    expect(candidateVerdicts(second)).toEqual(['ae-1:eligible', 'ae-2:eligible', 'ae-3:chosen']);

    const third = decisions[2]!;
    expect(visitedIds(third)).toEqual(['start', 'reroute', 'aeQueue']);
    expect(candidateVerdicts(visit(third, 'reroute'))).toEqual(['ae-1:skipped:cooling', 'ae-2:skipped:cooling', 'ae-3:skipped:cooling']);
    expect(third.explanation.summary.zh).toBe('线索 L-1403 进入 ae-manual 待主管手动分配（节点 aeQueue）');
  });

  it('cooling ends exactly 14 days after the loss', async () => {
    const before = await step(
      policy,
      stateFrom('s14-returned-leads'),
      event({ id: 'b', type: 'lead.returned_to_pool', at: '2026-03-15T15:59:59.999Z', leadId: 'L-1401' }),
    );
    expect(candidateVerdicts(visit(before, 'reroute'))[0]).toBe('ae-1:skipped:cooling');
    const atEnd = await step(
      policy,
      stateFrom('s14-returned-leads'),
      event({ id: 'a', type: 'lead.returned_to_pool', at: '2026-03-15T16:00:00.000Z', leadId: 'L-1401' }),
    );
    expect(candidateVerdicts(visit(atEnd, 'reroute'))[0]).toBe('ae-1:chosen');
    expect(atEnd.actions).toEqual([{ type: 'assign', leadId: 'L-1401', repId: 'ae-1', previousOwnerId: null, nodeId: 'reroute', strategy: 'roundRobin' }]);
  });
});
