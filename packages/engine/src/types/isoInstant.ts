/**
 * Reading canonical ISO instants without the runtime's date parser. In types/ (the lowest layer)
 * because the state, the assignment filters and the reclaim clocks all read instants.
 */
const DAY_MS = 86_400_000;

/** The digit at `i`, or -1 when it is not one. */
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

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
 */
export function canonicalMs(iso: string): number {
  if (
    typeof iso !== 'string' ||
    iso.length !== 24 ||
    iso.charCodeAt(4) !== 45 ||
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 ||
    iso.charCodeAt(13) !== 58 ||
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46 ||
    iso.charCodeAt(23) !== 90
  ) {
    return Number.NaN;
  }
  const y0 = digit(iso, 0);
  const y1 = digit(iso, 1);
  const y2 = digit(iso, 2);
  const y3 = digit(iso, 3);
  const mo0 = digit(iso, 5);
  const mo1 = digit(iso, 6);
  const d0 = digit(iso, 8);
  const d1 = digit(iso, 9);
  const h0 = digit(iso, 11);
  const h1 = digit(iso, 12);
  const mi0 = digit(iso, 14);
  const mi1 = digit(iso, 15);
  const s0 = digit(iso, 17);
  const s1 = digit(iso, 18);
  const ms0 = digit(iso, 20);
  const ms1 = digit(iso, 21);
  const ms2 = digit(iso, 22);
  if ((y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1 | ms0 | ms1 | ms2) < 0) return Number.NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]! + leap || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  // Days since the epoch of a proleptic Gregorian date: H. Hinnant's days_from_civil, as Date counts.
  const yy = month <= 2 ? year - 1 : year;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms0 * 100 + ms1 * 10 + ms2;
}
