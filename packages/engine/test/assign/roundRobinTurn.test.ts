/**
 * Round robin stops at its turn (issue #13): over a team larger than an explanation's table it
 * looks at reps from the pointer on and stops at the first eligible one, instead of evaluating
 * everyone. Who gets the lead must be exactly who the full walk gave it to: here the full walk's
 * rule is written out on its own (eligible = active, below cap, not away; the next eligible rep
 * after the last one served, in id order, wrapping round) and compared on random teams either side
 * of the table's size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type Rep, type SluiceEvent } from '../../src/index.js';
import { compile, flow } from './helpers.js';

const AT = '2026-03-02T02:00:00Z';
const AWAY = { from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' };
const BACK = { from: '2026-02-01T00:00:00Z', to: '2026-02-05T00:00:00Z' };

const repArb = fc.record({
  n: fc.integer({ min: 1, max: 400 }),
  inTeam: fc.boolean(),
  active: fc.boolean(),
  openLoad: fc.integer({ min: 0, max: 3 }),
  away: fc.boolean(),
  wasAway: fc.boolean(),
});
type RepArb = { n: number; inTeam: boolean; active: boolean; openLoad: number; away: boolean; wasAway: boolean };

const idOf = (n: number) => `r${String(n).padStart(3, '0')}`;

/** The full walk's answer, from the arbitrary's own fields: who gets the lead, or null. */
function expected(reps: RepArb[], last: number | null): string | null {
  const team = reps.filter((r) => r.inTeam).sort((a, b) => a.n - b.n);
  const eligible = (r: RepArb) => r.active && r.openLoad < 3 && !r.away;
  const lastId = last === null ? undefined : idOf(last);
  const after = team.filter((r) => lastId === undefined || idOf(r.n) > lastId);
  const pick = after.find(eligible) ?? team.find(eligible);
  return pick ? idOf(pick.n) : null;
}

const policy = compile(
  flow(
    'turn',
    [
      { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
    ],
    [{ source: 'start', target: 'rr' }],
  ),
);

describe('round robin stops at its turn', () => {
  it('gives the lead to whom the full walk gave it, on random teams either side of 50 members', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(repArb, { selector: (r) => r.n, minLength: 1, maxLength: 220, size: 'max' }),
        fc.option(fc.integer({ min: 0, max: 401 })),
        (reps, last) => {
          const roster: Array<Partial<Rep> & { id: string }> = reps.map((r) => ({
            id: idOf(r.n),
            teams: r.inTeam ? ['ae'] : ['other'],
            active: r.active,
            cap: 3,
            openLoad: r.openLoad,
            outOfOffice: r.away ? [AWAY] : r.wasAway ? [BACK] : [],
          }));
          const state = InMemoryState.from({ reps: roster, pointers: last === null ? {} : { 'turn/rr': { last: idOf(last) } } });
          const event: SluiceEvent = { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L1' } };
          const d = decide(policy, event, state, AT);
          const assigned = d.actions.find((a) => a.type === 'assign') as { repId: string } | undefined;
          const want = expected(reps, last);
          expect(assigned?.repId ?? null).toBe(want);
          // The pointer moves to the rep served, and stays when nobody was.
          const moved = d.changes.find((c) => c.type === 'pointer.set') as { pointer: { last: string } } | undefined;
          expect(moved?.pointer.last ?? null).toBe(want);
          const rr = d.explanation.visited.find((v) => v.nodeId === 'rr')!;
          const teamSize = reps.filter((r) => r.inTeam).length;
          const looked = (rr.candidates?.length ?? 0) + (rr.candidatesOmitted?.count ?? 0);
          if (teamSize <= 50 || want === null) {
            // Everyone looked at: a small team's table, or nobody available.
            expect(looked).toBe(teamSize);
          } else {
            // Only the reps the turn passed, the chosen one last; the rest said in one line.
            expect(rr.candidates!.at(-1)).toMatchObject({ repId: want, status: 'chosen' });
            expect(rr.candidates!.slice(0, -1).every((c) => c.status === 'skipped')).toBe(true);
            const others = teamSize - looked;
            expect(rr.note ?? null).toEqual(others > 0 ? { en: `${others} others not evaluated`, zh: `其余 ${others} 人未评估` } : null);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
