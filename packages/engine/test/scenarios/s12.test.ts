import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, stateFrom, step, timelineEvents, visit } from './harness.js';

// S12: profile matching. Weights industry 3, language 2, region 2, product 2, skills 2, conversion 1, headroom 1.
// Kenji (pm-jp, the best converter at 0.6) is away, so conversion is relative to Sarah's 0.3.
const policy = compiledExample('s12-profile-match');
const row = (d: Decision, repId: string) => visit(d, 'dispatch').candidates!.find((r) => r.repId === repId)!;

async function runTimeline(): Promise<Decision[]> {
  const state = stateFrom('s12-profiles');
  const out: Decision[] = [];
  for (const e of timelineEvents('s12-dispatch')) out.push(await step(policy, state, e));
  return out;
}

describe('S12 profile matching', () => {
  it('dispatches each lead to its best match, or to the manager when nobody fits', async () => {
    const d = await runTimeline();
    expect(d.map((x) => assignedTo(x)[0] ?? null)).toEqual(['pm-zh-mfg', 'pm-en-retail', null]);
  });

  it('explains L-1201: every part of every score', async () => {
    const [d] = await runTimeline();
    expect(candidateVerdicts(visit(d!, 'dispatch'))).toEqual(['pm-bi:eligible', 'pm-en-retail:eligible', 'pm-jp:skipped:away', 'pm-zh-mfg:chosen']);
    // 赵磊: 3 + 2 + 2 + 2 + 2·(2/2) + 1·(0.25/0.3) + 1·(20−10)/20 = 12.3333…
    expect(row(d!, 'pm-zh-mfg').detail).toMatchObject({
      score: 12.3333,
      'score.industry': 3,
      'score.language': 2,
      'score.region': 2,
      'score.product': 2,
      'score.skills': 2,
      'score.conversion': 0.8333,
      'score.headroom': 0.5,
      conversionRate: 0.25,
    });
    // 林晓: 3 + 2 + 2 + 0 (crm/erp, not mes) + 2·(1/2) + 1·(0.15/0.3) + 1·(2/20) = 8.6
    expect(row(d!, 'pm-bi').detail).toMatchObject({ score: 8.6, 'score.product': 0, 'score.skills': 1, 'score.conversion': 0.5, 'score.headroom': 0.1 });
    // Sarah: only conversion 1 and headroom 12/15 = 0.8
    expect(row(d!, 'pm-en-retail').detail).toMatchObject({ score: 1.8, 'score.industry': 0, 'score.conversion': 1, 'score.headroom': 0.8 });
    expect(row(d!, 'pm-jp').detail.score).toBeUndefined();
  });

  it('prefers the less busy specialist over the busy bilingual generalist for L-1202', async () => {
    const d = (await runTimeline())[1]!;
    // Sarah: 3+2+2+2+2 + 1 + 12/15 = 12.8; 林晓: 3+2+2+2+2 + 0.5 + 2/20 = 11.6; 赵磊 (now 11/20): 0.8333 + 0.45 = 1.2833
    expect(row(d, 'pm-en-retail')).toMatchObject({ status: 'chosen', detail: { score: 12.8 } });
    expect(row(d, 'pm-bi').detail.score).toBe(11.6);
    expect(row(d, 'pm-zh-mfg').detail.score).toBe(1.2833);
  });

  it('sends L-1203 to the manager: the best score 3.2833 is below 4', async () => {
    const d = (await runTimeline())[2]!;
    const v = visit(d, 'dispatch');
    expect(v.result).toBe('noCandidate');
    // 赵磊: product erp 2 + 0.8333 + 9/20 = 3.2833; Sarah (now 4/15): 1 + 11/15 = 1.7333; 林晓: 2 + 0.5 + 0.1 = 2.6
    expect(row(d, 'pm-zh-mfg').detail.score).toBe(3.2833);
    expect(row(d, 'pm-en-retail').detail.score).toBe(1.7333);
    expect(row(d, 'pm-bi').detail.score).toBe(2.6);
    expect(v.note).toEqual({ en: 'best match pm-zh-mfg scored 3.2833, below the minimum 4', zh: '最佳匹配 pm-zh-mfg 得分 3.2833，低于最低分数 4' });
    expect(v.detail).toEqual({ leadProfile: { industry: ['mining'], language: ['es'], region: ['latam'], product: ['erp'], needs: [] } });
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-1203',
        nodeId: 'mgr',
        mode: 'escalate',
        to: [{ kind: 'manager', id: 'global-sales' }],
        message: { en: 'No rep fits lead L-1203 well enough; please assign by hand', zh: '线索 L-1203 无足够匹配的销售，请手动分配' },
      },
    ]);
  });
});
