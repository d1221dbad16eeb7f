/**
 * InMemoryState.openLoads: every rep's open load in a list's order, as `openLoad` answers it one by
 * one. The state keeps the last list's slots by position, so the property is checked over lists
 * that change between calls — the roster, a subset, a reversed copy, reps with no load, a list read
 * again after others — with loads moving (assignments, reclaims, settles below zero) between the reads, and a
 * rep in a list that no snapshot or change ever gave a load.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryState, type Rep, type StateChange } from '../src/index.js';
import { mulberry32 } from '../bench/tick.js';
import { randomLoadChange } from './shared/loadChanges.js';

const AT = '2026-03-02T02:00:00.000Z';

describe('InMemoryState.openLoads', () => {
  it('answers what openLoad answers, list by list, over random lists and load changes', () => {
    // Past 64 reps (the first room made) and lists longer than the last one read.
    const next = mulberry32(12);
    const ids = Array.from({ length: 150 }, (_, i) => `r${String(i).padStart(3, '0')}`);
    const state = InMemoryState.from({ timeZone: 'UTC', reps: ids.slice(0, 120).map((id, i) => ({ id, openLoad: i % 7 })), pools: [{ id: 'public' }] });
    const known = state.reps();
    // Reps the roster does not hold (no load row): they read as none.
    const strangers: Rep[] = ids.slice(120).map((id) => ({ id }) as Rep);
    // A list read before and read again (the same array), while others come and go in between.
    const kept = [...known].reverse();
    const owners = new Map<string, string>();
    let compared = 0;
    let nonZero = 0;
    for (let round = 0; round < 400; round++) {
      const r = next();
      const list: readonly Rep[] =
        r < 0.25
          ? known
          : r < 0.45
            ? known.filter(() => next() < 0.5)
            : r < 0.6
              ? [...known].reverse()
              : r < 0.75
                ? [...known.slice(0, 5), ...strangers.slice(0, 1 + Math.floor(next() * 10))]
                : r < 0.9
                  ? kept
                  : [...strangers, ...known];
      const loads = state.openLoads(list);
      const expected = list.map((rep) => state.openLoad(rep.id));
      expect(
        Array.from({ length: list.length }, (_, i) => loads[i]),
        `round ${round}`,
      ).toStrictEqual(expected);
      compared += list.length;
      nonZero += expected.filter((x) => x > 0).length;
      state.apply(change(next, owners, ids));
    }
    expect(compared).toBeGreaterThan(5000);
    expect(nonZero).toBeGreaterThan(1000);
  });

  it('keeps every snapshot load past the first rows it makes room for', () => {
    const reps = Array.from({ length: 300 }, (_, i) => ({ id: `r${String(i).padStart(3, '0')}`, openLoad: i }));
    const state = InMemoryState.from({ timeZone: 'UTC', reps });
    expect(reps.map((r) => state.openLoad(r.id))).toStrictEqual(reps.map((_, i) => i));
    const loads = state.openLoads(state.reps());
    expect(Array.from({ length: 300 }, (_, i) => loads[i])).toStrictEqual(reps.map((_, i) => i));
  });

  it('reads a load a settle took below zero as none, and sees later changes', () => {
    const state = InMemoryState.from({
      timeZone: 'UTC',
      reps: [
        { id: 'ann', openLoad: 0 },
        { id: 'bob', openLoad: 2 },
      ],
    });
    const reps = state.reps();
    expect([state.openLoads(reps)[0], state.openLoads(reps)[1]]).toStrictEqual([0, 2]);
    state.apply([{ type: 'load.settle', leadId: 'L1', repId: 'ann', delta: -1 }]);
    expect([state.openLoads(reps)[0], state.openLoads(reps)[1]]).toStrictEqual([0, 2]);
    state.apply([{ type: 'lead.assign', leadId: 'L2', repId: 'ann', previousOwnerId: null, at: AT, nodeId: 'rr' }]);
    // The settle left ann's row at -1: the assignment brings it to 0, which openLoad answers too.
    expect([state.openLoads(reps)[0], state.openLoad('ann')]).toStrictEqual([0, 0]);
    state.apply([{ type: 'lead.assign', leadId: 'L3', repId: 'ann', previousOwnerId: null, at: AT, nodeId: 'rr' }]);
    expect([state.openLoads(reps)[0], state.openLoads(reps)[1]]).toStrictEqual([1, 2]);
    // A clone keeps the loads as they stand, and moves on its own.
    const copy = state.clone();
    copy.apply([1, 2, 3].map(() => ({ type: 'load.settle', leadId: 'L3', repId: 'bob', delta: 1 }) as const));
    expect([copy.openLoads(reps)[0], copy.openLoads(reps)[1]]).toStrictEqual([1, 5]);
    expect([state.openLoads(reps)[0], state.openLoads(reps)[1]]).toStrictEqual([1, 2]);
  });
});

const change = (next: () => number, owners: Map<string, string>, ids: readonly string[]): StateChange[] =>
  randomLoadChange(next, owners, ids, { leads: 60, reclaimBelow: 0.7, settleDownBelow: 0.5, nodeId: 'rr' });
