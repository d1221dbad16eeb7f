import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decideDateOrder, parseDate, ZoneOffsets } from './dates.js';

const SH = 'Asia/Shanghai';
const ok = (raw: string, order: 'ymd' | 'dmy' | 'mdy' | undefined, zone = SH) => {
  const r = parseDate(raw, order, zone);
  return r.ok ? r.iso : `${r.code}: ${r.reason.en}`;
};

describe('parseDate: the dates CRM exports write', () => {
  it.each([
    ['2026-03-04T14:05:00Z', '2026-03-04T14:05:00.000Z'],
    ['2026-03-04T14:05:00+08:00', '2026-03-04T06:05:00.000Z'],
    ['2026-03-04T14:05:00.250-05:00', '2026-03-04T19:05:00.250Z'],
    ['2026-03-04 14:05:00 +0800', '2026-03-04T06:05:00.000Z'],
    // zone-less: wall time in Asia/Shanghai (UTC+8)
    ['2026-03-04T14:05', '2026-03-04T06:05:00.000Z'],
    ['2026-03-04 14:05', '2026-03-04T06:05:00.000Z'],
    ['2026-03-04 14:05:09', '2026-03-04T06:05:09.000Z'],
    ['2026-03-04', '2026-03-03T16:00:00.000Z'],
    ['2026/3/4', '2026-03-03T16:00:00.000Z'],
    ['2026/3/4 9:05', '2026-03-04T01:05:00.000Z'],
    ['2026.03.04', '2026-03-03T16:00:00.000Z'],
    ['2026年3月4日 14:05', '2026-03-04T06:05:00.000Z'],
    ['2026年3月4日14:05:30', '2026-03-04T06:05:30.000Z'],
    ['2026年3月4日', '2026-03-03T16:00:00.000Z'],
    ['2026年3月4日 下午2:05', '2026-03-04T06:05:00.000Z'],
    ['2026年3月4日 上午12:30', '2026-03-03T16:30:00.000Z'],
    ['  2026-03-04 14:05  ', '2026-03-04T06:05:00.000Z'],
    // The month by name: no order to decide.
    ['4-Mar-2026 14:05', '2026-03-04T06:05:00.000Z'],
    ['04-Mar-26', '2026-03-03T16:00:00.000Z'],
    ['4 March 2026', '2026-03-03T16:00:00.000Z'],
    ['04 Sept 2026 09:00', '2026-09-04T01:00:00.000Z'],
    ['Mar 4, 2026 2:05 PM', '2026-03-04T06:05:00.000Z'],
    ['March 4th, 2026 at 2:05 pm', '2026-03-04T06:05:00.000Z'],
    ['Dec 31 2026 23:59:59', '2026-12-31T15:59:59.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(ok(raw, undefined)).toBe(iso);
  });

  it('reads year-last dates in the order the column decided', () => {
    expect(ok('04/03/2026', 'dmy')).toBe('2026-03-03T16:00:00.000Z'); // 4 March
    expect(ok('04/03/2026', 'mdy')).toBe('2026-04-02T16:00:00.000Z'); // 3 April
    expect(ok('4.3.2026 14:05', 'dmy')).toBe('2026-03-04T06:05:00.000Z');
    expect(ok('3/4/2026 2:05 PM', 'mdy', 'UTC')).toBe('2026-03-04T14:05:00.000Z');
    expect(ok('3/4/2026 12:05 am', 'mdy', 'UTC')).toBe('2026-03-04T00:05:00.000Z');
    expect(ok('3/4/2026 12:05 p.m.', 'mdy', 'UTC')).toBe('2026-03-04T12:05:00.000Z');
    // Two-digit years, as a CSV saved by Excel writes them: 69 and below are 20xx, 70 and above 19xx.
    expect(ok('3/4/26 14:05', 'mdy', 'UTC')).toBe('2026-03-04T14:05:00.000Z');
    expect(ok('31.12.69', 'dmy', 'UTC')).toBe('2069-12-31T00:00:00.000Z');
    expect(ok('1/2/70', 'dmy', 'UTC')).toBe('1970-02-01T00:00:00.000Z');
  });

  it('applies the zone with its daylight saving time', () => {
    expect(ok('2026-07-01 09:00', undefined, 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(ok('2026-01-15 09:00', undefined, 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
    // 02:30 on 8 March 2026 does not exist in New York: read as 03:30 EDT (moved forward).
    expect(ok('2026-03-08 02:30', undefined, 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 on 1 November 2026 happens twice: the first (EDT) is taken.
    expect(ok('2026-11-01 01:30', undefined, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(ok('2026-03-04 14:05', undefined, 'Asia/Kathmandu')).toBe('2026-03-04T08:20:00.000Z');
  });

  it('remembers offsets per hour without changing one, across changes on the hour and past it', () => {
    // New York changes on the hour (UTC), Lord Howe at half past, Kathmandu moved from +05:30 to +05:45 at 18:30 UTC.
    const days: Array<[string, string]> = [
      ['America/New_York', '2026-03-08T00:00:00Z'],
      ['America/New_York', '2026-11-01T00:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T12:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T12:00:00Z'],
      ['Asia/Kathmandu', '1985-12-31T12:00:00Z'],
    ];
    for (const [zone, from] of days) {
      const offsets = new ZoneOffsets(zone);
      const luxon = IANAZone.create(zone);
      const start = Date.parse(from);
      const seen = new Set<number>();
      for (let t = start; t < start + 12 * 3_600_000; t += 59_999) {
        expect(offsets.at(t), `${zone} at ${new Date(t).toISOString()}`).toBe(luxon.offset(t));
        seen.add(luxon.offset(t));
      }
      // Not vacuous: the offset changed within the span looked at.
      expect(seen.size, zone).toBe(2);
    }
  });

  it('reads wall times the same with remembered offsets as without', () => {
    for (const [zone, day] of [
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['Australia/Lord_Howe', '2026-04-05'],
    ] as const) {
      const offsets = new ZoneOffsets(zone);
      for (let minute = 0; minute < 24 * 60; minute += 5) {
        const raw = `${day} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        expect(parseDate(raw, undefined, offsets), `${zone} ${raw}`).toEqual(parseDate(raw, undefined, zone));
      }
    }
    // Lord Howe springs from 02:00 (+10:30) to 02:30 (+11:00): 02:10 does not exist and moves forward to 02:40.
    expect(parseDate('2026-10-04 02:10', undefined, new ZoneOffsets('Australia/Lord_Howe'))).toEqual({ ok: true, iso: '2026-10-03T15:40:00.000Z' });
  });

  it('rejects what is not a date, saying why', () => {
    expect(ok('2026-02-30', undefined)).toBe('bad-date: has no day 30 in month 2 of 2026');
    expect(ok('2026-13-01', undefined)).toBe('bad-date: has no day 1 in month 13 of 2026');
    expect(ok('2026-03-04 25:00', undefined)).toBe('bad-date: time 25:00 is not a time of day');
    expect(ok('3/4/2026 13:05 PM', 'mdy')).toBe('bad-date: hour 13 with AM/PM must be 1–12');
    expect(ok('yesterday', undefined)).toMatch(/^bad-date: is not a date Sluice reads/);
    expect(ok('Mars 4, 2026', undefined)).toMatch(/^bad-date: is not a date Sluice reads/);
    expect(ok('4-Marc-2026', undefined)).toMatch(/^bad-date: is not a date Sluice reads/);
    expect(ok('Sep 31, 2026', undefined)).toBe('bad-date: has no day 31 in month 9 of 2026');
    expect(ok('4/3/2026', 'dmy')).toBe('2026-03-03T16:00:00.000Z');
    // A code is not a date with a two-digit year.
    expect(ok('12-34-56', 'dmy')).toMatch(/^bad-date: is not a date Sluice reads/);
    expect(ok('13/13/26', 'mdy')).toMatch(/^bad-date: is not a date Sluice reads/);
    expect(ok('45123', undefined)).toMatch(/^bad-date: looks like an Excel serial number/);
    expect(ok('1969-12-31 00:00', undefined, 'UTC')).toBe('bad-date: year must be between 1970 and 9999');
    expect(ok('04/03/2026', undefined)).toMatch(/^ambiguous-date: could be day-first or month-first .* set dateOrder to "dmy" or "mdy"/);
    expect(ok('04/03/2026', 'ymd')).toBe('bad-date: is not year-first, but the mapping says dateOrder "ymd"');
    const zh = parseDate('04/03/2026', undefined, SH);
    expect(zh.ok ? '' : zh.reason.zh).toContain('dateOrder 设为 "dmy" 或 "mdy"');
  });
});

describe('parseDate: a dateOrder that does not fit the file', () => {
  it('says the other order would read the value, with its own code', () => {
    expect(ok('25/03/2026', 'mdy')).toBe(
      'other-date-order: has no month 25 under dateOrder "mdy"; read as "dmy" it is a date: is dateOrder wrong for this file?',
    );
    expect(ok('3/25/2026 10:00', 'dmy')).toBe(
      'other-date-order: has no month 25 under dateOrder "dmy"; read as "mdy" it is a date: is dateOrder wrong for this file?',
    );
  });
  it('a value no order reads stays a bad date', () => {
    expect(ok('31/31/2026', 'dmy')).toBe('bad-date: has no day 31 in month 31 of 2026');
    expect(ok('30/02/2026', 'dmy')).toBe('bad-date: has no day 30 in month 2 of 2026');
  });
});

describe('decideDateOrder: from the whole column', () => {
  it('a first part above 12 means day-first', () => {
    expect(decideDateOrder(['03/04/2026', '2026-01-01', '25/03/2026 10:00'])).toEqual({ order: 'dmy', evidence: { value: '25/03/2026 10:00', index: 2 } });
  });
  it('a second part above 12 means month-first', () => {
    expect(decideDateOrder(['03/04/2026', '3/25/2026'])).toEqual({ order: 'mdy', evidence: { value: '3/25/2026', index: 1 } });
  });
  it('a column that never says decides nothing', () => {
    expect(decideDateOrder(['03/04/2026', '12/11/2026', ''])).toEqual({});
  });
  it('only a real date is evidence: "31/02/2026" argues for nothing, the next valid one decides', () => {
    expect(decideDateOrder(['31/02/2026', '03/04/2026', '30/04/2026'])).toEqual({ order: 'dmy', evidence: { value: '30/04/2026', index: 2 } });
    expect(decideDateOrder(['02/31/2026', '03/04/2026'])).toEqual({});
  });
  it('a column that says both is a conflict', () => {
    expect(decideDateOrder(['25/03/2026', '03/25/2026'])).toEqual({ conflict: { dayFirst: '25/03/2026', monthFirst: '03/25/2026' } });
  });
});
