import type { Language } from '../i18n/index.js';

/**
 * Dates, numbers and relative times as a person in the chosen language reads them, on the
 * tenant's clock: a decision at 01:00Z is "09:00" to a Shanghai tenant whatever the browser's zone.
 * Pure (the clock is a parameter), so both languages are tested without a browser.
 */
export interface Formatter {
  lang: Language;
  locale: string;
  timeZone: string;
  /** Date and time to the minute, e.g. 2026/3/2 09:00 · Mar 2, 2026, 9:00 AM. */
  dateTime(iso: string | number | null | undefined): string;
  /** Date only. */
  date(iso: string | number | null | undefined): string;
  /** Time of day only. */
  time(iso: string | number | null | undefined): string;
  number(n: number | null | undefined, options?: Intl.NumberFormatOptions): string;
  percent(fraction: number | null | undefined): string;
  /** "3 小时前" · "3 hours ago", "明天" · "tomorrow", against `now` (ms). */
  relative(iso: string | number | null | undefined, now: number): string;
}

export const LOCALES: Record<Language, string> = { zh: 'zh-CN', en: 'en-US' };
const EMPTY = '—';

const cache = new Map<string, Formatter>();

export function makeFormatter(lang: Language, timeZone: string): Formatter {
  const zone = validZone(timeZone);
  const key = `${lang}|${zone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const locale = LOCALES[lang];
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dateFmt = new Intl.DateTimeFormat(locale, { timeZone: zone, year: 'numeric', month: 'short', day: 'numeric' });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const numberFmt = new Intl.NumberFormat(locale);
  const percentFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const relativeFmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const withDate = (f: (ms: number) => string) => (value: string | number | null | undefined) => {
    const ms = toMs(value);
    return ms === undefined ? EMPTY : f(ms);
  };
  const formatter: Formatter = {
    lang,
    locale,
    timeZone: zone,
    dateTime: withDate((ms) => dateTimeFmt.format(ms)),
    date: withDate((ms) => dateFmt.format(ms)),
    time: withDate((ms) => timeFmt.format(ms)),
    number: (n, options) =>
      n === null || n === undefined || !Number.isFinite(n) ? EMPTY : options ? new Intl.NumberFormat(locale, options).format(n) : numberFmt.format(n),
    percent: (f) => (f === null || f === undefined || !Number.isFinite(f) ? EMPTY : percentFmt.format(f)),
    relative: (value, now) => {
      const ms = toMs(value);
      if (ms === undefined) return EMPTY;
      const [amount, unit] = relativeUnit(ms - now);
      return relativeFmt.format(amount, unit);
    },
  };
  cache.set(key, formatter);
  return formatter;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The largest unit that keeps the amount at least 1, rounded towards zero as people say it ("2 hours ago" at 2 h 50 min). */
export function relativeUnit(deltaMs: number): [number, Intl.RelativeTimeFormatUnit] {
  const abs = Math.abs(deltaMs);
  const sign = deltaMs < 0 ? -1 : 1;
  const whole = (unit: number) => sign * Math.floor(abs / unit);
  if (abs < MINUTE) return [whole(SECOND), 'second'];
  if (abs < HOUR) return [whole(MINUTE), 'minute'];
  if (abs < DAY) return [whole(HOUR), 'hour'];
  if (abs < 30 * DAY) return [whole(DAY), 'day'];
  if (abs < 365 * DAY) return [whole(30 * DAY), 'month'];
  return [whole(365 * DAY), 'year'];
}

function toMs(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A zone the runtime does not know would make Intl throw on every date: fall back to UTC instead. */
function validZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/**
 * A `datetime-local` input's value (wall time, no zone) read on the tenant's clock, as an ISO
 * instant: what the decision search sends as `from` / `to`.
 */
export function wallTimeToInstant(wall: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // The zone's offset at that wall time; a second pass settles the hour around a DST change.
  let ms = asUtc - offsetMs(asUtc, timeZone);
  ms = asUtc - offsetMs(ms, timeZone);
  return new Date(ms).toISOString();
}

/** The inverse: an instant as the tenant's wall time for a `datetime-local` input. */
export function instantToWallTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  return new Date(ms + offsetMs(ms, timeZone)).toISOString().slice(0, 16);
}

function offsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: validZone(timeZone),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}
