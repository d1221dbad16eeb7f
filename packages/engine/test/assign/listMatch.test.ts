import { describe, expect, it } from 'vitest';
import { exampleState, examplePolicy } from '@sluice/examples';
import { InMemoryState, type Decision, type SluiceEvent } from '../../src/index.js';
import { listHas, listKey } from '../../src/matching/normalise.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

/**
 * A rep's lists (regions, industries, languages, products, skills) against a lead's values: the CRM
 * writes "Manufacturing", "ZH", "East-China", sales-ops typed "manufacturing", "zh", "east-china" —
 * one value. Case, full-width forms and surrounding spaces are folded; nothing else is.
 */

const AT = '2026-03-02T02:00:00Z';
const created = (lead: Record<string, unknown>): SluiceEvent => ({
  id: `e-${String(lead.id)}`,
  type: 'lead.created',
  at: AT,
  lead: lead as SluiceEvent['lead'],
});
const scores = (d: Decision, nodeId: string) =>
  Object.fromEntries(visited(d, nodeId).candidates!.map((c) => [c.repId, c.status === 'skipped' ? c.reason : c.detail.score]));

describe('rep lists match lead values whatever their case, width and surrounding spaces', () => {
  it('listKey and listHas', () => {
    expect(['East-China', ' east-china ', 'ＥＡＳＴ－ＣＨＩＮＡ', 'ＺＨ', '\u3000Manufacturing\u3000'].map(listKey)).toEqual([
      'east-china',
      'east-china',
      'east-china',
      'zh',
      'manufacturing',
    ]);
    expect(listKey(3)).toBe(3);
    const regions = ['east-china', '华东'];
    expect([
      listHas(regions, 'East-China'),
      listHas(regions, ' EAST-CHINA'),
      listHas(regions, '华东'),
      listHas(regions, 'east china'),
      listHas(regions, 'east'),
    ]).toEqual([true, true, true, false, false]);
    expect([listHas(regions, undefined), listHas(regions, null), listHas(undefined, 'east-china'), listHas([1, 2], 2), listHas(['2'], 2)]).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
    // Either side may be the one written otherwise.
    expect([listHas(['East-China '], 'east-china'), listHas(['ＺＨ', 'en'], 'Zh'), listHas(['华东 '], '华东'), listHas(['b'], 'B')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('S12 profile matching: "Manufacturing" / "ZH" / "East-China" / "ＭＥＳ" / " SAP " score exactly as the lower-case lead does', async () => {
    const policy = compile(examplePolicy('s12-profile-match'));
    const state = InMemoryState.from(exampleState('s12-profiles') as never);
    const lower = await decideBoth(
      policy,
      created({ id: 'L-a', industry: 'manufacturing', language: 'zh', region: 'east-china', product: 'mes', needs: ['sap', 'plc'] }),
      state,
      AT,
    );
    const mixed = await decideBoth(
      policy,
      created({ id: 'L-b', industry: 'Manufacturing', language: 'ZH', region: 'East-China', product: 'ＭＥＳ', needs: [' SAP ', 'PLC'] }),
      state,
      AT,
    );
    // By hand, eligible reps (pm-jp is away; the best conversion among the rest is 0.3):
    // pm-zh-mfg 3 + 2 + 2 + 2 + 2 (both needs) + 0.25/0.3 + (20−10)/20 = 12.3333;
    // pm-bi 3 + 2 + 2 + 0 + 1 (sap only) + 0.15/0.3 + (20−18)/20 = 8.6; pm-en-retail 0.3/0.3 + (15−3)/15 = 1.8.
    const expected = { 'pm-zh-mfg': 12.3333, 'pm-en-retail': 1.8, 'pm-bi': 8.6, 'pm-jp': 'away' };
    expect(scores(lower, 'dispatch')).toEqual(expected);
    expect(scores(mixed, 'dispatch')).toEqual(expected);
    for (const d of [lower, mixed]) expect(d.actions.filter((a) => a.type === 'assign').map((a) => a.type === 'assign' && a.repId)).toEqual(['pm-zh-mfg']);
    expect(visited(mixed, 'dispatch').candidates!.find((c) => c.repId === 'pm-zh-mfg')!.detail).toMatchObject({
      'score.industry': 3,
      'score.language': 2,
      'score.region': 2,
      'score.product': 2,
      'score.skills': 2,
    });
  });

  it('a candidate filter "regions ∋ lead.region" takes "East-China" for a rep listing "east-china"', async () => {
    const policy = compile(
      flow(
        'match-case',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'], match: [{ repField: 'regions', fact: 'lead.region' }] } },
        ],
        [{ source: 'start', target: 'rr' }],
      ),
    );
    const state = InMemoryState.from({
      reps: [
        { id: 'a-emea', teams: ['ae'], regions: ['emea'] },
        { id: 'b-east', teams: ['ae'], regions: ['east-china', 'north-china'] },
      ],
    });
    for (const region of ['East-China', 'EAST-CHINA ', 'ｅａｓｔ－ｃｈｉｎａ']) {
      const d = await decideBoth(policy, created({ id: `L-${region}`, region }), state, AT);
      expect(d.actions.map((a) => a.type === 'assign' && a.repId)).toEqual(['b-east']);
      expect(visited(d, 'rr').candidates!.find((c) => c.repId === 'a-emea')).toMatchObject({
        status: 'skipped',
        reason: 'notEligible',
        detail: { regions: 'emea', wanted: region },
      });
    }
    // A different word is still a different region.
    const other = await decideBoth(policy, created({ id: 'L-x', region: 'east china' }), state, AT);
    expect(other.actions).toEqual([]);
    expect(visited(other, 'rr').result).toBe('noCandidate');
  });
});
