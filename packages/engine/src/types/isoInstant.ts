/**
 * Reading canonical ISO instants without the runtime's date parser. In types/ (the lowest layer)
 * because the state, the assignment filters and the reclaim clocks all read instants.
 */
const DAY_MS = 86_400_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** Days since the epoch of a proleptic Gregorian date: H. Hinnant's days_from_civil, as Date counts. */
function civilDays(year: number, month: number, day: number): number {
  const yy = month <= 2 ? year - 1 : year;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * For the months of 1900–2299 (where nearly every instant falls), each month's first day as days
 * since the epoch and its length: a date costs one look-up, not the arithmetic above. Constant
 * tables worked out once at load; other years take the arithmetic.
 */
const TABLE_FROM = 1900;
const TABLE_MONTHS = 400 * 12;
const MONTH_START = new Int32Array(TABLE_MONTHS);
const MONTH_LENGTH = new Uint8Array(TABLE_MONTHS);
for (let i = 0; i < TABLE_MONTHS; i++) {
  const year = TABLE_FROM + Math.floor(i / 12);
  const month = (i % 12) + 1;
  MONTH_START[i] = civilDays(year, month, 1);
  MONTH_LENGTH[i] = DAYS_IN_MONTH[month - 1]! + (month === 2 && isLeap(year) ? 1 : 0);
}

/**
 * `Date.parse(iso)`, the same number, without the runtime's date parser for the canonical form
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (what toISOString and isoOf write, so nearly every instant the
 * engine reads): Date.parse cost about half a microsecond, and a step parses several instants.
 * Any other form, and any field out of its everyday range (a 30 February, 24:00), goes to
 * Date.parse, so the answer is always Date.parse's.
 */
export function parseInstant(iso: string): number {
  const ms = canonicalMs(iso);
  return Number.isNaN(ms) ? Date.parse(iso) : ms;
}

/**
 * `new Date(iso).toISOString()` for an instant as an event gives it: the same string (or the same
 * RangeError). A canonical instant with every field in range is its own answer: no Date round trip.
 */
export function canonicalIso(iso: string): string {
  const ms = canonicalMs(iso);
  return Number.isNaN(ms) ? new Date(iso).toISOString() : iso;
}

/**
 * The instant of a canonical `YYYY-MM-DDTHH:MM:SS.sssZ` of years 1000–9999 with every field in its
 * everyday range (exactly the strings toISOString writes for those years); NaN for anything else.
 * A caller that keeps instants as numbers knows from it, without a Date round trip, whether
 * toISOString gives the text back.
 *
 * Several instants a step, so written for speed: every character is read once, in order; a
 * digit's code minus 48 is 0–9 exactly when neither it nor 9 minus it is negative, so one test of
 * the OR of all of them checks the 17 digits; the date is a table look-up.
 */
export function canonicalMs(iso: string): number {
  if (typeof iso !== 'string' || iso.length !== 24) return Number.NaN;
  const y0 = iso.charCodeAt(0) - 48;
  const y1 = iso.charCodeAt(1) - 48;
  const y2 = iso.charCodeAt(2) - 48;
  const y3 = iso.charCodeAt(3) - 48;
  const dash1 = iso.charCodeAt(4);
  const mo0 = iso.charCodeAt(5) - 48;
  const mo1 = iso.charCodeAt(6) - 48;
  const dash2 = iso.charCodeAt(7);
  const d0 = iso.charCodeAt(8) - 48;
  const d1 = iso.charCodeAt(9) - 48;
  const tee = iso.charCodeAt(10);
  const h0 = iso.charCodeAt(11) - 48;
  const h1 = iso.charCodeAt(12) - 48;
  const colon1 = iso.charCodeAt(13);
  const mi0 = iso.charCodeAt(14) - 48;
  const mi1 = iso.charCodeAt(15) - 48;
  const colon2 = iso.charCodeAt(16);
  const s0 = iso.charCodeAt(17) - 48;
  const s1 = iso.charCodeAt(18) - 48;
  const dot = iso.charCodeAt(19);
  const ms0 = iso.charCodeAt(20) - 48;
  const ms1 = iso.charCodeAt(21) - 48;
  const ms2 = iso.charCodeAt(22) - 48;
  const zed = iso.charCodeAt(23);
  const digits =
    y0 |
    (9 - y0) |
    y1 |
    (9 - y1) |
    y2 |
    (9 - y2) |
    y3 |
    (9 - y3) |
    mo0 |
    (9 - mo0) |
    mo1 |
    (9 - mo1) |
    d0 |
    (9 - d0) |
    d1 |
    (9 - d1) |
    h0 |
    (9 - h0) |
    h1 |
    (9 - h1);
  const more = mi0 | (9 - mi0) | mi1 | (9 - mi1) | s0 | (9 - s0) | s1 | (9 - s1) | ms0 | (9 - ms0) | ms1 | (9 - ms1) | ms2 | (9 - ms2);
  if ((digits | more) < 0 || dash1 !== 45 || dash2 !== 45 || tee !== 84 || colon1 !== 58 || colon2 !== 58 || dot !== 46 || zed !== 90) return Number.NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const row = (year - TABLE_FROM) * 12 + month - 1;
  let days: number;
  if (row >= 0 && row < TABLE_MONTHS) {
    if (day > MONTH_LENGTH[row]!) return Number.NaN;
    days = MONTH_START[row]! + day - 1;
  } else {
    if (day > DAYS_IN_MONTH[month - 1]! + (month === 2 && isLeap(year) ? 1 : 0)) return Number.NaN;
    days = civilDays(year, month, day);
  }
  return days * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms0 * 100 + ms1 * 10 + ms2;
}
