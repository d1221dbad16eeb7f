import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy } from '../../src/index.js';
import { compiledExample, stateFrom, timelineEvents } from './harness.js';
import { decideLead, reclaimNote, runTimelineWithTicks, type Outcome } from './tickHarness.js';

// S32: a B2C lead with no first contact for 2 hours goes back to the public pool; the owner is
// reminded 30 minutes before, once per window. Clocks count in ms: 1 ms short of 2 hours is kept.
// Every tick is checked three ways by the harness: shortcut vs. every lead in full vs. json-rules-engine.
const policy = compiledExample('s32-b2c-first-contact');
const events = timelineEvents('s32-first-contact');

const acted = (o: Outcome) => (o.tick ? o.tick.decisions.map((d) => `${d.leadId}:${reclaimNote(d).outcome}`).sort() : []);

describe('S32 B2C first contact within 2 hours', () => {
  it('reminds at 1 h 30 min once, keeps at 1 h 59 min 59.999 s, reclaims at 2 h; a call moves the clock', async () => {
    const state = stateFrom('s32-fresh-b2c-leads');
    const outcomes = await runTimelineWithTicks(policy, state, events);
    expect(outcomes.map((o) => [o.event.id, acted(o)])).toEqual([
      ['s32-tick-1000', []],
      ['s32-tick-1129', []],
      ['s32-tick-1130', ['L-3201:reminded', 'L-3202:reminded']],
      ['s32-call-3202', []],
      ['s32-tick-1145', []],
      ['s32-tick-1159', []],
      ['s32-tick-1200', ['L-3201:reclaimed']],
      ['s32-tick-1309', []],
      ['s32-tick-1310', ['L-3202:reminded']],
      ['s32-tick-1339', []],
      ['s32-tick-1340', ['L-3202:reclaimed']],
    ]);
    expect(state.lead('L-3201')).toMatchObject({ ownerId: null, poolId: 'public' });
    expect(state.lead('L-3202')).toMatchObject({ ownerId: null, poolId: 'public' });
  });

  it('the reminder names the time left in minutes and the clock in hours, in both languages', async () => {
    const state = stateFrom('s32-fresh-b2c-leads');
    const outcomes = await runTimelineWithTicks(policy, state, events.slice(0, 3));
    const d = outcomes[2]!.tick!.decisions.find((x) => x.leadId === 'L-3201')!;
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-3201',
        nodeId: 'reclaim',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'ae-1' }],
        message: {
          en: 'Lead L-3201 goes back to pool public on 2026-05-11 12:00 (30 minutes left): no follow-up since the owner got it on 2026-05-11 10:00, 1 hour < 2 hours',
          zh: '线索 L-3201 将于 2026-05-11 12:00（30 分钟后）回收到线索池 public：自 2026-05-11 10:00 接手以来未跟进，1 小时 < 2 小时',
        },
      },
    ]);
    expect(d.changes).toEqual([
      { type: 'lead.remind', leadId: 'L-3201', repId: 'ae-1', window: '2026-05-11T04:00:00.000Z', at: '2026-05-11T03:30:00.000Z', nodeId: 'reclaim' },
    ]);
    const detail = d.explanation.visited.find((v) => v.nodeId === 'reclaim')!.detail as Record<string, unknown>;
    expect(detail.remindBefore).toEqual({ value: 30, unit: 'minutes' });
    expect(detail.clocks).toEqual([
      {
        rule: 'noFollowUp',
        threshold: { value: 2, unit: 'hours' },
        elapsed: 1,
        since: '2026-05-11T02:00:00Z',
        basis: 'ownedSince',
        dueAt: '2026-05-11T04:00:00.000Z',
        due: false,
      },
    ]);
  });

  it('1 ms short of 2 hours is kept (already reminded); 2 hours exactly is reclaimed, and the former owner is told why', async () => {
    const state = stateFrom('s32-fresh-b2c-leads');
    await runTimelineWithTicks(policy, state, events.slice(0, 3));
    expect(reclaimNote(decideLead(policy, state, 'L-3201', '2026-05-11T03:59:59.999Z'))).toEqual({
      leadId: 'L-3201',
      outcome: 'kept',
      en: 'reminder for the reclaim due 2026-05-11 12:00 already sent; not due yet: no follow-up since the owner got it on 2026-05-11 10:00, 1 hour < 2 hours',
      zh: '2026-05-11 12:00 回收的提醒已发送过；尚未到期：自 2026-05-11 10:00 接手以来未跟进，1 小时 < 2 小时',
    });
    const due = decideLead(policy, state, 'L-3201', '2026-05-11T04:00:00.000Z');
    expect(reclaimNote(due)).toEqual({
      leadId: 'L-3201',
      outcome: 'reclaimed',
      en: 'reclaimed from ae-1 to pool public: no follow-up since the owner got it on 2026-05-11 10:00, 2 hours ≥ 2 hours',
      zh: '已从 ae-1 回收到线索池 public：自 2026-05-11 10:00 接手以来未跟进，2 小时 ≥ 2 小时',
    });
    expect(due.actions[1]).toMatchObject({
      type: 'notify',
      message: {
        en: 'Lead L-3201 was reclaimed to pool public: no follow-up since the owner got it on 2026-05-11 10:00, 2 hours ≥ 2 hours',
        zh: '线索 L-3201 已被回收到线索池 public：自 2026-05-11 10:00 接手以来未跟进，2 小时 ≥ 2 小时',
      },
    });
  });

  it('a call restarts the clock: the event is explained with the new due time, and the new window gets its own reminder', async () => {
    const state = stateFrom('s32-fresh-b2c-leads');
    const outcomes = await runTimelineWithTicks(policy, state, events);
    const call = outcomes[3]!.decision!;
    expect(call.actions).toEqual([]);
    expect(reclaimNote(call)).toMatchObject({
      outcome: 'kept',
      en: 'not due: no follow-up since 2026-05-11 11:40, 0 hours < 2 hours; reclaim due 2026-05-11 13:40',
      zh: '未到期：自 2026-05-11 11:40 起未跟进，0 小时 < 2 小时；预计 2026-05-11 13:40 回收',
    });
    const second = outcomes[8]!.tick!.decisions[0]!;
    expect(second.changes).toEqual([
      { type: 'lead.remind', leadId: 'L-3202', repId: 'ae-2', window: '2026-05-11T05:40:00.000Z', at: '2026-05-11T05:10:00.000Z', nodeId: 'reclaim' },
    ]);
    // At 11:45 and 11:59:59.999 both leads are in a window they were reminded for: the tick's
    // shortcut spares them the flow (L-3202's moved clock is not in a window yet at all).
    expect(outcomes[4]!.tick!.evaluated).toBe(0);
    expect(outcomes[5]!.tick!.evaluated).toBe(0);
  });

  it('a plain number still means days: the same leads under { noFollowUp: 1 } are kept after 2 hours', () => {
    const doc = withReclaim((d) => {
      d.days = { noFollowUp: 1 };
      delete d.remindBefore;
    });
    const result = compilePolicy(doc);
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    const note = reclaimNote(decideLead(result.policy, stateFrom('s32-fresh-b2c-leads'), 'L-3201', '2026-05-11T04:00:00.000Z'));
    expect(note).toMatchObject({ outcome: 'kept', en: 'not due: no follow-up since the owner got it on 2026-05-11, 0 days < 1; reclaim due 2026-05-12 10:00' });
  });

  it('refuses durations out of bounds, units not offered, and a reminder no earlier than the clock, naming the field', () => {
    const cases: Array<[(d: Record<string, unknown>) => void, string]> = [
      [(d) => (d.days = { noFollowUp: { value: 3650 * 24 + 1, unit: 'hours' } }), 'days.noFollowUp'],
      [(d) => (d.days = { noFollowUp: { value: 2, unit: 'weeks' } }), 'days.noFollowUp'],
      [(d) => (d.days = { noFollowUp: { value: 0, unit: 'minutes' } }), 'days.noFollowUp'],
      [(d) => (d.days = { noFollowUp: { value: 1.5, unit: 'hours' } }), 'days.noFollowUp'],
      [(d) => (d.remindBefore = { value: 366, unit: 'days' }), 'remindBefore'],
      [(d) => (d.remindBefore = { value: 120, unit: 'minutes' }), 'remindBefore'],
      [(d) => (d.remindDaysBefore = 1), 'remindBefore'],
    ];
    for (const [edit, field] of cases) {
      const result = compilePolicy(withReclaim(edit));
      expect(result.ok, field).toBe(false);
      if (result.ok) continue;
      expect(result.errors.map((e) => [e.code, e.nodeId, (e.field ?? '').startsWith(field)])).toContainEqual(['invalidConfig', 'reclaim', true]);
    }
    const late = compilePolicy(withReclaim((d) => (d.remindBefore = { value: 2, unit: 'hours' })));
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.errors[0]!.message).toEqual({
      en: 'the reminder (2 hours before) must come after the clock starts: the shortest threshold is 2 hours',
      zh: '提前提醒时长（2 小时）必须小于最短期限 2 小时，否则刚接手就会收到提醒',
    });
    // 3650 days in minutes is the longest clock, and is accepted.
    expect(compilePolicy(withReclaim((d) => (d.days = { noFollowUp: { value: 3650 * 24 * 60, unit: 'minutes' } }))).ok).toBe(true);
  });
});

/** The S32 policy with its reclaim node's config edited. */
function withReclaim(edit: (data: Record<string, unknown>) => void): unknown {
  const doc = structuredClone(examplePolicy('s32-b2c-first-contact')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
  edit(doc.nodes.find((n) => n.id === 'reclaim')!.data);
  return doc;
}
