import { describe, expect, it } from 'vitest';
import { instantToWallTime, makeFormatter, relativeUnit, wallTimeToInstant } from './format.js';

const AT = '2026-03-02T01:05:00Z'; // Monday 09:05 in Shanghai, Sunday 20:05 in New York

describe('dates on the tenant clock', () => {
  it('shows a Shanghai tenant its own wall time, in Chinese and in English', () => {
    expect(makeFormatter('zh', 'Asia/Shanghai').dateTime(AT)).toBe('2026年3月2日 09:05');
    expect(makeFormatter('en', 'Asia/Shanghai').dateTime(AT)).toBe('Mar 2, 2026, 09:05');
  });

  it('moves the date with the zone, not with the browser', () => {
    expect(makeFormatter('en', 'America/New_York').date(AT)).toBe('Mar 1, 2026');
    expect(makeFormatter('zh', 'America/New_York').time(AT)).toBe('20:05');
  });

  it('shows a dash for a missing or unreadable date and falls back to UTC for an unknown zone', () => {
    const f = makeFormatter('en', 'Mars/Olympus');
    expect(f.timeZone).toBe('UTC');
    expect(f.time(AT)).toBe('01:05');
    expect(f.dateTime(null)).toBe('—');
    expect(f.dateTime('not a date')).toBe('—');
  });
});

describe('numbers', () => {
  it('groups thousands per locale and formats shares as percentages', () => {
    expect(makeFormatter('zh', 'UTC').number(1234567.5)).toBe('1,234,567.5');
    expect(makeFormatter('en', 'UTC').number(1234567.5)).toBe('1,234,567.5');
    expect(makeFormatter('zh', 'UTC').percent(0.834)).toBe('83.4%');
    expect(makeFormatter('en', 'UTC').number(undefined)).toBe('—');
  });
});

describe('relative times', () => {
  const now = Date.parse('2026-03-02T12:00:00Z');
  it('says how long ago in each language', () => {
    expect(makeFormatter('en', 'UTC').relative('2026-03-02T09:10:00Z', now)).toBe('2 hours ago');
    expect(makeFormatter('zh', 'UTC').relative('2026-03-02T09:10:00Z', now)).toBe('2小时前');
    expect(makeFormatter('en', 'UTC').relative('2026-03-01T12:00:00Z', now)).toBe('yesterday');
    expect(makeFormatter('zh', 'UTC').relative('2026-03-01T12:00:00Z', now)).toBe('昨天');
    expect(makeFormatter('en', 'UTC').relative('2026-03-09T12:00:00Z', now)).toBe('in 7 days');
    expect(makeFormatter('zh', 'UTC').relative('2026-03-09T12:00:00Z', now)).toBe('7天后');
  });

  it('picks the largest unit that keeps the amount whole', () => {
    expect(relativeUnit(-59_000)).toEqual([-59, 'second']);
    expect(relativeUnit(-90 * 60_000)).toEqual([-1, 'hour']);
    expect(relativeUnit(45 * 86_400_000)).toEqual([1, 'month']);
    expect(relativeUnit(-800 * 86_400_000)).toEqual([-2, 'year']);
  });
});

describe('wall time in the tenant zone', () => {
  it('reads a datetime-local value on the tenant clock and back', () => {
    expect(wallTimeToInstant('2026-03-02T09:05', 'Asia/Shanghai')).toBe('2026-03-02T01:05:00.000Z');
    expect(instantToWallTime('2026-03-02T01:05:00Z', 'Asia/Shanghai')).toBe('2026-03-02T09:05');
    // New York in summer time (UTC−4) and in winter (UTC−5)
    expect(wallTimeToInstant('2026-07-01T08:00', 'America/New_York')).toBe('2026-07-01T12:00:00.000Z');
    expect(wallTimeToInstant('2026-01-01T08:00', 'America/New_York')).toBe('2026-01-01T13:00:00.000Z');
    expect(wallTimeToInstant('yesterday', 'UTC')).toBeUndefined();
  });
});
