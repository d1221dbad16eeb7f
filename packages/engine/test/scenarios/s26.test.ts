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
  action: {
    split: [
      { repId: 'ae-1', share: 0.5 },
      { repId: 'ae-2', share: 0.5 },
    ],
  },
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
    expect(state.ownershipHistory('L-2601').map((o) => `${o.repId}:${o.via}:${o.endReason ?? ''}`)).toEqual([
      'sdr-1:assigned:reassigned',
      'ae-1:assigned:reassigned',
      'ae-2:override:',
    ]);
    expect(state.overrides('L-2601')).toEqual([expoOverride, splitOverride]);
    // The decision that applies the first override is the first one whose explanation is not yet about one.
    expect(d.explanation.overrides).toBeUndefined();
    expect(decisions[3]!.explanation.overrides).toEqual([expoOverride]);
  });

  it("the override's split replaces the rule when the deal is won, and the explanation shows every override", async () => {
    const { decisions } = await runTimeline();
    const won = decisions[4]!;
    // 200001 cents halved: 100000.5 each; the odd cent to ae-1 by id. 5000 / 5000 basis points exactly.
    expect(won.actions).toEqual([
      {
        type: 'split',
        leadId: 'L-2601',
        nodeId: 'split',
        method: 'override',
        amountCents: 200001,
        shares: [
          { repId: 'ae-1', basisPoints: 5000, share: 0.5, amountCents: 100001, basis: 'override' },
          { repId: 'ae-2', basisPoints: 5000, share: 0.5, amountCents: 100000, basis: 'override' },
        ],
        overlay: [],
      },
    ]);
    expect(visit(won, 'split').detail).toMatchObject({ override: { approver: 'dir-2', at: '2026-03-07T02:00:00.000Z', replaces: 'role' } });
    expect(visit(won, 'split').note).toEqual({
      en:
        '2000.01 split by committee override: ae-1 1000.01 (50%), ae-2 1000.00 (50%); rounding: 1000.01 + 1000.00 = 2000.01, the 0.01 left goes to ae-1 (largest remainder, equal ones in rep id order)' +
        ' — overridden by dir-2 on 2026-03-07 10:00: ae-1 ran the first three meetings; both share the deal',
      zh:
        '成交金额 2000.01，委员会改判：ae-1 1000.01 (50%)，ae-2 1000.00 (50%)；舍入：1000.01 + 1000.00 = 2000.01，余数 0.01 归 ae-1（余数最大，余数相同按销售 id 顺序）' +
        ' —— dir-2 于 2026-03-07 10:00 改判：ae-1 ran the first three meetings; both share the deal',
    });
    expect(won.explanation.overrides).toEqual([expoOverride, splitOverride]);
    expect(won.explanation.summary.en).toBe(
      'split deal L-2601 (2000.01, override): ae-1 1000.01, ae-2 1000.00; note: lead L-2601 was overridden by dir-2 on 2026-03-07 10:00 (ae-1 ran the first three meetings; both share the deal)',
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
    expect(d.explanation.summary.zh).toContain('注意：线索 L-2601 曾于 2026-03-07 10:00 经 dir-2 批准改判');
  });
});

describe('S26 override boundaries', () => {
  const override = (id: string, data: Record<string, unknown>, leadId = 'L-2601') =>
    event({ id, type: 'decision.overridden', at: '2026-03-06T04:00:00Z', leadId, repId: 'ae-2', data });
  const problems = (d: Decision) => (visit(d, 'override').detail as { problems?: string[] }).problems;

  it('lists every problem at once, in en and zh', async () => {
    const d = await step(policy, stateFrom('s26-disputed'), override('b1', { reason: '   ', action: { assign: 'ae-9' } }));
    expect(problems(d)).toEqual(['missingReason', 'missingApprover', 'unknownRep']);
    expect(visit(d, 'override').note?.zh).toBe(
      '改判被拒绝：改判必须填写理由（data.reason）；改判必须注明审批人（data.approver）；销售 ae-9（data.action.assign）不在销售名单中',
    );
    expect(problems(await step(policy, stateFrom('s26-disputed'), override('b2', { reason: 'r', approver: 'dir-1', action: { reassign: 'ae-2' } })))).toEqual([
      'invalidAction',
    ]);
  });

  it('a split must total exactly 100% in basis points and name each rep once; a refusal names the line', async () => {
    const split = (lines: Array<Record<string, unknown>>) => ({ reason: 'r', approver: 'dir-1', action: { split: lines } });
    const splitProblems = (d: Decision) =>
      (visit(d, 'override').detail as { splitProblems?: Array<{ field: string; message: { en: string; zh: string } }> }).splitProblems;
    const run = async (id: string, lines: Array<Record<string, unknown>>) => step(policy, stateFrom('s26-disputed'), override(id, split(lines)));

    // 0.5 + 0.4 is 9000 points, not 10000.
    const short = await run('s1', [
      { repId: 'ae-1', share: 0.5 },
      { repId: 'ae-2', share: 0.4 },
    ]);
    expect(problems(short)).toEqual(['badSplit']);
    expect(splitProblems(short)).toEqual([
      {
        field: 'data.action.split',
        message: {
          en: 'the shares add up to 9000 basis points (90%); a split must total exactly 10000 (100%)',
          zh: '拆分比例合计 9000 个基点（90%）；必须正好合计 10000（100%）',
        },
      },
    ]);
    const twice = await run('s2', [
      { repId: 'ae-1', share: 0.5 },
      { repId: 'ae-1', share: 0.5 },
    ]);
    expect(problems(twice)).toEqual(['badSplit']);
    expect(splitProblems(twice)).toEqual([
      { field: 'data.action.split[1].repId', message: { en: 'line 1: ae-1 is already listed at line 0', zh: '第 1 项：ae-1 已在第 0 项出现' } },
    ]);

    // Thirds finer than a basis point are refused, each line named, with the 4-decimal form to write instead.
    const fine = await run('s3', [
      { repId: 'ae-1', share: 0.3333333 },
      { repId: 'ae-2', share: 0.3333333 },
      { repId: 'sdr-1', share: 0.3333334 },
    ]);
    expect(problems(fine)).toEqual(['badSplit']);
    expect(splitProblems(fine)!.map((p) => p.field)).toEqual(['data.action.split[0].share', 'data.action.split[1].share', 'data.action.split[2].share']);
    expect(splitProblems(fine)![2]!.message).toEqual({
      en: 'line 2: share 0.3333334 has more than 4 decimals; shares are exact to one basis point (0.0001) — write 0.3333 or basisPoints: 3333, and make the lines total exactly 1',
      zh: '第 2 项：share 0.3333334 超过 4 位小数；比例精确到 1 个基点（0.0001）——请写 0.3333 或 basisPoints: 3333，并使各项合计正好为 1',
    });
    expect(visit(fine, 'override').note?.en).toContain(
      'override refused: bad split: data.action.split[0].share: line 0: share 0.3333333 has more than 4 decimals',
    );

    // 0.3334 + 0.3333 + 0.3333 is exactly 10000 points (in floats it is 0.9999999999999999 or so: never compared as floats).
    const thirds = await run('s4', [
      { repId: 'ae-1', share: 0.3334 },
      { repId: 'ae-2', share: 0.3333 },
      { repId: 'sdr-1', share: 0.3333 },
    ]);
    expect(visit(thirds, 'override').result).toBe('applied');
    expect(visit(thirds, 'override').note?.en).toContain('credit will be split ae-1 33.34%, ae-2 33.33%, sdr-1 33.33%');
    const points = await run('s5', [
      { repId: 'ae-1', basisPoints: 3334 },
      { repId: 'ae-2', basisPoints: 3333 },
      { repId: 'sdr-1', basisPoints: 3333 },
    ]);
    expect(visit(points, 'override').result).toBe('applied');
    // Basis points must be whole and total 10000; share and basisPoints on one line is ambiguous.
    const half = await run('s6', [
      { repId: 'ae-1', basisPoints: 5000.5 },
      { repId: 'ae-2', basisPoints: 4999.5 },
    ]);
    expect(splitProblems(half)!.map((p) => [p.field, p.message.en])).toEqual([
      ['data.action.split[0].basisPoints', 'line 0: basisPoints 5000.5 is not a whole number from 0 to 10000'],
      ['data.action.split[1].basisPoints', 'line 1: basisPoints 4999.5 is not a whole number from 0 to 10000'],
    ]);
    const under = await run('s7', [
      { repId: 'ae-1', basisPoints: 3333 },
      { repId: 'ae-2', basisPoints: 3333 },
      { repId: 'sdr-1', basisPoints: 3333 },
    ]);
    expect(splitProblems(under)!.map((p) => p.message.en)).toEqual([
      'the shares add up to 9999 basis points (99.99%); a split must total exactly 10000 (100%)',
    ]);
    const both = await run('s8', [
      { repId: 'ae-1', share: 0.5, basisPoints: 5000 },
      { repId: 'ae-2', share: 0.5 },
    ]);
    expect(splitProblems(both)).toEqual([
      {
        field: 'data.action.split[0]',
        message: { en: 'line 0 gives both share and basisPoints; give one', zh: '第 0 项同时给出 share 和 basisPoints；只能给一个' },
      },
    ]);
  });

  it('an override in basis points splits the deal by them, the extra cent where the extra point went', async () => {
    const state = stateFrom('s26-disputed');
    const lines = [
      { repId: 'sdr-1', basisPoints: 3333 },
      { repId: 'ae-2', basisPoints: 3333 },
      { repId: 'ae-1', basisPoints: 3334 },
    ];
    expect(visit(await step(policy, state, override('bp', { reason: 'three-way', approver: 'dir-1', action: { split: lines } })), 'override').result).toBe(
      'applied',
    );
    const won = await step(policy, state, event({ id: 'w', type: 'deal.won', at: '2026-03-20T08:00:00Z', leadId: 'L-2601', amount: 100 }));
    // 10000 cents at 3334 / 3333 / 3333 points: exactly 3334 / 3333 / 3333 cents, nothing to round.
    expect(won.actions).toMatchObject([
      {
        method: 'override',
        shares: [
          { repId: 'ae-1', basisPoints: 3334, share: 0.3334, amountCents: 3334 },
          { repId: 'ae-2', basisPoints: 3333, share: 0.3333, amountCents: 3333 },
          { repId: 'sdr-1', basisPoints: 3333, share: 0.3333, amountCents: 3333 },
        ],
      },
    ]);
    // 1.00 → 100 cents: 33.34 / 33.33 / 33.33 → 33 each and one cent left, to ae-1's largest remainder (.34).
    const small = await step(policy, state, event({ id: 'w2', type: 'deal.won', at: '2026-03-21T08:00:00Z', leadId: 'L-2601', amount: 1 }));
    expect(small.actions).toMatchObject([
      {
        shares: [
          { repId: 'ae-1', amountCents: 34 },
          { repId: 'ae-2', amountCents: 33 },
          { repId: 'sdr-1', amountCents: 33 },
        ],
      },
    ]);
  });

  it("sends a lead to a pool as a release, so the former owner's cooling applies", async () => {
    const state = stateFrom('s26-disputed');
    const d = await step(policy, state, override('p1', { reason: 'nobody has worked it since the expo', approver: 'dir-2', action: { toPool: 'public' } }));
    expect(d.changes[0]).toEqual({
      type: 'lead.toPool',
      leadId: 'L-2601',
      poolId: 'public',
      previousOwnerId: 'ae-1',
      at: '2026-03-06T04:00:00.000Z',
      nodeId: 'override',
      reason: 'released',
    });
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
    expect(won.actions).toMatchObject([
      {
        method: 'role',
        shares: [
          { repId: 'ae-1', amountCents: 8000 },
          { repId: 'sdr-1', amountCents: 2000 },
        ],
      },
    ]);
    // Ignored for the split, still on record in the explanation.
    expect(won.explanation.overrides).toEqual([splitOverride]);
  });

  it('an override and the deal in one flow: the split node after it honours the override at once', async () => {
    type Doc = {
      nodes: Array<{ id: string; type: string; data?: Record<string, unknown> }>;
      edges: Array<{ id: string; source: string; target: string; sourceHandle?: string }>;
    };
    const doc = structuredClone(examplePolicy('s26-committee-override')) as Doc;
    doc.edges.push({ id: 'e6', source: 'override', sourceHandle: 'applied', target: 'split' });
    const r = compilePolicy(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const d = await step(
      r.policy,
      stateFrom('s26-disputed'),
      event({
        id: 'x',
        type: 'decision.overridden',
        at: '2026-03-20T08:00:00Z',
        leadId: 'L-2601',
        amount: 0.03,
        data: {
          reason: 're-split after the audit',
          approver: 'dir-1',
          action: {
            split: [
              { repId: 'ae-2', share: 0.7 },
              { repId: 'sdr-1', share: 0.3 },
            ],
          },
        },
      }),
    );
    // 3 cents at 70 / 30: 2.1 / 0.9 → ae-2 2, sdr-1 1.
    expect(d.actions.find((a) => a.type === 'split')).toMatchObject({
      method: 'override',
      shares: [
        { repId: 'ae-2', amountCents: 2 },
        { repId: 'sdr-1', amountCents: 1 },
      ],
    });
  });
});
