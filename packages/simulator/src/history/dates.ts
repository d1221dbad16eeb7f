/**
 * The dates CRM exports write: ISO (with or without offset), 2026-03-04 14:05[:09], 2026/3/4,
 * 04/03/2026 and 3/4/26 (day- or month-first; a CSV saved by Excel writes two-digit years),
 * 4-Mar-2026 and Mar 4, 2026 (the month by name), 2026年3月4日 14:05, with AM/PM or 上午/下午. A date
 * without an offset is wall time in the mapping's zone (luxon knows the zone's offsets). Out: ISO
 * UTC instants.
 */
import { IANAZone } from 'luxon';
import type { Words } from '../types.js';

export type DateOrder = 'auto' | 'ymd' | 'dmy' | 'mdy';

/** `sep` is what may stand between the date and the time. */
function timePart(sep: string): string {
  return String.raw`(?:${sep}(上午|下午)?\s*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:[.,](\d{1,9}))?)?[秒分]?(?:\s*([AaPp])\.?[Mm]\.?)?)?`;
}
const ZONE = String.raw`\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${timePart(String.raw`(?:T|\s+)`)}${ZONE}$`, 'i');
const CHINESE = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?${timePart(String.raw`\s*`)}${ZONE}$`, 'i');
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${timePart(String.raw`(?:T|\s+)`)}${ZONE}$`, 'i');
/** 4-Mar-2026, 04 Mar 26, 4 March 2026 (Excel's d-mmm-yy, European reports). */
const DAY_MONTH_NAME = new RegExp(String.raw`^(\d{1,2})[-\s/.]?([a-z]{3,9})\.?[-\s/.,]+(\d{4}|\d{2})${timePart(String.raw`(?:T|\s+|,\s*)`)}${ZONE}$`, 'i');
/** Mar 4, 2026 10:30 AM, March 4th 2026 (US reports). */
const MONTH_NAME_DAY = new RegExp(
  String.raw`^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${timePart(String.raw`(?:\s+|,\s*|\s+at\s+)`)}${ZONE}$`,
  'i',
);
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month's number from its English name or its three-letter (or Sept) short form; 0 for none. */
function monthNumber(name: string): number {
  const n = name.toLowerCase();
  const i = MONTHS.findIndex((full) => full.startsWith(n.slice(0, 3)));
  return i >= 0 && (n.length === 3 || n === MONTHS[i] || n === 'sept') ? i + 1 : 0;
}

/** Whether a and b can be a day and a month, in one order or the other. */
function monthAndDay(a: number, b: number): boolean {
  return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
}

/** A two-digit year as strptime's %y reads it: 69 and below are 20xx, 70 and above 19xx. */
function fullYear(digits: string): number {
  const y = +digits;
  return digits.length === 2 ? (y <= 69 ? 2000 + y : 1900 + y) : y;
}

interface Clock {
  h: number;
  mi: number;
  s: number;
  ms: number;
  zone?: string;
}

/** A value split into its parts; `a`/`b` are day and month in an order still to be decided. */
export type DateShape =
  | { kind: 'ymd'; y: number; mo: number; d: number; clock: Clock | Words }
  | { kind: 'year-last'; a: number; b: number; y: number; clock: Clock | Words }
  | { kind: 'bad' };

export function dateShape(raw: string): DateShape {
  const v = raw.trim();
  let m = YEAR_FIRST.exec(v);
  if (m) return { kind: 'ymd', y: +m[1]!, mo: +m[3]!, d: +m[4]!, clock: clock(m.slice(5)) };
  m = CHINESE.exec(v);
  if (m) return { kind: 'ymd', y: +m[1]!, mo: +m[2]!, d: +m[3]!, clock: clock(m.slice(4)) };
  m = YEAR_LAST.exec(v);
  // With two-digit years a code such as 12-34-56 would pass too: a date's day and month must fit.
  if (m && (m[4]!.length === 4 || monthAndDay(+m[1]!, +m[3]!)))
    return { kind: 'year-last', a: +m[1]!, b: +m[3]!, y: fullYear(m[4]!), clock: clock(m.slice(5)) };
  m = DAY_MONTH_NAME.exec(v);
  if (m && monthNumber(m[2]!) > 0) return { kind: 'ymd', y: fullYear(m[3]!), mo: monthNumber(m[2]!), d: +m[1]!, clock: clock(m.slice(4)) };
  m = MONTH_NAME_DAY.exec(v);
  if (m && monthNumber(m[1]!) > 0) return { kind: 'ymd', y: +m[3]!, mo: monthNumber(m[1]!), d: +m[2]!, clock: clock(m.slice(4)) };
  return { kind: 'bad' };
}

/** groups: 上午/下午, hour, minute, second, fraction, a/p, zone. */
function clock(g: Array<string | undefined>): Clock | Words {
  const [half, hh, mm, ss, frac, ap, zone] = g;
  let h = hh === undefined ? 0 : +hh;
  const mi = mm === undefined ? 0 : +mm;
  const s = ss === undefined ? 0 : +ss;
  const twelve = ap ?? (half === undefined ? undefined : half === '上午' ? 'a' : 'p');
  if (twelve !== undefined) {
    if (h < 1 || h > 12) return { en: `hour ${h} with AM/PM must be 1–12`, zh: `带上午/下午的小时数 ${h} 须在 1–12 之间` };
    h = (h % 12) + (twelve.toLowerCase() === 'p' ? 12 : 0);
  }
  if (h > 23 || mi > 59 || s > 59)
    return { en: `time ${hh}:${mm}${ss ? `:${ss}` : ''} is not a time of day`, zh: `时间 ${hh}:${mm}${ss ? `:${ss}` : ''} 不是有效的时刻` };
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return { h, mi, s, ms, ...(zone !== undefined ? { zone } : {}) };
}

export type ParsedDate = { ok: true; iso: string } | { ok: false; code: string; reason: Words };

const BAD_DATE: ParsedDate = {
  ok: false,
  code: 'bad-date',
  reason: {
    en: 'is not a date Sluice reads (e.g. 2026-03-04 14:05, 2026/3/4, 04/03/2026, 2026年3月4日)',
    zh: '不是可识别的日期（如 2026-03-04 14:05、2026/3/4、04/03/2026、2026年3月4日）',
  },
};

/**
 * One value → an instant. `order` is how year-last dates read (decided for the column beforehand);
 * undefined means the column never said, and the value is rejected with what to set.
 */
export function parseDate(raw: string, order: 'ymd' | 'dmy' | 'mdy' | undefined, timeZone: string | ZoneOffsets): ParsedDate {
  const shape = dateShape(raw);
  if (shape.kind === 'bad') {
    if (/^\d{5}(\.\d+)?$/.test(raw.trim()))
      return {
        ok: false,
        code: 'bad-date',
        reason: {
          en: 'looks like an Excel serial number: format the column as a date before exporting',
          zh: '看起来是 Excel 日期序号：导出前请把该列设置为日期格式',
        },
      };
    return BAD_DATE;
  }
  if (!('h' in shape.clock)) return { ok: false, code: 'bad-date', reason: shape.clock };
  let y: number;
  let mo: number;
  let d: number;
  if (shape.kind === 'ymd') ({ y, mo, d } = shape);
  else {
    if (order === undefined)
      return {
        ok: false,
        code: 'ambiguous-date',
        reason: {
          en: `could be day-first or month-first and no value of the column says which: set dateOrder to "dmy" or "mdy" in the mapping`,
          zh: '无法判断是“日/月/年”还是“月/日/年”（该列没有能判断的值）：请在映射文件中把 dateOrder 设为 "dmy" 或 "mdy"',
        },
      };
    if (order === 'ymd')
      return {
        ok: false,
        code: 'bad-date',
        reason: { en: 'is not year-first, but the mapping says dateOrder "ymd"', zh: '年份不在前，但映射文件的 dateOrder 为 "ymd"' },
      };
    y = shape.y;
    [d, mo] = order === 'dmy' ? [shape.a, shape.b] : [shape.b, shape.a];
  }
  const { h, mi, s, ms, zone } = shape.clock;
  if (shape.kind === 'year-last' && (mo < 1 || mo > 12) && d >= 1 && d <= 12 && mo <= daysIn(y, d)) {
    // Valid the other way round: the mapping's order is likely the wrong one for this export.
    const other = order === 'dmy' ? 'mdy' : 'dmy';
    return {
      ok: false,
      code: 'other-date-order',
      reason: {
        en: `has no month ${mo} under dateOrder "${order}"; read as "${other}" it is a date: is dateOrder wrong for this file?`,
        zh: `按 dateOrder "${order}" 读没有第 ${mo} 月；按 "${other}" 读则是有效日期：该文件的 dateOrder 是否设错？`,
      },
    };
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo))
    return { ok: false, code: 'bad-date', reason: { en: `has no day ${d} in month ${mo} of ${y}`, zh: `${y} 年 ${mo} 月没有第 ${d} 日` } };
  if (y < 1970 || y > 9999) return { ok: false, code: 'bad-date', reason: { en: 'year must be between 1970 and 9999', zh: '年份须在 1970 到 9999 之间' } };
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const utc =
    zone === undefined ? fromWallTime(wall, typeof timeZone === 'string' ? new ZoneOffsets(timeZone) : timeZone) : wall - offsetMinutes(zone) * 60_000;
  return { ok: true, iso: new Date(utc).toISOString() };
}

const HOUR = 3_600_000;

/**
 * An IANA zone's offsets from UTC (luxon's, in minutes), remembered per UTC hour: an export's
 * millions of dates fall in a few thousand hours, and luxon formats a date for every offset asked
 * of it. An hour whose first and last second have the same offset has it throughout, since no zone
 * changes its offset twice within an hour (its changes lie months apart); an hour in which it
 * changes (at a quarter or half past, in some zones) asks luxon for every instant, as before.
 */
export class ZoneOffsets {
  private readonly zone: IANAZone;
  /** UTC hour → offset, NaN for an hour the offset changes in. */
  private readonly byHour = new Map<number, number>();

  constructor(timeZone: string) {
    this.zone = IANAZone.create(timeZone);
  }

  at(t: number): number {
    const hour = Math.floor(t / HOUR);
    let offset = this.byHour.get(hour);
    if (offset === undefined) {
      const first = this.zone.offset(hour * HOUR);
      offset = first === this.zone.offset(hour * HOUR + HOUR - 1) ? first : Number.NaN;
      this.byHour.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.zone.offset(t) : offset;
  }
}

/**
 * Wall time in an IANA zone → UTC ms, the way luxon resolves it (a time in a spring-forward gap
 * moves forward; a repeated autumn hour takes the earlier instant). Only the zone's offset comes
 * from luxon: DateTime.fromObject costs ~4× as much, and exports have millions of dates.
 */
function fromWallTime(wall: number, zone: ZoneOffsets): number {
  const o = zone.at(wall);
  let guess = wall - o * 60_000;
  const o2 = zone.at(guess);
  if (o === o2) return guess;
  guess -= (o2 - o) * 60_000;
  const o3 = zone.at(guess);
  if (o2 === o3) return guess;
  return wall - Math.min(o2, o3) * 60_000;
}

function offsetMinutes(zone: string): number {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +(m[3] ?? 0));
}

export interface OrderDecision {
  /** undefined: the values never say (every first and second part ≤ 12), or they contradict each other. */
  order?: 'dmy' | 'mdy';
  /** The value that decided it, for the summary ("day-first, because of 25/03/2026 in row 7"). */
  evidence?: { value: string; index: number };
  /** Both a first part and a second part above 12 were seen: the column mixes orders. */
  conflict?: { dayFirst: string; monthFirst: string };
}

/** Reads a whole column: a first part above 12 means day-first, a second part above 12 month-first. */
export function decideDateOrder(values: readonly string[]): OrderDecision {
  let dayFirst: { value: string; index: number } | undefined;
  let monthFirst: { value: string; index: number } | undefined;
  values.forEach((value, index) => {
    const s = dateShape(value);
    if (s.kind !== 'year-last') return;
    // Evidence must be a date under the order it argues for: "31/02/2026" says day-first of nothing.
    if (s.a > 12 && s.b >= 1 && s.b <= 12 && s.a <= daysIn(s.y, s.b)) dayFirst ??= { value, index };
    if (s.b > 12 && s.a >= 1 && s.a <= 12 && s.b <= daysIn(s.y, s.a)) monthFirst ??= { value, index };
  });
  if (dayFirst && monthFirst) return { conflict: { dayFirst: dayFirst.value, monthFirst: monthFirst.value } };
  if (dayFirst) return { order: 'dmy', evidence: dayFirst };
  if (monthFirst) return { order: 'mdy', evidence: monthFirst };
  return {};
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when at least one value is written year-last (so an order has to be decided at all). */
export function hasYearLast(values: readonly string[]): boolean {
  return values.some((v) => dateShape(v).kind === 'year-last');
}
