import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type Decision, type SluiceEvent } from '../../src/index.js';
import { compile, flow } from './helpers.js';
import { mulberry32 } from '../../bench/tick.js';

/**
 * Unexplained (`explain: false`, a replay), round robin walks from its turn whatever the team's size
 * and capacity routing tries reps best utilisation first instead of a row for every rep. Either must
 * give every lead to the rep the explained decision gives it to, with the same changes: checked
 * here over seeded random rosters (caps, default caps, daily caps, loads, full, inactive, away and zero-weight reps, ties,
 * teams on both sides of the 50-row table) and runs of leads, each decision applied to its own state.
 */

const AT = '2026-03-02T02:00:00.000Z';
const AWAY = [{ from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' }];

/** A small seeded generator: the same rosters on every run. */
const random = mulberry32;

function policy(type: string, data: Record<string, unknown>): CompiledPolicy {
  return compile(
    flow(
      `lean-${type.toLowerCase()}`,
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pick', type, data: { teams: ['ae'], ...data } },
      ],
      [{ source: 'start', target: 'pick' }],
    ),
  );
}

function roster(next: () => number) {
  const size = 1 + Math.floor(next() * 80);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  return Array.from({ length: size }, (_, i) => {
    const rep: {
      id: string;
      teams: string[];
      openLoad: number;
      cap?: number;
      dailyCap?: number;
      weight?: number;
      active?: boolean;
      outOfOffice?: typeof AWAY;
    } = {
      id: `r${String(i).padStart(3, '0')}`,
      teams: ['ae'],
      openLoad: pick([0, 0, 1, 2, 3, 5, 8, 12]),
    };
    const cap = pick([undefined, undefined, 0, 2, 4, 5, 10]);
    if (cap !== undefined) rep.cap = cap;
    // A daily cap and a zero weight: filters the lean walk reads only when the rep has them.
    if (next() < 0.15) rep.dailyCap = pick([1, 2, 4]);
    if (next() < 0.05) rep.weight = 0;
    if (next() < 0.1) rep.active = false;
    if (next() < 0.1) rep.outOfOffice = AWAY;
    return rep;
  });
}

const lead = (i: number): SluiceEvent => ({ id: `e${i}`, type: 'lead.created', at: AT, lead: { id: `L${i}` } });
const owner = (d: Decision) => d.actions.find((a) => a.type === 'assign')?.repId;

describe('routing without an explanation gives every lead to the same rep', () => {
  // Whether some leads find nobody (every rep full, inactive or away): not when caps are not respected.
  it.each([
    ['assign.capacity', { defaultCap: 6 }, true],
    ['assign.capacity', {}, true],
    ['assign.capacity', { respectCaps: false }, false],
    ['assign.roundRobin', {}, true],
  ] as const)('%s %j over 60 random rosters, 25 leads each', (type, data, someUnassigned) => {
    const p = policy(type, data);
    const next = random(type.length * 31 + Object.keys(data).length);
    let assigned = 0;
    let sizes = 0;
    for (let r = 0; r < 60; r++) {
      const reps = roster(next);
      if (reps.length > 50) sizes |= 2;
      else sizes |= 1;
      const explained = InMemoryState.from({ reps });
      const lean = InMemoryState.from({ reps });
      for (let i = 0; i < 25; i++) {
        const full = decide(p, lead(i), explained, AT);
        const quick = decide(p, lead(i), lean, AT, { explain: false });
        expect(owner(quick), `roster ${r} lead ${i}`).toBe(owner(full));
        expect(quick.changes).toEqual(full.changes);
        expect(quick.actions).toEqual(full.actions);
        expect(quick.explanation.warnings).toEqual(full.explanation.warnings);
        if (owner(full) !== undefined) assigned++;
        explained.apply(full.changes);
        lean.apply(quick.changes);
      }
    }
    // The rosters cover both sides of the table's size, and most leads find a rep (but not all).
    expect(sizes).toBe(3);
    expect(assigned).toBeGreaterThan(60 * 25 * 0.5);
    if (someUnassigned) expect(assigned).toBeLessThan(60 * 25);
  });
});
