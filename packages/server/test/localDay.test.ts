import { describe, expect, it } from 'vitest';
import { localDay } from '../src/state/write.js';

/** The day straight from Intl, no memo: what localDay must always agree with. */
const formats = new Map<string, Intl.DateTimeFormat>();
function intlDay(epochMs: number, timeZone: string): string {
  if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  return formats.get(timeZone)!.format(epochMs);
}

describe("localDay (the day a daily cap counts on: the engine's localTime day)", () => {
  it('agrees with Intl minute by minute across midnights, odd offsets and DST changes', () => {
    const zones = ['Asia/Shanghai', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'UTC'];
    // Two days around the 2026 spring-forward in New York and the end of summer time in London.
    const spans = [Date.parse('2026-03-07T00:00:00Z'), Date.parse('2026-10-24T00:00:00Z')];
    let checked = 0;
    for (const zone of zones) {
      for (const start of spans) {
        for (let ms = start; ms < start + 2 * 86_400_000; ms += 60_000 + 7_000) {
          if (localDay(ms, zone) !== intlDay(ms, zone)) expect(localDay(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(intlDay(ms, zone));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30_000);
  });

  it('keeps zones apart when they alternate', () => {
    const ms = Date.parse('2026-03-01T20:00:00Z');
    expect([localDay(ms, 'Asia/Shanghai'), localDay(ms, 'America/Los_Angeles'), localDay(ms, 'Asia/Shanghai')]).toEqual([
      '2026-03-02',
      '2026-03-01',
      '2026-03-02',
    ]);
  });
});
