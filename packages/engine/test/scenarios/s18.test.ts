import { describe, expect, it } from 'vitest';
import { compiledExample, stateFrom, timelineEvents } from './harness.js';
import { decideLead, reclaimNote, runTimelineWithTicks, type Outcome } from './tickHarness.js';

// S18: 7 days without follow-up reclaims; the owner is reminded 2 days before, once per window
// (the window is the due instant). The reminder window opens at due − 2 × 24 h, inclusive.
const policy = compiledExample('s18-advance-reminder');
const events = timelineEvents('s18-reminder-window');

const acted = (o: Outcome) => (o.tick ? o.tick.decisions.map((d) => `${d.leadId}:${reclaimNote(d).outcome}`).sort() : []);

describe('S18 advance reminder', () => {
  it('reminds once per window, stays quiet in the same window, and reminds again after a follow-up moved the due date', async () => {
    const state = stateFrom('s18-reminders');
    const outcomes = await runTimelineWithTicks(policy, state, events);
    expect(outcomes.map((o) => [o.event.id, acted(o)])).toEqual([
      ['s18-tick-0306', []],
      ['s18-tick-0307', ['L-1801:reminded']],
      ['s18-tick-0308', ['L-1802:reminded']],
      ['s18-call-1801', []],
      ['s18-tick-0309', []],
      ['s18-tick-0310', ['L-1802:reclaimed', 'L-1803:reclaimed']],
      ['s18-tick-0313', []],
      ['s18-tick-0314', ['L-1801:reminded']],
      ['s18-tick-0315', []],
      ['s18-tick-0316', ['L-1801:reclaimed']],
    ]);
  });

  it('the reminder tells the owner when and why, and the state remembers the window', async () => {
    const state = stateFrom('s18-reminders');
    const outcomes = await runTimelineWithTicks(policy, state, events.slice(0, 2));
    const d = outcomes[1]!.tick!.decisions[0]!;
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-1801',
        nodeId: 'reclaim',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'ae-1' }],
        message: {
          en: 'Lead L-1801 goes back to pool public on 2026-03-09 10:00 (2 days left): no follow-up since 2026-03-02, 5 days < 7',
          zh: '线索 L-1801 将于 2026-03-09 10:00（2 天后）回收到线索池 public：自 2026-03-02 起未跟进，5 天 < 7 天',
        },
      },
    ]);
    expect(d.changes).toEqual([
      { type: 'lead.remind', leadId: 'L-1801', repId: 'ae-1', window: '2026-03-09T02:00:00.000Z', at: '2026-03-07T02:00:00.000Z', nodeId: 'reclaim' },
    ]);
    expect(state.lastReminder('L-1801')).toBe('2026-03-09T02:00:00.000Z');

    // The next day: same window, no second reminder, and the explanation says so.
    const again = reclaimNote(decideLead(policy, state, 'L-1801', '2026-03-08T02:00:00Z'));
    expect(again).toEqual({
      leadId: 'L-1801',
      outcome: 'kept',
      en: 'reminder for the reclaim due 2026-03-09 10:00 already sent; not due yet: no follow-up since 2026-03-02, 6 days < 7',
      zh: '2026-03-09 10:00 回收的提醒已发送过；尚未到期：自 2026-03-02 起未跟进，6 天 < 7 天',
    });
  });

  it('the window opens exactly 2 days before the due time, not 1 ms earlier', () => {
    const state = stateFrom('s18-reminders');
    expect(reclaimNote(decideLead(policy, state, 'L-1801', '2026-03-07T01:59:59.999Z'))).toEqual({
      leadId: 'L-1801',
      outcome: 'kept',
      en: 'not due: no follow-up since 2026-03-02, 4 days < 7; reclaim due 2026-03-09 10:00',
      zh: '未到期：自 2026-03-02 起未跟进，4 天 < 7 天；预计 2026-03-09 10:00 回收',
    });
    expect(reclaimNote(decideLead(policy, state, 'L-1801', '2026-03-07T02:00:00.000Z')).outcome).toBe('reminded');
  });

  it('a follow-up restarts the clock: the event itself is explained, and the new window gets its own reminder', async () => {
    const state = stateFrom('s18-reminders');
    const outcomes = await runTimelineWithTicks(policy, state, events);
    const call = outcomes[3]!.decision!;
    expect(call.actions).toEqual([]);
    expect(reclaimNote(call).en).toBe('not due: no follow-up since 2026-03-08, 0 days < 7; reclaim due 2026-03-15 14:00');

    const second = outcomes[7]!.tick!.decisions[0]!;
    expect(second.changes).toEqual([
      { type: 'lead.remind', leadId: 'L-1801', repId: 'ae-1', window: '2026-03-15T06:00:00.000Z', at: '2026-03-14T02:00:00.000Z', nodeId: 'reclaim' },
    ]);
    expect(second.actions[0]).toMatchObject({
      message: { en: 'Lead L-1801 goes back to pool public on 2026-03-15 14:00 (2 days left): no follow-up since 2026-03-08, 5 days < 7' },
    });

    const reclaimed = outcomes[9]!.tick!.decisions[0]!;
    expect(reclaimNote(reclaimed).zh).toBe('已从 ae-1 回收到线索池 public：自 2026-03-08 起未跟进，7 天 ≥ 7 天');
    expect(state.lead('L-1801')).toMatchObject({ ownerId: null, poolId: 'public' });
  });

  it('a lead reminded before the timeline (window kept in the state) is not reminded again, and is reclaimed exactly at its due time', async () => {
    const state = stateFrom('s18-reminders');
    const outcomes = await runTimelineWithTicks(policy, state, events);
    const at0310 = outcomes[5]!.tick!.decisions.map((d) => reclaimNote(d)).sort((a, b) => (a.leadId! < b.leadId! ? -1 : 1));
    expect(at0310).toEqual([
      {
        leadId: 'L-1802',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-2 to pool public: no follow-up since 2026-03-03, 7 days ≥ 7',
        zh: '已从 ae-2 回收到线索池 public：自 2026-03-03 起未跟进，7 天 ≥ 7 天',
      },
      {
        leadId: 'L-1803',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-3 to pool public: no follow-up since 2026-03-03, 7 days ≥ 7',
        zh: '已从 ae-3 回收到线索池 public：自 2026-03-03 起未跟进，7 天 ≥ 7 天',
      },
    ]);
    // Checked on 8 March: all three are in their windows; L-1801 (reminded on the 7th) and L-1803
    // (reminded before the timeline) are spared the flow by the tick's shortcut, which reads the
    // reminders in the state; only L-1802 runs it, and is reminded.
    expect(outcomes[2]!.tick!.evaluated).toBe(1);
    expect(outcomes[2]!.tick!.decisions).toHaveLength(1);
  });
});
