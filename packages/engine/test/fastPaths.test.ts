import { describe, expect, it } from 'vitest';
import { InMemoryState } from '../src/index.js';
import { isoOf } from '../src/runtime/instant.js';

/** Hand-written stand-ins for the engine's faster paths: the same answers as the plain ones. */
describe('isoOf: an instant as toISOString writes it', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [951_782_400_000, '2000-02-29T00:00:00.000Z'],
    [1_709_164_799_999, '2024-02-28T23:59:59.999Z'],
    [1_709_164_800_000, '2024-02-29T00:00:00.000Z'],
    [1_772_416_800_007, '2026-03-02T02:00:00.007Z'],
    [4_107_542_400_000, '2100-03-01T00:00:00.000Z'],
    [253_402_300_799_999, '9999-12-31T23:59:59.999Z'],
    // Outside 1970..9999 and fractions: the Date's own formatting.
    [253_402_300_800_000, '+010000-01-01T00:00:00.000Z'],
    [-1, '1969-12-31T23:59:59.999Z'],
    [-62_198_755_200_000, '-000001-01-01T00:00:00.000Z'],
    [1.9, '1970-01-01T00:00:00.001Z'],
  ])('%d → %s', (ms, iso) => {
    expect(isoOf(ms)).toBe(iso);
  });

  it('agrees with Date on a seeded sweep of instants', () => {
    let a = 7;
    const bad: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0;
      const ms = Math.floor((a / 4_294_967_296) * 253_402_300_799_999) + (i % 1000);
      if (isoOf(ms) !== new Date(ms).toISOString()) bad.push(ms);
    }
    expect(bad).toEqual([]);
  });
});

describe('lead writes copy the lead', () => {
  const base = { reps: [{ id: 'r1' }], leads: [] as unknown[] };

  it('a lead held before an assignment is not changed by it, and the stored one has the fields in order', () => {
    const state = InMemoryState.from({ ...base, leads: [{ id: 'L1', region: 'east', queueId: 'q1', poolId: 'p1' }] });
    const before = state.lead('L1')!;
    state.apply([
      { type: 'lead.assign', leadId: 'L1', repId: 'r1', previousOwnerId: null, at: '2026-03-02T02:00:00.000Z', strategy: 'manual', nodeId: 'n' } as never,
    ]);
    expect(before).toEqual({ id: 'L1', region: 'east', queueId: 'q1', poolId: 'p1' });
    const after = state.lead('L1')!;
    // The fields in the order a spread of the lead would give them.
    const { queueId: _q, ...kept } = before as typeof before & { queueId?: string };
    expect(Object.keys(after)).toEqual(Object.keys({ ...kept, ownerId: 'r1', poolId: null, ownedSince: '' }));
    expect(after).toEqual({ id: 'L1', region: 'east', poolId: null, ownerId: 'r1', ownedSince: '2026-03-02T02:00:00.000Z' });
  });

  it('a field named __proto__ stays a field, as a spread keeps it', () => {
    const lead = JSON.parse('{"id":"L1","__proto__":{"polluted":true}}');
    const state = InMemoryState.from({ ...base, leads: [] });
    state.upsertLead(lead);
    state.apply([{ type: 'lead.facts', leadId: 'L1', set: { score: 5 } }]);
    const stored = state.lead('L1')!;
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.hasOwn(stored, '__proto__')).toBe(true);
    expect((stored as Record<string, unknown>).polluted).toBeUndefined();
    expect(stored.score).toBe(5);
  });

  it('a lead with a field named __proto__, edited in place, is the lead a copy would give', () => {
    const lead = JSON.parse('{"id":"L1","__proto__":{"polluted":true},"region":"east"}');
    const writes = [
      { type: 'lead.facts', leadId: 'L1', set: { score: 5, region: 'west' } },
      { type: 'lead.assign', leadId: 'L1', repId: 'r1', previousOwnerId: null, at: '2026-03-02T02:00:00.000Z', nodeId: 'n' },
    ] as const;
    const [copied, edited] = [InMemoryState.from({ ...base, leads: [] }), InMemoryState.from({ ...base, leads: [] }).editLeadsInPlace()];
    for (const s of [copied, edited]) {
      s.upsertLead(lead);
      s.apply(writes);
    }
    const [a, b] = [copied.lead('L1')!, edited.lead('L1')!];
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
    expect(Object.hasOwn(b, '__proto__')).toBe(true);
    expect(b).toStrictEqual(a);
  });
});
