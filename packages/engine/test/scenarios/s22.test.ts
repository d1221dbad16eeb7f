import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, type CompiledPolicy, type Decision } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, timelineEvents, visit } from './harness.js';

// S22: each stage's recorded contributor earns that stage's share (listing / keys / showing / signing).
const policy = compiledExample('s22-stage-split');

/** The example policy with the split node's config changed. */
function variant(patch: Record<string, unknown>): CompiledPolicy {
  const doc = structuredClone(examplePolicy('s22-stage-split')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
  Object.assign(doc.nodes.find((n) => n.id === 'split')!.data, patch);
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const cents = (d: Decision) => Object.fromEntries(d.changes.flatMap((c) => (c.type === 'deal.split' ? c.shares.map((s) => [s.repId, s.amountCents]) : [])));

async function runTimeline(p: CompiledPolicy = policy) {
  const state = stateFrom('s22-agency');
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s22-deals')) decisions.push(await step(p, state, e));
  return { state, decisions };
}

describe('S22 stage-based split', () => {
  it('pays each stage to its first contributor, to the cent', async () => {
    const { decisions } = await runTimeline();
    const d = decisions[0]!;
    // 1234567 cents: 246913.4 / 123456.7 / 370370.1 / 493826.8 → two cents left for ag-4 (.8) and ag-2 (.7).
    // Basis points 2000 / 1000 / 3000 / 4000 divide exactly.
    expect(d.actions).toEqual([
      {
        type: 'split',
        leadId: 'L-2201',
        nodeId: 'split',
        method: 'stage',
        amountCents: 1234567,
        shares: [
          { repId: 'ag-1', basisPoints: 2000, share: 0.2, amountCents: 246913, basis: 'stage:listing' },
          { repId: 'ag-2', basisPoints: 1000, share: 0.1, amountCents: 123457, basis: 'stage:keys' },
          { repId: 'ag-3', basisPoints: 3000, share: 0.3, amountCents: 370370, basis: 'stage:showing' },
          { repId: 'ag-4', basisPoints: 4000, share: 0.4, amountCents: 493827, basis: 'stage:signing' },
        ],
        overlay: [],
      },
    ]);
    expect(visit(d, 'split').note).toEqual({
      en: '12345.67 split by stage-based split: ag-1 2469.13 (20%), ag-2 1234.57 (10%), ag-3 3703.70 (30%), ag-4 4938.27 (40%); rounding: 2469.13 + 1234.57 + 3703.70 + 4938.27 = 12345.67, the 0.02 left goes 0.01 each to ag-4, ag-2 (largest remainder)',
      zh: '成交金额 12345.67，按阶段拆分：ag-1 2469.13 (20%)，ag-2 1234.57 (10%)，ag-3 3703.70 (30%)，ag-4 4938.27 (40%)；舍入：2469.13 + 1234.57 + 3703.70 + 4938.27 = 12345.67，余数 0.02 归 ag-4、ag-2，各 0.01（余数最大）',
    });
    expect(visit(d, 'split').detail).toMatchObject({ amountFrom: 'event', touches: 7 });
  });

  it('a stage nobody recorded goes to the owner; the expected amount is used when the event has none; later touches do not count', async () => {
    const { decisions } = await runTimeline();
    const d = decisions[1]!;
    expect(d.changes).toEqual([
      {
        type: 'deal.split',
        leadId: 'L-2202',
        at: '2026-03-02T08:00:00.000Z',
        nodeId: 'split',
        amountCents: 500000,
        shares: [
          { repId: 'ag-2', basisPoints: 2000, share: 0.2, amountCents: 100000, basis: 'stage:listing' },
          { repId: 'ag-3', basisPoints: 8000, share: 0.8, amountCents: 400000, basis: 'stage:showing+stage:signing+unattributed:stage:keys' },
        ],
        overlay: [],
      },
    ]);
    expect(visit(d, 'split').detail).toMatchObject({
      amountFrom: 'lead.expectedAmount',
      touches: 3,
      unattributed: [{ basis: 'stage:keys', share: 0.1, to: 'ag-3' }],
    });
  });

  it('"shared" splits a stage among everyone who worked it; "last" pays the last one', async () => {
    const shared = await runTimeline(variant({ stageContributor: 'shared' }));
    // ag-1 10 + 15, ag-2 10 + 10, ag-3 15, ag-4 40: 308641.75 / 246913.4 / 185185.05 / 493826.8 → cents to ag-4, ag-1.
    expect(cents(shared.decisions[0]!)).toEqual({ 'ag-1': 308642, 'ag-2': 246913, 'ag-3': 185185, 'ag-4': 493827 });
    expect(shared.decisions[0]!.actions[0]).toMatchObject({ shares: [{ repId: 'ag-1', basis: 'stage:listing+stage:showing', share: 0.25 }, {}, {}, {}] });
    const last = await runTimeline(variant({ stageContributor: 'last' }));
    expect(cents(last.decisions[0]!)).toEqual({ 'ag-2': 370370, 'ag-3': 370370, 'ag-4': 493827 });
  });

  it('"spread" shares an unworked stage among the others in proportion', async () => {
    const { decisions } = await runTimeline(variant({ unattributed: 'spread' }));
    // 20 : 70 of 500000 → 111111.11 / 388888.88; the cent goes to ag-3.
    expect(cents(decisions[1]!)).toEqual({ 'ag-2': 111111, 'ag-3': 388889 });
    expect(visit(decisions[1]!, 'split').detail).toMatchObject({ unattributed: [{ basis: 'stage:keys', to: 'spread' }] });
  });

  it('nothing to split without an amount', async () => {
    const state = stateFrom('s22-agency', (s) => ({ ...s, leads: [{ id: 'L-2203', ownerId: 'ag-1' }] }));
    const d = await step(policy, state, event({ id: 'n1', type: 'deal.won', at: '2026-03-03T00:00:00Z', leadId: 'L-2203' }));
    expect(d.actions).toEqual([]);
    expect(d.changes).toEqual([]);
    expect(visit(d, 'split').result).toBe('noCredit');
    expect(visit(d, 'split').note?.en).toBe('no amount: the event carries none and the lead has no expected amount');
  });

  it('refuses at compile time stage shares that do not total 100%, naming the node and field', () => {
    const doc = structuredClone(examplePolicy('s22-stage-split')) as {
      nodes: Array<{ id: string; data: { stages: Array<{ stage: string; percent: number }> } }>;
    };
    doc.nodes.find((n) => n.id === 'split')!.data.stages[1]!.percent = 0;
    const r = compilePolicy(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        code: 'invalidConfig',
        nodeId: 'split',
        field: 'stages',
        message: { en: 'stage shares add up to 90%; a revenue split must total exactly 100%', zh: '阶段比例合计 90%；收入拆分必须正好合计 100%' },
      },
    ]);
    doc.nodes.find((n) => n.id === 'split')!.data.stages[1] = { stage: 'listing', percent: 10 };
    const dup = compilePolicy(doc);
    expect(dup.ok ? [] : dup.errors.map((e) => e.field)).toEqual(['stages[1].stage']);
  });
});
