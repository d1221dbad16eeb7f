/**
 * Evaluation is total: whatever the schemas let in, a decision, a tick or a claim check answers
 * rather than throws. Each throw found here was a 500 for the whole request on the server.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examplePolicy, listExamples } from '@sluice/examples';
import {
  checkClaim,
  compilePolicy,
  decide,
  EVENT_TYPES,
  eventSchema,
  InMemoryState,
  MAX_AMOUNT,
  poolSchema,
  stateSnapshotSchema,
  tick,
  type CompiledPolicy,
} from '../src/index.js';
import { compile, decideBoth, flow, visited } from './assign/helpers.js';

const AT = '2026-03-02T02:00:00Z';

describe('values at the edges of the schemas', () => {
  it('a per-unit score on an absurd count stays a finite number (Infinity would be stored as null)', async () => {
    const p = compile(
      flow(
        'score-edge',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          {
            id: 'sc',
            type: 'score',
            data: {
              criteria: [],
              perUnit: [
                { fact: 'lead.visits', points: 1000 },
                { fact: 'lead.downloads', points: 1000 },
              ],
            },
          },
        ],
        [{ source: 'start', target: 'sc' }],
      ),
    );
    const d = await decideBoth(p, { id: 'e', type: 'lead.created', at: AT, lead: { id: 'L', visits: 1e308, downloads: 1e308 } }, InMemoryState.from({}), AT);
    expect(d.actions).toEqual([{ type: 'score', leadId: 'L', score: Number.MAX_VALUE, nodeId: 'sc' }]);
    expect(visited(d, 'sc').detail).toMatchObject({ score: Number.MAX_VALUE });
  });

  it('a pool’s cooling period is bounded: 1e9 days made every claim check throw on a date past year 275760', () => {
    expect(poolSchema.safeParse({ id: 'p', coolingDays: 1e9 }).error?.issues.map((i) => i.path.join('.'))).toEqual(['coolingDays']);
    // At the bounds: the last instant of year 9999 plus ten years of cooling still answers.
    const state = InMemoryState.from({
      reps: [{ id: 'r1' }],
      pools: [{ id: 'p', coolingDays: 3650 }],
      leads: [{ id: 'L', poolId: 'p' }],
      ownership: [{ leadId: 'L', repId: 'r1', from: '9999-01-01T00:00:00Z', to: '9999-12-31T23:59:59.999Z' }],
    });
    const r = checkClaim(state, { leadId: 'L', repId: 'r1', poolId: 'p' }, '9999-12-31T23:59:59.999Z');
    expect(r).toMatchObject({ ok: false, code: 'formerOwnerCooling' });
  });
});

// ---------------------------------------------------------------------------------------------
// Random states and events, valid by the schemas, through every example policy.

const POLICIES: CompiledPolicy[] = listExamples('policies').map((name) => {
  const r = compilePolicy(examplePolicy(name));
  if (!r.ok) throw new Error(`example ${name} does not compile`);
  return r.policy;
});
const REPS = ['r1', 'r2', 'r3'];
const LEADS = ['L1', 'L2', 'L3'];
const instant = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  // Mostly near each other, so windows, coolings and shifts actually overlap.
  fc.integer({ min: -400, max: 400 }).map((h) => new Date(Date.parse(AT) + h * 7 * 3_600_000).toISOString()),
  fc.constantFrom('1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-03-02T10:00:00+15:59', '2026-03-02T10:00:00-15:59'),
);
const count = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom(2 ** 31 - 1, Number.MAX_SAFE_INTEGER));
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const zone = fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Australia/Lord_Howe');
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const number = fc.double({ noNaN: true, noDefaultInfinity: true });
/** An amount the schemas take: 0 to MAX_AMOUNT, with the edges and a fraction of a cent. */
const amount = fc.oneof(fc.double({ min: 0, max: MAX_AMOUNT, noNaN: true }), fc.constantFrom(0, MAX_AMOUNT, 0.005));
const rep = (id: string) =>
  fc.record({
    id: fc.constant(id),
    teams: fc.subarray(['ae', 'sdr']),
    roles: fc.subarray(['AE', 'SDR']),
    weight: fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.constantFrom(0, 1000, 1e-300)),
    cap: opt(count),
    dailyCap: opt(count),
    active: fc.boolean(),
    timeZone: opt(zone),
    shifts: opt(fc.array(fc.record({ days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), start: hhmm, end: hhmm }), { maxLength: 2 })),
    outOfOffice: fc.array(fc.record({ from: instant, to: instant }), { maxLength: 2 }),
    conversionRate: opt(fc.double({ min: 0, max: 1, noNaN: true })),
    throughput: opt(fc.array(fc.double({ min: 0, max: 100_000, noNaN: true }), { maxLength: 30 })),
    openLoad: count,
    regions: fc.subarray(['east', 'west']),
  });
const unique = <T extends { id: string }>(xs: T[]) => [...new Map(xs.map((x) => [x.id, x])).values()];
const state = fc.record({
  timeZone: zone,
  reps: fc.tuple(...REPS.map(rep)),
  teams: fc.constant([{ id: 'ae', managerId: 'r1', poolId: 'public' }, { id: 'sdr' }]),
  pools: fc
    .array(
      fc.record({
        id: fc.constantFrom('public', 'p2'),
        dailyClaimLimit: opt(count),
        coolingDays: opt(fc.double({ min: 0, max: 3650, noNaN: true })),
        ownedCap: opt(count),
      }),
      { maxLength: 2 },
    )
    .map(unique),
  leads: fc
    .array(
      fc.record({
        id: fc.constantFrom(...LEADS),
        ownerId: fc.option(fc.constantFrom(...REPS), { nil: null }),
        poolId: fc.option(fc.constantFrom('public', 'p2'), { nil: null }),
        createdAt: opt(instant),
        lastActivityAt: opt(instant),
        ownedSince: opt(instant),
        score: opt(number),
        expectedAmount: opt(amount),
        level: opt(fc.constantFrom('A', 'B')),
      }),
      { maxLength: 3 },
    )
    .map(unique),
  ownership: fc.array(
    fc.record({
      leadId: fc.constantFrom(...LEADS),
      repId: fc.constantFrom(...REPS),
      from: instant,
      to: opt(instant),
      via: opt(fc.constantFrom('assigned' as const, 'claimed' as const)),
    }),
    { maxLength: 4 },
  ),
  penalties: fc.array(
    fc.record({
      repId: fc.constantFrom(...REPS),
      from: instant,
      until: instant,
      weightFactor: fc.double({ min: 0, max: 10, noNaN: true }),
      suspendClaims: fc.boolean(),
      suspendRouting: fc.boolean(),
      decay: fc.constantFrom('none' as const, 'linear' as const),
    }),
    { maxLength: 3 },
  ),
  activities: fc.array(fc.record({ leadId: fc.constantFrom(...LEADS), repId: fc.constantFrom(...REPS), at: instant }), { maxLength: 3 }),
});
const event = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  at: instant,
  leadId: fc.constantFrom(...LEADS),
  repId: fc.constantFrom(...REPS),
  amount: opt(amount),
  data: fc.dictionary(
    fc.constantFrom('reason', 'approver', 'assign', 'split', 'toPool', 'reportedAt', 'discoveredAt', 'claimantId', 'repId', 'poolId'),
    fc.oneof(fc.jsonValue(), instant, fc.constantFrom(...REPS)),
  ),
});

describe('decisions, ticks and claim checks never throw on input the schemas accept', () => {
  it('holds for random states and events through every example policy', () => {
    fc.assert(
      fc.property(state, event, fc.nat(POLICIES.length - 1), (s, e, i) => {
        const snapshot = stateSnapshotSchema.parse(s);
        const parsed = eventSchema.parse({ id: 'e', ...e });
        const policy = POLICIES[i]!;
        const fresh = () => new InMemoryState(structuredClone(snapshot));
        expect(decide(policy, parsed, fresh(), e.at).eventId).toBe('e');
        expect(tick(policy, fresh(), e.at).checked).toBeGreaterThanOrEqual(0);
        expect(typeof checkClaim(fresh(), { leadId: e.leadId, repId: e.repId, poolId: 'public' }, e.at).ok).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });
});

describe('times the engine derives stay storable', () => {
  /** Every string in a value that reads as an instant past year 9999 (`+010000-…`), with its path. */
  function expandedYears(value: unknown, path = '$'): string[] {
    if (typeof value === 'string') return /^[+-]\d{6}-/.test(value) ? [`${path} = ${value}`] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => expandedYears(v, `${path}[${i}]`));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => expandedYears(v, `${path}.${k}`));
    return [];
  }

  it('a due time, penalty end or cooling period from the last hour of year 9999 is held at the last instant', () => {
    const last = '9999-12-31T23:00:00Z';
    const found: string[] = [];
    fc.assert(
      fc.property(state, event, fc.nat(POLICIES.length - 1), (s, e, i) => {
        const snapshot = stateSnapshotSchema.parse(s);
        const parsed = eventSchema.parse({ id: 'e', ...e, at: last });
        const policy = POLICIES[i]!;
        const d = decide(policy, parsed, new InMemoryState(structuredClone(snapshot)), last);
        const t = tick(policy, new InMemoryState(structuredClone(snapshot)), last);
        found.push(...expandedYears({ decide: d, tick: t }).map((p) => `${policy.key}: ${p}`));
      }),
      { numRuns: 300 },
    );
    expect(found.slice(0, 5)).toEqual([]);
  });
});
