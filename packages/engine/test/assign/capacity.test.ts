import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type Decision, type SluiceEvent, type StateSnapshotInput } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const AT = '2026-03-02T02:00:00Z'; // Monday: 10:00 in Shanghai, Sunday 21:00 in New York

function policy(data: Record<string, unknown> = {}): CompiledPolicy {
  return compile(
    flow(
      'cap-test',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pick', type: 'assign.capacity', data: { teams: ['ae'], ...data } },
      ],
      [{ source: 'start', target: 'pick' }],
    ),
  );
}

const rep = (id: string, extra: Record<string, unknown> = {}) => ({ id, teams: ['ae'], ...extra });
const lead = (i: number, at = AT): SluiceEvent => ({ id: `e${i}`, type: 'lead.created', at, lead: { id: `L${i}` } });
const owner = (d: Decision) => d.actions.find((a) => a.type === 'assign')?.repId;
const row = (d: Decision, repId: string) => visited(d, 'pick').candidates!.find((r) => r.repId === repId)!;

describe('assign.capacity', () => {
  it('picks the lowest open-leads ÷ cap; reps without a cap use the node’s default cap', async () => {
    const p = policy({ defaultCap: 8 });
    const state = InMemoryState.from({
      reps: [rep('a', { cap: 10, openLoad: 5 }), rep('b', { cap: 4, openLoad: 1 }), rep('c', { openLoad: 3 })],
    });
    const d = await decideBoth(p, lead(1), state, AT);
    // a 5/10 = 0.5, b 1/4 = 0.25, c 3/8 = 0.375 → b
    expect(owner(d)).toBe('b');
    expect(row(d, 'a').detail).toMatchObject({ utilisation: 0.5, headroom: 5, cap: 10, capSource: 'rep' });
    expect(row(d, 'b').detail).toMatchObject({ utilisation: 0.25, headroom: 3, capSource: 'rep' });
    expect(row(d, 'c').detail).toMatchObject({ utilisation: 0.375, headroom: 5, cap: 8, capSource: 'default' });
    state.apply(d.changes);
    // b 2/4 = 0.5 now; c 0.375 is lowest.
    expect(owner(decide(p, lead(2), state, AT))).toBe('c');
  });

  it('breaks equal utilisation by rep id, not by load', () => {
    const p = policy();
    const state = InMemoryState.from({ reps: [rep('a', { cap: 20, openLoad: 4 }), rep('b', { cap: 10, openLoad: 2 })] });
    expect(owner(decide(p, lead(1), state, AT))).toBe('a');
  });

  it('ranks reps with no cap at all after every capped rep', () => {
    const p = policy();
    const state = InMemoryState.from({ reps: [rep('a', { openLoad: 0 }), rep('b', { cap: 10, openLoad: 9 })] });
    const d = decide(p, lead(1), state, AT);
    expect(owner(d)).toBe('b');
    expect(row(d, 'a').detail).toMatchObject({ cap: null, utilisation: null, headroom: null, capSource: 'none' });
  });

  it('skips full, away and off-shift reps with their reasons; the default cap also fills a rep', () => {
    const p = policy({ defaultCap: 3 });
    const state = InMemoryState.from({
      timeZone: 'Asia/Shanghai',
      reps: [
        rep('a-full', { cap: 2, openLoad: 2 }),
        rep('b-away', { cap: 10, outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' }] }),
        rep('c-default-full', { openLoad: 3 }),
        rep('d-ok', { cap: 10, openLoad: 9 }),
      ],
    });
    const d = decide(p, lead(1), state, AT);
    expect(owner(d)).toBe('d-ok');
    expect(visited(d, 'pick').candidates!.map((r) => [r.repId, r.status, r.reason ?? null])).toEqual([
      ['a-full', 'skipped', 'full'],
      ['b-away', 'skipped', 'away'],
      ['c-default-full', 'skipped', 'full'],
      ['d-ok', 'chosen', null],
    ]);
    expect(row(d, 'b-away').detail.until).toBe('2026-03-05T00:00:00Z');
  });

  describe('shifts in each rep’s own time zone', () => {
    const weekdays = [1, 2, 3, 4, 5];
    const snapshot: StateSnapshotInput = {
      timeZone: 'Asia/Shanghai',
      reps: [
        // New York rep is emptier, so whenever on shift they win.
        rep('ny', { cap: 10, openLoad: 1, timeZone: 'America/New_York', shifts: [{ days: weekdays, start: '09:00', end: '17:00' }] }),
        rep('sh', { cap: 10, openLoad: 5, timeZone: 'Asia/Shanghai', shifts: [{ days: weekdays, start: '09:00', end: '18:00' }] }),
      ],
    };

    it('routes to Shanghai while New York sleeps, and to New York in its morning', async () => {
      const p = policy();
      const state = InMemoryState.from(snapshot);
      const d1 = await decideBoth(p, lead(1), state, AT); // NY Sun 21:00, SH Mon 10:00
      expect(owner(d1)).toBe('sh');
      expect(row(d1, 'ny')).toEqual({ repId: 'ny', status: 'skipped', reason: 'offShift', detail: expect.objectContaining({ timeZone: 'America/New_York' }) });
      const at2 = '2026-03-02T15:00:00Z'; // NY Mon 10:00, SH Mon 23:00
      const d2 = await decideBoth(p, lead(2, at2), state, at2);
      expect(owner(d2)).toBe('ny');
      expect(row(d2, 'sh').reason).toBe('offShift');
    });

    it('follows the daylight-saving change: 13:30Z is 08:30 in New York before it and 09:30 after', () => {
      const p = policy();
      const state = InMemoryState.from(snapshot);
      const before = '2026-03-06T13:30:00Z'; // Fri, EST (UTC−5): 08:30; Shanghai 21:30
      const d1 = decide(p, lead(1, before), state, before);
      expect(visited(d1, 'pick').result).toBe('noCandidate');
      expect(visited(d1, 'pick').candidates!.map((r) => r.reason)).toEqual(['offShift', 'offShift']);
      const after = '2026-03-09T13:30:00Z'; // Mon, EDT (UTC−4): 09:30
      expect(owner(decide(p, lead(2, after), state, after))).toBe('ny');
    });

    it('ignores shifts when the node says so', () => {
      const p = policy({ respectShifts: false });
      expect(owner(decide(p, lead(1), InMemoryState.from(snapshot), AT))).toBe('ny');
    });
  });
});
