import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type Decision, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const AT = '2026-03-02T02:00:00Z';

function policy(data: Record<string, unknown> = {}): CompiledPolicy {
  return compile(
    flow(
      'dyn-test',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pick', type: 'assign.dynamicCap', data: { teams: ['ae'], ...data } },
      ],
      [{ source: 'start', target: 'pick' }],
    ),
  );
}

const rep = (id: string, extra: Record<string, unknown> = {}) => ({ id, teams: ['ae'], ...extra });
const lead = (i: number): SluiceEvent => ({ id: `e${i}`, type: 'lead.created', at: AT, lead: { id: `L${i}` } });
const owner = (d: Decision) => d.actions.find((a) => a.type === 'assign')?.repId;
const row = (d: Decision, repId: string) => visited(d, 'pick').candidates!.find((r) => r.repId === repId)!;

// EWMA by hand with α = ½ over the last 5 days [4, 6, 8, 10, 6]:
// 4 → ½·6 + ½·4 = 5 → ½·8 + ½·5 = 6.5 → ½·10 + ½·6.5 = 8.25 → ½·6 + ½·8.25 = 7.125
// cap = ceil(7.125 × 3 days of cover) = ceil(21.375) = 22
const SERIES = [100, 100, 4, 6, 8, 10, 6]; // the two old 100s fall outside the 5-day window
const CONFIG = { minDays: 5, windowDays: 5, alpha: 0.5, coverDays: 3, floor: 2 };

describe('assign.dynamicCap', () => {
  it('derives the cap from the smoothed recent throughput and shows it with its source', async () => {
    const p = policy(CONFIG);
    const state = InMemoryState.from({
      reps: [
        rep('dyn', { throughput: SERIES, cap: 5, openLoad: 11 }), // fixed cap 5 is overridden: 11/22 = 0.5
        rep('new', { throughput: [3, 3, 3, 3], cap: 10, openLoad: 4 }), // 4 days < 5: fixed cap, 4/10 = 0.4
      ],
    });
    const d = await decideBoth(p, lead(1), state, AT);
    expect(row(d, 'dyn').detail).toMatchObject({ cap: 22, capSource: 'dynamic', throughputEwma: 7.125, historyDays: 7, utilisation: 0.5 });
    expect(row(d, 'new').detail).toMatchObject({ cap: 10, capSource: 'fixed', historyDays: 4, utilisation: 0.4 });
    expect(row(d, 'new').detail.throughputEwma).toBeUndefined();
    expect(owner(d)).toBe('new');
    state.apply(d.changes);
    // new 5/10 = 0.5 ties dyn 11/22 = 0.5 → rep id: dyn
    expect(owner(await decideBoth(p, lead(2), state, AT))).toBe('dyn');
  });

  it('makes a rep full at their dynamic cap even when their fixed cap is higher', () => {
    const p = policy(CONFIG);
    const state = InMemoryState.from({
      // EWMA of [2,2,2,2,2] is 2 → cap 6; the fixed 50 no longer applies.
      reps: [rep('slow', { throughput: [2, 2, 2, 2, 2], cap: 50, openLoad: 6 }), rep('z', { cap: 100, openLoad: 90 })],
    });
    const d = decide(p, lead(1), state, AT);
    expect(row(d, 'slow')).toEqual({
      repId: 'slow',
      status: 'skipped',
      reason: 'full',
      detail: expect.objectContaining({ cap: 6, capSource: 'dynamic', throughputEwma: 2 }),
    });
    expect(owner(d)).toBe('z');
  });

  it('never goes below the floor, and treats a rep with no history and no cap as uncapped', () => {
    const p = policy(CONFIG);
    const state = InMemoryState.from({ reps: [rep('idle', { throughput: [0, 0, 0, 0, 0], openLoad: 1 }), rep('open', { openLoad: 0 })] });
    const d = decide(p, lead(1), state, AT);
    expect(row(d, 'idle').detail).toMatchObject({ cap: 2, capSource: 'dynamic', throughputEwma: 0, utilisation: 0.5 });
    expect(row(d, 'open').detail).toMatchObject({ cap: null, capSource: 'none' });
    expect(owner(d)).toBe('idle');
  });

  it('does not round a whole-number cap up because of float noise', () => {
    // α = 0.1 over [1, 3]: 0.1·3 + 0.9·1 = 1.2 exactly; × 10 = 12 (floating point gives 12.000000000000002).
    const p = policy({ minDays: 2, windowDays: 2, alpha: 0.1, coverDays: 10, floor: 0 });
    const state = InMemoryState.from({ reps: [rep('r', { throughput: [1, 3], openLoad: 12 }), rep('s', { cap: 1000, openLoad: 999 })] });
    const d = decide(p, lead(1), state, AT);
    expect(row(d, 'r')).toMatchObject({ status: 'skipped', reason: 'full', detail: { cap: 12 } });
  });

  it('rejects an invalid smoothing factor at compile time', () => {
    expect(() => policy({ alpha: 0 })).toThrow(/alpha/);
    expect(() => policy({ alpha: 1.5 })).toThrow(/alpha/);
  });
});
