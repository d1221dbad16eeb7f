/**
 * ISO-8601 UTC text for whole-millisecond instants, fast: a replay of a million leads writes
 * several instants per lead, and Date#toISOString is a large part of that. The date part is
 * cached per day inside each formatter (no module state), the time part is plain arithmetic.
 */
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** '0' + n for one digit. */
const digit = (n: number) => 48 + n;
/** Days whose text a formatter keeps at once, by the day number's low bits (a power of two). */
const DAYS_KEPT = 256;

export function isoFormatter(): (ms: number) => string {
  // The day's `YYYY-MM-DDT` as character codes: the text is made in one String.fromCharCode call,
  // one flat 24-character string. A template literal makes a rope of five or six pieces instead,
  // about seven times the memory for as long as it is kept (a million-lead replay keeps millions).
  // Kept by the day number's low bits, each slot holding its day (a replay formats instants of a
  // few weeks at a time): an array read where a Map's look-up was ~2 % of a replay.
  const dayOf = new Float64Array(DAYS_KEPT).fill(Number.NaN);
  const codes = new Uint16Array(DAYS_KEPT * 11);
  return (ms) => {
    // Outside 0001–9999 or fractional: the standard formatter (and its error for NaN).
    if (!Number.isInteger(ms) || ms < -62_135_596_800_000 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
    const day = Math.floor(ms / DAY_MS);
    const slot = day & (DAYS_KEPT - 1);
    const d = slot * 11;
    if (dayOf[slot] !== day) {
      const text = new Date(day * DAY_MS).toISOString();
      for (let i = 0; i < 11; i++) codes[d + i] = text.charCodeAt(i);
      dayOf[slot] = day;
    }
    let rest = ms - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / MINUTE_MS);
    rest -= m * MINUTE_MS;
    const s = Math.floor(rest / 1000);
    const x = rest - s * 1000;
    return String.fromCharCode(
      codes[d]!,
      codes[d + 1]!,
      codes[d + 2]!,
      codes[d + 3]!,
      codes[d + 4]!,
      codes[d + 5]!,
      codes[d + 6]!,
      codes[d + 7]!,
      codes[d + 8]!,
      codes[d + 9]!,
      codes[d + 10]!,
      digit(Math.floor(h / 10)),
      digit(h % 10),
      58,
      digit(Math.floor(m / 10)),
      digit(m % 10),
      58,
      digit(Math.floor(s / 10)),
      digit(s % 10),
      46,
      digit(Math.floor(x / 100)),
      digit(Math.floor(x / 10) % 10),
      digit(x % 10),
      90,
    );
  };
}

/** One-off conversion (world bounds, single values). */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
