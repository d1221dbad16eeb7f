import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { candidateVerdicts, compiledExample, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S4: high-intent consumer leads to reps, low-intent to the nurture pool, routed once their score rises.
const policy = compiledExample('s04-nurture');

const outcome = (d: Decision): string[] =>
  d.actions.map((a) =>
    a.type === 'assign'
      ? `assign:${a.repId}`
      : a.type === 'toPool'
        ? `pool:${a.poolId}`
        : a.type === 'notify'
          ? `${a.mode}:${a.to.map((r) => r.id).join('+')}`
          : a.type,
  );

async function runTimeline(state = stateFrom('s04-b2c')) {
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s04-intent')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

describe('S4 nurture', () => {
  it('routes hot leads, nurtures cold ones, and routes a nurtured lead once its score reaches 70', async () => {
    const { state, decisions } = await runTimeline();
    expect(decisions.map(outcome)).toEqual([
      ['assign:c-1'], // L-401 85
      ['pool:nurture'], // L-402 20
      ['pool:nurture'], // L-403 not scored
      ['assign:c-2'], // L-404 exactly 70
      [], // L-402 45: already nurtured, stays
      ['assign:c-1'], // L-402 72: c-2 and c-3 are now at their cap
      [], // L-401 owned: left alone
      [], // L-403 69: one short, stays
    ]);
    expect(state.lead('L-402')).toMatchObject({ ownerId: 'c-1', poolId: null, score: 72 });
    expect(state.lead('L-403')).toMatchObject({ poolId: 'nurture', score: 69 });
    expect(['c-1', 'c-2', 'c-3'].map((r) => state.openLoad(r))).toEqual([1852, 2000, 2000]);
  });

  it('explains a hot lead: conditions with the score seen, the full rep skipped', async () => {
    const d = (await runTimeline()).decisions[0]!;
    expect(visitedIds(d)).toEqual(['start', 'owned', 'intent', 'repsRR']);
    expect(visit(d, 'owned').condition).toEqual({ fact: 'derived.hasOwner', operator: 'equal', value: true, saw: false, result: false });
    expect(visit(d, 'intent').condition).toEqual({ fact: 'lead.score', operator: 'greaterThanInclusive', value: 70, saw: 85, result: true });
    expect(candidateVerdicts(visit(d, 'repsRR'))).toEqual(['c-1:chosen', 'c-2:eligible', 'c-3:skipped:full']);
    expect(visit(d, 'repsRR').candidates!.map((c) => c.detail.load)).toEqual([1850, 1999, 2000]);
  });

  it('explains nurturing: a lead with no score counts as low intent', async () => {
    const d = (await runTimeline()).decisions[2]!;
    expect(visitedIds(d)).toEqual(['start', 'owned', 'intent', 'inNurture', 'nurture']);
    expect(visit(d, 'intent').condition).toMatchObject({ fact: 'lead.score', saw: null, result: false });
    expect(visit(d, 'inNurture').condition).toMatchObject({ fact: 'lead.poolId', saw: null, result: false });
    expect(visit(d, 'nurture').detail).toEqual({ poolId: 'nurture', poolName: '孵化池 Nurture pool', dailyClaimLimit: null, previousOwnerId: null });
    expect(d.changes).toEqual([
      { type: 'lead.toPool', leadId: 'L-403', poolId: 'nurture', previousOwnerId: null, at: '2026-03-02T01:10:00.000Z', nodeId: 'nurture' },
    ]);
  });

  it('leaves a nurtured lead in place below 70 and routes it from the pool at 72', async () => {
    const { decisions } = await runTimeline();
    const stays = decisions[4]!;
    expect(visitedIds(stays)).toEqual(['start', 'owned', 'intent', 'inNurture']);
    expect(visit(stays, 'intent').condition).toMatchObject({ saw: 45, result: false });
    expect(visit(stays, 'inNurture')).toMatchObject({ result: 'true', condition: { saw: 'nurture', result: true } });
    expect(stays.changes).toEqual([]);

    const routed = decisions[5]!;
    expect(visitedIds(routed)).toEqual(['start', 'owned', 'intent', 'repsRR']);
    expect(visit(routed, 'intent').condition).toMatchObject({ saw: 72, result: true });
    expect(candidateVerdicts(visit(routed, 'repsRR'))).toEqual(['c-1:chosen', 'c-2:skipped:full', 'c-3:skipped:full']);
    expect(visit(routed, 'repsRR').detail).toEqual({ pointerBefore: 'c-2' });
    expect(routed.actions).toEqual([{ type: 'assign', leadId: 'L-402', repId: 'c-1', previousOwnerId: null, nodeId: 'repsRR', strategy: 'roundRobin' }]);
  });

  it('does nothing for an owned lead', async () => {
    const d = (await runTimeline()).decisions[6]!;
    expect(visitedIds(d)).toEqual(['start', 'owned']);
    expect(visit(d, 'owned')).toMatchObject({ result: 'true', condition: { saw: true } });
    expect(d.actions).toEqual([]);
  });

  it('tells the manager when every rep is at their cap', async () => {
    const state = stateFrom('s04-b2c', (s) => ({ ...s, reps: s.reps!.map((r) => ({ ...r, openLoad: 2000 })) }));
    const d = await step(policy, state, timelineEvents('s04-intent')[0]!);
    expect(visitedIds(d)).toEqual(['start', 'owned', 'intent', 'repsRR', 'noRoom']);
    expect(candidateVerdicts(visit(d, 'repsRR'))).toEqual(['c-1:skipped:full', 'c-2:skipped:full', 'c-3:skipped:full']);
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-401',
        nodeId: 'noRoom',
        mode: 'escalate',
        to: [{ kind: 'manager', id: 'b2c' }],
        message: { en: 'High-intent lead L-401 (score 85) is waiting: every rep is at their cap', zh: '高意向线索 L-401（得分 85）在等待：所有销售都已满额' },
      },
    ]);
  });
});
