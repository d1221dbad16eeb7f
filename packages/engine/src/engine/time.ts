/**
 * Calendar arithmetic in a given IANA zone. Pure: every function takes the instant it works on.
 * Formatters are memoised per zone because constructing one costs far more than using it.
 */
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

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts = formatter(timeZone).formatToParts(epochMs);
  let y = '', m = '', d = '', h = 0, min = 0, wd = 1;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = p.value; break;
      case 'month': m = p.value; break;
      case 'day': d = p.value; break;
      case 'hour': h = Number(p.value); break;
      case 'minute': min = Number(p.value); break;
      case 'weekday': wd = WEEKDAYS[p.value] ?? 1; break;
    }
  }
  return { day: `${y}-${m}-${d}`, weekday: wd, minutes: h * 60 + min };
}

export function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
