import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { candidateVerdicts, compiledExample, event, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S1: grades marketing and sales agreed on drive routing: A → senior AEs, B → AEs, C → nurture, D → marketing.
const policy = compiledExample('s01-quality-grades');
const AT = '2026-03-02T03:00:00Z';

/** What happened to the lead, in one word per action. */
const outcome = (d: Decision): string[] =>
  d.actions.map((a) => {
    switch (a.type) {
      case 'assign':
        return `assign:${a.repId}`;
      case 'toPool':
        return `pool:${a.poolId}`;
      case 'notify':
        return `${a.mode}:${a.to.map((r) => r.id).join('+')}`;
      case 'score':
        return `score:${a.score}/${a.grade}`;
      default:
        return a.type;
    }
  });

async function runTimeline(state = stateFrom('s01-teams')) {
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s01-new-leads')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

describe('S1 quality grades', () => {
  it('grades each new lead by the agreed definition and routes by grade', async () => {
    const { state, decisions } = await runTimeline();
    // Points by hand: company 20, budget 25, buying ≤ 3 months 25, 200+ employees 15.
    expect(decisions.map(outcome)).toEqual([
      ['assign:sr-1', 'score:85/A'], // L-101: everything agreed
      ['assign:sr-2', 'score:70/A'], // L-102: buying in exactly 3 months still counts
      ['assign:ae-1', 'score:45/B'], // L-103: 6 months, so B on points
      ['assign:ae-2', 'score:40/B'], // L-104: exactly 40 (budget + 200 employees), no company
      ['pool:nurture', 'score:20/C'], // L-105: company only
      ['notify:marketing', 'score:85/D'], // L-106: A on paper, but the e-mail is empty and there is no phone
    ]);
    expect(state.lead('L-105')).toMatchObject({ poolId: 'nurture', ownerId: null, grade: 'C' });
    expect(state.lead('L-106')).toMatchObject({ grade: 'D', score: 85 });
    expect(state.lead('L-106')!.ownerId).toBeUndefined();
  });

  it('explains an A: points, the agreed band, the switch case, the candidate table', async () => {
    const d = (await runTimeline()).decisions[0]!;
    expect(visitedIds(d)).toEqual(['start', 'points', 'grade', 'byGrade', 'seniorRR']);
    expect(visit(d, 'points').detail).toEqual({
      added: 85,
      score: 85,
      breakdown: [
        { label: 'company named 有公司名称', kind: 'attribute', points: 20 },
        { label: 'budget stated 已说明预算', kind: 'attribute', points: 25 },
        { label: 'buying within 3 months 3 个月内采购', kind: 'attribute', points: 25 },
        { label: '200+ employees 200 人以上', kind: 'attribute', points: 15 },
      ],
    });
    expect(visit(d, 'grade').detail).toEqual({ score: 85, grade: 'A', band: 1, label: 'company, budget, buying within 3 months 有公司、有预算、3 个月内采购' });
    expect(visit(d, 'byGrade')).toMatchObject({ result: 'A', detail: { fact: 'grade', saw: 'A', case: 'A' } });
    expect(candidateVerdicts(visit(d, 'seniorRR'))).toEqual(['sr-1:chosen', 'sr-2:eligible']);
    expect(visit(d, 'seniorRR').candidates![0]!.detail).toEqual({ load: 0, cap: 15, assignedToday: 0, weight: 1 });
    expect(d.changes).toEqual([
      { type: 'pointer.set', key: 's01-quality-grades/seniorRR', pointer: { last: 'sr-1' } },
      { type: 'lead.assign', leadId: 'L-101', repId: 'sr-1', previousOwnerId: null, at: '2026-03-02T01:00:00.000Z', nodeId: 'seniorRR' },
      { type: 'lead.facts', leadId: 'L-101', set: { score: 85, grade: 'A' } },
    ]);
  });

  it('explains a D: no contact details beats the A criteria, marketing is told, nobody gets it', async () => {
    const d = (await runTimeline()).decisions[5]!;
    expect(visitedIds(d)).toEqual(['start', 'points', 'grade', 'byGrade', 'marketing']);
    expect(visit(d, 'grade').detail).toEqual({ score: 85, grade: 'D', band: 0, label: 'no contact details 无联系方式' });
    expect(visit(d, 'byGrade')).toMatchObject({ result: 'default', detail: { fact: 'grade', saw: 'D', case: 'default' } });
    expect(d.actions[0]).toEqual({
      type: 'notify',
      leadId: 'L-106',
      nodeId: 'marketing',
      mode: 'notify',
      to: [{ kind: 'team', id: 'marketing' }],
      message: {
        en: 'Lead L-106 (source tender notice) has no e-mail or phone: grade D, not routed',
        zh: '线索 L-106（来源 tender notice）没有邮箱和电话：D 级，不分配',
      },
    });
    expect(d.changes).toEqual([{ type: 'lead.facts', leadId: 'L-106', set: { score: 85, grade: 'D' } }]);
  });

  it('sends a C to the nurture pool', async () => {
    const d = (await runTimeline()).decisions[4]!;
    expect(visitedIds(d)).toEqual(['start', 'points', 'grade', 'byGrade', 'nurture']);
    expect(visit(d, 'grade').detail).toEqual({ score: 20, grade: 'C', band: 'otherwise' });
    expect(d.actions[0]).toEqual({ type: 'toPool', leadId: 'L-105', poolId: 'nurture', previousOwnerId: null, nodeId: 'nurture' });
  });

  it('a lead without a buying timeline cannot be A, however complete otherwise', async () => {
    const d = await step(
      policy,
      stateFrom('s01-teams'),
      event({ id: 'x', type: 'lead.created', at: AT, lead: { id: 'L-NT', company: '南京紫金软件', email: 'a@zijin.cn', budget: '300k CNY', employees: 250 } }),
    );
    // 20 + 25 + 15 = 60: B on points; the A band's timeline test saw nothing.
    expect(visit(d, 'grade').detail).toEqual({ score: 60, grade: 'B', band: 2, label: '40 points or more 40 分及以上' });
    expect(outcome(d)).toEqual(['assign:ae-1', 'score:60/B']);
  });

  it('an A goes to the AE team when every senior is unavailable, with the reasons shown', async () => {
    const state = stateFrom('s01-teams', (s) => ({
      ...s,
      reps: s.reps!.map((r) =>
        r.id === 'sr-1' ? { ...r, openLoad: 15 } : r.id === 'sr-2' ? { ...r, outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-06T00:00:00Z' }] } : r,
      ),
    }));
    const d = await step(policy, state, timelineEvents('s01-new-leads')[0]!);
    expect(visitedIds(d)).toEqual(['start', 'points', 'grade', 'byGrade', 'seniorRR', 'aeRR']);
    expect(visit(d, 'seniorRR').result).toBe('noCandidate');
    expect(candidateVerdicts(visit(d, 'seniorRR'))).toEqual(['sr-1:skipped:full', 'sr-2:skipped:away']);
    expect(visit(d, 'seniorRR').candidates![1]!.detail).toMatchObject({ until: '2026-03-06T00:00:00Z' });
    expect(candidateVerdicts(visit(d, 'aeRR'))).toEqual(['ae-1:chosen', 'ae-2:eligible']);
    expect(outcome(d)).toEqual(['assign:ae-1', 'score:85/A']);
  });

  it('escalates when neither seniors nor AEs can take an A', async () => {
    const state = stateFrom('s01-teams', (s) => ({ ...s, reps: s.reps!.map((r) => (r.roles?.includes('AE') ? { ...r, active: false } : r)) }));
    const d = await step(policy, state, timelineEvents('s01-new-leads')[0]!);
    expect(visitedIds(d)).toEqual(['start', 'points', 'grade', 'byGrade', 'seniorRR', 'aeRR', 'aeNone']);
    expect(candidateVerdicts(visit(d, 'aeRR'))).toEqual(['ae-1:skipped:inactive', 'ae-2:skipped:inactive']);
    expect(d.actions[0]).toEqual({
      type: 'notify',
      leadId: 'L-101',
      nodeId: 'aeNone',
      mode: 'escalate',
      to: [{ kind: 'manager', id: 'ae' }],
      message: { en: 'Grade A lead L-101 (深圳迅达电子) found no free AE', zh: 'A 级线索 L-101（深圳迅达电子）没有可接手的客户经理' },
    });
  });
});
