/**
 * Calendar arithmetic in a given IANA zone. Pure: every function takes the instant it works on.
 * Formatters are memoised per zone because constructing one costs far more than using it.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** 9999-12-31T23:59:59.999Z: the last instant the engine accepts, and the last any column stores. */
export const LAST_INSTANT_MS = 253_402_300_799_999;

/**
 * A time the engine derives by adding a duration (a due time, a penalty's end, a cooling period),
 * held at the last instant: "ten years after 9999-06-01" must still be a time a database stores,
 * and nothing can happen later than the last instant anyway.
 */
export const futureIso = (ms: number): string => new Date(Math.min(ms, LAST_INSTANT_MS)).toISOString();

/**
 * An instant as a message shows it to a person: `2026-03-09 10:00` on the wall clock of the zone
 * (the tenant's, `StateView.timeZone()`), never the raw UTC text. Fields a machine reads (detail,
 * changes, actions) stay ISO. `seconds`: add `:ss` (and `.sss`) when the instant has them, for a
 * comparison that less than a minute may decide (first reported wins, S25).
 */
export function localStamp(epochMs: number, timeZone: string, seconds = false): string {
  const t = localTime(epochMs, timeZone);
  const minute = `${t.day} ${pad2(Math.floor(t.minutes / 60))}:${pad2(t.minutes % 60)}`;
  const within = seconds ? ((epochMs % 60_000) + 60_000) % 60_000 : 0;
  if (within === 0) return minute;
  const ms = within % 1000;
  return `${minute}:${pad2(Math.floor(within / 1000))}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`}`;
}

/** localStamp of an instant given as text; text that is not an instant is shown as it is. */
export function localStampOf(iso: string, timeZone: string, seconds = false): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? localStamp(ms, timeZone, seconds) : iso;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  day: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

/** Wall-clock fields read the slow way, through Intl. */
function localTimeSlow(epochMs: number, timeZone: string): LocalTime {
  const parts = formatter(timeZone).formatToParts(epochMs);
  let y = '',
    m = '',
    d = '',
    h = 0,
    min = 0,
    wd = 1;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        y = p.value;
        break;
      case 'month':
        m = p.value;
        break;
      case 'day':
        d = p.value;
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        min = Number(p.value);
        break;
      case 'weekday':
        wd = WEEKDAYS[p.value] ?? 1;
        break;
    }
  }
  return { day: `${y}-${m}-${d}`, weekday: wd, minutes: h * 60 + min };
}

/** The zone's offset from UTC in whole minutes at an instant. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const t = localTimeSlow(epochMs, timeZone);
  const [y, mo, d] = t.day.split('-').map(Number) as [number, number, number];
  const localAsUtc = Date.UTC(y, mo - 1, d) + t.minutes * 60_000;
  return Math.round((localAsUtc - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
}

/**
 * What is remembered per zone (memoisation only: results never depend on what was asked before):
 *  - the UTC offset of each hour asked about (bounded), and the last one apart. An offset is
 *    cached only when it is the same at both ends of the hour, so a DST change inside an hour is
 *    always computed exactly;
 *  - the last answer, reused within the same minute (decisions come in bursts);
 *  - the last local day's `YYYY-MM-DD`, so a new minute of the same day costs arithmetic only.
 */
interface ZoneMemo {
  hours: Map<number, number>;
  /** The last hour looked up there, and its offset. */
  hour: number;
  offset: number | undefined;
  minute: number;
  time: LocalTime | undefined;
  dayNumber: number;
  day: string;
}
const zones = new Map<string, ZoneMemo>();
const MAX_HOURS_PER_ZONE = 200_000;

function offsetOfHour(hour: number, timeZone: string, hours: Map<number, number>): number | undefined {
  const known = hours.get(hour);
  if (known !== undefined) return Number.isNaN(known) ? undefined : known;
  const start = offsetMinutes(hour * HOUR_MS, timeZone);
  const end = offsetMinutes(hour * HOUR_MS + HOUR_MS - 1, timeZone);
  if (hours.size >= MAX_HOURS_PER_ZONE) hours.clear();
  hours.set(hour, start === end ? start : Number.NaN);
  return start === end ? start : undefined;
}

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const minute = Math.floor(epochMs / 60_000);
  let memo = zones.get(timeZone);
  if (memo === undefined)
    zones.set(
      timeZone,
      (memo = { hours: new Map(), hour: Number.NaN, offset: undefined, minute: Number.NaN, time: undefined, dayNumber: Number.NaN, day: '' }),
    );
  if (memo.time !== undefined && memo.minute === minute) return memo.time;
  const time = Object.freeze(localTimeOfMinute(epochMs, timeZone, memo)) as LocalTime;
  memo.minute = minute;
  memo.time = time;
  return time;
}

/** The largest time value a Date holds. */
const DATE_RANGE = 8.64e15;

function localTimeOfMinute(epochMs: number, timeZone: string, memo: ZoneMemo): LocalTime {
  const hour = Math.floor(epochMs / HOUR_MS);
  if (hour !== memo.hour) {
    memo.offset = offsetOfHour(hour, timeZone, memo.hours);
    memo.hour = hour;
  }
  const offset = memo.offset;
  if (offset === undefined) return localTimeSlow(epochMs, timeZone);
  const localMs = epochMs + offset * 60_000;
  // A fraction of a ms or a time past Date's range: exactly what the Date getters make of it.
  if (!Number.isInteger(localMs) || Math.abs(localMs) > DATE_RANGE) return localOfDate(new Date(localMs));
  // The wall clock as whole days since the epoch and ms into the day: what the Date getters give.
  const dayNumber = Math.floor(localMs / DAY_MS);
  if (dayNumber !== memo.dayNumber) {
    memo.day = localOfDate(new Date(dayNumber * DAY_MS)).day;
    memo.dayNumber = dayNumber;
  }
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return { day: memo.day, weekday: ((((dayNumber + 3) % 7) + 7) % 7) + 1, minutes: Math.floor((localMs - dayNumber * DAY_MS) / 60_000) };
}

/** The wall-clock fields of a Date whose UTC fields are the local ones. */
function localOfDate(local: Date): LocalTime {
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  const wd = local.getUTCDay();
  return {
    day: `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`,
    weekday: wd === 0 ? 7 : wd,
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

const clocks = new Map<string, number>();

/** Minutes since midnight of an `HH:MM` shift bound (memoised: rosters repeat a handful of them). */
export function parseClock(hhmm: string): number {
  let minutes = clocks.get(hhmm);
  if (minutes === undefined) {
    const [h, m] = hhmm.split(':');
    minutes = Number(h) * 60 + Number(m);
    if (clocks.size < 10_000) clocks.set(hhmm, minutes);
  }
  return minutes;
}

/** For tests: the exact answer without the cache. */
export const localTimeExact = localTimeSlow;
