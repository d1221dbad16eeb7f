import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCalendar, calendarSchema } from '../../src/index.js';
import { clockStart } from '../../src/calendar/ruleClock.js';
import type { Duration } from '../../src/types/duration.js';
import { addDuration } from '../../src/calendar/duration.js';
import { CN_2025 } from './helpers.js';

const cn = compileCalendar(calendarSchema.parse(CN_2025));
// September to mid-October 2025: weekends, the make-up Sunday, National Day and the make-up Saturday.
const FROM = Date.parse('2025-09-01T00:00:00Z');
const TO = Date.parse('2025-10-20T00:00:00Z');

describe('clockStart: when a cascade tier began, from its due instant', () => {
  it('is never after the real start, and a clock started then runs out at the same instant (working days, hours, minutes)', () => {
    const duration = fc.oneof(
      fc.integer({ min: 1, max: 6 }).map((value): Duration => ({ value, unit: 'workingDays' })),
      fc.integer({ min: 1, max: 72 }).map((value): Duration => ({ value, unit: 'hours' })),
      fc.integer({ min: 1, max: 600 }).map((value): Duration => ({ value, unit: 'minutes' })),
    );
    // Starts on the minute, and a share exactly at local midnight (where a working-day clock is ambiguous).
    const start = fc.oneof(
      fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => m * 60_000),
      fc.integer({ min: 0, max: 49 }).map((d) => FROM + d * 86_400_000 - 8 * 3_600_000),
    );
    fc.assert(
      fc.property(start, duration, (s, d) => {
        const due = addDuration(s, d, cn);
        const since = clockStart(due, d, cn);
        expect(since).toBeLessThanOrEqual(s);
        expect(addDuration(since, d, cn)).toBe(due);
        if (typeof d !== 'number' && d.unit !== 'workingDays') expect(since).toBe(s);
      }),
      { seed: 20251001, numRuns: 2000 },
    );
  });

  it('a tier entered on Saturday 27 Sep 2025 with 1 working day: it ran from the end of Friday (Sat 00:00), due at the end of the make-up Sunday', () => {
    const d: Duration = { value: 1, unit: 'workingDays' };
    const due = addDuration(Date.parse('2025-09-27T02:00:00Z'), d, cn);
    expect(new Date(due).toISOString()).toBe('2025-09-28T16:00:00.000Z');
    expect(new Date(clockStart(due, d, cn)).toISOString()).toBe('2025-09-26T16:00:00.000Z');
  });
});
