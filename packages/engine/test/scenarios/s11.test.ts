import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, event, stateFrom, step, visit } from './harness.js';

// S11: caps follow throughput. EWMA α = ½ over the last 7 days, cap = ceil(EWMA × 2), at least 3.
// fast-1, last 7 of [20,22,18,24,26,30,28,32,30,34]: 24 → 25 → 27.5 → 27.75 → 29.875 → 29.9375 → 31.96875;
//   × 2 = 63.9375 → cap 64 (instead of the fixed 30, which 40 open leads would exceed).
// slow-1, [8,8,6,6,4,4,2]: 8 → 8 → 7 → 6.5 → 5.25 → 4.625 → 3.3125; × 2 = 6.625 → cap 7.
// new-1: 3 days of history < 7 → fixed cap 12.   idle-1: all zeros → EWMA 0 → floor 3, holding 3: full.
const policy = compiledExample('s11-dynamic-caps');
const AT = '2026-03-02T02:00:00Z';
const created = (n: number) => event({ id: `s11-${n}`, type: 'lead.created', at: AT, lead: { id: `L-11${String(n).padStart(2, '0')}`, createdAt: AT } });
const row = (d: Decision, repId: string) => visit(d, 'byThroughput').candidates!.find((r) => r.repId === repId)!;

describe('S11 dynamic caps', () => {
  it('shows each rep’s computed cap, its source and the smoothed throughput', async () => {
    const d = await step(policy, stateFrom('s11-throughput'), created(1));
    expect(candidateVerdicts(visit(d, 'byThroughput'))).toEqual(['fast-1:eligible', 'idle-1:skipped:full', 'new-1:chosen', 'slow-1:eligible']);
    expect(row(d, 'fast-1').detail).toMatchObject({ cap: 64, capSource: 'dynamic', throughputEwma: 31.9688, historyDays: 10, load: 40, utilisation: 0.625 });
    expect(row(d, 'slow-1').detail).toMatchObject({ cap: 7, capSource: 'dynamic', throughputEwma: 3.3125, historyDays: 7, utilisation: 0.7143 });
    expect(row(d, 'new-1').detail).toMatchObject({ cap: 12, capSource: 'fixed', historyDays: 3, utilisation: 0.5 });
    expect(row(d, 'idle-1').detail).toMatchObject({ cap: 3, capSource: 'dynamic', throughputEwma: 0, load: 3 });
  });

  it('spreads leads by utilisation against the dynamic caps', async () => {
    const state = stateFrom('s11-throughput');
    const owners: string[] = [];
    for (let n = 1; n <= 10; n++) owners.push(...assignedTo(await step(policy, state, created(n))));
    // By hand: new 6/12 .5 → new 7/12 .583 → fast 40/64 .625 → fast 41/64 .641 → fast 42/64 .656 (< new 8/12 .667)
    // → new 8/12 → fast 43/64 .672 → fast 44/64 .688 → fast 45/64 .703 (< slow 5/7 .714) → slow 5/7 (< fast 46/64 .719)
    expect(owners).toEqual(['new-1', 'new-1', 'fast-1', 'fast-1', 'fast-1', 'new-1', 'fast-1', 'fast-1', 'fast-1', 'slow-1']);
  });

  it('without history the fixed caps apply: fast-1 is full and the idle rep gets the lead', async () => {
    const state = stateFrom('s11-throughput', (s) => ({ ...s, reps: s.reps!.map((r) => ({ ...r, throughput: [] })) }));
    const d = await step(policy, state, created(1));
    expect(row(d, 'fast-1')).toMatchObject({ status: 'skipped', reason: 'full', detail: { cap: 30, capSource: 'fixed', load: 40 } });
    // Fixed caps: idle 3/30 = 0.1, slow 5/30, new 6/12 → the rep who works nothing gets the lead.
    expect(row(d, 'idle-1')).toMatchObject({ status: 'chosen', detail: { cap: 30, capSource: 'fixed', utilisation: 0.1 } });
  });
});
