import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type RepInput, type StateSnapshotInput } from '../../src/index.js';
import { compile, flow } from '../assign/helpers.js';

// Routing honours penalties as they stand: demoted weights, suspensions, caps, decay (S27–S29).
const policy: CompiledPolicy = compile(
  flow(
    'penalty-routing',
    [
      { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
      { id: 'pick', type: 'assign.weightedRoundRobin', data: { teams: ['t'] } },
    ],
    [{ source: 'start', target: 'pick' }],
  ),
);

type PenaltyInput = NonNullable<StateSnapshotInput['penalties']>[number];

const FROM = '2026-03-01T00:00:00Z';
const UNTIL = '2026-03-11T00:00:00Z';
const AT = '2026-03-02T02:00:00Z';
const rep = (id: string, extra: Partial<RepInput> = {}): RepInput => ({ id, teams: ['t'], ...extra });
const penalty = (repId: string, extra: Partial<PenaltyInput> = {}): PenaltyInput => ({ repId, from: FROM, until: UNTIL, kind: 'idle', ...extra });

let serial = 0;
function route(state: InMemoryState, n: number, at = AT): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const id = `L${serial++}`;
    const d = decide(policy, { id: `e-${id}`, type: 'lead.created', at, lead: { id } }, state, at);
    state.apply(d.changes);
    const to = d.actions.find((a) => a.type === 'assign')?.repId ?? '-';
    counts[to] = (counts[to] ?? 0) + 1;
  }
  return counts;
}

describe('routing under penalties', () => {
  it('weights 1 : 1 : 1 with one rep × 0.5 share 2 : 2 : 1 (within ±1 over 1001 leads)', () => {
    const state = InMemoryState.from({ reps: [rep('a'), rep('b'), rep('c')], penalties: [penalty('c', { weightFactor: 0.5 })] });
    const counts = route(state, 1001);
    // 1001 × 2/5 = 400.4 and 1001 × 1/5 = 200.2.
    expect(Math.abs(counts.a! - 400.4)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.b! - 400.4)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.c! - 200.2)).toBeLessThanOrEqual(1);
  });

  it('property: every rep’s count stays within the marks bound of its demoted share; a suspended rep gets nothing', () => {
    // Bound, proved by hand for lowest-mark-first with mark += 1/weight from a common start:
    // each mark lies in [L, L + 1/w] for the current lowest mark L, so a rep with demoted
    // weight w among k eligible reps of total weight W gets between (n − k)·w/W and n·w/W + 1.
    const repArb = fc.record({ weight: fc.constantFrom(1, 2, 3), factor: fc.constantFrom(1, 0.75, 0.5, 0.25), suspended: fc.boolean() });
    fc.assert(
      fc.property(fc.array(repArb, { minLength: 2, maxLength: 5 }), fc.integer({ min: 20, max: 250 }), (specs, n) => {
        fc.pre(specs.some((s) => !s.suspended));
        const reps = specs.map((s, i) => rep(`r${i}`, { weight: s.weight }));
        const penalties = specs.flatMap((s, i) => [
          ...(s.factor !== 1 ? [penalty(`r${i}`, { weightFactor: s.factor })] : []),
          ...(s.suspended ? [penalty(`r${i}`, { suspendRouting: true, kind: 'hoarding' })] : []),
        ]);
        const state = InMemoryState.from({ reps, penalties });
        const counts = route(state, n);
        const eligible = specs.map((s, i) => ({ id: `r${i}`, w: s.weight * s.factor, suspended: s.suspended })).filter((r) => !r.suspended);
        const W = eligible.reduce((sum, r) => sum + r.w, 0);
        const k = eligible.length;
        for (const [i, s] of specs.entries()) {
          const got = counts[`r${i}`] ?? 0;
          if (s.suspended) {
            expect(got).toBe(0);
            continue;
          }
          const w = s.weight * s.factor;
          expect(got).toBeLessThanOrEqual((n * w) / W + 1 + 1e-9);
          expect(got).toBeGreaterThanOrEqual(((n - k) * w) / W - 1e-9);
        }
        expect(counts['-']).toBeUndefined();
      }),
      { numRuns: 60, seed: 2903 },
    );
  });

  it('a rep whose penalty expires is back to a full share; a suspension ends at `until` too', () => {
    const state = InMemoryState.from({
      reps: [rep('a'), rep('b'), rep('c')],
      penalties: [penalty('b', { weightFactor: 0.5 }), penalty('c', { suspendRouting: true, kind: 'hoarding' })],
    });
    expect(route(state, 300, '2026-03-10T23:59:59.999Z')).toEqual({ a: 200, b: 100 });
    expect(route(state, 300, UNTIL)).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('a capped rep stops at the cap even when a reward raises the weight', () => {
    const state = InMemoryState.from({
      reps: [rep('a', { cap: 5, openLoad: 2 }), rep('b')],
      penalties: [penalty('a', { weightFactor: 3, kind: 'reward' })],
    });
    // a takes 3 of the first 4 (weight 3 : 1), reaches 5 open leads, and b gets every lead after that.
    expect(route(state, 4)).toEqual({ a: 3, b: 1 });
    expect(route(state, 10)).toEqual({ b: 10 });
  });

  it('with linear decay the demoted rep’s share grows back as the factor recovers', () => {
    // × 0.5 easing to 1 over ten days: factor 0.55 on day 1, 0.75 on day 5, 0.95 on day 9, 1 after.
    const state = InMemoryState.from({ reps: [rep('a'), rep('b'), rep('c')], penalties: [penalty('c', { weightFactor: 0.5, decay: 'linear' })] });
    const batches = [
      { at: '2026-03-02T00:00:00Z', share: 0.55 / 2.55 },
      { at: '2026-03-06T00:00:00Z', share: 0.75 / 2.75 },
      { at: '2026-03-10T00:00:00Z', share: 0.95 / 2.95 },
      { at: '2026-03-12T00:00:00Z', share: 1 / 3 },
    ];
    const got = batches.map((b) => route(state, 300, b.at).c ?? 0);
    batches.forEach((b, i) => expect(Math.abs(got[i]! - 300 * b.share), `${b.at}: ${got[i]} vs ${300 * b.share}`).toBeLessThanOrEqual(2));
    expect(got).toEqual([...got].sort((x, y) => x - y));
    expect(got[0]).toBeLessThan(got[3]!);
  });
});
