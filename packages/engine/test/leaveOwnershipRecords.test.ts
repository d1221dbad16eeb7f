/**
 * InMemoryState.leaveOwnershipRecords: a caller that keeps who held each lead itself (the
 * simulator's replay) can have the state stop writing ownership records, while loads and leads move
 * exactly as before; a state that holds records already refuses, so none is ever kept half here.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryState, type StateChange } from '../src/index.js';

const snapshot = { timeZone: 'UTC', reps: [{ id: 'ann' }, { id: 'bob' }], pools: [{ id: 'public' }] };
const changes: StateChange[] = [
  { type: 'lead.assign', leadId: 'L1', repId: 'ann', previousOwnerId: null, at: '2026-03-02T01:00:00.000Z', nodeId: 'rr' },
  { type: 'lead.assign', leadId: 'L1', repId: 'bob', previousOwnerId: 'ann', at: '2026-03-02T02:00:00.000Z', nodeId: 'rr' },
  { type: 'lead.assign', leadId: 'L2', repId: 'bob', previousOwnerId: null, at: '2026-03-02T03:00:00.000Z', nodeId: 'rr' },
  { type: 'lead.toPool', leadId: 'L2', poolId: 'public', previousOwnerId: 'bob', at: '2026-03-02T04:00:00.000Z', nodeId: 'reclaim', reason: 'reclaimed' },
];

describe('InMemoryState.leaveOwnershipRecords', () => {
  it('stops writing ownership records; leads, loads and daily counts move as before', () => {
    const kept = InMemoryState.from(snapshot);
    const left = InMemoryState.from(snapshot);
    expect(left.leaveOwnershipRecords()).toBe(true);
    kept.apply(changes);
    left.apply(changes);
    expect(kept.ownershipHistory('L1')).toHaveLength(2);
    expect(left.ownershipHistory('L1')).toStrictEqual([]);
    expect(left.ownershipsOf('bob')).toStrictEqual([]);
    for (const id of ['L1', 'L2']) expect(left.lead(id)).toStrictEqual(kept.lead(id));
    // ann lost L1 to bob; bob holds L1 (L2 went back to the pool).
    expect([left.openLoad('ann'), left.openLoad('bob')]).toStrictEqual([0, 1]);
    expect([kept.openLoad('ann'), kept.openLoad('bob')]).toStrictEqual([0, 1]);
    expect(left.assignedOn('bob', '2026-03-02')).toBe(2);
    // A clone keeps none either.
    const copy = left.clone();
    copy.apply([{ type: 'lead.assign', leadId: 'L2', repId: 'ann', previousOwnerId: null, at: '2026-03-02T05:00:00.000Z', nodeId: 'rr' }]);
    expect(copy.ownershipHistory('L2')).toStrictEqual([]);
    expect(copy.openLoad('ann')).toBe(1);
  });

  it('refuses, changing nothing, when the state holds records already', () => {
    const s = InMemoryState.from({ ...snapshot, ownership: [{ leadId: 'L1', repId: 'ann', from: '2026-03-01T00:00:00.000Z' }] });
    expect(s.leaveOwnershipRecords()).toBe(false);
    s.apply([changes[1]!]);
    expect(s.ownershipHistory('L1').map((o) => [o.repId, o.endReason])).toStrictEqual([
      ['ann', 'reassigned'],
      ['bob', undefined],
    ]);
  });
});
