import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, stateFrom, step, timelineEvents, visit } from './harness.js';

// S10: capacity with shifts in each rep's own time zone (Shanghai, New York, London).
const policy = compiledExample('s10-capacity-shifts');
const row = (d: Decision, repId: string) => visit(d, 'byCapacity').candidates!.find((r) => r.repId === repId)!;

async function runTimeline(): Promise<Decision[]> {
  const state = stateFrom('s10-shifts');
  const out: Decision[] = [];
  for (const e of timelineEvents('s10-follow-the-sun')) out.push(await step(policy, state, e));
  return out;
}

describe('S10 follow-the-sun routing by capacity', () => {
  it('routes each lead to the on-shift rep with the most headroom', async () => {
    const d = await runTimeline();
    // By hand (UTC → local): see the timeline's description; loads grow as leads are assigned.
    expect(d.map((x) => assignedTo(x)[0] ?? null)).toEqual(['sh-1', 'sh-1', 'sh-3', 'ny-1', 'ny-1', 'ld-1', null]);
  });

  it('explains Monday 10:00 in Shanghai: who is full, away, asleep, and the utilisation of the pick', async () => {
    const [d] = await runTimeline();
    const v = visit(d!, 'byCapacity');
    expect(candidateVerdicts(v)).toEqual(['ld-1:skipped:away', 'ny-1:skipped:offShift', 'sh-1:chosen', 'sh-2:skipped:full', 'sh-3:skipped:offShift']);
    expect(row(d!, 'ny-1').detail).toMatchObject({ timeZone: 'America/New_York', cap: 12, load: 3 });
    expect(row(d!, 'ld-1').detail).toMatchObject({ until: '2026-03-03T00:00:00Z', cap: 20, capSource: 'default' });
    expect(row(d!, 'sh-1').detail).toMatchObject({ load: 6, cap: 10, utilisation: 0.6, headroom: 4, capSource: 'rep' });
    expect(row(d!, 'sh-2').detail).toMatchObject({ load: 8, cap: 8, utilisation: 1, headroom: 0 });
  });

  it('hands over to the overnight shift and New York, breaking equal utilisation by rep id', async () => {
    const d = await runTimeline();
    // 15:00Z: Shanghai 23:00 Mon (陈晨's night shift has begun), New York 10:00 Mon.
    expect(candidateVerdicts(visit(d[2]!, 'byCapacity'))).toEqual([
      'ld-1:skipped:away',
      'ny-1:eligible',
      'sh-1:skipped:offShift',
      'sh-2:skipped:offShift',
      'sh-3:chosen',
    ]);
    expect(row(d[2]!, 'sh-3').detail.utilisation).toBe(0.1667);
    expect(row(d[2]!, 'ny-1').detail.utilisation).toBe(0.25);
    // 17:00Z: Shanghai 01:00 Tue (the Monday night shift wraps past midnight); 2/6 = 4/12 → ny-1 by id.
    expect(row(d[4]!, 'sh-3')).toMatchObject({ status: 'eligible', detail: { load: 2, cap: 6, utilisation: 0.3333 } });
    expect(row(d[4]!, 'ny-1')).toMatchObject({ status: 'chosen', detail: { load: 4, cap: 12, utilisation: 0.3333 } });
  });

  it('on Saturday nobody is on shift: noCandidate and the manager is told', async () => {
    const d = (await runTimeline())[6]!;
    const v = visit(d, 'byCapacity');
    expect(v.result).toBe('noCandidate');
    expect(candidateVerdicts(v)).toEqual([
      'ld-1:skipped:offShift',
      'ny-1:skipped:offShift',
      'sh-1:skipped:offShift',
      'sh-2:skipped:offShift',
      'sh-3:skipped:offShift',
    ]);
    expect(v.note).toEqual({ en: 'no eligible rep among 5', zh: '5 名候选人中无人可分配' });
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-1007',
        nodeId: 'mgr',
        mode: 'escalate',
        to: [{ kind: 'manager', id: 'global' }],
        message: { en: 'No rep on shift with room for lead L-1007', zh: '线索 L-1007 暂无在班且有容量的销售' },
      },
    ]);
  });
});
