/**
 * The state's opt-ins for the simulator's replay. forgetLead: a closed lead leaves the state (no
 * lead, no one's lead, not found by a search) while loads and records stay. leaveOwnershipRecords: a caller that keeps who held each lead itself (the
 * simulator's replay) can have the state stop writing ownership records, while loads and leads move
 * exactly as before; a state that holds records already refuses, so none is ever kept half here.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryState, leadKeys, type StateChange } from '../src/index.js';

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

describe('InMemoryState.forgetLead', () => {
  it("takes the lead out of the leads, its owner's leads and searches; loads and ownership stay", () => {
    const s = InMemoryState.from(snapshot);
    s.apply([
      { type: 'lead.upsert', lead: { id: 'L1', company: 'Acme Trading', ownerId: 'ann', status: 'won' } },
      { type: 'lead.upsert', lead: { id: 'L2', company: 'Acme Trading', ownerId: 'ann' } },
      changes[0]!,
    ]);
    // A search first, so the lead index exists and must be kept right.
    expect(s.findLeads(leadKeys({ company: 'Acme Trading' })).map((l) => l.id)).toStrictEqual(['L1', 'L2']);
    const load = s.openLoad('ann');
    expect(s.forgetLead('L1')).toBe(true);
    expect(s.lead('L1')).toBeUndefined();
    expect(s.leadsOwnedBy('ann').map((l) => l.id)).toStrictEqual(['L2']);
    expect(s.findLeads(leadKeys({ company: 'Acme Trading' })).map((l) => l.id)).toStrictEqual(['L2']);
    expect(s.openLoad('ann')).toBe(load);
    expect(s.ownershipHistory('L1')).toHaveLength(1);
    expect(s.forgetLead('L1')).toBe(false);
  });

  it('refuses a lead waiting on a scheduled check', () => {
    const s = InMemoryState.from(snapshot);
    s.apply([
      { type: 'lead.upsert', lead: { id: 'L1' } },
      { type: 'lead.schedule', leadId: 'L1', due: '2026-03-03T00:00:00.000Z', nodeId: 'cascade', step: 1 },
    ]);
    expect(s.forgetLead('L1')).toBe(false);
    expect(s.lead('L1')?.id).toBe('L1');
  });
});
