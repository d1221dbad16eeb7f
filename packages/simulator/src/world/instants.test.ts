import { describe, expect, it } from 'vitest';
import { isoFormatter } from './instants.js';

describe('isoFormatter', () => {
  it('writes the same text as Date#toISOString for whole-millisecond instants, including repeats from its day cache', () => {
    const iso = isoFormatter();
    const samples = [0, 1, 999, 59_999, 86_399_999, 86_400_000, -1, -86_400_001, 1_772_000_000_123, 1_772_000_000_123, 4_102_444_799_999, -62_135_596_800_000];
    for (const ms of samples) expect(iso(ms), String(ms)).toBe(new Date(ms).toISOString());
    expect(iso(1_772_000_000_000)).toBe('2026-02-25T06:13:20.000Z');
  });

  it('writes each day right when days that share a place in its cache alternate', () => {
    const iso = isoFormatter();
    const DAY = 86_400_000;
    for (let k = 0; k < 6; k++)
      for (const ms of [1_772_000_000_123 + (k % 2) * 256 * DAY, -5 * DAY + 7 + (k % 3) * 512 * DAY]) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('falls back to the standard formatter for fractions and years past 9999', () => {
    const iso = isoFormatter();
    expect(iso(1.5)).toBe('1970-01-01T00:00:00.001Z');
    expect(iso(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
  });
});
