import { addWorkingDays, subtractWorkingDays, type WorkingCalendar } from './workingTime.js';
import { durationParts, UNIT_MS, type Duration } from '../types/duration.js';

/**
 * When a duration started at `startMs` has run: working days need the calendar (the rule's, or
 * Monday–Friday in the tenant's zone); other units are exact elapsed time.
 * Infinity when the calendar has no working day within reach.
 */
export function addDuration(startMs: number, d: Duration, calendar: WorkingCalendar | undefined): number {
  const { value, unit } = durationParts(d);
  if (unit === 'workingDays') {
    if (!calendar) throw new Error('a working-day duration needs a calendar');
    return addWorkingDays(calendar, startMs, value);
  }
  return startMs + value * UNIT_MS[unit];
}

/** The ms `addDuration` adds for `d` whatever the start: exact for every unit but working days (NaN: those need the calendar). */
export function fixedDurationMs(d: Duration): number {
  const { value, unit } = durationParts(d);
  return unit === 'workingDays' ? Number.NaN : value * UNIT_MS[unit];
}

/** The latest start from which `d` has run by `endMs`: `addDuration(s, d) ≤ end ⇔ s ≤ subtractDuration(end, d)`. */
export function subtractDuration(endMs: number, d: Duration, calendar: WorkingCalendar | undefined): number {
  const { value, unit } = durationParts(d);
  if (unit === 'workingDays') {
    if (!calendar) throw new Error('a working-day duration needs a calendar');
    return subtractWorkingDays(calendar, endMs, value);
  }
  return endMs - value * UNIT_MS[unit];
}
