import { describe, expect, it } from 'vitest';
import { isoFormatter } from './instants.js';

describe('isoFormatter', () => {
  it('writes the same text as Date#toISOString for whole-millisecond instants, including repeats from its day cache', () => {
    const iso = isoFormatter();
    const samples = [0, 1, 999, 59_999, 86_399_999, 86_400_000, -1, -86_400_001, 1_772_000_000_123, 1_772_000_000_123, 4_102_444_799_999, -62_135_596_800_000];
    for (const ms of samples) expect(iso(ms), String(ms)).toBe(new Date(ms).toISOString());
    expect(iso(1_772_000_000_000)).toBe('2026-02-25T06:13:20.000Z');
  });

  it('falls back to the standard formatter for fractions and years past 9999', () => {
    const iso = isoFormatter();
    expect(iso(1.5)).toBe('1970-01-01T00:00:00.001Z');
    expect(iso(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
  });
});
