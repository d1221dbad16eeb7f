import { describe, expect, it } from 'vitest';
import { exampleCalendar, exampleCalendarFeed } from '@sluice/examples';
import { calendarFromICal, calendarSchema, compileCalendar } from '../../src/index.js';

const OPTIONS = { id: 'cn-2026', timeZone: 'Asia/Shanghai' };
const feed = (...events: string[][]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');

describe('iCalendar import', () => {
  it('the cn-2026 feed gives the same working days as cn-2026.json on every day of 2026', () => {
    const imported = calendarFromICal(exampleCalendarFeed('cn-2026'), OPTIONS);
    if (!imported.ok) expect.fail(imported.problem.en);
    expect(imported.skipped).toEqual([]);
    const json = compileCalendar(calendarSchema.parse(exampleCalendar('cn-2026')));
    const ics = compileCalendar(imported.calendar);
    let days = 0;
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000, days++) {
      const day = new Date(ms).toISOString().slice(0, 10);
      const [a, b] = [json.dayInfo(day), ics.dayInfo(day)];
      expect([day, b.working, b.why], day).toEqual([day, a.working, a.why]);
    }
    expect(days).toBe(365);
    // The feed's ranges become the same holidays (DTEND exclusive) and the feed's name is kept.
    expect(imported.calendar.holidays.map((h) => [h.from, h.to])).toEqual(
      (exampleCalendar('cn-2026') as { holidays: Array<{ from: string; to: string }> }).holidays.map((h) => [h.from, h.to]),
    );
    expect(imported.calendar.makeUpDays.map((m) => m.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(imported.calendar.holidays.at(-1)!.name).toEqual({ en: '国庆节 休', zh: '国庆节 休' });
    expect(imported.calendar.name).toEqual({ en: '中国大陆节假日 2026', zh: '中国大陆节假日 2026' });
  });

  it('2026 has 248 working days by the State Council notice (counted by hand in the comment)', () => {
    // Weekday holidays: Jan 1–2 (2), Feb 16–20, 23 (6), Apr 6 (1), May 1, 4, 5 (3), Jun 19 (1), Sep 25 (1), Oct 1, 2, 5, 6, 7 (5) = 19.
    // 2026 has 261 weekdays, so 261 − 19 + 6 make-up days = 248.
    const cal = compileCalendar(calendarSchema.parse(exampleCalendar('cn-2026')));
    let working = 0;
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000)
      if (cal.dayInfo(new Date(ms).toISOString().slice(0, 10)).working) working++;
    expect(working).toBe(248);
  });

  it('make-up days are recognised by their words; everything else all-day is a holiday; DURATION and a lone DTSTART are understood', () => {
    const r = calendarFromICal(
      feed(
        ['UID:a', 'DTSTART;VALUE=DATE:20261010', 'DTEND;VALUE=DATE:20261011', 'SUMMARY:国庆节 补班'],
        ['UID:b', 'DTSTART;VALUE=DATE:20261017', 'SUMMARY:Make-up working day'],
        ['UID:c', 'DTSTART;VALUE=DATE:20261024', 'SUMMARY:Workday (swapped)'],
        ['UID:d', 'DTSTART;VALUE=DATE:20261031', 'SUMMARY:调休上班'],
        ['UID:e', 'DTSTART;VALUE=DATE:20261225', 'DURATION:P2D', 'SUMMARY:Christmas'],
        ['UID:f', 'DTSTART;VALUE=DATE:20261111', 'SUMMARY:公司年会'],
      ),
      { id: 'x', timeZone: 'Asia/Shanghai', name: { en: 'Test', zh: '测试' } },
    );
    if (!r.ok) expect.fail(r.problem.en);
    expect(r.skipped).toEqual([]);
    expect(r.calendar.makeUpDays.map((m) => m.date)).toEqual(['2026-10-10', '2026-10-17', '2026-10-24', '2026-10-31']);
    expect(r.calendar.holidays).toEqual([
      { from: '2026-11-11', name: { en: '公司年会', zh: '公司年会' } },
      { from: '2026-12-25', to: '2026-12-26', name: { en: 'Christmas', zh: 'Christmas' } },
    ]);
    expect(r.calendar.name).toEqual({ en: 'Test', zh: '测试' });
  });

  it('timed, recurring, cancelled and contradictory events are skipped with the line, UID and a reason in both languages', () => {
    const text = feed(
      ['UID:meeting', 'DTSTART:20261009T090000Z', 'DTEND:20261009T100000Z', 'SUMMARY:Team meeting'],
      ['UID:yearly', 'DTSTART;VALUE=DATE:20261225', 'RRULE:FREQ=YEARLY', 'SUMMARY:Christmas'],
      ['UID:gone', 'STATUS:CANCELLED', 'DTSTART;VALUE=DATE:20261111', 'SUMMARY:Outing'],
      ['UID:off', 'DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261008', 'SUMMARY:国庆节 休'],
      ['UID:clash', 'DTSTART;VALUE=DATE:20261003', 'SUMMARY:上班'],
    );
    const r = calendarFromICal(text, OPTIONS);
    if (!r.ok) expect.fail(r.problem.en);
    expect(r.skipped.map((s) => [s.event, s.line, s.uid])).toEqual([
      [1, 4, 'meeting'],
      [2, 10, 'yearly'],
      [3, 16, 'gone'],
      [5, 28, 'clash'],
    ]);
    expect(r.skipped[0]!.reason).toEqual({
      en: 'a timed event (starts 2026-10-09T09:00:00Z): only all-day events are days off or make-up days',
      zh: '带具体时间的事件（开始于 2026-10-09T09:00:00Z）：只有全天事件才算放假或调休上班',
    });
    expect(r.skipped[1]!.reason.en).toMatch(/recurring/);
    expect(r.skipped[2]!.reason).toEqual({ en: 'cancelled event', zh: '已取消的事件' });
    expect(r.skipped[3]!.reason).toEqual({
      en: '2026-10-03 is also a holiday in this feed: kept as a holiday',
      zh: '2026-10-03 在此日历中同时是节假日：按节假日处理',
    });
    expect(r.calendar.holidays).toEqual([{ from: '2026-10-01', to: '2026-10-07', name: { en: '国庆节 休', zh: '国庆节 休' } }]);
    expect(r.calendar.makeUpDays).toEqual([]);
  });

  it('an unreadable date skips that event alone; a long name is cut without splitting a character', () => {
    const long = '假'.repeat(99) + '😀😀';
    const r = calendarFromICal(
      feed(['UID:bad', 'DTSTART;VALUE=DATE:2026XX01', 'SUMMARY:坏日期'], ['UID:ok', 'DTSTART;VALUE=DATE:20261001', `SUMMARY:${long}`]),
      OPTIONS,
    );
    if (!r.ok) expect.fail(r.problem.en);
    expect(r.skipped.map((s) => [s.uid, s.reason.en.startsWith('a value cannot be read'), s.reason.zh.startsWith('无法读取其中的值')])).toEqual([
      ['bad', true, true],
    ]);
    expect(r.calendar.holidays).toEqual([{ from: '2026-10-01', name: { en: '假'.repeat(99), zh: '假'.repeat(99) } }]);
  });

  it('refuses what is not iCalendar, and a bad zone, in both languages', () => {
    const garbage = calendarFromICal('hello world', OPTIONS);
    expect(garbage.ok).toBe(false);
    if (!garbage.ok) expect(garbage.problem.zh).toMatch(/^不是有效的 iCalendar/);
    const zone = calendarFromICal(feed(), { id: 'x', timeZone: 'Mars/Olympus' });
    expect(zone.ok).toBe(false);
    if (!zone.ok) expect(zone.problem.en).toMatch(/^the imported calendar is not valid at timeZone/);
  });
});
