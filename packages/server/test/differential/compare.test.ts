import { describe, expect, it } from 'vitest';
import { mismatches, normaliseOutcomes } from './compare.js';
import { unexplained } from './knownDifferences.js';

// The differential test is only as good as its comparison: it must see a difference wherever there is one.
describe('differential comparison', () => {
  it('finds a changed leaf, a missing element and a missing key, and ignores key order', () => {
    const server = { leads: { 'L-1': { ownerId: 'ae-1', stage: 'SQL' } }, list: [1, 2], b: 1, a: 2 };
    const step = { a: 2, b: 1, leads: { 'L-1': { ownerId: 'ae-2' } }, list: [1] };
    expect(mismatches(server, step)).toEqual([
      { path: 'leads.L-1.ownerId', server: 'ae-1', step: 'ae-2' },
      { path: 'leads.L-1.stage', server: 'SQL', step: undefined },
      { path: 'list[1]', server: 2, step: undefined },
    ]);
    expect(mismatches({ x: [{ a: 1, b: 2 }] }, { x: [{ b: 2, a: 1 }] })).toEqual([]);
  });

  it('drops only the server-made ids of a decision and a claim record', () => {
    const decision = { decisionId: 'uuid-1', eventId: 'e-1', actions: [] };
    const claim = { decisionId: 'uuid-2', eventId: 'claim:uuid-3', actor: 'key:abc', policy: { key: 'claim' }, changes: [{ type: 'lead.assign' }] };
    expect(
      normaliseOutcomes([
        { index: 0, eventId: 'e-1', delivery: 'event', decisions: [decision] },
        { index: 1, eventId: 'c-1', delivery: 'pool-claim', manual: { ok: true, record: claim } },
      ]),
    ).toEqual([
      { index: 0, eventId: 'e-1', delivery: 'event', decisions: [{ eventId: 'e-1', actions: [] }] },
      { index: 1, eventId: 'c-1', delivery: 'pool-claim', manual: { ok: true, record: { policy: { key: 'claim' }, changes: [{ type: 'lead.assign' }] } } },
    ]);
  });

  it('a known difference covers what is under its paths only, and is reported when it is gone', () => {
    const found = [
      { path: 'outcomes[3].decisions[0].actions[0]', server: 1, step: 2 },
      { path: 'state.leads.L-2', server: 1, step: 2 },
      { path: 'outcomes[30]', server: 1, step: 2 },
    ];
    const { fresh, gone } = unexplained(found, { reason: 'r', where: ['outcomes[3]', 'state.leads.L-1', 'outcomes[2]'] });
    expect(fresh.map((m) => m.path)).toEqual(['state.leads.L-2', 'outcomes[30]']);
    expect(gone).toEqual(['state.leads.L-1', 'outcomes[2]']);
  });
});
