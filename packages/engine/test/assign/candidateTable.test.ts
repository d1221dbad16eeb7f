import { describe, expect, it } from 'vitest';
import { CANDIDATE_ROWS } from '../../src/runtime/explain.js';
import { InMemoryState, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow } from './helpers.js';

const AT = '2026-03-02T02:00:00Z';

/** A round robin over `n` reps of team "ae", some inactive or full: a long candidate table. */
function setUp(n: number) {
  const p = compile(
    flow(
      'big-team',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
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
  return { p, state: InMemoryState.from({ reps, pointers: { 'big-team/rr': { last: 'r0100' } } }) };
}

const lead: SluiceEvent = { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L1' } };

describe('candidate tables in explanations are bounded', () => {
  it(`keeps ${CANDIDATE_ROWS} rows (the chosen one included) and counts the rest by status and reason`, async () => {
    const n = 300;
    const { p, state } = setUp(n);
    const d = await decideBoth(p, lead, state, AT);
    const rr = d.explanation.visited.find((v) => v.nodeId === 'rr')!;
    const chosen = d.actions.find((a) => a.type === 'assign')!;
    // After r0100 the next in turn that is active and not full: r0101.
    expect(chosen).toMatchObject({ repId: 'r0101' });
    expect(rr.candidates).toHaveLength(CANDIDATE_ROWS);
    expect(rr.candidates!.filter((c) => c.status === 'chosen').map((c) => c.repId)).toEqual(['r0101']);
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

  it('leaves a table of up to the limit whole, with nothing said about omissions', async () => {
    const { p, state } = setUp(CANDIDATE_ROWS);
    const d = await decideBoth(p, lead, state, AT);
    const rr = d.explanation.visited.find((v) => v.nodeId === 'rr')!;
    expect(rr.candidates).toHaveLength(CANDIDATE_ROWS);
    expect(rr.candidatesOmitted).toBeUndefined();
  });
});
