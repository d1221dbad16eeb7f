/**
 * ISO-8601 UTC text for whole-millisecond instants, fast: a replay of a million leads writes
 * several instants per lead, and Date#toISOString is a large part of that. The date part is
 * cached per day inside each formatter (no module state), the time part is plain arithmetic.
 */
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

export function isoFormatter(): (ms: number) => string {
  const days = new Map<number, string>();
  return (ms) => {
    // Outside 0001–9999 or fractional: the standard formatter (and its error for NaN).
    if (!Number.isInteger(ms) || ms < -62_135_596_800_000 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
    const day = Math.floor(ms / DAY_MS);
    let date = days.get(day);
    if (date === undefined) {
      if (days.size > 50_000) days.clear();
      date = new Date(day * DAY_MS).toISOString().slice(0, 11);
      days.set(day, date);
    }
    let rest = ms - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / MINUTE_MS);
    rest -= m * MINUTE_MS;
    const s = Math.floor(rest / 1000);
    return `${date}${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(rest - s * 1000)}Z`;
  };
}

/** One-off conversion (world bounds, single values). */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
