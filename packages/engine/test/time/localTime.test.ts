import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime, localTimeExact } from '../../src/types/localTime.js';

const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'Europe/Lisbon',
];

describe('localTime', () => {
  it('knows Shanghai midnight is 16:00 UTC the day before', () => {
    expect(localTime(Date.parse('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toEqual({ day: '2026-03-02', weekday: 1, minutes: 0 });
    expect(localTime(Date.parse('2026-03-01T15:59:00Z'), 'Asia/Shanghai')).toEqual({ day: '2026-03-01', weekday: 7, minutes: 23 * 60 + 59 });
  });

  it('crosses New York DST changes exactly', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
    expect(localTime(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York').minutes).toBe(1 * 60 + 59);
    expect(localTime(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York').minutes).toBe(3 * 60);
    expect(localTime(Date.parse('2026-11-01T05:30:00Z'), 'America/New_York').minutes).toBe(1 * 60 + 30);
    expect(localTime(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York').minutes).toBe(1 * 60 + 30);
  });

  it('agrees with Intl for any instant and zone, in any order of calls (cache never changes answers)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }), fc.constantFrom(...ZONES)), {
          minLength: 1,
          maxLength: 20,
        }),
        (calls) => {
          for (const [ms, zone] of calls) expect(localTime(ms, zone)).toEqual(localTimeExact(ms, zone));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with Intl along runs of nearby instants (same minute, same day, across midnights and DST changes), fractions of a ms included', () => {
    const starts = [
      '2026-03-08T04:00:00Z', // New York's spring change
      '2026-10-25T00:30:00Z', // London's autumn change
      '2026-04-05T14:00:00Z', // Lord Howe's half-hour change
      '2026-03-01T15:50:00Z', // Shanghai midnight
      '1969-12-31T23:00:00Z', // just before the epoch
      '1965-06-01T00:00:00Z', // days before the epoch: weekdays from a negative day count
    ].map((iso) => Date.parse(iso));
    fc.assert(
      fc.property(
        fc.constantFrom(...starts),
        fc.constantFrom(...ZONES),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 90_000 }), fc.integer({ min: 0, max: 4 * 3_600_000 }), fc.double({ min: 0, max: 120_000, noNaN: true })), {
          minLength: 1,
          maxLength: 30,
        }),
        (start, zone, steps) => {
          let ms = start;
          for (const step of steps) {
            // Before the epoch, whole ms only: there Date truncates a fraction up, after adding the zone's offset.
            ms += start < 0 ? Math.round(step) : step;
            expect(localTime(ms, zone)).toEqual(localTimeExact(ms, zone));
          }
        },
      ),
      { numRuns: 300 },
    );
    // Fractions of a ms just below a minute (after the epoch, where Intl and the Date getters agree on them).
    for (const zone of ZONES) for (const ms of [0.5, 59_999.5, 1e12 + 0.25, 1e12 + 59_999.75]) expect(localTime(ms, zone)).toEqual(localTimeExact(ms, zone));
  });
});
