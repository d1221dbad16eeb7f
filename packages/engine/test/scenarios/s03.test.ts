import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S3: behaviour points + attribute points → score, MQL at 30, SQL at 60, promoted automatically.
const policy = compiledExample('s03-scoring-thresholds');
const AT = '2026-03-02T02:00:00Z';

const scoreAction = (d: Decision) => d.actions.find((a) => a.type === 'score');
const tasks = (d: Decision) => d.actions.filter((a) => a.type === 'notify');

describe('S3 scoring thresholds: the timeline of one lead', () => {
  it('scores, grades and promotes L-301 event by event', async () => {
    const state = stateFrom('s03-team');
    // Worked out by hand from the timeline: industry 10, visits ×5 (≤ 30), downloads ×10, replies ×15, budget 15.
    const expected: Array<[number, string, string | undefined, boolean]> = [
      [10, 'D', undefined, false], // software 10
      [20, 'D', undefined, false], // + 2 visits 10
      [35, 'C', 'MQL', false], // 3 visits 15 + 1 download 10
      [40, 'C', 'MQL', false], // 4 visits 20
      [55, 'C', 'MQL', false], // + 1 reply 15
      [60, 'B', 'SQL', true], // 5 visits 25: exactly the SQL threshold
      [75, 'B', 'SQL', false], // + budget 15, already SQL: no second task
      [80, 'A', 'SQL', false], // 9 visits would be 45, capped at 30
      [55, 'C', 'SQL', false], // retail (0) and no budget: score drops, stage stays SQL
    ];
    const seen: Array<[number, string, string | undefined, boolean]> = [];
    for (const e of timelineEvents('s03-behaviour')) {
      const d = await step(policy, state, e);
      const lead = state.lead('L-301')!;
      seen.push([lead.score!, lead.grade!, lead.stage, tasks(d).length === 1]);
    }
    expect(seen).toEqual(expected);
    // Visits, downloads and replies nobody logged are the lead's own behaviour: scored, but no
    // rep's touch, so no follow-up clock starts from them.
    expect(state.activities('L-301')).toEqual([]);
    expect(state.lead('L-301')?.lastActivityAt).toBeUndefined();
  });

  it('explains the promotion to SQL: points, band, stage before and after, the task', async () => {
    const state = stateFrom('s03-team');
    const events = timelineEvents('s03-behaviour');
    for (const e of events.slice(0, 5)) await step(policy, state, e);
    const d = await step(policy, state, events[5]!);

    expect(visitedIds(d)).toEqual(['start', 'points', 'grade', 'newSql', 'sdrTask']);
    expect(visit(d, 'points').detail).toEqual({
      added: 60,
      score: 60,
      breakdown: [
        { label: 'target industry 目标行业', kind: 'attribute', points: 10 },
        { label: 'page visits 页面访问', kind: 'behaviour', points: 25, units: 5, capped: false },
        { label: 'downloads 资料下载', kind: 'behaviour', points: 10, units: 1, capped: false },
        { label: 'e-mail replies 邮件回复', kind: 'behaviour', points: 15, units: 1, capped: false },
      ],
    });
    expect(visit(d, 'grade').detail).toEqual({ score: 60, grade: 'B', band: 1, stageBefore: 'MQL', promotedTo: 'SQL' });
    expect(visit(d, 'newSql').result).toBe('true');
    expect(visit(d, 'newSql').condition).toEqual({
      op: 'all',
      result: true,
      children: [
        { fact: 'stage', operator: 'equal', value: 'SQL', saw: 'SQL', result: true },
        { fact: 'lead.stage', operator: 'notEqual', value: 'SQL', saw: 'MQL', result: true },
      ],
    });
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-301',
        nodeId: 'sdrTask',
        mode: 'task',
        to: [{ kind: 'role', id: 'SDR' }],
        message: {
          en: 'Lead L-301 (苏州精工软件) reached SQL with score 60, grade B: qualify it',
          zh: '线索 L-301（苏州精工软件）得分 60、等级 B，已升为 SQL，请跟进确认',
        },
      },
      { type: 'score', leadId: 'L-301', score: 60, grade: 'B', stage: 'SQL', nodeId: 'grade' },
    ]);
    expect(d.changes).toEqual([{ type: 'lead.facts', leadId: 'L-301', set: { score: 60, grade: 'B', stage: 'SQL' } }]);
  });

  it('shows the visit cap and keeps SQL when the score falls', async () => {
    const state = stateFrom('s03-team');
    const events = timelineEvents('s03-behaviour');
    const decisions: Decision[] = [];
    for (const e of events) decisions.push(await step(policy, state, e));

    const capped = visit(decisions[7]!, 'points').detail as { breakdown: Array<Record<string, unknown>> };
    expect(capped.breakdown.find((b) => b.label === 'page visits 页面访问')).toEqual({
      label: 'page visits 页面访问',
      kind: 'behaviour',
      points: 30,
      units: 9,
      capped: true,
    });

    const last = decisions[8]!;
    expect(visit(last, 'grade').detail).toEqual({ score: 55, grade: 'C', band: 2, stageBefore: 'SQL' });
    expect(visit(last, 'newSql').result).toBe('false');
    expect(visit(last, 'newSql').condition).toMatchObject({
      result: false,
      children: [
        { fact: 'stage', saw: 'SQL', result: true },
        { fact: 'lead.stage', saw: 'SQL', result: false },
      ],
    });
    expect(visitedIds(last)).toEqual(['start', 'points', 'grade', 'newSql']);
    expect(last.changes).toEqual([{ type: 'lead.facts', leadId: 'L-301', set: { score: 55, grade: 'C', stage: 'SQL' } }]);
  });
});

describe('S3 scoring thresholds: boundaries', () => {
  const created = (lead: Record<string, unknown>) => event({ id: 'b', type: 'lead.created', at: AT, lead: { id: 'L-B', createdAt: AT, ...lead } as never });

  it('a score of exactly 30 makes an MQL; 25 stays unstaged', async () => {
    const mql = await step(policy, stateFrom('s03-team'), created({ industry: 'finance', budget: 'yes', visits: 1 }));
    expect(scoreAction(mql)).toEqual({ type: 'score', leadId: 'L-B', score: 30, grade: 'C', stage: 'MQL', nodeId: 'grade' });
    expect(tasks(mql)).toEqual([]);

    const below = await step(policy, stateFrom('s03-team'), created({ industry: 'finance', budget: 'yes' }));
    expect(scoreAction(below)).toEqual({ type: 'score', leadId: 'L-B', score: 25, grade: 'D', nodeId: 'grade' });
    expect(visit(below, 'grade').detail).toEqual({ score: 25, grade: 'D', band: 'otherwise', stageBefore: null });
  });

  it('a new lead at exactly 60 goes straight to SQL (200 employees counts as 200+)', async () => {
    const state = stateFrom('s03-team');
    const d = await step(policy, state, created({ industry: 'software', employees: 200, budget: '20万', visits: 2, replies: 1 }));
    expect(scoreAction(d)).toEqual({ type: 'score', leadId: 'L-B', score: 60, grade: 'B', stage: 'SQL', nodeId: 'grade' });
    expect(tasks(d)).toHaveLength(1);
    // No company on this lead: the blank in the message is named in the explanation.
    expect(tasks(d)[0]).toMatchObject({ message: { en: 'Lead L-B () reached SQL with score 60, grade B: qualify it' } });
    expect(visit(d, 'sdrTask').detail).toEqual({ mode: 'task', to: [{ kind: 'role', id: 'SDR' }], missing: ['lead.company'] });
    expect(state.lead('L-B')).toMatchObject({ score: 60, grade: 'B', stage: 'SQL' });
  });

  it('six visits earn exactly the cap, seven are capped', async () => {
    const six = await step(policy, stateFrom('s03-team'), created({ visits: 6 }));
    const seven = await step(policy, stateFrom('s03-team'), created({ visits: 7 }));
    expect(visit(six, 'points').detail).toEqual({
      added: 30,
      score: 30,
      breakdown: [{ label: 'page visits 页面访问', kind: 'behaviour', points: 30, units: 6, capped: false }],
    });
    expect(visit(seven, 'points').detail).toEqual({
      added: 30,
      score: 30,
      breakdown: [{ label: 'page visits 页面访问', kind: 'behaviour', points: 30, units: 7, capped: true }],
    });
  });

  it('missing fields score nothing, and an old score is written back as 0, but MQL stays', async () => {
    const state = stateFrom('s03-team', (s) => ({ ...s, leads: [{ id: 'L-OLD', score: 40, grade: 'C', stage: 'MQL' }] }));
    const d = await step(policy, state, event({ id: 'u', type: 'lead.updated', at: AT, lead: { id: 'L-OLD', visits: 'many' } as never }));
    expect(visit(d, 'points').result).toBe('done');
    expect(visit(d, 'points').detail).toEqual({ added: 0, score: 0, breakdown: [] });
    expect(d.changes).toEqual([{ type: 'lead.facts', leadId: 'L-OLD', set: { score: 0, grade: 'D', stage: 'MQL' } }]);
    expect(state.lead('L-OLD')).toMatchObject({ score: 0, grade: 'D', stage: 'MQL' });
  });

  it('never overwrites an opportunity stage with MQL/SQL', async () => {
    const state = stateFrom('s03-team', (s) => ({
      ...s,
      leads: [{ id: 'L-OPP', stage: 'solution_design', industry: 'software', employees: 900, budget: '1M' }],
    }));
    const d = await step(
      policy,
      state,
      event({ id: 'a', type: 'activity.logged', at: AT, activity: { kind: 'reply' }, lead: { id: 'L-OPP', replies: 2, visits: 3 } as never }),
    );
    // 10 + 10 + 15 + replies 30 + visits 15 = 80
    expect(visit(d, 'grade').detail).toEqual({ score: 80, grade: 'A', band: 0, stageBefore: 'solution_design' });
    expect(tasks(d)).toEqual([]);
    expect(state.lead('L-OPP')).toMatchObject({ score: 80, grade: 'A', stage: 'solution_design' });
  });

  it('does not listen to stage changes', async () => {
    const d = await step(
      policy,
      stateFrom('s03-team'),
      event({ id: 's', type: 'stage.changed', at: AT, lead: { id: 'L-301', createdAt: AT }, stage: { to: 'quote' } }),
    );
    expect(d.triggered).toBe(false);
    expect(d.actions).toEqual([]);
    expect(d.explanation.visited).toEqual([]);
  });
});
