/**
 * InMemoryState.firstByRoom: the rep capacity routing ranks first, kept from call to call as loads
 * move. Checked against a plain sort of the list written here (capped reps by load ÷ cap, a cap of 0
 * last among them, then uncapped reps by load, the earlier of equals first) over seeded random rosters
 * with ties, over lists that come and go (the roster, a team, a subset), two ways of reading caps
 * (two keys), load changes between calls from one to past the journal's length, and clones.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryState, type Rep, type StateChange } from '../src/index.js';
import { mulberry32 } from '../bench/tick.js';
import { randomLoadChange } from './shared/loadChanges.js';

/** The expected first position, by a sort of (uncapped, key, position). */
function expectedFirst(state: InMemoryState, reps: readonly Rep[], capOf: (r: Rep) => number | undefined): number {
  const ranked = reps.map((rep, i) => {
    const cap = capOf(rep);
    const load = state.openLoad(rep.id);
    const key = cap === undefined ? load : cap > 0 ? load / cap : Number.POSITIVE_INFINITY;
    return { i, uncapped: cap === undefined ? 1 : 0, key };
  });
  ranked.sort((a, b) => a.uncapped - b.uncapped || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.i - b.i);
  return ranked.length === 0 ? -1 : ranked[0]!.i;
}

describe('InMemoryState.firstByRoom', () => {
  it('names the rep a sort of the list ranks first, call after call, as loads move', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const next = mulberry32(seed);
      const n = 1 + Math.floor(next() * 150);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
      const reps = Array.from({ length: n }, (_, i) => {
        const rep: { id: string; teams: string[]; openLoad: number; cap?: number } = {
          id: `r${String(i).padStart(3, '0')}`,
          teams: [next() < 0.5 ? 'ae' : 'sdr'],
          openLoad: pick([0, 0, 1, 2, 3, 5, 8]),
        };
        const cap = pick([undefined, undefined, 0, 2, 4, 5, 10]);
        if (cap !== undefined) rep.cap = cap;
        return rep;
      });
      const state = InMemoryState.from({ timeZone: 'UTC', reps, teams: [{ id: 'ae' }, { id: 'sdr' }], pools: [{ id: 'public' }] });
      const ways = [
        { key: { defaultCap: 6 }, capOf: (r: Rep) => r.cap ?? 6 },
        { key: {}, capOf: (r: Rep) => r.cap },
      ];
      const owners = new Map<string, string>();
      let calls = 0;
      let unranked = 0;
      let firstMoved = 0;
      let last = -2;
      for (let round = 0; round < 300; round++) {
        const r = next();
        const list: readonly Rep[] = r < 0.6 ? state.reps() : r < 0.8 ? state.repsInTeam('ae') : state.reps().filter(() => next() < 0.5);
        const way = pick(ways);
        // A list is ranked from the second time running it is asked about.
        const once = state.firstByRoom(list, way.capOf, way.key);
        const got = once ?? state.firstByRoom(list, way.capOf, way.key);
        if (once === undefined) unranked++;
        const want = expectedFirst(state, list, way.capOf);
        expect(got, `seed ${seed} round ${round}`).toBe(want);
        calls++;
        if (got !== last) firstMoved++;
        last = got ?? -2;
        // Some load changes: mostly a few; now and then a few followed by more than the journal
        // remembers (one rep's load up and down again), so the few are known only from the loads.
        const changes = Math.floor(next() * 4);
        for (let c = 0; c < changes; c++) state.apply(change(next, owners, reps));
        if (next() < 0.05) {
          for (let c = 0; c < 600; c++)
            state.apply([
              { type: 'load.settle', leadId: 'L-busy', repId: 'r000', delta: 1 },
              { type: 'load.settle', leadId: 'L-busy', repId: 'r000', delta: -1 },
            ]);
        }
        if (next() < 0.02) {
          // A clone ranks its own loads.
          const copy = state.clone();
          copy.apply(change(next, new Map(owners), reps));
          copy.firstByRoom(copy.reps(), ways[0]!.capOf, ways[0]!.key);
          expect(copy.firstByRoom(copy.reps(), ways[0]!.capOf, ways[0]!.key)).toBe(expectedFirst(copy, copy.reps(), ways[0]!.capOf));
        }
      }
      expect(calls).toBe(300);
      // New lists (subsets) wait a call; the roster, asked about again and again, is ranked and kept.
      expect(unranked).toBeGreaterThan(10);
      expect(unranked).toBeLessThan(250);
      // The first rep changed often: the ranking moved with the loads.
      expect(firstMoved).toBeGreaterThan(30);
    }
  });

  it('answers -1 for no rep and ranks a lone rep first, each list from its second asking', () => {
    const state = InMemoryState.from({ timeZone: 'UTC', reps: [{ id: 'ann', cap: 3 }] });
    const none: Rep[] = [];
    const key = {};
    expect(state.firstByRoom(none, (r) => r.cap, key)).toBeUndefined();
    expect(state.firstByRoom(none, (r) => r.cap, key)).toBe(-1);
    expect(state.firstByRoom(state.reps(), (r) => r.cap, key)).toBeUndefined();
    expect(state.firstByRoom(state.reps(), (r) => r.cap, key)).toBe(0);
  });
});

const change = (next: () => number, owners: Map<string, string>, reps: ReadonlyArray<{ id: string }>): StateChange[] =>
  randomLoadChange(
    next,
    owners,
    reps.map((r) => r.id),
    { leads: 200, reclaimBelow: 0.75, settleDownBelow: 0.6, nodeId: 'cap' },
  );
