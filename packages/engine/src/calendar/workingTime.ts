import { DAY_MS, localTime } from '../types/localTime.js';
import type { CalendarDocument } from '../types/calendar.js';

/**
 * Working-day arithmetic. The model: a working-day clock runs only on working days and pauses
 * on weekends and holidays, so "1 working day" after Friday 15:00 is Monday 15:00 and after
 * Saturday 10:00 is the end of Monday. Days are local dates in the calendar's zone; within a
 * day, time is wall-clock time (a DST day still counts as one day).
 */
export interface DayInfo {
  working: boolean;
  why: 'weekday' | 'weekend' | 'holiday' | 'makeUp';
  name?: { en: string; zh: string };
  /** On a make-up day: the ISO weekday whose shifts apply. */
  worksAs?: number;
}

export interface WorkingCalendar {
  id: string;
  timeZone: string;
  name?: { en: string; zh: string };
  /** Day numbers: days since 1970-01-01 of a local date. */
  isWorkingDayNumber(dayNumber: number): boolean;
  dayInfo(day: string): DayInfo;
}

/** Further than any clock can reach (3650 days) plus every holiday in between: a search stops here. */
const SEARCH_DAYS = 8000;

export const dayNumber = (day: string): number => Math.floor(Date.parse(day + 'T00:00:00Z') / DAY_MS);
export const dayOfNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday of a day number (1970-01-01 was a Thursday). */
export const weekdayOfNumber = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;

const compiled = new WeakMap<CalendarDocument, WorkingCalendar>();

/** The calendar as lookups by day number; memoised per document (documents are not mutated). */
export function compileCalendar(doc: CalendarDocument): WorkingCalendar {
  let cal = compiled.get(doc);
  if (cal) return cal;
  const weekend = new Set(doc.weekend);
  const holidays = new Map<number, { en: string; zh: string } | undefined>();
  for (const h of doc.holidays) {
    for (let d = dayNumber(h.from), end = dayNumber(h.to ?? h.from); d <= end; d++) holidays.set(d, h.name);
  }
  const makeUp = new Map<number, { worksAs: number; name?: { en: string; zh: string } }>();
  for (const m of doc.makeUpDays) makeUp.set(dayNumber(m.date), { worksAs: m.worksAs ?? 1, ...(m.name ? { name: m.name } : {}) });
  const isWorkingDayNumber = (n: number) => (makeUp.has(n) ? true : holidays.has(n) ? false : !weekend.has(weekdayOfNumber(n)));
  cal = {
    id: doc.id,
    timeZone: doc.timeZone,
    ...(doc.name ? { name: doc.name } : {}),
    isWorkingDayNumber,
    dayInfo(day) {
      const n = dayNumber(day);
      const m = makeUp.get(n);
      if (m) return { working: true, why: 'makeUp', worksAs: m.worksAs, ...(m.name ? { name: m.name } : {}) };
      if (holidays.has(n)) {
        const name = holidays.get(n);
        return { working: false, why: 'holiday', ...(name ? { name } : {}) };
      }
      return weekend.has(weekdayOfNumber(n)) ? { working: false, why: 'weekend' } : { working: true, why: 'weekday' };
    },
  };
  compiled.set(doc, cal);
  return cal;
}

const plainWeeks = new Map<string, WorkingCalendar>();

/** Monday to Friday in a zone, no holidays: what "working days" means when a rule names no calendar. */
export function mondayToFriday(timeZone: string): WorkingCalendar {
  let cal = plainWeeks.get(timeZone);
  if (!cal) {
    cal = compileCalendar({
      id: 'mon-fri',
      name: { en: 'Monday to Friday (no holiday calendar)', zh: '周一至周五（未设节假日日历）' },
      timeZone,
      weekend: [6, 7],
      holidays: [],
      makeUpDays: [],
    });
    plainWeeks.set(timeZone, cal);
  }
  return cal;
}

const mod = (a: number, b: number) => ((a % b) + b) % b;

/** The local day number and wall-clock ms into that day of an instant. */
export function localDayOf(ms: number, timeZone: string): { day: number; msInDay: number } {
  const t = localTime(ms, timeZone);
  return { day: dayNumber(t.day), msInDay: t.minutes * 60_000 + mod(ms, 60_000) };
}

const wallMs = (ms: number, timeZone: string) => {
  const { day, msInDay } = localDayOf(ms, timeZone);
  return day * DAY_MS + msInDay;
};

/**
 * The first instant whose wall clock reads `msInDay` into local `day` or later: inside a DST gap
 * the first instant after it, in a repeated hour its first pass. (So "the instant the clock
 * reaches a position" is exact, which the inverse of add and subtract relies on.)
 */
export function instantOfLocal(day: number, msInDay: number, timeZone: string): number {
  const wall = day * DAY_MS + msInDay;
  // Any instant showing this wall time has the offset in force a day before or a day after it.
  const t1 = wall - (wallMs(wall - DAY_MS, timeZone) - (wall - DAY_MS));
  const t2 = wall - (wallMs(wall + DAY_MS, timeZone) - (wall + DAY_MS));
  const lo = Math.min(t1, t2);
  const hi = Math.max(t1, t2);
  if (wallMs(lo, timeZone) === wall) return lo;
  if (wallMs(hi, timeZone) === wall) return hi;
  // A gap: the wall clock jumps over `wall` somewhere in [lo, hi].
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (wallMs(mid, timeZone) >= wall) b = mid;
    else a = mid;
  }
  return wallMs(a, timeZone) >= wall ? a : b;
}

const THREE_HOURS = 3 * 3_600_000;

/**
 * Where the working clock's hands stand at an instant: the local day and wall time, except in an
 * hour a DST change repeats, where the hands wait at the end of the first pass. Working time must
 * never run backwards, or a later start could fall due earlier.
 */
function clockOf(ms: number, timeZone: string): { day: number; msInDay: number } {
  const here = localDayOf(ms, timeZone);
  const now = here.day * DAY_MS + here.msInDay - ms;
  const before = wallMs(ms - THREE_HOURS, timeZone) - (ms - THREE_HOURS);
  if (before <= now) return here;
  const back = before - now;
  // The second pass iff the instant `back` earlier shows the same wall time with the old offset.
  if (wallMs(ms - back, timeZone) - (ms - back) !== before) return here;
  let a = ms - back;
  let b = ms;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (wallMs(mid, timeZone) - mid === before) a = mid;
    else b = mid;
  }
  return localDayOf(a, timeZone);
}

function nextWorking(cal: WorkingCalendar, day: number): number {
  for (let d = day + 1; d <= day + SEARCH_DAYS; d++) if (cal.isWorkingDayNumber(d)) return d;
  return Number.POSITIVE_INFINITY;
}

function previousWorking(cal: WorkingCalendar, day: number): number {
  for (let d = day - 1; d >= day - SEARCH_DAYS; d--) if (cal.isWorkingDayNumber(d)) return d;
  return Number.NEGATIVE_INFINITY;
}

/**
 * The earliest instant at which `n` working days have run since `startMs` (n a whole number ≥ 0).
 * Infinity when the calendar has no working day within reach (a rule that never fires).
 */
export function addWorkingDays(cal: WorkingCalendar, startMs: number, n: number): number {
  if (n <= 0) return startMs;
  let { day, msInDay } = clockOf(startMs, cal.timeZone);
  if (!cal.isWorkingDayNumber(day)) {
    day = nextWorking(cal, day);
    msInDay = 0;
  }
  // From a working day's midnight, n whole days end at the end of the (n−1)th next working day.
  let target = day;
  for (let k = msInDay === 0 ? 1 : 0; k < n && Number.isFinite(target); k++) target = nextWorking(cal, target);
  if (!Number.isFinite(target)) return Number.POSITIVE_INFINITY;
  return msInDay === 0 ? instantOfLocal(target + 1, 0, cal.timeZone) : instantOfLocal(target, msInDay, cal.timeZone);
}

/**
 * The latest instant from which `n` working days have run by `endMs`: the inverse of
 * addWorkingDays, so `addWorkingDays(s, n) ≤ end ⇔ s ≤ subtractWorkingDays(end, n)` (what a tick's
 * "which clocks are due" shortcut needs). −Infinity when no working day is within reach.
 */
export function subtractWorkingDays(cal: WorkingCalendar, endMs: number, n: number): number {
  if (n <= 0) return endMs;
  let { day, msInDay } = clockOf(endMs, cal.timeZone);
  if (!cal.isWorkingDayNumber(day)) {
    // The clock last ran at the end of the previous working day: count back whole days from there.
    day = previousWorking(cal, day) + 1;
    msInDay = 0;
    if (!Number.isFinite(day)) return Number.NEGATIVE_INFINITY;
  }
  let target = day;
  for (let k = 0; k < n && Number.isFinite(target); k++) target = previousWorking(cal, target);
  if (!Number.isFinite(target)) return Number.NEGATIVE_INFINITY;
  // The latest start is the last instant before the clock there moves past `msInDay`.
  return instantOfLocal(target, msInDay + 1, cal.timeZone) - 1;
}

/**
 * Working days run from `aMs` to `bMs` (fractional; 0 when b ≤ a), for explanations such as
 * "9 working days without follow-up". Counting stops past `SEARCH_DAYS` (longer than any clock).
 */
export function workingDaysBetween(cal: WorkingCalendar, aMs: number, bMs: number): number {
  if (bMs <= aMs) return 0;
  const a = position(cal, aMs);
  const b = position(cal, bMs);
  let whole = 0;
  for (let d = a.day; d < b.day && d < a.day + SEARCH_DAYS; d++) if (cal.isWorkingDayNumber(d)) whole++;
  // In whole ms first, so the same wall time on both ends gives a whole number exactly.
  return Math.max(0, (whole * DAY_MS - a.msInDay + b.msInDay) / DAY_MS);
}

/** Where an instant sits on the working clock: a working day and the time gone of it. */
function position(cal: WorkingCalendar, ms: number): { day: number; msInDay: number } {
  const { day, msInDay } = clockOf(ms, cal.timeZone);
  if (cal.isWorkingDayNumber(day)) return { day, msInDay };
  // On a day off the clock stands at the start of the next working day.
  let d = day + 1;
  while (!cal.isWorkingDayNumber(d) && d < day + SEARCH_DAYS) d++;
  return { day: d, msInDay: 0 };
}
