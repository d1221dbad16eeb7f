/**
 * The roster index (issue #13): a state that answers repsInTeam / repsWithRole lets the candidate
 * filters find a team instead of walking everyone. Whatever the selection, the decision must be
 * the one a state without the index reaches by walking reps().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type Rep, type SluiceEvent, type StateView } from '../../src/index.js';
import { compile, flow } from './helpers.js';

const AT = '2026-03-02T02:00:00Z';
const TEAMS = ['ae', 'sdr', 'east', 'north'];
const ROLES = ['AE', 'SDR', 'presales'];

/** The same state seen through StateView without the optional index: the filters walk reps(). */
function withoutIndex(state: InMemoryState): StateView {
  return new Proxy(state, {
    get(target, prop) {
      if (prop === 'repsInTeam' || prop === 'repsWithRole') return undefined;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as StateView;
}

const repArb = fc.record({
  n: fc.integer({ min: 1, max: 60 }),
  teams: fc.array(fc.constantFrom(...TEAMS), { maxLength: 3 }),
  roles: fc.array(fc.constantFrom(...ROLES), { maxLength: 2 }),
  active: fc.boolean(),
  openLoad: fc.integer({ min: 0, max: 4 }),
});

const selectionArb = fc.record({
  teams: fc.array(fc.constantFrom(...TEAMS, 'nobody'), { maxLength: 3 }),
  roles: fc.array(fc.constantFrom(...ROLES), { maxLength: 2 }),
  reps: fc.array(
    fc.integer({ min: 1, max: 70 }).map((n) => `r${n}`),
    { maxLength: 4 },
  ),
});

describe('candidate selection through the roster index', () => {
  it('the state answers a team and a tag in id order, each rep once', () => {
    const state = InMemoryState.from({
      reps: [
        { id: 'r3', teams: ['ae', 'east', 'ae'], roles: ['AE'] },
        { id: 'r1', teams: ['ae'], roles: ['SDR', 'AE'] },
        { id: 'r2', teams: ['east'] },
      ],
    });
    expect(state.repsInTeam('ae').map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(state.repsInTeam('east').map((r) => r.id)).toEqual(['r2', 'r3']);
    expect(state.repsWithRole('AE').map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(state.repsInTeam('nobody')).toEqual([]);
  });

  it('round robin and capacity decide the same with and without the index', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(repArb, { selector: (r) => r.n, minLength: 1, maxLength: 40 }),
        selectionArb,
        fc.constantFrom('assign.roundRobin', 'assign.leastLoaded'),
        fc.option(fc.integer({ min: 1, max: 70 })),
        (reps, selection, kind, last) => {
          const policy = compile(
            flow(
              'idx',
              [
                { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
                { id: 'a', type: kind, data: { ...selection, respectCaps: true } },
              ],
              [{ source: 'start', target: 'a' }],
            ),
          );
          const roster: Array<Partial<Rep> & { id: string }> = reps.map((r) => ({
            id: `r${r.n}`,
            teams: r.teams,
            roles: r.roles,
            active: r.active,
            cap: 3,
            openLoad: r.openLoad,
          }));
          const state = InMemoryState.from({ reps: roster, pointers: last === null ? {} : { 'idx/a': { last: `r${last}` } } });
          const event: SluiceEvent = { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L1' } };
          const indexed = decide(policy, event, state, AT);
          const walked = decide(policy, event, withoutIndex(state), AT);
          expect(indexed).toEqual(walked);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a team of 3 in a roster of 5,000 yields a 3-row candidate table', () => {
    const reps = Array.from({ length: 5000 }, (_, i) => ({ id: `r${String(i).padStart(5, '0')}`, teams: i % 2000 === 7 ? ['tiny'] : ['big'] }));
    const policy = compile(
      flow(
        'small',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'rr', type: 'assign.roundRobin', data: { teams: ['tiny'] } },
        ],
        [{ source: 'start', target: 'rr' }],
      ),
    );
    const d = decide(policy, { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L1' } }, InMemoryState.from({ reps }), AT);
    const rr = d.explanation.visited.find((v) => v.nodeId === 'rr')!;
    expect(rr.candidates!.map((c) => c.repId)).toEqual(['r00007', 'r02007', 'r04007']);
    expect(d.actions.find((a) => a.type === 'assign')).toMatchObject({ repId: 'r00007' });
  });
});
