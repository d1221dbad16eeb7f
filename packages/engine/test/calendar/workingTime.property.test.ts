import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleCalendar } from '@sluice/examples';
import {
  addWorkingDays,
  calendarSchema,
  compileCalendar,
  mondayToFriday,
  subtractWorkingDays,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../src/index.js';

// Working-day arithmetic must be exact, not approximately right: the tick's shortcut rules leads
// out by `subtract`, and a decision falls due by `add`. Instants are drawn anywhere in 2026 and,
// more often, near midnights and DST changes (where off-by-one-hour mistakes live).
const SEED = { seed: 20261001, numRuns: 400 };
const DAY = 86_400_000;
const Y2026 = Date.UTC(2026, 0, 1);

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago'] as const;
/** Instants where the wall clock jumps in 2026, per zone, to sample around. */
const CHANGES = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-04-04T16:00:00Z',
  '2026-10-03T16:00:00Z',
  '2026-04-05T03:00:00Z',
  '2026-09-06T04:00:00Z',
].map(Date.parse);

const cn = compileCalendar(calendarSchema.parse(exampleCalendar('cn-2026')));

const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.oneof(
  fc.constant(cn),
  fc.constantFrom(...ZONES).map((z) => mondayToFriday(z)),
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      weekend: fc.constantFrom([6, 7], [5, 6], [7], [], [1, 2, 3, 4, 5, 6]),
      off: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }),
      worked: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 20 }),
    })
    .map(({ zone, weekend, off, worked }) => {
      const day = (k: number) => new Date(Y2026 - 20 * DAY + k * DAY).toISOString().slice(0, 10);
      const offSet = new Set(off);
      return compileCalendar(
        calendarSchema.parse({
          id: 'random',
          timeZone: zone,
          weekend,
          holidays: off.map((k) => ({ from: day(k) })),
          makeUpDays: worked.filter((k) => !offSet.has(k)).map((k) => ({ date: day(k) })),
        }),
      );
    }),
);

const instantArb = fc.oneof(
  fc.integer({ min: Y2026, max: Y2026 + 365 * DAY }),
  // Local midnights give or take a millisecond, in every zone's offset range.
  fc
    .tuple(fc.integer({ min: 0, max: 365 }), fc.integer({ min: -14, max: 12 }), fc.constantFrom(-1, 0, 1))
    .map(([d, h, e]) => Y2026 + d * DAY + h * 3_600_000 + e),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([c, k]) => c + k),
  // The same wall time a few days before a change: its clock falls due inside the change.
  fc
    .tuple(fc.constantFrom(...CHANGES), fc.integer({ min: 0, max: 4 }), fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }))
    .map(([c, d, k]) => c - d * DAY + k),
);
/** Seven-day calendars in zones with DST: a working day can hold a skipped or repeated hour. */
const everyDayArb = fc.constantFrom(...ZONES).map((z) => compileCalendar(calendarSchema.parse({ id: 'every-day', timeZone: z, weekend: [] })));
const deltaArb = fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 });
const nArb = fc.integer({ min: 0, max: 25 });

describe('working-day arithmetic (properties)', () => {
  it('add and subtract are inverse: add(s, n) ≤ e ⇔ s ≤ subtract(e, n)', () => {
    fc.assert(
      fc.property(fc.oneof(calendarArb, everyDayArb), instantArb, instantArb, nArb, deltaArb, fc.boolean(), (cal, s, other, n, delta, near) => {
        // Half the time the end is close to the due instant, where a wrong answer would show.
        const e = near ? addWorkingDays(cal, s, n) + delta : other;
        expect(addWorkingDays(cal, s, n) <= e).toBe(s <= subtractWorkingDays(cal, e, n));
      }),
      { ...SEED, numRuns: 2000 },
    );
  });

  it('add(s, n) is the earliest such instant and subtract(e, n) the latest', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 25 }), (cal, s, n) => {
        const due = addWorkingDays(cal, s, n);
        expect(subtractWorkingDays(cal, due, n)).toBeGreaterThanOrEqual(s);
        expect(subtractWorkingDays(cal, due - 1, n)).toBeLessThan(s);
        const from = subtractWorkingDays(cal, s, n);
        expect(addWorkingDays(cal, from, n)).toBeLessThanOrEqual(s);
        expect(addWorkingDays(cal, from + 1, n)).toBeGreaterThan(s);
      }),
      SEED,
    );
  });

  it('n working days after s, n working days have run: workingDaysBetween(s, add(s, n)) = n', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, nArb, (cal, s, n) => {
        expect(workingDaysBetween(cal, s, addWorkingDays(cal, s, n))).toBe(n);
      }),
      SEED,
    );
  });

  it('monotone: a later start is never due sooner, more days never sooner, and elapsed working time only grows', () => {
    fc.assert(
      fc.property(fc.oneof(calendarArb, everyDayArb), instantArb, deltaArb, nArb, nArb, (cal, x, d, n, m) => {
        const y = x + d;
        const [a, b] = x <= y ? [x, y] : [y, x];
        const [lo, hi] = n <= m ? [n, m] : [m, n];
        expect(addWorkingDays(cal, a, n)).toBeLessThanOrEqual(addWorkingDays(cal, b, n));
        expect(subtractWorkingDays(cal, a, n)).toBeLessThanOrEqual(subtractWorkingDays(cal, b, n));
        expect(addWorkingDays(cal, a, lo)).toBeLessThanOrEqual(addWorkingDays(cal, a, hi));
        expect(addWorkingDays(cal, a, n)).toBeGreaterThanOrEqual(a);
        expect(workingDaysBetween(cal, a - DAY, a)).toBeLessThanOrEqual(workingDaysBetween(cal, a - DAY, b));
      }),
      SEED,
    );
  });
});
