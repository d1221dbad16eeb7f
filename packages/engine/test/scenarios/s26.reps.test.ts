import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, type Decision } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, visit } from './harness.js';

// S26 / S24: an override names only reps the roster has, and the decision applying one speaks of it.
const policy = compiledExample('s26-committee-override');

const override = (id: string, at: string, data: Record<string, unknown>) =>
  event({ id, type: 'decision.overridden', at, leadId: 'L-2601', repId: 'ae-2', data });
const won = (id: string, at: string) => event({ id, type: 'deal.won', at, leadId: 'L-2601', amount: 1000 });
const refusal = (d: Decision) => visit(d, 'override').detail as { problems?: string[]; unknownReps?: Array<{ field: string; repId: string }> };

describe('S26 an override naming a rep the roster does not have', () => {
  it('a split crediting an unknown rep is refused, naming the rep and the field, and the deal is split by the rule', async () => {
    const state = stateFrom('s26-disputed');
    const d = await step(
      policy,
      state,
      override('u1', '2026-03-06T04:00:00Z', {
        reason: 'r',
        approver: 'dir-1',
        action: {
          split: [
            { repId: 'ae-2', share: 0.5 },
            { repId: 'nobody-here', share: 0.5 },
          ],
        },
      }),
    );
    expect(visit(d, 'override').result).toBe('refused');
    expect(refusal(d)).toEqual({ problems: ['unknownRep'], unknownReps: [{ field: 'data.action.split[1].repId', repId: 'nobody-here' }] });
    expect(visit(d, 'override').note).toEqual({
      en: 'override refused: rep nobody-here (data.action.split[1].repId) is not on the roster',
      zh: '改判被拒绝：销售 nobody-here（data.action.split[1].repId）不在销售名单中',
    });
    expect(d.changes).toEqual([]);
    expect(d.actions).toEqual([]);
    expect(state.overrides('L-2601')).toEqual([]);
    // Nothing recorded: the deal is split by the policy's roles, and no basis point goes to the unknown id.
    const deal = await step(policy, state, won('w1', '2026-03-20T08:00:00Z'));
    expect(deal.actions).toMatchObject([{ type: 'split', method: 'role' }]);
    const shares = (deal.actions[0] as { shares: Array<{ repId: string }> }).shares;
    expect(shares.map((s) => s.repId)).not.toContain('nobody-here');
  });

  it('names every unknown rep at once, beside a split that does not total 100%', async () => {
    const d = await step(
      policy,
      stateFrom('s26-disputed'),
      override('u2', '2026-03-06T04:00:00Z', {
        reason: 'r',
        approver: 'dir-1',
        action: {
          split: [
            { repId: 'ghost-1', share: 0.5 },
            { repId: 'ae-1', share: 0.2 },
            { repId: 'ghost-2', share: 0.2 },
          ],
        },
      }),
    );
    expect(refusal(d).problems).toEqual(['badSplit', 'unknownRep']);
    expect(refusal(d).unknownReps).toEqual([
      { field: 'data.action.split[0].repId', repId: 'ghost-1' },
      { field: 'data.action.split[2].repId', repId: 'ghost-2' },
    ]);
    expect(visit(d, 'override').note?.en).toContain('reps ghost-1 (data.action.split[0].repId), ghost-2 (data.action.split[2].repId) are not on the roster');
    expect(visit(d, 'override').note?.zh).toContain('销售 ghost-1（data.action.split[0].repId）、ghost-2（data.action.split[2].repId）不在销售名单中');
  });

  it('an override giving the lead to an unknown rep is refused the same way, and the lead stays where it is', async () => {
    const state = stateFrom('s26-disputed');
    const owner = state.lead('L-2601')?.ownerId;
    const d = await step(policy, state, override('u3', '2026-03-06T04:00:00Z', { reason: 'r', approver: 'dir-1', action: { assign: 'nobody-here' } }));
    expect(refusal(d)).toEqual({ problems: ['unknownRep'], unknownReps: [{ field: 'data.action.assign', repId: 'nobody-here' }] });
    expect(visit(d, 'override').note).toEqual({
      en: 'override refused: rep nobody-here (data.action.assign) is not on the roster',
      zh: '改判被拒绝：销售 nobody-here（data.action.assign）不在销售名单中',
    });
    expect(d.changes).toEqual([]);
    expect(state.lead('L-2601')?.ownerId).toBe(owner);
  });

  it('an override giving the lead to a rep who has left is refused; a split may still credit them', async () => {
    const left = () => stateFrom('s26-disputed', (s) => ({ ...s, reps: s.reps?.map((r) => (r.id === 'ae-2' ? { ...r, active: false } : r)) }));
    const state = left();
    const owner = state.lead('L-2601')?.ownerId;
    expect(owner).not.toBe('ae-2');
    const d = await step(policy, state, override('u4', '2026-03-06T04:00:00Z', { reason: 'r', approver: 'dir-1', action: { assign: 'ae-2' } }));
    expect(refusal(d)).toEqual({ problems: ['inactiveRep'], inactiveRep: 'ae-2' });
    expect(visit(d, 'override').note).toEqual({
      en: 'override refused: rep ae-2 (data.action.assign) is inactive: a lead given to them would sit untouched',
      zh: '改判被拒绝：销售 ae-2（data.action.assign）已停用：分配给其的线索将无人跟进',
    });
    expect(d.changes).toEqual([]);
    expect(state.lead('L-2601')?.ownerId).toBe(owner);
    const split = await step(
      policy,
      left(),
      override('u5', '2026-03-06T04:00:00Z', {
        reason: 'r',
        approver: 'dir-1',
        action: {
          split: [
            { repId: 'ae-1', share: 0.5 },
            { repId: 'ae-2', share: 0.5 },
          ],
        },
      }),
    );
    expect(visit(split, 'override').result).not.toBe('refused');
  });
});

describe('S26 the summary of the decision that applies an override', () => {
  const first = { reason: 'ae-2 met the buyer at the expo', approver: 'dir-1', action: { assign: 'ae-2' } };
  const second = {
    reason: 'both ran the meetings',
    approver: 'dir-2',
    action: {
      split: [
        { repId: 'ae-1', share: 0.5 },
        { repId: 'ae-2', share: 0.5 },
      ],
    },
  };

  it('speaks of the override it applies, not of the one before', async () => {
    const state = stateFrom('s26-disputed');
    const a = await step(policy, state, override('o1', '2026-03-06T04:00:00Z', first));
    expect(a.explanation.summary.en).toBe(
      'assigned lead L-2601 to ae-2 (override, node override); ' +
        'notify rep:ae-2: Committee decision on lead L-2601 (鼎新制造), approved by dir-1: ae-2 met the buyer at the expo; ' +
        'note: this decision applies the override of lead L-2601 approved by dir-1 on 2026-03-06 12:00 (ae-2 met the buyer at the expo)',
    );
    const b = await step(policy, state, override('o2', '2026-03-07T02:00:00Z', second));
    // The lead's list holds the earlier override; the summary speaks of the one this decision applied.
    expect(b.explanation.overrides).toMatchObject([{ reason: first.reason }]);
    expect(b.explanation.summary.en).toContain(
      'note: this decision applies the override of lead L-2601 approved by dir-2 on 2026-03-07 10:00 (both ran the meetings)',
    );
    expect(b.explanation.summary.en).not.toContain('expo');
    expect(b.explanation.summary.zh).toContain('注意：本决策执行 dir-2 于 2026-03-07 10:00 批准的线索 L-2601 改判（both ran the meetings）');
    // A later decision is about the latest override on record, as before.
    const deal = await step(policy, state, won('w2', '2026-03-20T08:00:00Z'));
    expect(deal.explanation.summary.en).toContain('note: lead L-2601 was overridden by dir-2 on 2026-03-07 10:00 (both ran the meetings)');
  });

  it('a split override with nothing to notify says what it did instead of "no action"', async () => {
    type Doc = { nodes: Array<{ id: string }>; edges: Array<{ id: string }> };
    const doc = structuredClone(examplePolicy('s26-committee-override')) as Doc;
    doc.nodes = doc.nodes.filter((n) => n.id !== 'tellOwner');
    doc.edges = doc.edges.filter((e) => e.id !== 'e3');
    const r = compilePolicy(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const state = stateFrom('s26-disputed');
    await step(r.policy, state, override('o1', '2026-03-06T04:00:00Z', first));
    const d = await step(r.policy, state, override('o2', '2026-03-07T02:00:00Z', second));
    expect(d.actions).toEqual([]);
    expect(d.explanation.summary).toEqual({
      en: 'credit will be split ae-1 50%, ae-2 50%; note: this decision applies the override of lead L-2601 approved by dir-2 on 2026-03-07 10:00 (both ran the meetings)',
      zh: '业绩将按 ae-1 50%、ae-2 50% 拆分；注意：本决策执行 dir-2 于 2026-03-07 10:00 批准的线索 L-2601 改判（both ran the meetings）',
    });
  });
});
