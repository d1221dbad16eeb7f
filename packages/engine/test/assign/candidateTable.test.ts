import { describe, expect, it } from 'vitest';
import { CANDIDATE_ROWS } from '../../src/runtime/explain.js';
import { InMemoryState, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow } from './helpers.js';

const AT = '2026-03-02T02:00:00Z';

/**
 * An assignment over `n` reps of team "ae", some inactive or full: a long candidate table. Least
 * loaded looks at everyone; a round robin over more reps than a table keeps stops at its turn.
 */
function setUp(n: number, kind = 'assign.leastLoaded', last = 'r0100') {
  const p = compile(
    flow(
      'big-team',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'rr', type: kind, data: { teams: ['ae'] } },
      ],
      [{ source: 'start', target: 'rr' }],
    ),
  );
  const reps = Array.from({ length: n }, (_, i) => {
    const id = `r${String(i + 1).padStart(4, '0')}`;
    // Every 7th is inactive, every 5th (not 7th) is full.
    if (i % 7 === 6) return { id, teams: ['ae'], active: false };
    if (i % 5 === 4) return { id, teams: ['ae'], cap: 3, openLoad: 3 };
    return { id, teams: ['ae'] };
  });
  return { p, state: InMemoryState.from({ reps, pointers: { 'big-team/rr': { last } } }) };
}

const lead: SluiceEvent = { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L1' } };

describe('candidate tables in explanations are bounded', () => {
  it(`keeps ${CANDIDATE_ROWS} rows (the chosen one included) and counts the rest by status and reason`, async () => {
    const n = 300;
    const { p, state } = setUp(n);
    const d = await decideBoth(p, lead, state, AT);
    const rr = d.explanation.visited.find((v) => v.nodeId === 'rr')!;
    const chosen = d.actions.find((a) => a.type === 'assign')!;
    // Nobody holds a lead but the full ones: the first in id order, r0001.
    expect(chosen).toMatchObject({ repId: 'r0001' });
    expect(rr.candidates).toHaveLength(CANDIDATE_ROWS);
    expect(rr.candidates!.filter((c) => c.status === 'chosen').map((c) => c.repId)).toEqual(['r0001']);
    // Counted independently of the engine: the reps left out, by what they are.
    const shown = new Set(rr.candidates!.map((c) => c.repId));
    const left = Array.from({ length: n }, (_, i) => i).filter((i) => !shown.has(`r${String(i + 1).padStart(4, '0')}`));
    const inactive = left.filter((i) => i % 7 === 6).length;
    const full = left.filter((i) => i % 7 !== 6 && i % 5 === 4).length;
    expect(rr.candidatesOmitted).toEqual({
      count: n - CANDIDATE_ROWS,
      byStatus: { eligible: n - CANDIDATE_ROWS - inactive - full, skipped: inactive + full },
      byReason: { inactive, full },
    });
  });

  it('a round robin over 300 reps looks at the reps its turn passes and counts the others as not evaluated', async () => {
    // After r0004: r0005 is full (every 5th), r0006 takes the lead; 298 reps are not looked at.
    const { p, state } = setUp(300, 'assign.roundRobin', 'r0004');
    const d = await decideBoth(p, lead, state, AT);
    const rr = d.explanation.visited.find((v) => v.nodeId === 'rr')!;
    expect(d.actions.find((a) => a.type === 'assign')).toMatchObject({ repId: 'r0006' });
    expect(rr.candidates!.map((c) => [c.repId, c.status, c.reason ?? null])).toEqual([
      ['r0005', 'skipped', 'full'],
      ['r0006', 'chosen', null],
    ]);
    expect(rr.candidatesOmitted).toBeUndefined();
    expect(rr.note).toEqual({ en: '298 others not evaluated', zh: '其余 298 人未评估' });
    // The turn wraps: after the last rep, r0001 (active, not full) is next.
    const wrapped = await decideBoth(p, lead, setUp(300, 'assign.roundRobin', 'r0300').state, AT);
    expect(wrapped.actions.find((a) => a.type === 'assign')).toMatchObject({ repId: 'r0001' });
  });

  it('leaves a round robin table of up to the limit whole, with nothing said about omissions', async () => {
    const { p, state } = setUp(CANDIDATE_ROWS, 'assign.roundRobin');
    const d = await decideBoth(p, lead, state, AT);
    const rr = d.explanation.visited.find((v) => v.nodeId === 'rr')!;
    expect(rr.candidates).toHaveLength(CANDIDATE_ROWS);
    expect(rr.candidatesOmitted).toBeUndefined();
  });
});
