import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, type CompiledPolicy, type Decision } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, timelineEvents, visit } from './harness.js';

// S24: revenue splits total 100% (to the cent); overlay credit for supporting roles comes on top.
const policy = compiledExample('s24-revenue-overlay');

type Doc = { nodes: Array<{ id: string; data: Record<string, unknown> }> };
const doc = (): Doc => structuredClone(examplePolicy('s24-revenue-overlay')) as Doc;
const splitData = (d: Doc) => d.nodes.find((n) => n.id === 'split')!.data;

async function runTimeline(): Promise<Decision[]> {
  const state = stateFrom('s24-deal-team');
  const out: Decision[] = [];
  for (const e of timelineEvents('s24-deals')) out.push(await step(policy, state, e));
  return out;
}

describe('S24 revenue and overlay splits', () => {
  it('revenue sums to the deal to the cent; overlay is reported apart and on top', async () => {
    const [d] = await runTimeline();
    expect(d!.changes).toEqual([
      {
        type: 'deal.split',
        leadId: 'L-2401',
        at: '2026-03-15T08:00:00.000Z',
        nodeId: 'split',
        amountCents: 3333333,
        // 666666.6 / 2666666.4 → the spare cent to sdr-1; 8000 / 2000 basis points exactly.
        shares: [
          { repId: 'ae-1', role: 'AE', basisPoints: 8000, share: 0.8, amountCents: 2666666, basis: 'role:AE' },
          { repId: 'sdr-1', role: 'SDR', basisPoints: 2000, share: 0.2, amountCents: 666667, basis: 'role:SDR' },
        ],
        // presales 10% of 3333333 = 333333.3 → 333333, halved 166666.5 each → ps-1 gets the cent (tie, lower id);
        // its 1000 points halve exactly. CSM 5% = 166666.65 → 166667, 500 points, one holder.
        overlay: [
          { repId: 'ps-1', role: 'presales', basisPoints: 500, share: 0.05, amountCents: 166667, basis: 'overlay:presales' },
          { repId: 'ps-2', role: 'presales', basisPoints: 500, share: 0.05, amountCents: 166666, basis: 'overlay:presales' },
          { repId: 'csm-1', role: 'CSM', basisPoints: 500, share: 0.05, amountCents: 166667, basis: 'overlay:CSM' },
        ],
      },
    ]);
    expect(visit(d!, 'split').note).toEqual({
      en:
        '33333.33 split by role-based split: ae-1 26666.66 (80%), sdr-1 6666.67 (20%); overlay on top: ps-1 1666.67 (5%), ps-2 1666.66 (5%), csm-1 1666.67 (5%); ' +
        'rounding: 26666.66 + 6666.67 = 33333.33, the 0.01 left goes to sdr-1 (largest remainder); ' +
        'rounding of the presales overlay: 1666.67 + 1666.66 = 3333.33, the 0.01 left goes to ps-1 (largest remainder, equal ones in rep id order)',
      zh:
        '成交金额 33333.33，按角色拆分：ae-1 26666.66 (80%)，sdr-1 6666.67 (20%)；另计附加业绩：ps-1 1666.67 (5%)，ps-2 1666.66 (5%)，csm-1 1666.67 (5%)；' +
        '舍入：26666.66 + 6666.67 = 33333.33，余数 0.01 归 sdr-1（余数最大）；' +
        '附加业绩 presales 舍入：1666.67 + 1666.66 = 3333.33，余数 0.01 归 ps-1（余数最大，余数相同按销售 id 顺序）',
    });
    expect(d!.explanation.summary.en).toBe(
      'split deal L-2401 (33333.33, role): ae-1 26666.66, sdr-1 6666.67; overlay ps-1 1666.67, ps-2 1666.66, csm-1 1666.67',
    );
  });

  it('a role nobody holds earns no overlay, and the explanation says which', async () => {
    const [, d] = await runTimeline();
    expect(d!.actions).toEqual([
      {
        type: 'split',
        leadId: 'L-2402',
        nodeId: 'split',
        method: 'role',
        amountCents: 100000,
        shares: [{ repId: 'ae-1', role: 'AE', basisPoints: 10000, share: 1, amountCents: 100000, basis: 'role:AE+unattributed:role:SDR' }],
        overlay: [],
      },
    ]);
    expect(visit(d!, 'split').detail).toMatchObject({ overlayUnheld: ['presales', 'CSM'] });
  });

  it('revenue shares must total 100% at compile time; overlay shares need not', () => {
    const bad = doc();
    splitData(bad).roles = [
      { role: 'SDR', percent: 20 },
      { role: 'AE', percent: 70 },
    ];
    const r = compilePolicy(bad);
    expect(r.ok ? [] : r.errors).toEqual([
      {
        code: 'invalidConfig',
        nodeId: 'split',
        field: 'roles',
        message: { en: 'role shares add up to 90%; a revenue split must total exactly 100%', zh: '角色比例合计 90%；收入拆分必须正好合计 100%' },
      },
    ]);
    const over = doc();
    splitData(over).roles = [
      { role: 'SDR', percent: 20.5 },
      { role: 'AE', percent: 80 },
    ];
    expect(compilePolicy(over).ok).toBe(false);
    const thirds = doc();
    splitData(thirds).roles = [
      { role: 'SDR', percent: 33.333333 },
      { role: 'AE', percent: 33.333333 },
      { role: 'presales', percent: 33.333334 },
    ];
    expect(compilePolicy(thirds).ok).toBe(true);
    const bigOverlay = doc();
    splitData(bigOverlay).overlay = [
      { role: 'presales', percent: 60 },
      { role: 'CSM', percent: 50 },
    ];
    expect(compilePolicy(bigOverlay).ok).toBe(true);
  });

  describe('custom percentages', () => {
    const custom = (patch: Record<string, unknown>): CompiledPolicy => {
      const d = doc();
      Object.assign(splitData(d), { method: 'custom', overlay: [], ...patch });
      const r = compilePolicy(d);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.policy;
    };
    const won = (data?: Record<string, unknown>) =>
      event({ id: 'w', type: 'deal.won', at: '2026-03-20T00:00:00Z', leadId: 'L-2401', amount: 0.1, ...(data ? { data } : {}) });

    it("the deal event's shares win over the policy's; 0.10 split 70 / 30 is 0.07 / 0.03", async () => {
      const p = custom({ custom: [{ repId: 'ae-1', percent: 100 }] });
      const d = await step(
        p,
        stateFrom('s24-deal-team'),
        won({
          shares: [
            { repId: 'ae-1', percent: 70 },
            { repId: 'ps-1', percent: 30 },
          ],
        }),
      );
      expect(d.actions).toMatchObject([
        {
          method: 'custom',
          amountCents: 10,
          shares: [
            { repId: 'ae-1', amountCents: 7 },
            { repId: 'ps-1', amountCents: 3 },
          ],
        },
      ]);
      expect(visit(d, 'split').detail).toMatchObject({ sharesFrom: 'event' });
      const fromPolicy = await step(p, stateFrom('s24-deal-team'), won());
      expect(fromPolicy.actions).toMatchObject([{ shares: [{ repId: 'ae-1', amountCents: 10, share: 1, basis: 'custom' }] }]);
    });

    it('event shares that do not total 100% split nothing and say why', async () => {
      const d = await step(
        custom({}),
        stateFrom('s24-deal-team'),
        won({
          shares: [
            { repId: 'ae-1', percent: 60 },
            { repId: 'ps-1', percent: 30 },
          ],
        }),
      );
      expect(d.changes).toEqual([]);
      expect(visit(d, 'split')).toMatchObject({
        result: 'noCredit',
        note: { en: "the deal event's shares add up to 90%, not 100%", zh: '成交事件的拆分比例合计 90%，不是 100%' },
      });
    });

    it('policy percentages must total 100%', () => {
      const d = doc();
      Object.assign(splitData(d), {
        method: 'custom',
        custom: [
          { repId: 'ae-1', percent: 50 },
          { repId: 'ae-1', percent: 40 },
        ],
      });
      const r = compilePolicy(d);
      expect(r.ok ? [] : r.errors.map((e) => `${e.nodeId}:${e.field}:${e.message.en}`)).toEqual([
        'split:custom[1].repId:rep "ae-1" is listed twice',
        'split:custom:rep shares add up to 90%; a revenue split must total exactly 100%',
      ]);
    });
  });
});
