import { describe, expect, it } from 'vitest';
import { exampleCalendar, exampleState } from '@sluice/examples';
import { compiledExample, stateFrom, timelineEvents } from './harness.js';
import { decideLead, reclaimNote, runTimelineWithTicks, type Outcome } from './tickHarness.js';

// S16 in working days (工作日): reclaim after 7 working days without follow-up, remind 2 working
// days before, by the tenant calendar cn-2026. Every instant below is worked out by hand from the
// State Council notice (examples/calendars/cn-2026.json), Shanghai time (UTC+8):
//   off  Sat–Sun, 中秋 Fri 25 – Sun 27 Sep, 国庆 Thu 1 – Wed 7 Oct;
//   on   Mon–Fri, and the make-up days Sun 20 Sep and Sat 10 Oct.
// L-1613, silent since Thu 10 Sep 09:00: Sep 11, 14–18, 20 (make-up Sun) are working days 1–7, so
//   it fell due Sun 20 Sep 09:00. At Tue 22 Sep 09:00: 15 h of Sep 10 + Sep 11, 14–18, 20, 21 (8
//   days) + 9 h of Sep 22 = 9 working days.
// L-1612, owned since Fri 18 Sep 09:00: working days 1–7 end Sep 20, 21, 22, 23, 24, (25–27 off)
//   28, 29 → due Tue 29 Sep 09:00. Two working days before: Mon 28, then Thu 24 Sep 09:00.
//   Lucy calls it on Fri 25 Sep 11:00, a holiday: the clock waits for Mon 28 Sep 00:00, and 7 whole
//   working days (Sep 28, 29, 30, Oct 8, 9, 10, 12) end Tue 13 Oct 00:00; the reminder is 2
//   working days before: Mon 12 Oct 00:00, then Sat 10 Oct 00:00 (the make-up day).
// L-1611, last call Mon 28 Sep 09:00: working days 1–7 end Sep 29, 30, (Oct 1–7 off) Oct 8, 9, 10,
//   (Sun 11 off) 12, 13 → due Tue 13 Oct 09:00; reminder Sat 10 Oct 09:00. (Counted in calendar
//   days, 7 days would have been Mon 5 Oct, in the middle of 国庆.)
const policy = compiledExample('s16-working-days');
const events = timelineEvents('s16-working-days');
const acted = (o: Outcome) => (o.tick ? o.tick.decisions.map((d) => `${d.leadId}:${reclaimNote(d).outcome}`).sort() : []);

describe('S16 reclaim in working days across 中秋 and 国庆 2026', () => {
  it('reclaims and reminds at the hand-computed instants, to the millisecond, and not during the holidays', async () => {
    const state = stateFrom('s16-holiday-leads');
    const outcomes = await runTimelineWithTicks(policy, state, events);
    expect(outcomes.map((o) => [o.event.id, acted(o)])).toEqual([
      ['s16wd-tick-0922', ['L-1613:reclaimed']],
      ['s16wd-tick-0924-early', []],
      ['s16wd-tick-0924', ['L-1612:reminded']],
      ['s16wd-call-1612', []],
      ['s16wd-call-1611', []],
      ['s16wd-tick-0929', []],
      ['s16wd-tick-1005', []],
      ['s16wd-tick-1009-late', []],
      ['s16wd-tick-1010-0000', ['L-1612:reminded']],
      ['s16wd-tick-1010-0900', ['L-1611:reminded']],
      ['s16wd-tick-1013-0000', ['L-1612:reclaimed']],
      ['s16wd-tick-1013-early', []],
      ['s16wd-tick-1013-0900', ['L-1611:reclaimed']],
    ]);
    for (const id of ['L-1611', 'L-1612', 'L-1613']) expect(state.lead(id)).toMatchObject({ ownerId: null, poolId: 'public' });
    const windows = outcomes.flatMap(
      (o) => o.tick?.changes.filter((c) => c.type === 'lead.remind').map((c) => [c.leadId, (c as { window: string }).window]) ?? [],
    );
    expect(windows).toEqual([
      ['L-1612', '2026-09-29T01:00:00.000Z'],
      ['L-1612', '2026-10-12T16:00:00.000Z'],
      ['L-1611', '2026-10-13T01:00:00.000Z'],
    ]);
  });

  it('says how many working days and by which calendar, in both languages', async () => {
    const state = stateFrom('s16-holiday-leads');
    const outcomes = await runTimelineWithTicks(policy, state, events.slice(0, 3));
    expect(reclaimNote(outcomes[0]!.tick!.decisions[0]!)).toEqual({
      leadId: 'L-1613',
      outcome: 'reclaimed',
      en: 'reclaimed from ae-1 to pool public: no follow-up since 2026-09-10 09:00, 9 working days > 7 working days (calendar Mainland China 2026)',
      zh: '已从 ae-1 回收到线索池 public：自 2026-09-10 09:00 起未跟进，9 个工作日 > 7 个工作日（日历：中国大陆 2026）',
    });
    const reminder = outcomes[2]!.tick!.decisions[0]!;
    expect(reminder.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-1612',
        nodeId: 'reclaim',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'ae-2' }],
        message: {
          en: 'Lead L-1612 goes back to pool public on 2026-09-29 09:00 (2 working days left): no follow-up since the owner got it on 2026-09-18 09:00, 5 working days < 7 working days (calendar Mainland China 2026)',
          zh: '线索 L-1612 将于 2026-09-29 09:00（2 个工作日后）回收到线索池 public：自 2026-09-18 09:00 接手以来未跟进，5 个工作日 < 7 个工作日（日历：中国大陆 2026）',
        },
      },
    ]);
    const detail = reminder.explanation.visited.find((v) => v.nodeId === 'reclaim')!.detail as Record<string, unknown>;
    expect(detail.clocks).toEqual([
      {
        rule: 'noFollowUp',
        threshold: { value: 7, unit: 'workingDays' },
        elapsed: 5,
        calendar: 'cn-2026',
        since: '2026-09-18T01:00:00Z',
        basis: 'ownedSince',
        dueAt: '2026-09-29T01:00:00.000Z',
        due: false,
      },
    ]);
    expect(detail.remindBefore).toEqual({ value: 2, unit: 'workingDays' });
  });

  it('a follow-up on a holiday restarts the clock from the next working day', async () => {
    const state = stateFrom('s16-holiday-leads');
    const outcomes = await runTimelineWithTicks(policy, state, events.slice(0, 4));
    expect(reclaimNote(outcomes[3]!.decision!)).toMatchObject({
      outcome: 'kept',
      en: 'not due: no follow-up since 2026-09-25 11:00, 0 working days < 7 working days (calendar Mainland China 2026); reclaim due 2026-10-13 00:00',
      zh: '未到期：自 2026-09-25 11:00 起未跟进，0 个工作日 < 7 个工作日（日历：中国大陆 2026）；预计 2026-10-13 00:00 回收',
    });
    // Mid-国庆 the lead has had 3 working days (Sep 28, 29, 30) and nothing happens.
    expect(reclaimNote(decideLead(policy, state, 'L-1612', '2026-10-05T01:00:00Z')).en).toBe(
      'not due: no follow-up since 2026-09-25 11:00, 3 working days < 7 working days (calendar Mainland China 2026); reclaim due 2026-10-13 00:00',
    );
  });

  it('a missing calendar reclaims nothing and says which calendar to add', async () => {
    const ticks = await runTimelineWithTicks(
      policy,
      stateFrom('s16-holiday-leads', (s) => ({ ...s, calendars: [] })),
      events,
    );
    expect(ticks.flatMap(acted)).toEqual([]);
    const state = stateFrom('s16-holiday-leads', (s) => ({ ...s, calendars: [] }));
    const d = decideLead(policy, state, 'L-1613', '2026-10-20T01:00:00Z');
    expect(d.actions).toEqual([]);
    expect(reclaimNote(d)).toEqual({
      leadId: 'L-1613',
      outcome: 'kept',
      en: 'not reclaimed: working-day calendar "cn-2026" is not defined for this tenant: add it (PUT /v1/calendars/cn-2026) or pick another',
      zh: '不回收：本租户没有名为“cn-2026”的工作日历：请先添加（PUT /v1/calendars/cn-2026）或改选其他日历',
    });
    expect(d.explanation.warnings).toEqual([
      expect.objectContaining({ code: 'calendarMissing', nodeId: 'reclaim', message: expect.objectContaining({ en: expect.stringContaining('"cn-2026"') }) }),
    ]);
  });

  it('the state carries the same calendar as examples/calendars/cn-2026.json', () => {
    expect((exampleState('s16-holiday-leads') as { calendars: unknown[] }).calendars).toEqual([exampleCalendar('cn-2026')]);
  });
});
