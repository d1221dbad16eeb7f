/**
 * Exact shares (issue #9): a split hands out whole basis points (10,000 = 100%) and whole cents by
 * one rule — largest remainder, ties to the lower rep id — on the same exact weights. Checked on
 * random splits of 2–12 parties against quotas worked out here with BigInt: the points add up to
 * 10,000 and the cents to the amount, each party is within one unit of its exact share, and the
 * party that gets a rounding point is never left with fewer cents than one that did not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, eventSchema, InMemoryState, type CompiledPolicy, type CreditShare } from '../../src/index.js';
import { allocate, fraction } from '../../src/split/allocate.js';

const SEED = 9_0009;
const amountCents = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(1, 2, 3, 7, 11, 100, 10_000) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
);
/** Small weights make equal shares (ties) and thirds, sevenths …; large ones make everything else. */
const weight = fc.oneof(
  fc.record({ num: fc.bigInt({ min: 1n, max: 3n }), den: fc.constantFrom(1n, 3n, 7n) }),
  fc.record({ num: fc.bigInt({ min: 1n, max: 10n ** 15n }), den: fc.bigInt({ min: 1n, max: 10n ** 9n }) }),
);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `rep-${String(i).padStart(2, '0')}`);
const split = fc
  .integer({ min: 2, max: 12 })
  .chain((n) =>
    fc
      .tuple(fc.shuffledSubarray(ids(n), { minLength: n, maxLength: n }), fc.array(weight, { minLength: n, maxLength: n }))
      .map(([order, ws]) => order.map((id, i) => ({ id, ...ws[i]! }))),
  );

interface Line {
  id: string;
  /** Exact share as num/den, in lowest common terms with every other line. */
  w: bigint;
  points: number;
  cents: number;
}

/** Checks one split's lines against the exact weights `w` (over `total`). */
function checkExact(lines: readonly Line[], total: bigint, amount: number, points: number) {
  const sum = (f: (l: Line) => number) => lines.reduce((s, l) => s + f(l), 0);
  expect(sum((l) => l.points)).toBe(points);
  expect(sum((l) => l.cents)).toBe(amount);
  for (const l of lines) {
    // |units·total − whole·w| < total: the exact quota rounded down or up, never further.
    for (const [units, whole] of [
      [l.points, points],
      [l.cents, amount],
    ] as const) {
      const gap = BigInt(units) * total - BigInt(whole) * l.w;
      expect(gap < total && gap > -total).toBe(true);
    }
  }
  // One rule for both: more points never comes with fewer cents, and more cents never with fewer points.
  for (const a of lines) {
    for (const b of lines) {
      if (a.points > b.points) expect(a.cents).toBeGreaterThanOrEqual(b.cents);
      if (a.cents > b.cents) expect(a.points).toBeGreaterThanOrEqual(b.points);
    }
  }
  // Among equal shares, the rounding units go to a prefix in rep id order — for points and cents
  // alike, so whoever got the extra point is first in line for the extra cent too.
  const byWeight = new Map<bigint, Line[]>();
  for (const l of lines) byWeight.set(l.w, [...(byWeight.get(l.w) ?? []), l]);
  for (const group of byWeight.values()) {
    group.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (let i = 1; i < group.length; i++) {
      expect(group[i - 1]!.points).toBeGreaterThanOrEqual(group[i]!.points);
      expect(group[i - 1]!.cents).toBeGreaterThanOrEqual(group[i]!.cents);
    }
  }
}

describe('exact shares in basis points', () => {
  it('allocate: points total 10000, cents the amount, each within one unit, the same parties first in line', () => {
    fc.assert(
      fc.property(amountCents, split, (amount, parts) => {
        const result = allocate(
          amount,
          parts.map((p) => ({ id: p.id, weight: fraction(p.num, p.den) })),
        );
        // Exact weights over one common denominator, worked out independently of the code.
        const common = parts.reduce((l, p) => l * p.den, 1n);
        const w = new Map(parts.map((p) => [p.id, p.num * (common / p.den)]));
        const total = [...w.values()].reduce((s, x) => s + x, 0n);
        const lines = result.parts.map((r) => ({ id: r.id, w: w.get(r.id)!, points: r.basisPoints, cents: r.cents }));
        expect(lines.map((l) => l.id)).toEqual(parts.map((p) => p.id).sort());
        checkExact(lines, total, amount, 10_000);
        for (const r of result.parts) expect(r.share).toBe(r.basisPoints / 10_000);
        // The account of the rounding lists exactly who was rounded up, largest remainder first.
        for (const [left, units, whole] of [
          [result.basisPoints, (l: Line) => l.points, 10_000],
          [result.cents, (l: Line) => l.cents, amount],
        ] as const) {
          const up = lines.filter((l) => BigInt(units(l)) * total > BigInt(whole) * l.w).map((l) => l.id);
          expect([...left.to].sort()).toEqual(up);
          expect(left.units).toBe(up.length);
          const rem = (id: string) => (BigInt(whole) * w.get(id)!) % total;
          for (let i = 1; i < left.to.length; i++) expect(rem(left.to[i - 1]!) >= rem(left.to[i]!)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('three equal parties: 3334 / 3333 / 3333 points and the extra cent to the same, first, rep', () => {
    fc.assert(
      fc.property(amountCents, (amount) => {
        const r = allocate(
          amount,
          ['c', 'a', 'b'].map((id) => ({ id, weight: fraction(1n, 3n) })),
        );
        expect(r.parts.map((p) => p.basisPoints)).toEqual([3334, 3333, 3333]);
        expect(r.parts.map((p) => p.share)).toEqual([0.3334, 0.3333, 0.3333]);
        const base = Math.floor(amount / 3);
        expect(r.parts.map((p) => p.cents)).toEqual([0, 1, 2].map((i) => base + (i < amount % 3 ? 1 : 0)));
        expect(r.basisPoints).toEqual({ units: 1, to: ['a'], tie: true });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

// Through the engine: the deal event's own percents (to a millionth of a percent) and linear splits.
const PARTIES = ids(12);
const millionths = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), 100_000_000];
    return sorted.slice(1).map((x, i) => x - sorted[i]!);
  });

function compile(data: unknown): CompiledPolicy {
  const r = compilePolicy({
    key: 'exact',
    kind: 'split',
    name: 'exact',
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['deal.won'] } },
      { id: 'split', type: 'split.credit', data },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'split' }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
const DEAL_AT = '2026-03-31T00:00:00Z';
const custom = compile({ method: 'custom' });
const linear = compile({ method: 'linear', overlay: [{ role: 'presales', percent: 7.77 }] });

function sharesOf(
  policy: CompiledPolicy,
  cents: number,
  state: InMemoryState,
  data?: Record<string, unknown>,
): { shares: CreditShare[]; overlay: CreditShare[] } {
  const event = eventSchema.parse({ id: 'w', type: 'deal.won', at: DEAL_AT, leadId: 'L', amount: cents / 100, ...(data ? { data } : {}) });
  const a = decide(policy, event, state, DEAL_AT).actions.find((x) => x.type === 'split');
  if (!a || a.type !== 'split') throw new Error('no split');
  return a;
}
const engineAmount = fc.oneof(fc.constantFrom(1, 2, 3, 100), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000_000_000 }));

describe('exact shares through split.credit', () => {
  it('custom percents: points total 10000 and follow the cents', () => {
    fc.assert(
      fc.property(
        engineAmount,
        fc.integer({ min: 2, max: 12 }).chain((n) => fc.tuple(fc.shuffledSubarray(PARTIES, { minLength: n, maxLength: n }), millionths(n))),
        (cents, [reps, parts]) => {
          const given = reps.map((repId, i) => ({ repId, percent: parts[i]! / 1_000_000 }));
          const { shares } = sharesOf(custom, cents, InMemoryState.from({ reps: PARTIES.map((id) => ({ id })), leads: [{ id: 'L', ownerId: null }] }), {
            shares: given,
          });
          const units = new Map(reps.map((r, i) => [r, BigInt(parts[i]!)]));
          expect(shares.map((s) => s.repId)).toEqual(reps.filter((r) => units.get(r)! > 0n).sort());
          checkExact(
            shares.map((s) => ({ id: s.repId, w: units.get(s.repId)!, points: s.basisPoints, cents: s.amountCents })),
            100_000_000n,
            cents,
            10_000,
          );
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
  });

  it("linear over 2–12 people: equal points and cents, the extras to the lowest ids; overlay points are the entry's", () => {
    fc.assert(
      fc.property(engineAmount, fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 12 }), (cents, n, presales) => {
        const people = PARTIES.slice(0, n);
        const state = InMemoryState.from({
          reps: PARTIES.map((id, i) => ({ id, roles: i < presales ? ['presales'] : [] })),
          leads: [{ id: 'L', ownerId: people[0]! }],
          activities: people.map((repId, i) => ({ leadId: 'L', repId, at: `2026-03-${String(i + 1).padStart(2, '0')}T00:00:00Z`, kind: 'call' })),
          collaborators: PARTIES.slice(0, presales).map((repId) => ({ leadId: 'L', repId, status: 'active' as const, since: '2026-03-01T00:00:00Z' })),
        });
        const { shares, overlay } = sharesOf(linear, cents, state);
        const pointsBase = Math.floor(10_000 / n);
        expect(shares.map((s) => s.basisPoints)).toEqual(people.map((_, i) => pointsBase + (i < 10_000 % n ? 1 : 0)));
        expect(shares.map((s) => s.amountCents)).toEqual(people.map((_, i) => Math.floor(cents / n) + (i < cents % n ? 1 : 0)));
        checkExact(
          shares.map((s) => ({ id: s.repId, w: 1n, points: s.basisPoints, cents: s.amountCents })),
          BigInt(n),
          cents,
          10_000,
        );
        // 7.77% is 777 points, shared by the presales people the same way.
        expect(overlay.reduce((s, o) => s + o.basisPoints, 0)).toBe(777);
        expect(overlay.map((o) => o.basisPoints)).toEqual(PARTIES.slice(0, presales).map((_, i) => Math.floor(777 / presales) + (i < 777 % presales ? 1 : 0)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
