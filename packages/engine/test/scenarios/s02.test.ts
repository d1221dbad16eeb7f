import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S2: every new lead to the SDRs first; only SQLs with the SDR's research reach the AEs.
const policy = compiledExample('s02-sdr-gate');

async function runTimeline(state = stateFrom('s02-teams')) {
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s02-handover')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

describe('S2 SDR gate', () => {
  it('routes new leads to SDRs in turn and SQLs with research to AEs in turn', async () => {
    const { state, decisions } = await runTimeline();
    expect(decisions.map(assignedTo)).toEqual([['sdr-1'], ['sdr-2'], ['sdr-1'], ['ae-1'], [], [], ['ae-2']]);
    expect(['L-201', 'L-202', 'L-203'].map((id) => state.lead(id)!.ownerId)).toEqual(['ae-1', 'sdr-2', 'ae-2']);
    // The SDR's load falls as leads move on to AEs.
    expect(['sdr-1', 'sdr-2', 'ae-1', 'ae-2', 'ae-3'].map((r) => state.openLoad(r))).toEqual([0, 1, 1, 1, 0]);
  });

  it('explains a new lead: SDRs only in the candidate table', async () => {
    const { decisions } = await runTimeline();
    const first = decisions[0]!;
    expect(visitedIds(first)).toEqual(['start', 'isNew', 'sdrRR']);
    expect(visit(first, 'isNew').condition).toEqual({ fact: 'event.type', operator: 'equal', value: 'lead.created', saw: 'lead.created', result: true });
    expect(candidateVerdicts(visit(first, 'sdrRR'))).toEqual(['sdr-1:chosen', 'sdr-2:eligible']);
    expect(first.actions).toEqual([{ type: 'assign', leadId: 'L-201', repId: 'sdr-1', previousOwnerId: null, nodeId: 'sdrRR', strategy: 'roundRobin' }]);
  });

  it('hands an SQL to an AE with the research in the task', async () => {
    const { decisions } = await runTimeline();
    const handover = decisions[3]!;
    expect(visitedIds(handover)).toEqual(['start', 'isNew', 'gate', 'aeRR', 'aeBrief']);
    expect(visit(handover, 'gate').condition).toEqual({
      op: 'all',
      result: true,
      children: [
        { fact: 'lead.stage', operator: 'equal', value: 'SQL', saw: 'SQL', result: true },
        { fact: 'lead.research.intent', operator: 'exists', value: true, saw: 'replace spreadsheets for 40 field reps', result: true },
        { fact: 'lead.research.budget', operator: 'exists', value: true, saw: '300k CNY approved', result: true },
        { fact: 'lead.research.timeline', operator: 'exists', value: true, saw: 'decide by end of April', result: true },
      ],
    });
    expect(candidateVerdicts(visit(handover, 'aeRR'))).toEqual(['ae-1:chosen', 'ae-2:eligible', 'ae-3:eligible']);
    expect(handover.actions).toEqual([
      { type: 'assign', leadId: 'L-201', repId: 'ae-1', previousOwnerId: 'sdr-1', nodeId: 'aeRR', strategy: 'roundRobin' },
      {
        type: 'notify',
        leadId: 'L-201',
        nodeId: 'aeBrief',
        mode: 'task',
        to: [{ kind: 'rep', id: 'ae-1' }],
        message: {
          en: 'SQL L-201 (杭州云帆科技) from SDR sdr-1. Intent: replace spreadsheets for 40 field reps. Budget: 300k CNY approved. Timeline: decide by end of April.',
          zh: 'SQL 线索 L-201（杭州云帆科技），来自 SDR sdr-1。意向：replace spreadsheets for 40 field reps；预算：300k CNY approved；时间：decide by end of April。',
        },
      },
    ]);
  });

  it('keeps a lead qualified below SQL with its SDR and says why', async () => {
    const { decisions } = await runTimeline();
    const kept = decisions[4]!;
    expect(visitedIds(kept)).toEqual(['start', 'isNew', 'gate', 'sendBack']);
    expect(visit(kept, 'gate').result).toBe('false');
    expect(visit(kept, 'gate').condition).toMatchObject({
      result: false,
      children: [
        { fact: 'lead.stage', saw: 'MQL', result: false },
        { fact: 'lead.research.intent', saw: 'just browsing', result: true },
        { fact: 'lead.research.budget', saw: null, result: false },
        { fact: 'lead.research.timeline', saw: null, result: false },
      ],
    });
    expect(kept.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-202',
        nodeId: 'sendBack',
        mode: 'task',
        to: [{ kind: 'rep', id: 'sdr-2' }],
        message: {
          en: 'Lead L-202 was not handed to an AE: it needs stage SQL (now "MQL") and intent, budget and timeline researched.',
          zh: '线索 L-202 未交给客户经理：需要阶段为 SQL（当前为“MQL”），并填写意向、预算和时间。',
        },
      },
    ]);
    expect(kept.changes).toEqual([]);
  });

  it('sends back an SQL whose timeline is missing, then hands it over once filled in', async () => {
    const { decisions } = await runTimeline();
    const missing = decisions[5]!;
    expect(assignedTo(missing)).toEqual([]);
    expect(visit(missing, 'gate').condition).toMatchObject({
      children: [
        { saw: 'SQL', result: true },
        { result: true },
        { saw: '1.2M CNY', result: true },
        { fact: 'lead.research.timeline', saw: null, result: false },
      ],
    });
    expect(missing.actions).toMatchObject([{ type: 'notify', nodeId: 'sendBack', to: [{ kind: 'rep', id: 'sdr-1' }] }]);

    const filled = decisions[6]!;
    expect(filled.actions[0]).toEqual({ type: 'assign', leadId: 'L-203', repId: 'ae-2', previousOwnerId: 'sdr-1', nodeId: 'aeRR', strategy: 'roundRobin' });
    expect(filled.actions[1]).toMatchObject({ type: 'notify', nodeId: 'aeBrief', to: [{ kind: 'rep', id: 'ae-2' }] });
    expect((filled.actions[1] as { message: { en: string } }).message.en).toBe(
      'SQL L-203 (成都蓝海物流) from SDR sdr-1. Intent: warehouse routing. Budget: 1.2M CNY. Timeline: Q3 rollout.',
    );
  });

  it('escalates to the AE manager when every AE is full, leaving the lead with its SDR', async () => {
    const state = stateFrom('s02-teams', (s) => ({ ...s, reps: s.reps!.map((r) => (r.roles?.includes('AE') ? { ...r, openLoad: 30 } : r)) }));
    const { decisions } = await runTimeline(state);
    const d = decisions[3]!;
    expect(visitedIds(d)).toEqual(['start', 'isNew', 'gate', 'aeRR', 'aeNone']);
    expect(visit(d, 'aeRR').result).toBe('noCandidate');
    expect(candidateVerdicts(visit(d, 'aeRR'))).toEqual(['ae-1:skipped:full', 'ae-2:skipped:full', 'ae-3:skipped:full']);
    expect(visit(d, 'aeRR').candidates![0]!.detail).toMatchObject({ load: 30, cap: 30 });
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-201',
        nodeId: 'aeNone',
        mode: 'escalate',
        to: [{ kind: 'manager', id: 'ae' }],
        message: { en: 'No account executive can take SQL L-201 (杭州云帆科技)', zh: 'SQL 线索 L-201（杭州云帆科技）没有客户经理可以接手' },
      },
    ]);
    expect(state.lead('L-201')!.ownerId).toBe('sdr-1');
  });

  it('escalates to the SDR manager when no SDR is active', async () => {
    const state = stateFrom('s02-teams', (s) => ({ ...s, reps: s.reps!.map((r) => (r.roles?.includes('SDR') ? { ...r, active: false } : r)) }));
    const d = await step(policy, state, timelineEvents('s02-handover')[0]!);
    expect(visitedIds(d)).toEqual(['start', 'isNew', 'sdrRR', 'sdrNone']);
    expect(candidateVerdicts(visit(d, 'sdrRR'))).toEqual(['sdr-1:skipped:inactive', 'sdr-2:skipped:inactive']);
    expect(d.actions).toMatchObject([
      { type: 'notify', mode: 'escalate', to: [{ kind: 'manager', id: 'sdr' }], message: { en: 'No SDR can take new lead L-201 (杭州云帆科技)' } },
    ]);
  });
});
