import ICAL from 'ical.js';
import { fieldPath, schemaIssueZh } from '../errors/schemaIssues.js';
import type { Labels } from '../types/decision.js';
import { calendarSchema, type CalendarDocument, type CalendarInput } from '../types/calendar.js';

/**
 * iCalendar import (RFC 5545, the feeds public-holiday sites publish): each all-day VEVENT is a
 * holiday unless its SUMMARY says it is a working day (补班 / 上班 / 调休上班 / "make-up" /
 * "working day"), which makes it a make-up day. Anything the calendar model cannot hold — a timed
 * meeting, a recurring rule, a cancelled event — is skipped with the reason, never guessed at.
 */
export interface ICalSkipped {
  /** 1-based: the n-th VEVENT of the file. */
  event: number;
  /** The line of the file its BEGIN:VEVENT is on (1-based). */
  line?: number;
  uid?: string;
  summary?: string;
  reason: Labels;
}

export type ICalImport = { ok: true; calendar: CalendarDocument; skipped: ICalSkipped[] } | { ok: false; problem: Labels };

/** Words in a SUMMARY that mark a working day; "班" covers 补班, 上班, 调休上班 and 班 alone. */
const WORKDAY_WORDS = /班|make-?up|working\s*day|work\s*day/i;

export interface ICalOptions {
  id: string;
  timeZone: string;
  /** Defaults to the feed's X-WR-CALNAME, in both languages. */
  name?: Labels;
}

export function calendarFromICal(text: string, options: ICalOptions): ICalImport {
  let roots: ICAL.Component[];
  try {
    const parsed: unknown = ICAL.parse(text);
    const jcals = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : (parsed as unknown[])) as unknown[];
    roots = jcals.map((j) => new ICAL.Component(j as never));
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    return { ok: false, problem: { en: `not an iCalendar file: ${why}`, zh: `不是有效的 iCalendar（.ics）文件：${why}` } };
  }
  const calendars = roots.filter((r) => r.name === 'vcalendar');
  if (calendars.length === 0) return { ok: false, problem: { en: 'no VCALENDAR in the file', zh: '文件中没有 VCALENDAR' } };

  const lines = veventLines(text);
  const skipped: ICalSkipped[] = [];
  const holidays: NonNullable<CalendarInput['holidays']> = [];
  const makeUps: Array<{ date: string; name?: Labels; event: number }> = [];
  const wheres: Array<Omit<ICalSkipped, 'reason'>> = [];
  let n = 0;
  for (const vevent of calendars.flatMap((c) => c.getAllSubcomponents('vevent'))) {
    n++;
    const uid = textOf(vevent, 'uid');
    const summary = textOf(vevent, 'summary')?.trim();
    const where = { event: n, ...(lines[n - 1] !== undefined ? { line: lines[n - 1] } : {}), ...(uid ? { uid } : {}), ...(summary ? { summary } : {}) };
    wheres.push(where);
    const skip = (reason: Labels) => skipped.push({ ...where, reason });
    const range = readRange(vevent);
    if ('problem' in range) {
      skip(range.problem);
      continue;
    }
    const name = summary ? { en: cut(summary), zh: cut(summary) } : undefined;
    if (summary !== undefined && WORKDAY_WORDS.test(summary)) {
      for (const date of range.days) makeUps.push({ date, event: n, ...(name ? { name } : {}) });
    } else {
      holidays.push({ from: range.days[0]!, ...(range.days.length > 1 ? { to: range.days.at(-1)! } : {}), ...(name ? { name } : {}) });
    }
  }

  // A day both off and worked is a contradiction in the feed: the make-up day is dropped, with why.
  const off = new Set(holidays.flatMap((h) => spanOf(h.from, h.to ?? h.from)));
  const makeUpDays: NonNullable<CalendarInput['makeUpDays']> = [];
  const taken = new Set<string>();
  for (const m of makeUps) {
    const reason: Labels | undefined = off.has(m.date)
      ? { en: `${m.date} is also a holiday in this feed: kept as a holiday`, zh: `${m.date} 在此日历中同时是节假日：按节假日处理` }
      : taken.has(m.date)
        ? { en: `${m.date} is already a make-up working day`, zh: `${m.date} 已是调休上班日` }
        : undefined;
    if (reason) {
      skipped.push({ ...wheres[m.event - 1]!, reason });
      continue;
    }
    taken.add(m.date);
    makeUpDays.push({ date: m.date, ...(m.name ? { name: m.name } : {}) });
  }
  holidays.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  makeUpDays.sort((a, b) => (a.date < b.date ? -1 : 1));

  const feedName = textOf(calendars[0]!, 'x-wr-calname')?.trim();
  const name = options.name ?? (feedName ? { en: cut(feedName), zh: cut(feedName) } : undefined);
  const input = { id: options.id, timeZone: options.timeZone, ...(name ? { name } : {}), holidays, makeUpDays };
  const result = calendarSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const path = fieldPath(first.path);
    const zh = schemaIssueZh(first, input);
    return {
      ok: false,
      problem: { en: `the imported calendar is not valid at ${path || 'the top'}: ${first.message}`, zh: `导入的日历无效（${path || '顶层'}）：${zh}` },
    };
  }
  skipped.sort((a, b) => a.event - b.event);
  return { ok: true, calendar: result.data, skipped };
}

/** ical.js reads values lazily: a malformed date in a well-formed file throws here, and skips that event alone. */
function readRange(vevent: ICAL.Component): { days: string[] } | { problem: Labels } {
  try {
    return allDayRange(vevent);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    return { problem: { en: `a value cannot be read: ${why}`, zh: `无法读取其中的值：${why}` } };
  }
}

/** A text property, or undefined when absent or unreadable. */
function textOf(component: ICAL.Component, name: string): string | undefined {
  try {
    return str(component.getFirstPropertyValue(name));
  } catch {
    return undefined;
  }
}

/** At most 100 UTF-16 units (what a name holds), never half of a surrogate pair. */
function cut(s: string): string {
  if (s.length <= 100) return s;
  const t = s.slice(0, 100);
  const last = t.charCodeAt(99);
  return last >= 0xd800 && last <= 0xdbff ? t.slice(0, 99) : t;
}

/** The local dates an all-day event covers (DTEND is exclusive), or why it cannot be a day off. */
function allDayRange(vevent: ICAL.Component): { days: string[] } | { problem: Labels } {
  if (textOf(vevent, 'status')?.toUpperCase() === 'CANCELLED') {
    return { problem: { en: 'cancelled event', zh: '已取消的事件' } };
  }
  if (vevent.hasProperty('rrule') || vevent.hasProperty('rdate')) {
    return { problem: { en: 'a recurring event: list each year’s days as their own events', zh: '重复事件不展开：请把每年的日期列为单独的事件' } };
  }
  if (vevent.hasProperty('recurrence-id')) return { problem: { en: 'an exception to a recurring event', zh: '重复事件的例外实例' } };
  const start = vevent.getFirstPropertyValue('dtstart');
  if (!(start instanceof ICAL.Time)) return { problem: { en: 'no DTSTART', zh: '缺少 DTSTART（开始日期）' } };
  if (!start.isDate) {
    return {
      problem: {
        en: `a timed event (starts ${start.toString()}): only all-day events are days off or make-up days`,
        zh: `带具体时间的事件（开始于 ${start.toString()}）：只有全天事件才算放假或调休上班`,
      },
    };
  }
  const from = dateOf(start);
  let endExclusive: string;
  const end = vevent.getFirstPropertyValue('dtend');
  if (end instanceof ICAL.Time) {
    if (!end.isDate) return { problem: { en: 'DTSTART is a date but DTEND has a time', zh: 'DTSTART 是日期而 DTEND 带时间' } };
    endExclusive = dateOf(end);
  } else if (vevent.hasProperty('duration')) {
    const e = start.clone();
    e.addDuration(vevent.getFirstPropertyValue('duration') as ICAL.Duration);
    endExclusive = dateOf(e);
  } else {
    // RFC 5545 §3.6.1: an all-day event without DTEND or DURATION lasts that one day.
    endExclusive = addDay(from, 1);
  }
  if (endExclusive <= from)
    return { problem: { en: `ends (${endExclusive}) no later than it starts (${from})`, zh: `结束日期（${endExclusive}）不晚于开始日期（${from}）` } };
  const days = spanOf(from, addDay(endExclusive, -1));
  if (days.length > 366) return { problem: { en: `longer than a year (${from} to ${endExclusive})`, zh: `超过一年（${from} 至 ${endExclusive}）` } };
  return { days };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (t: ICAL.Time): string => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
const addDay = (d: string, k: number): string => new Date(Date.parse(d + 'T00:00:00Z') + k * 86_400_000).toISOString().slice(0, 10);

function spanOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= 367; d = addDay(d, 1)) out.push(d);
  return out;
}

/** The file's line number of each BEGIN:VEVENT, in order (a folded line counts as the lines it spans). */
function veventLines(text: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (/^BEGIN:VEVENT\s*$/i.test(l)) out.push(i + 1);
  });
  return out;
}
