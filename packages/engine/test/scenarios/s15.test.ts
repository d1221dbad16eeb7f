import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S15: big opportunities notify management; entering solution design creates a presales task.
const policy = compiledExample('s15-escalation');

async function runTimeline() {
  const state = stateFrom('s15-org');
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s15-opportunities')) decisions.push(await step(policy, state, e));
  return decisions;
}

const notified = (d: Decision) => d.actions.map((a) => (a.type === 'notify' ? `${a.nodeId}:${a.mode}` : a.type));

describe('S15 escalation', () => {
  it('escalates only amounts above 1,000,000 and tasks presales only on entering solution design', async () => {
    const decisions = await runTimeline();
    expect(decisions.map(notified)).toEqual([
      [], // L-1501 → needs_analysis, 800k
      ['presalesTask:task'], // L-1501 → solution_design, 800k
      ['escalate:escalate', 'presalesTask:task'], // L-1502 → solution_design, 3M
      ['presalesTask:task'], // L-1503 → solution_design, no amount
      [], // L-1501 → quote, exactly 1M: not above
      ['escalate:escalate'], // L-1501 → negotiation, 1.5M
    ]);
    // Notifications change nothing in the state.
    expect(decisions.flatMap((d) => d.changes)).toEqual([]);
  });

  it('explains a change that triggers both: conditions with the values seen, filled messages', async () => {
    const d = (await runTimeline())[2]!;
    expect(visitedIds(d)).toEqual(['start', 'big', 'design', 'escalate', 'presalesTask']);
    expect(visit(d, 'big').condition).toEqual({ fact: 'event.amount', operator: 'greaterThan', value: 1000000, saw: 3000000, result: true });
    expect(visit(d, 'design').condition).toEqual({ fact: 'event.stage.to', operator: 'equal', value: 'solution_design', saw: 'solution_design', result: true });
    expect(visit(d, 'escalate').detail).toEqual({
      mode: 'escalate',
      to: [
        { kind: 'manager', id: 'ae' },
        { kind: 'role', id: 'sales-director' },
      ],
    });
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-1502',
        nodeId: 'escalate',
        mode: 'escalate',
        to: [
          { kind: 'manager', id: 'ae' },
          { kind: 'role', id: 'sales-director' },
        ],
        message: {
          en: 'Big deal: L-1502 (Northwind Foods, owner ae-2) worth 3000000 moved from needs_analysis to solution_design',
          zh: '大单提醒：L-1502（Northwind Foods，负责人 ae-2）金额 3000000，阶段由 needs_analysis 进入 solution_design',
        },
      },
      {
        type: 'notify',
        leadId: 'L-1502',
        nodeId: 'presalesTask',
        mode: 'task',
        to: [{ kind: 'role', id: 'presales' }],
        message: {
          en: 'Solution design for L-1502 (Northwind Foods): contact owner ae-2 to plan the demo and proposal',
          zh: 'L-1502（Northwind Foods）进入方案设计：请联系负责人 ae-2 安排演示和方案',
        },
      },
    ]);
    expect(d.explanation.rulesFired).toEqual(['start>big:true>escalate#0', 'start>design:true>presalesTask#0']);
  });

  it('does not escalate exactly 1,000,000, nor a change that sends no amount', async () => {
    const decisions = await runTimeline();
    const atThreshold = decisions[4]!;
    expect(visitedIds(atThreshold)).toEqual(['start', 'big', 'design']);
    expect(visit(atThreshold, 'big')).toMatchObject({ result: 'false', condition: { saw: 1000000, result: false } });
    expect(visit(atThreshold, 'design')).toMatchObject({ result: 'false', condition: { saw: 'quote', result: false } });
    expect(atThreshold.actions).toEqual([]);
    expect(atThreshold.explanation.summary).toEqual({ en: 'no action', zh: '无动作' });

    const noAmount = decisions[3]!;
    expect(visit(noAmount, 'big')).toMatchObject({ result: 'false', condition: { fact: 'event.amount', saw: null, result: false } });
    expect(noAmount.actions).toMatchObject([{ nodeId: 'presalesTask', to: [{ kind: 'role', id: 'presales' }] }]);
  });

  it('escalates a big deal in a later stage without a presales task', async () => {
    const d = (await runTimeline())[5]!;
    expect(visitedIds(d)).toEqual(['start', 'big', 'design', 'escalate']);
    expect(d.actions).toHaveLength(1);
    expect(d.explanation.summary.en).toBe(
      'escalate manager:ae, role:sales-director: Big deal: L-1501 (宁波港华仓储, owner ae-1) worth 1500000 moved from quote to negotiation',
    );
  });

  it('names the blanks when the CRM leaves out the stage the deal came from', async () => {
    const d = await step(
      policy,
      stateFrom('s15-org'),
      event({ id: 'nf', type: 'stage.changed', at: '2026-03-02T02:00:00Z', leadId: 'L-1503', stage: { to: 'negotiation' }, amount: 2500000 }),
    );
    expect(d.actions).toMatchObject([
      { nodeId: 'escalate', message: { en: 'Big deal: L-1503 (青岛海映传媒, owner ae-1) worth 2500000 moved from  to negotiation' } },
    ]);
    expect(visit(d, 'escalate').detail).toMatchObject({ missing: ['event.stage.from'] });
  });

  it('listens to stage changes only', async () => {
    const d = await step(policy, stateFrom('s15-org'), event({ id: 'c', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L-9' } }));
    expect(d.triggered).toBe(false);
    expect(d.actions).toEqual([]);
  });
});
