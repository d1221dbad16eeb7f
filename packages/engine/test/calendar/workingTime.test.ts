import { describe, expect, it } from 'vitest';
import { exampleCalendar } from '@sluice/examples';
import {
  addDuration,
  addWorkingDays,
  calendarSchema,
  compileCalendar,
  durationText,
  InMemoryState,
  instantOfLocal,
  mondayToFriday,
  resolveCalendar,
  subtractDuration,
  subtractWorkingDays,
  workingDaysBetween,
} from '../../src/index.js';

// Every expected instant below is worked out by hand from the State Council notice for 2026:
// 国庆 Oct 1 (Thu) – Oct 7 (Wed) off, Sep 20 (Sun) and Oct 10 (Sat) worked; 中秋 Sep 25–27 off;
// 春节 Feb 15–23 off, Feb 14 (Sat) and Feb 28 (Sat) worked. Shanghai is UTC+8 all year.
const cn = compileCalendar(calendarSchema.parse(exampleCalendar('cn-2026')));
const sh = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('working days across 国庆 2026 (Asia/Shanghai)', () => {
  it('the days of the holiday week are what the notice says', () => {
    expect(cn.dayInfo('2026-09-30')).toEqual({ working: true, why: 'weekday' });
    expect(cn.dayInfo('2026-10-01')).toEqual({ working: false, why: 'holiday', name: { en: 'National Day', zh: '国庆节' } });
    expect(cn.dayInfo('2026-10-07')).toMatchObject({ working: false, why: 'holiday' });
    expect(cn.dayInfo('2026-10-10')).toEqual({
      working: true,
      why: 'makeUp',
      worksAs: 1,
      name: { en: 'National Day make-up working day', zh: '国庆节调休上班' },
    });
    expect(cn.dayInfo('2026-10-11')).toEqual({ working: false, why: 'weekend' });
    expect(cn.dayInfo('2026-09-20')).toMatchObject({ working: true, why: 'makeUp' });
  });

  it('adds working days over the holiday week and counts the make-up Saturday', () => {
    // Tue Sep 29 10:00: Sep 30 is the 1st, then Oct 1–7 pause, Oct 8 the 2nd, Oct 9 the 3rd.
    expect(iso(addWorkingDays(cn, sh('2026-09-29T10:00:00'), 3))).toBe('2026-10-09T02:00:00.000Z');
    // Wed Sep 30 15:00 + 7: Oct 8, 9, 10 (make-up Sat), 12, 13, 14, 15 → Thu Oct 15 15:00.
    expect(iso(addWorkingDays(cn, sh('2026-09-30T15:00:00'), 7))).toBe('2026-10-15T07:00:00.000Z');
    // Fri Feb 13 18:00 + 1 is the make-up Saturday Feb 14 18:00; + 2 skips 春节 to Tue Feb 24.
    expect(iso(addWorkingDays(cn, sh('2026-02-13T18:00:00'), 1))).toBe('2026-02-14T10:00:00.000Z');
    expect(iso(addWorkingDays(cn, sh('2026-02-13T18:00:00'), 2))).toBe('2026-02-24T10:00:00.000Z');
    expect(addWorkingDays(cn, sh('2026-09-29T10:00:00'), 0)).toBe(sh('2026-09-29T10:00:00'));
  });

  it('a clock started on a holiday starts at the next working day’s midnight', () => {
    // Sat Oct 3 (holiday) 11:00: the clock first runs on Thu Oct 8; one day is the whole of Oct 8.
    expect(iso(addWorkingDays(cn, sh('2026-10-03T11:00:00'), 1))).toBe(iso(sh('2026-10-09T00:00:00')));
    expect(iso(addWorkingDays(cn, sh('2026-10-03T11:00:00'), 3))).toBe(iso(sh('2026-10-11T00:00:00')));
    expect(workingDaysBetween(cn, sh('2026-10-03T11:00:00'), sh('2026-10-08T12:00:00'))).toBe(0.5);
    expect(workingDaysBetween(cn, sh('2026-10-01T00:00:00'), sh('2026-10-07T23:59:59'))).toBe(0);
  });

  it('a clock started at midnight of a working day ends at the end of a working day', () => {
    // Wed Sep 30 00:00 + 1 is the end of Sep 30 (Oct 1 00:00); + 2 the end of Oct 8.
    expect(iso(addWorkingDays(cn, sh('2026-09-30T00:00:00'), 1))).toBe(iso(sh('2026-10-01T00:00:00')));
    expect(iso(addWorkingDays(cn, sh('2026-09-30T00:00:00'), 2))).toBe(iso(sh('2026-10-09T00:00:00')));
    // 1 ms earlier is a Tuesday clock: it runs out 1 ms before the end of Wednesday.
    expect(iso(addWorkingDays(cn, sh('2026-09-29T23:59:59.999'), 1))).toBe(iso(sh('2026-09-30T23:59:59.999')));
  });

  it('subtracts to the latest start that has run by then', () => {
    expect(iso(subtractWorkingDays(cn, sh('2026-10-15T15:00:00'), 7))).toBe(iso(sh('2026-09-30T15:00:00')));
    // On a holiday the clock stands still at the end of Sep 30: one whole day back is Sep 30 00:00.
    expect(iso(subtractWorkingDays(cn, sh('2026-10-04T12:00:00'), 1))).toBe(iso(sh('2026-09-30T00:00:00')));
    expect(addWorkingDays(cn, sh('2026-09-30T00:00:00'), 1)).toBeLessThanOrEqual(sh('2026-10-04T12:00:00'));
    expect(addWorkingDays(cn, sh('2026-09-30T00:00:00.001'), 1)).toBeGreaterThan(sh('2026-10-04T12:00:00'));
    // Mon Oct 12 09:00 − 2: Sat Oct 10 (make-up) 09:00, then Fri Oct 9 09:00.
    expect(iso(subtractWorkingDays(cn, sh('2026-10-12T09:00:00'), 2))).toBe(iso(sh('2026-10-09T09:00:00')));
  });

  it('counts working days between two instants (9 working days from Mon Sep 28 to Mon Oct 19 are not 21 days)', () => {
    expect(workingDaysBetween(cn, sh('2026-09-29T10:00:00'), sh('2026-10-09T10:00:00'))).toBe(3);
    // Sep 28, 29, 30, Oct 8, 9, 10, 12, 13, 14 run whole from Mon 09:00 to Thu Oct 15 09:00.
    expect(workingDaysBetween(cn, sh('2026-09-28T09:00:00'), sh('2026-10-15T09:00:00'))).toBe(9);
    expect(workingDaysBetween(cn, sh('2026-10-15T09:00:00'), sh('2026-09-28T09:00:00'))).toBe(0);
  });
});

describe('working days in a DST zone (America/New_York, Monday to Friday)', () => {
  const ny = mondayToFriday('America/New_York');
  it('a working day is a local day: 71 hours over the spring change, 73 over the autumn one', () => {
    // DST starts Sun Mar 8 2026: Fri 09:30 EST (14:30Z) + 1 is Mon 09:30 EDT (13:30Z).
    expect(iso(addWorkingDays(ny, Date.parse('2026-03-06T14:30:00Z'), 1))).toBe('2026-03-09T13:30:00.000Z');
    expect(iso(subtractWorkingDays(ny, Date.parse('2026-03-09T13:30:00Z'), 1))).toBe('2026-03-06T14:30:00.000Z');
    expect(workingDaysBetween(ny, Date.parse('2026-03-06T14:30:00Z'), Date.parse('2026-03-09T13:30:00Z'))).toBe(1);
    // DST ends Sun Nov 1 2026: Fri Oct 30 09:30 EDT (13:30Z) + 1 is Mon Nov 2 09:30 EST (14:30Z).
    expect(iso(addWorkingDays(ny, Date.parse('2026-10-30T13:30:00Z'), 1))).toBe('2026-11-02T14:30:00.000Z');
    // Fri Mar 6 00:00 EST + 1 is the end of Friday: Sat 00:00 EST.
    expect(iso(addWorkingDays(ny, Date.parse('2026-03-06T05:00:00Z'), 1))).toBe('2026-03-07T05:00:00.000Z');
  });

  it('a wall time that does not exist (02:30 on the spring Sunday) is the first instant after the gap', () => {
    const everyDay = compileCalendar(calendarSchema.parse({ id: 'x', timeZone: 'America/New_York', weekend: [] }));
    // Sat Mar 7 02:30 EST + 1 would be Sun 02:30, which the clocks skip: 03:00 EDT = 07:00Z.
    expect(iso(addWorkingDays(everyDay, Date.parse('2026-03-07T07:30:00Z'), 1))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantOfLocal(Date.UTC(2026, 2, 8) / 86_400_000, 150 * 60_000, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('repeated hours (DST ends): the working clock never runs backwards', () => {
  // Found while testing: an hour the clocks repeat used to be read as a wall time that goes back,
  // so a later start could fall due earlier, and the tick's "which clocks are due" limit was off.
  it('a repeated wall time is its first pass, also east of Greenwich (Sydney, Sun Apr 5 2026, 03:00 AEDT → 02:00 AEST)', () => {
    // 02:30 on Apr 5 is 15:30Z (AEDT, +11) and again 16:30Z (AEST, +10): the first is the answer.
    expect(iso(instantOfLocal(Date.UTC(2026, 3, 5) / 86_400_000, 150 * 60_000, 'Australia/Sydney'))).toBe('2026-04-04T15:30:00.000Z');
    expect(iso(instantOfLocal(Date.UTC(2026, 10, 1) / 86_400_000, 90 * 60_000, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('a start in the second pass of the repeated hour waits at the end of the first pass', () => {
    const everyDay = compileCalendar(calendarSchema.parse({ id: 'x', timeZone: 'America/New_York', weekend: [] }));
    // 01:59 EDT (05:59Z) + 1 is Mon 01:59 EST (06:59Z); 01:30 EST (06:30Z) comes later, so it must not be due sooner.
    expect(iso(addWorkingDays(everyDay, Date.parse('2026-11-01T05:59:00Z'), 1))).toBe('2026-11-02T06:59:00.000Z');
    expect(iso(addWorkingDays(everyDay, Date.parse('2026-11-01T06:30:00Z'), 1))).toBe('2026-11-02T06:59:59.999Z');
    // Inverse: an end in the second pass has run a day for every start up to the end of the first pass.
    expect(iso(subtractWorkingDays(everyDay, Date.parse('2026-11-02T06:59:59.999Z'), 1))).toBe('2026-11-01T06:59:59.999Z');
    expect(workingDaysBetween(everyDay, Date.parse('2026-11-01T05:59:00Z'), Date.parse('2026-11-01T06:30:00Z'))).toBeCloseTo(59_999 / 86_400_000, 12);
  });
});

describe('durations and calendar lookup', () => {
  it('addDuration and subtractDuration use the calendar only for working days', () => {
    const start = sh('2026-09-30T15:00:00');
    expect(iso(addDuration(start, { value: 7, unit: 'workingDays' }, cn))).toBe(iso(sh('2026-10-15T15:00:00')));
    expect(iso(addDuration(start, { value: 7, unit: 'days' }, cn))).toBe(iso(sh('2026-10-07T15:00:00')));
    expect(iso(addDuration(start, 2, undefined))).toBe(iso(sh('2026-10-02T15:00:00')));
    expect(iso(subtractDuration(sh('2026-10-15T15:00:00'), { value: 7, unit: 'workingDays' }, cn))).toBe(iso(start));
    expect(() => addDuration(start, { value: 1, unit: 'workingDays' }, undefined)).toThrow(/needs a calendar/);
    expect(durationText({ value: 9, unit: 'workingDays' })).toEqual({ en: '9 working days', zh: '9 个工作日' });
    expect(durationText({ value: 1, unit: 'workingDays' })).toEqual({ en: '1 working day', zh: '1 个工作日' });
  });

  it('a rule names a calendar the tenant has, none (Monday to Friday in the tenant zone), or one it lacks (a problem, no fallback)', () => {
    const state = InMemoryState.from({ timeZone: 'Asia/Shanghai', calendars: [exampleCalendar('cn-2026') as never] });
    expect(resolveCalendar(state, 'cn-2026').calendar?.dayInfo('2026-10-08').working).toBe(true);
    expect(resolveCalendar(state, 'cn-2026').calendar?.dayInfo('2026-10-01').working).toBe(false);
    const plain = resolveCalendar(state, undefined).calendar!;
    expect([plain.timeZone, plain.dayInfo('2026-10-01').working, plain.dayInfo('2026-10-10').working]).toEqual(['Asia/Shanghai', true, false]);
    expect(resolveCalendar(state, 'hk-2026')).toEqual({
      problem: {
        en: 'working-day calendar "hk-2026" is not defined for this tenant: add it (PUT /v1/calendars/hk-2026) or pick another',
        zh: '本租户没有名为“hk-2026”的工作日历：请先添加（PUT /v1/calendars/hk-2026）或改选其他日历',
      },
    });
  });

  it('the calendar schema refuses a day that is both off and worked, reversed ranges and unreal dates, naming the path', () => {
    const bad = calendarSchema.safeParse({
      id: 'x',
      timeZone: 'Asia/Shanghai',
      holidays: [
        { from: '2026-10-01', to: '2026-10-07' },
        { from: '2026-05-05', to: '2026-05-01' },
      ],
      makeUpDays: [{ date: '2026-10-03' }],
    });
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['holidays.1.to', 'ends (2026-05-01) before it starts (2026-05-05) / 结束日期早于开始日期'],
      [
        'makeUpDays.0.date',
        '2026-10-03 is also a holiday (holidays[0]): a day is either off or a make-up working day / 2026-10-03 同时是节假日（holidays[0]），不能既放假又调休上班',
      ],
    ]);
    const unreal = calendarSchema.safeParse({ id: 'x', timeZone: 'Asia/Shanghai', holidays: [{ from: '2026-02-30' }] });
    expect(unreal.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['holidays.0.from', 'not a real calendar date / 不是有效日期']]);
    const snapshot = InMemoryState.from.bind(InMemoryState);
    expect(() =>
      snapshot({
        calendars: [
          { id: 'a', timeZone: 'UTC' },
          { id: 'a', timeZone: 'UTC' },
        ],
      }),
    ).toThrow(/listed twice/);
  });
});
