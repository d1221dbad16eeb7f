import { DAY_MS, localStamp, localTime } from '../../types/localTime.js';
import { workingDaysBetween, type WorkingCalendar } from '../../calendar/workingTime.js';
import type { Labels } from '../../types/decision.js';
import type { ReclaimClock } from './clock.js';
import { durationText, EXEMPTION_WORDS, RULE_WORDS, UNIT_MS, type DurationUnit, type Exemption } from './config.js';

/**
 * The sentences a rep reads about their lead ("why did I lose this customer?"). Dates are the
 * tenant's calendar days; "9 days" counts whole 24-hour periods since the clock started. A clock
 * set in hours or minutes counts in its own unit and names the start to the minute, since the date
 * alone would not say when "2 hours" began. Working days count only the time on working days of
 * the calendar and name it ("9 working days > 7 working days (calendar 中国大陆 2026)").
 */
export interface Wording {
  zone: string;
  nowMs: number;
  /** The band's label, or none for the default row without one. */
  band: Labels | undefined;
  /** The calendar working-day clocks count by. */
  calendar?: WorkingCalendar | undefined;
}

export const day = (ms: number, zone: string): string => localTime(ms, zone).day;

/** `2026-03-09 10:00` in the tenant zone (types/localTime.ts: how every message shows an instant). */
export const stamp = (ms: number, zone: string): string => localStamp(ms, zone);
/** Whole days since the clock started; 0 for a start in the future (a CRM clock running ahead). */
export const elapsedDays = (c: ReclaimClock, nowMs: number) => Math.max(0, Math.floor((nowMs - c.startMs) / DAY_MS));
/** Whole units (of the clock's threshold) since the clock started; 0 for a start in the future. Working days need the calendar. */
export function elapsedUnits(c: ReclaimClock, nowMs: number, calendar?: WorkingCalendar): number {
  if (c.unit === 'workingDays' && calendar) return Math.floor(workingDaysBetween(calendar, c.startMs, nowMs));
  return Math.max(0, Math.floor((nowMs - c.startMs) / UNIT_MS[c.unit]));
}

/** " (calendar Mainland China 2026)" / "（日历：中国大陆 2026）" after a working-day clock. */
export function calendarWords(calendar: WorkingCalendar | undefined): Labels {
  if (!calendar) return { en: '', zh: '' };
  return { en: ` (calendar ${calendar.name?.en ?? calendar.id})`, zh: `（日历：${calendar.name?.zh ?? calendar.id}）` };
}

/** "no follow-up since 2026-03-02" / "自 2026-03-02 起未跟进". */
function since(c: ReclaimClock, zone: string): Labels {
  const w = RULE_WORDS[c.rule];
  const d = c.unit === 'days' ? day(c.startMs, zone) : stamp(c.startMs, zone);
  switch (c.basis) {
    case 'event':
      return { en: `${w.en} since ${d}`, zh: `自 ${d} 起${w.zh}` };
    case 'ownedSince':
      return { en: `${w.en} since the owner got it on ${d}`, zh: `自 ${d} 接手以来${w.zh}` };
    case 'createdAt':
      return { en: `${w.en} since it was created on ${d}`, zh: `自 ${d} 创建以来${w.zh}` };
  }
}

/**
 * "no follow-up since 2026-03-02, 9 days > 7 for level B" / "自 2026-03-02 起未跟进，9 天 > B 级客户的 7 天".
 * Due means elapsed ≥ the threshold, so a clock due on the day itself reads "7 days ≥ 7".
 */
export function verdict(c: ReclaimClock, w: Wording): Labels {
  const s = since(c, w.zone);
  const n = elapsedUnits(c, w.nowMs, w.calendar);
  const sign = w.nowMs >= c.dueMs ? (n > c.value ? '>' : '≥') : '<';
  const had = durationText(c, n);
  const limit = durationText(c);
  // Days keep their established short form ("5 days < 7"); other units name it on both sides ("1 hour < 2 hours").
  const enLimit = c.unit === 'days' ? String(c.value) : limit.en;
  const cal = c.unit === 'workingDays' ? calendarWords(w.calendar) : { en: '', zh: '' };
  return {
    en: `${s.en}, ${had.en} ${sign} ${enLimit}${w.band ? ` for ${w.band.en}` : ''}${cal.en}`,
    zh: `${s.zh}，${had.zh} ${sign} ${w.band ? `${w.band.zh}的 ` : ''}${limit.zh}${cal.zh}`,
  };
}

export const joined = (parts: Labels[]): Labels => ({ en: parts.map((p) => p.en).join('; '), zh: parts.map((p) => p.zh).join('；') });

export const exemptionList = (list: Exemption[]): Labels => ({
  en: list.map((e) => EXEMPTION_WORDS[e].en).join(', '),
  zh: list.map((e) => EXEMPTION_WORDS[e].zh).join('、'),
});

/** Whole units left before `dueMs`, rounded up: 36 hours left is "2 days", 29m30s is "30 minutes"; working days as the calendar counts them. */
export function timeLeft(dueMs: number, nowMs: number, unit: DurationUnit, calendar?: WorkingCalendar): Labels {
  const left = unit === 'workingDays' && calendar ? workingDaysBetween(calendar, nowMs, dueMs) : (dueMs - nowMs) / UNIT_MS[unit];
  return durationText({ value: 0, unit }, Math.ceil(left));
}

/** The finer of two units: a reminder 30 minutes before a 2-hour clock counts what is left in minutes. */
export const finer = (a: DurationUnit, b: DurationUnit): DurationUnit => (UNIT_MS[a] <= UNIT_MS[b] ? a : b);
