import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, type Decision } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, timelineEvents, visit } from './harness.js';

// S26: a committee overrules a rule for one lead; reason and approver are recorded and shown from then on.
const policy = compiledExample('s26-committee-override');

async function runTimeline() {
  const state = stateFrom('s26-disputed');
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s26-override')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

const expoOverride = {
  leadId: 'L-2601',
  at: '2026-03-06T04:00:00.000Z',
  reason: 'ae-2 met the buyer at the Shanghai expo on 12 Feb',
  approver: 'dir-1',
  requestedBy: 'ae-2',
  action: { assign: 'ae-2' },
  overrides: 's25c-1',
};
const splitOverride = {
  leadId: 'L-2601',
  at: '2026-03-07T02:00:00.000Z',
  reason: 'ae-1 ran the first three meetings; both share the deal',
  approver: 'dir-2',
  requestedBy: 'ae-1',
  action: { split: [{ repId: 'ae-1', share: 0.5 }, { repId: 'ae-2', share: 0.5 }] },
};

describe('S26 committee override', () => {
  it('refuses an override without a reason or from outside the committee, and changes nothing', async () => {
    const { decisions } = await runTimeline();
    const [noReason, notCommittee] = decisions;
    for (const d of [noReason!, notCommittee!]) {
      expect(d.actions).toEqual([]);
      expect(d.changes).toEqual([]);
      expect(visit(d, 'override').result).toBe('refused');
    }
    expect(visit(noReason!, 'override')).toMatchObject({
      detail: { problems: ['missingReason'] },
      note: { en: 'override refused: an override needs a reason (data.reason)', zh: '改判被拒绝：改判必须填写理由（data.reason）' },
    });
    expect(visit(notCommittee!, 'override').detail).toEqual({ problems: ['notInCommittee'] });
  });

  it('an approved override moves the lead, records who, why and what it overrules, and tells the new owner', async () => {
    const { state, decisions } = await runTimeline();
    const d = decisions[2]!;
    expect(d.changes).toEqual([
      { type: 'lead.assign', leadId: 'L-2601', repId: 'ae-2', previousOwnerId: 'ae-1', at: '2026-03-06T04:00:00.000Z', nodeId: 'override', via: 'override' },
      { type: 'lead.override', override: expoOverride },
    ]);
    expect(d.actions).toEqual([
      { type: 'assign', leadId: 'L-2601', repId: 'ae-2', previousOwnerId: 'ae-1', nodeId: 'override', strategy: 'override' },
      {
        type: 'notify',
        leadId: 'L-2601',
        nodeId: 'tellOwner',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'ae-2' }],
        message: {
          en: 'Committee decision on lead L-2601 (鼎新制造), approved by dir-1: ae-2 met the buyer at the Shanghai expo on 12 Feb',
          zh: '委员会对线索 L-2601（鼎新制造）的裁决，审批人 dir-1：ae-2 met the buyer at the Shanghai expo on 12 Feb',
        },
      },
    ]);
    expect(visit(d, 'override').note?.en).toBe(
      'committee override approved by dir-1 (overrules decision s25c-1): lead L-2601 goes to ae-2 (was ae-1); reason: ae-2 met the buyer at the Shanghai expo on 12 Feb',
    );
    // Part of the lead's history: the ownership record says how it began.
    expect(state.ownershipHistory('L-2601').map((o) => `${o.repId}:${o.via}:${o.endReason ?? ''}`)).toEqual(['sdr-1:assigned:reassigned', 'ae-1:assigned:reassigned', 'ae-2:override:']);
    expect(state.overrides('L-2601')).toEqual([expoOverride, splitOverride]);
    // The decision that applies the first override is the first one whose explanation is not yet about one.
    expect(d.explanation.overrides).toBeUndefined();
    expect(decisions[3]!.explanation.overrides).toEqual([expoOverride]);
  });

  it('the override\'s split replaces the rule when the deal is won, and the explanation shows every override', async () => {
    const { decisions } = await runTimeline();
    const won = decisions[4]!;
    // 200001 cents halved: 100000.5 each; the odd cent to ae-1 by id.
    expect(won.actions).toEqual([
      {
        type: 'split',
        leadId: 'L-2601',
        nodeId: 'split',
        method: 'override',
        amountCents: 200001,
        shares: [
          { repId: 'ae-1', share: 0.5, amountCents: 100001, basis: 'override' },
          { repId: 'ae-2', share: 0.5, amountCents: 100000, basis: 'override' },
        ],
        overlay: [],
      },
    ]);
    expect(visit(won, 'split').detail).toMatchObject({ override: { approver: 'dir-2', at: '2026-03-07T02:00:00.000Z', replaces: 'role' } });
    expect(visit(won, 'split').note).toEqual({
      en: '2000.01 split by committee override: ae-1 1000.01 (50%), ae-2 1000.00 (50%) — overridden by dir-2 on 2026-03-07T02:00:00.000Z: ae-1 ran the first three meetings; both share the deal',
      zh: '成交金额 2000.01，委员会改判：ae-1 1000.01 (50%)，ae-2 1000.00 (50%) —— dir-2 于 2026-03-07T02:00:00.000Z 改判：ae-1 ran the first three meetings; both share the deal',
    });
    expect(won.explanation.overrides).toEqual([expoOverride, splitOverride]);
    expect(won.explanation.summary.en).toBe(
      'split deal L-2601 (2000.01, override): ae-1 1000.01, ae-2 1000.00; note: lead L-2601 was overridden by dir-2 on 2026-03-07T02:00:00.000Z (ae-1 ran the first three meetings; both share the deal)',
    );
    const untouched = decisions[5]!;
    expect(untouched.actions).toMatchObject([{ method: 'role', shares: [{ repId: 'ae-2', amountCents: 10000 }] }]);
    expect(untouched.explanation.overrides).toBeUndefined();
  });

  it('any later decision about the lead, by any policy, carries the override in its explanation', async () => {
    const { state } = await runTimeline();
    const conflict = compiledExample('s25-conflict-first-reported');
    const d = await step(conflict, state, event({ id: 'c1', type: 'claim.requested', at: '2026-03-22T02:00:00Z', leadId: 'L-2601', repId: 'ae-1' }));
    expect(d.explanation.overrides).toEqual([expoOverride, splitOverride]);
    expect(d.explanation.summary.zh).toContain('注意：线索 L-2601 曾于 2026-03-07T02:00:00.000Z 经 dir-2 批准改判');
  });
});

describe('S26 override boundaries', () => {
  const override = (id: string, data: Record<string, unknown>, leadId = 'L-2601') => event({ id, type: 'decision.overridden', at: '2026-03-06T04:00:00Z', leadId, repId: 'ae-2', data });
  const problems = (d: Decision) => (visit(d, 'override').detail as { problems?: string[] }).problems;

  it('lists every problem at once, in en and zh', async () => {
    const d = await step(policy, stateFrom('s26-disputed'), override('b1', { reason: '   ', action: { assign: 'ae-9' } }));
    expect(problems(d)).toEqual(['missingReason', 'missingApprover', 'unknownRep']);
    expect(visit(d, 'override').note?.zh).toBe('改判被拒绝：改判必须填写理由（data.reason）；改判必须注明审批人（data.approver）；要分配的销售不存在');
    expect(problems(await step(policy, stateFrom('s26-disputed'), override('b2', { reason: 'r', approver: 'dir-1', action: { reassign: 'ae-2' } })))).toEqual(['invalidAction']);
  });

  it('a split must total 100% and name each rep once; thirds written as 0.3333333 pass', async () => {
    const split = (shares: Array<[string, number]>) => ({ reason: 'r', approver: 'dir-1', action: { split: shares.map(([repId, share]) => ({ repId, share })) } });
    expect(problems(await step(policy, stateFrom('s26-disputed'), override('s1', split([['ae-1', 0.5], ['ae-2', 0.4]]))))).toEqual(['badSplit']);
    expect(problems(await step(policy, stateFrom('s26-disputed'), override('s2', split([['ae-1', 0.5], ['ae-1', 0.5]]))))).toEqual(['badSplit']);
    const thirds = await step(policy, stateFrom('s26-disputed'), override('s3', split([['ae-1', 0.3333333], ['ae-2', 0.3333333], ['sdr-1', 0.3333334]])));
    expect(visit(thirds, 'override').result).toBe('applied');
  });

  it('sends a lead to a pool as a release, so the former owner\'s cooling applies', async () => {
    const state = stateFrom('s26-disputed');
    const d = await step(policy, state, override('p1', { reason: 'nobody has worked it since the expo', approver: 'dir-2', action: { toPool: 'public' } }));
    expect(d.changes[0]).toEqual({ type: 'lead.toPool', leadId: 'L-2601', poolId: 'public', previousOwnerId: 'ae-1', at: '2026-03-06T04:00:00.000Z', nodeId: 'override', reason: 'released' });
    expect(state.lead('L-2601')).toMatchObject({ ownerId: null, poolId: 'public' });
    // Nobody owns it now: the notification has no one to go to and says so.
    expect(visit(d, 'tellOwner').note?.en).toBe('nobody to notify: the lead has no owner');
  });

  it('a policy may accept only some kinds of override, and may ignore split overrides', async () => {
    type Doc = { nodes: Array<{ id: string; data: Record<string, unknown> }> };
    const doc = structuredClone(examplePolicy('s26-committee-override')) as Doc;
    doc.nodes.find((n) => n.id === 'override')!.data.allow = ['split'];
    doc.nodes.find((n) => n.id === 'split')!.data.honourOverrides = false;
    const r = compilePolicy(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const state = stateFrom('s26-disputed', (s) => ({ ...s, overrides: [splitOverride] }));
    const refused = await step(r.policy, state, override('a1', { reason: 'r', approver: 'dir-1', action: { assign: 'ae-2' } }));
    expect(problems(refused)).toEqual(['actionNotAllowed']);
    // The refusal names the action asked for and the ones this policy accepts.
    expect(visit(refused, 'override').note).toEqual({
      en: 'override refused: this policy does not accept the override action "assign"; allowed: split',
      zh: '改判被拒绝：本策略不接受改判动作 "assign"；允许的动作：split',
    });
    const won = await step(r.policy, state, event({ id: 'w', type: 'deal.won', at: '2026-03-20T08:00:00Z', leadId: 'L-2601', amount: 100 }));
    expect(won.actions).toMatchObject([{ method: 'role', shares: [{ repId: 'ae-1', amountCents: 8000 }, { repId: 'sdr-1', amountCents: 2000 }] }]);
    // Ignored for the split, still on record in the explanation.
    expect(won.explanation.overrides).toEqual([splitOverride]);
  });

  it('an override and the deal in one flow: the split node after it honours the override at once', async () => {
    type Doc = { nodes: Array<{ id: string; type: string; data?: Record<string, unknown> }>; edges: Array<{ id: string; source: string; target: string; sourceHandle?: string }> };
    const doc = structuredClone(examplePolicy('s26-committee-override')) as Doc;
    doc.edges.push({ id: 'e6', source: 'override', sourceHandle: 'applied', target: 'split' });
    const r = compilePolicy(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const d = await step(
      r.policy,
      stateFrom('s26-disputed'),
      event({ id: 'x', type: 'decision.overridden', at: '2026-03-20T08:00:00Z', leadId: 'L-2601', amount: 0.03, data: { reason: 're-split after the audit', approver: 'dir-1', action: { split: [{ repId: 'ae-2', share: 0.7 }, { repId: 'sdr-1', share: 0.3 }] } } }),
    );
    // 3 cents at 70 / 30: 2.1 / 0.9 → ae-2 2, sdr-1 1.
    expect(d.actions.find((a) => a.type === 'split')).toMatchObject({ method: 'override', shares: [{ repId: 'ae-2', amountCents: 2 }, { repId: 'sdr-1', amountCents: 1 }] });
  });
});
