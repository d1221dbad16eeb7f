/** Reading the ISO instants of activity windows fast: a score reads one per activity. */

const DAY_MS = 86_400_000;
/** Two digits of `s` at `i` as a number, or a large negative one when either is not a digit. */
const two = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -10_000;
};

/**
 * Epoch ms of an ISO instant. The form the engine and server write (`2026-03-02T01:00:00.000Z`,
 * also without the fraction) is read digit by digit: a lead's activity windows read several
 * instants per score and Date.parse was most of the scoring time. Anything else goes to Date.parse.
 * Days from the civil date by H. Hinnant's `days_from_civil` (proleptic Gregorian, as Date uses).
 */
export function instantMs(t: string | number | undefined): number {
  if (t === undefined) return Number.NaN;
  if (typeof t === 'number') return t;
  const n = t.length;
  if (
    (n === 20 || (n === 24 && t.charCodeAt(19) === 46)) &&
    t.charCodeAt(n - 1) === 90 &&
    t.charCodeAt(4) === 45 &&
    t.charCodeAt(7) === 45 &&
    t.charCodeAt(10) === 84 &&
    t.charCodeAt(13) === 58 &&
    t.charCodeAt(16) === 58
  ) {
    const y = two(t, 0) * 100 + two(t, 2);
    const mo = two(t, 5);
    const d = two(t, 8);
    const h = two(t, 11);
    const mi = two(t, 14);
    const sec = two(t, 17);
    const milli = n === 24 ? two(t, 20) * 10 + digit(t, 22) : 0;
    if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && milli >= 0) {
      const yy = mo <= 2 ? y - 1 : y;
      const era = Math.floor(yy / 400);
      const yoe = yy - era * 400;
      const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
      const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
      // A day past the month's end (02-30) is not a date: leave it to Date.parse, which refuses it.
      if (d <= 28 || d <= daysIn(y, mo)) return (era * 146_097 + doe - 719_468) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + milli;
    }
  }
  return Date.parse(t);
}

/** One digit of `s` at `i`, or a large negative number when it is not one. */
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -10_000;
};
const daysIn = (y: number, mo: number): number =>
  mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
