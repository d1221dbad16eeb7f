/**
 * Revenue splits through the whole engine (policy → split.credit → decision), on random deals:
 * random amounts in cents, random touch histories (with simultaneous touches), owners,
 * collaborators and configs for every method. The revenue amounts always add up to the deal
 * exactly, no share is negative, and shuffling how the CRM lists the history changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, eventSchema, InMemoryState, type CompiledPolicy, type Decision, type StateSnapshotInput } from '../../src/index.js';
import { SPLIT_METHODS } from '../../src/nodes/split/credit.js';

const REPS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
const ROLES = ['SDR', 'AE', 'presales'];
const STAGES = ['s1', 's2', 's3'];
const DEAL_AT = '2026-03-31T00:00:00Z';
/** Few distinct instants, so simultaneous touches are common; one falls after the deal. */
const INSTANTS = [
  '2026-03-01T00:00:00Z',
  '2026-03-02T00:00:00Z',
  '2026-03-02T00:00:00Z',
  '2026-03-03T08:00:00+08:00',
  '2026-03-10T00:00:00Z',
  '2026-04-02T00:00:00Z',
];

/** Integer percents that add up to exactly 100. */
const partition = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), 100];
    return sorted.slice(1).map((x, i) => x - sorted[i]!);
  });

const config = fc.constantFrom(...SPLIT_METHODS).chain((method) =>
  fc.record({
    method: fc.constant(method),
    stages: partition(3).map((ps) => STAGES.map((stage, i) => ({ stage, percent: ps[i]! }))),
    stageContributor: fc.constantFrom('first', 'last', 'shared'),
    roles: partition(3).map((ps) => ROLES.map((role, i) => ({ role, percent: ps[i]! }))),
    uShape: fc.integer({ min: 0, max: 100 }).chain((first) => fc.record({ first: fc.constant(first), last: fc.integer({ min: 0, max: 100 - first }) })),
    linearPer: fc.constantFrom('person', 'touch'),
    custom: partition(2).map((ps) => [
      { repId: 'r1', percent: ps[0]! },
      { repId: 'r4', percent: ps[1]! },
    ]),
    unattributed: fc.constantFrom('owner', 'spread'),
    excludeReclaimedOwners: fc.boolean(),
    overlay: fc.subarray([
      { role: 'presales', percent: 10 },
      { role: 'SDR', percent: 5 },
      { role: 'AE', percent: 2.5 },
    ]),
  }),
);

const deal = fc.record({
  cents: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100_000_000_000 })),
  roles: fc.array(fc.subarray(ROLES), { minLength: REPS.length, maxLength: REPS.length }),
  owner: fc.option(fc.constantFrom(...REPS), { nil: null }),
  activities: fc.array(
    fc.record({
      repId: fc.constantFrom(...REPS),
      at: fc.constantFrom(...INSTANTS),
      kind: fc.constantFrom('call', 'visit'),
      stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }),
    }),
    { maxLength: 15 },
  ),
  history: fc.array(fc.record({ repId: fc.constantFrom(...REPS), endReason: fc.constantFrom('reassigned', 'reclaimed', 'released') }), { maxLength: 4 }),
  collaborators: fc.uniqueArray(
    fc.record({
      repId: fc.constantFrom(...REPS),
      role: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
      status: fc.constantFrom('active', 'pending'),
    }),
    {
      maxLength: 4,
      selector: (c) => c.repId,
    },
  ),
});
type Deal = typeof deal extends fc.Arbitrary<infer T> ? T : never;

function compile(data: unknown): CompiledPolicy {
  const r = compilePolicy({
    key: 'prop-split',
    kind: 'split',
    name: 'property split',
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['deal.won'] } },
      { id: 'split', type: 'split.credit', data },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'split' }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

function snapshot(d: Deal, order: (xs: unknown[]) => unknown[] = (xs) => xs): StateSnapshotInput {
  const history = d.history.map((h, i) => ({
    leadId: 'L',
    repId: h.repId,
    from: `2026-01-0${i + 1}T00:00:00Z`,
    to: `2026-01-0${i + 2}T00:00:00Z`,
    endReason: h.endReason,
  }));
  if (d.owner) history.push({ leadId: 'L', repId: d.owner, from: '2026-02-01T00:00:00Z' } as (typeof history)[number]);
  return {
    reps: REPS.map((id, i) => ({ id, roles: d.roles[i]! })),
    leads: [{ id: 'L', ownerId: d.owner }],
    ownership: order(history) as StateSnapshotInput['ownership'],
    activities: order(d.activities.map((a) => ({ leadId: 'L', ...a }))) as StateSnapshotInput['activities'],
    collaborators: order(d.collaborators.map((c) => ({ leadId: 'L', since: '2026-02-02T00:00:00Z', ...c }))) as StateSnapshotInput['collaborators'],
  };
}

const won = (cents: number, shares?: unknown) =>
  eventSchema.parse({ id: 'w', type: 'deal.won', at: DEAL_AT, leadId: 'L', amount: cents / 100, ...(shares ? { data: { shares } } : {}) });

function splitOf(d: Decision) {
  const a = d.actions.find((x) => x.type === 'split');
  return a && a.type === 'split' ? a : undefined;
}

describe('split.credit on random deals', () => {
  it('revenue shares add up to the deal amount to the cent, for every method; nothing is negative', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(config, deal, (cfg, d) => {
        const policy = compile(cfg);
        const state = InMemoryState.from(snapshot(d));
        const decision = decide(policy, won(d.cents), state, DEAL_AT);
        const split = splitOf(decision);
        if (!split) {
          // Only when nobody can be credited: no owner, and the method found no one.
          expect(d.owner).toBeNull();
          expect(decision.explanation.visited.find((v) => v.nodeId === 'split')?.result).toBe('noCredit');
          return;
        }
        seen.set(cfg.method, (seen.get(cfg.method) ?? 0) + 1);
        expect(split.amountCents).toBe(d.cents);
        expect(split.shares.reduce((s, x) => s + x.amountCents, 0)).toBe(d.cents);
        expect(Math.abs(split.shares.reduce((s, x) => s + x.share, 0) - 1)).toBeLessThan(1e-9);
        expect(split.shares.reduce((s, x) => s + x.basisPoints, 0)).toBe(10_000);
        expect(new Set(split.shares.map((s) => s.repId)).size).toBe(split.shares.length);
        for (const s of [...split.shares, ...split.overlay]) {
          expect(s.amountCents).toBeGreaterThanOrEqual(0);
          expect(Number.isSafeInteger(s.amountCents)).toBe(true);
          expect(s.share).toBeGreaterThanOrEqual(0);
        }
        // Overlay never comes out of revenue, and each entry is its percent of the deal, rounded once.
        for (const o of cfg.overlay) {
          const lines = split.overlay.filter((x) => x.basis === `overlay:${o.role}`);
          if (lines.length > 0) expect(lines.reduce((s, x) => s + x.amountCents, 0)).toBe(Math.floor((d.cents * o.percent * 2 + 100) / 200));
        }
        expect(decision.changes).toEqual([
          {
            type: 'deal.split',
            leadId: 'L',
            at: '2026-03-31T00:00:00.000Z',
            nodeId: 'split',
            amountCents: d.cents,
            shares: split.shares,
            overlay: split.overlay,
          },
        ]);
      }),
      { numRuns: 1500 },
    );
    // Every method was exercised with a real split.
    expect([...seen.keys()].sort()).toEqual([...SPLIT_METHODS].sort());
  });

  it('custom shares from the deal event add up too', () => {
    fc.assert(
      fc.property(deal, partition(4), (d, ps) => {
        const shares = REPS.slice(0, 4).map((repId, i) => ({ repId, percent: ps[i]! }));
        const decision = decide(compile({ method: 'custom' }), won(d.cents, shares), InMemoryState.from(snapshot(d)), DEAL_AT);
        const split = splitOf(decision)!;
        expect(split.shares.reduce((s, x) => s + x.amountCents, 0)).toBe(d.cents);
        expect(split.shares.map((s) => s.repId)).toEqual(shares.filter((s) => s.percent > 0).map((s) => s.repId));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order the CRM lists touches, owners and collaborators in', () => {
    const shuffle = (seed: number) => (xs: unknown[]) => {
      // A seeded Fisher–Yates: deterministic, independent of the code under test.
      const out = [...xs];
      let s = seed;
      for (let i = out.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2147483648;
        const j = s % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    };
    fc.assert(
      fc.property(config, deal, fc.integer({ min: 1, max: 2 ** 30 }), (cfg, d, seed) => {
        const policy = compile(cfg);
        const a = decide(policy, won(d.cents), InMemoryState.from(snapshot(d)), DEAL_AT);
        const b = decide(policy, won(d.cents), InMemoryState.from(snapshot(d, shuffle(seed))), DEAL_AT);
        expect(b.actions).toEqual(a.actions);
        expect(b.changes).toEqual(a.changes);
      }),
      { numRuns: 800 },
    );
  });

  it('U-shaped: a single toucher gets everything, however many touches', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REPS),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 50 }),
        (rep, n, cents, first) => {
          const d: Deal = {
            cents,
            roles: REPS.map(() => []),
            owner: null,
            activities: Array.from({ length: n }, (_, i) => ({ repId: rep, at: INSTANTS[i % 5]!, kind: 'call', stage: undefined })),
            history: [],
            collaborators: [],
          };
          const split = splitOf(
            decide(compile({ method: 'uShaped', uShape: { first, last: 50 - first } }), won(cents), InMemoryState.from(snapshot(d)), DEAL_AT),
          )!;
          expect(split.shares).toHaveLength(1);
          expect(split.shares[0]).toMatchObject({ repId: rep, share: 1, amountCents: cents });
        },
      ),
      { numRuns: 300 },
    );
  });
});
