/** An instant as callers give it: epoch milliseconds, an ISO string or a Date. */
export type Instant = string | number | Date;

export function toMs(now: Instant): number {
  const ms = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(now)}`);
  return ms;
}

/** 9999-12-31T23:59:59.999Z: past it (and before 1970) the Date's own formatting is used. */
const LAST_FOUR_DIGIT_MS = 253_402_300_799_999;
const DAY_MS = 86_400_000;

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, the same string, about three times faster: every decision stamps
 * its instant, and the Date round trip was a tenth of a routing decision. Civil date from days
 * since the epoch by H. Hinnant's `civil_from_days` (proleptic Gregorian, as Date uses).
 */
export function isoOf(ms: number): string {
  if (!(ms >= 0 && ms <= LAST_FOUR_DIGIT_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  const y = year < 1000 ? `0${three(year)}` : `${year}`;
  return `${y}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.${three(milli)}Z`;
}
