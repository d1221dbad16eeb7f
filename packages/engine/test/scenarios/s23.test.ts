import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, type CompiledPolicy, type Decision } from '../../src/index.js';
import type { CreditShare } from '../../src/types/state.js';
import { compiledExample, stateFrom, step, timelineEvents, visit } from './harness.js';

// S23: role-based fixed shares (SDR 20 / AE 80) and multi-touch attribution over everyone who touched the lead.
const rolePolicy = compiledExample('s23-role-sdr-ae');
const uPolicy = compiledExample('s23-u-shaped');

function variant(name: string, patch: Record<string, unknown>): CompiledPolicy {
  const doc = structuredClone(examplePolicy(name)) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
  Object.assign(doc.nodes.find((n) => n.id === 'split')!.data, patch);
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

async function run(policy: CompiledPolicy, timeline: string): Promise<Decision[]> {
  const state = stateFrom('s23-funnel');
  const out: Decision[] = [];
  for (const e of timelineEvents(timeline)) out.push(await step(policy, state, e));
  return out;
}

const shares = (d: Decision): CreditShare[] => {
  const a = d.actions.find((x) => x.type === 'split');
  return a && a.type === 'split' ? a.shares : [];
};
const cents = (d: Decision) => Object.fromEntries(shares(d).map((s) => [s.repId, s.amountCents]));
const total = (d: Decision) => shares(d).reduce((s, x) => s + x.amountCents, 0);

describe('S23 role-based split', () => {
  it('SDR 20 / AE 80 from the ownership history', async () => {
    const [northwind, contoso, fabrikam] = await run(rolePolicy, 's23-role-deals');
    expect(shares(northwind!)).toEqual([
      { repId: 'ae-1', role: 'AE', basisPoints: 8000, share: 0.8, amountCents: 8000, basis: 'role:AE' },
      { repId: 'sdr-1', role: 'SDR', basisPoints: 2000, share: 0.2, amountCents: 2000, basis: 'role:SDR' },
    ]);
    // 李雷 (ae-2) lost Contoso to a reclaim: no AE share for him. 9999 cents → 1999.8 / 7999.2.
    expect(cents(contoso!)).toEqual({ 'ae-1': 7999, 'sdr-1': 2000 });
    expect(visit(contoso!, 'split').detail).toMatchObject({
      participants: [
        { repId: 'sdr-1', roles: ['SDR'] },
        { repId: 'ae-1', roles: ['AE'] },
      ],
    });
    expect(shares(fabrikam!)).toEqual([
      { repId: 'ae-2', role: 'AE', basisPoints: 10000, share: 1, amountCents: 25000, basis: 'role:AE+unattributed:role:SDR' },
    ]);
    expect(visit(fabrikam!, 'split').detail).toMatchObject({ unattributed: [{ basis: 'role:SDR', share: 0.2, to: 'ae-2' }] });
  });

  it('counting reclaimed owners splits the AE share between them', async () => {
    const [, contoso] = await run(variant('s23-role-sdr-ae', { excludeReclaimedOwners: false }), 's23-role-deals');
    // 1999.8 / 3999.6 / 3999.6: two spare cents to sdr-1 (.8), then ae-1 before ae-2 on the tie.
    expect(cents(contoso!)).toEqual({ 'ae-1': 4000, 'ae-2': 3999, 'sdr-1': 2000 });
  });
});

describe('S23 multi-touch attribution', () => {
  it('U-shaped: first 40, last 40, middle 20 shared; cents to the largest remainders, ties by rep id', async () => {
    const [five, alone, two, three, same] = await run(uPolicy, 's23-touch-deals');
    // Exact: 46⅔% / 6⅔% / 40% / 6⅔%. In basis points 4666.67 / 666.67 / 4000 / 666.67 floor to 9998;
    // the two points left go to the equal remainders (⅔) in rep id order, ae-1 and ae-2 — and so do
    // the two cents, so sdr-2 has 6.66% and 6.66, not 6.67% and 6.66.
    expect(shares(five!)).toEqual([
      { repId: 'ae-1', basisPoints: 4667, share: 0.4667, amountCents: 4667, basis: 'touch:middle+touch:last' },
      { repId: 'ae-2', basisPoints: 667, share: 0.0667, amountCents: 667, basis: 'touch:middle' },
      { repId: 'sdr-1', basisPoints: 4000, share: 0.4, amountCents: 4000, basis: 'touch:first' },
      { repId: 'sdr-2', basisPoints: 666, share: 0.0666, amountCents: 666, basis: 'touch:middle' },
    ]);
    expect(total(five!)).toBe(10000);
    // A single toucher takes 100%, however many touches.
    expect(shares(alone!)).toEqual([{ repId: 'ae-2', basisPoints: 10000, share: 1, amountCents: 50000, basis: 'touch:first+touch:middle+touch:last' }]);
    // Two touches: no middle, half each; one cent cannot be halved and goes to the lower id.
    expect(shares(two!)).toEqual([
      { repId: 'ae-1', basisPoints: 5000, share: 0.5, amountCents: 1, basis: 'touch:last' },
      { repId: 'sdr-2', basisPoints: 5000, share: 0.5, amountCents: 0, basis: 'touch:first' },
    ]);
    expect(cents(three!)).toEqual({ 'ae-1': 4000, 'ae-2': 2000, 'sdr-1': 4000 });
    // Touches at the same instant: ae-1 sorts first.
    expect(shares(same!)).toEqual([
      { repId: 'ae-1', basisPoints: 5000, share: 0.5, amountCents: 500, basis: 'touch:first' },
      { repId: 'ae-2', basisPoints: 5000, share: 0.5, amountCents: 500, basis: 'touch:last' },
    ]);
    expect(visit(five!, 'split').note?.en).toBe(
      '100.00 split by U-shaped attribution: ae-1 46.67 (46.67%), ae-2 6.67 (6.67%), sdr-1 40.00 (40%), sdr-2 6.66 (6.66%); ' +
        'rounding: 46.67% + 6.67% + 40% + 6.66% = 100%, the 0.02% left goes 0.01% each to ae-1, ae-2 (largest remainder, equal ones in rep id order); ' +
        '46.67 + 6.67 + 40.00 + 6.66 = 100.00, the 0.02 left goes 0.01 each to ae-1, ae-2 (largest remainder, equal ones in rep id order)',
    );
  });

  it('linear: 100.00 three ways is 33.34 / 33.33 / 33.33, the cent to the lowest id', async () => {
    const decisions = await run(variant('s23-u-shaped', { method: 'linear' }), 's23-touch-deals');
    // Thirds in basis points: 3333⅓ each floors to 9999; the point left goes, like the cent, to ae-1.
    expect(shares(decisions[3]!)).toEqual([
      { repId: 'ae-1', basisPoints: 3334, share: 0.3334, amountCents: 3334, basis: 'touch:linear' },
      { repId: 'ae-2', basisPoints: 3333, share: 0.3333, amountCents: 3333, basis: 'touch:linear' },
      { repId: 'sdr-1', basisPoints: 3333, share: 0.3333, amountCents: 3333, basis: 'touch:linear' },
    ]);
    expect(visit(decisions[3]!, 'split').note).toEqual({
      en:
        '100.00 split by linear multi-touch attribution: ae-1 33.34 (33.34%), ae-2 33.33 (33.33%), sdr-1 33.33 (33.33%); ' +
        'rounding: 33.34% + 33.33% + 33.33% = 100%, the 0.01% left goes to ae-1 (largest remainder, equal ones in rep id order); ' +
        '33.34 + 33.33 + 33.33 = 100.00, the 0.01 left goes to ae-1 (largest remainder, equal ones in rep id order)',
      zh:
        '成交金额 100.00，线性多触点归因：ae-1 33.34 (33.34%)，ae-2 33.33 (33.33%)，sdr-1 33.33 (33.33%)；' +
        '舍入：33.34% + 33.33% + 33.33% = 100%，余数 0.01% 归 ae-1（余数最大，余数相同按销售 id 顺序）；' +
        '33.34 + 33.33 + 33.33 = 100.00，余数 0.01 归 ae-1（余数最大，余数相同按销售 id 顺序）',
    });
    // Per person: ae-1's two touches on 恒星电子 count once.
    expect(cents(decisions[0]!)).toEqual({ 'ae-1': 2500, 'ae-2': 2500, 'sdr-1': 2500, 'sdr-2': 2500 });
    const perTouch = await run(variant('s23-u-shaped', { method: 'linear', linearPer: 'touch' }), 's23-touch-deals');
    expect(cents(perTouch[0]!)).toEqual({ 'ae-1': 4000, 'ae-2': 2000, 'sdr-1': 2000, 'sdr-2': 2000 });
  });

  it('first touch and last touch take everything; simultaneous touches order by rep id', async () => {
    const first = await run(variant('s23-u-shaped', { method: 'firstTouch' }), 's23-touch-deals');
    expect(first.map((d) => Object.keys(cents(d)).join())).toEqual(['sdr-1', 'ae-2', 'sdr-2', 'ae-1', 'ae-1']);
    const last = await run(variant('s23-u-shaped', { method: 'lastTouch' }), 's23-touch-deals');
    expect(last.map((d) => Object.keys(cents(d)).join())).toEqual(['ae-1', 'ae-2', 'ae-1', 'sdr-1', 'ae-2']);
    expect(shares(last[4]!)).toEqual([{ repId: 'ae-2', basisPoints: 10000, share: 1, amountCents: 1000, basis: 'touch:last' }]);
  });

  it('only the configured touch kinds count; with no touch the owner gets it all', async () => {
    const visits = await run(variant('s23-u-shaped', { method: 'linear', touchKinds: ['visit', 'demo'] }), 's23-touch-deals');
    expect(cents(visits[0]!)).toEqual({ 'ae-1': 5000, 'ae-2': 5000 });
    expect(shares(visits[4]!)).toEqual([{ repId: 'ae-2', basisPoints: 10000, share: 1, amountCents: 1000, basis: 'owner:noTouches' }]);
  });

  it('a U-shape whose ends exceed 100% does not compile', () => {
    const doc = structuredClone(examplePolicy('s23-u-shaped')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
    doc.nodes.find((n) => n.id === 'split')!.data.uShape = { first: 60, last: 50 };
    const r = compilePolicy(doc);
    expect(r.ok ? [] : r.errors).toEqual([
      {
        code: 'invalidConfig',
        nodeId: 'split',
        field: 'uShape',
        message: {
          en: 'first and last touch take 110%; together at most 100% (the middle gets the rest)',
          zh: '首末次触达合计 110%；两者之和最多 100%（其余归中间触达）',
        },
      },
    ]);
  });
});
