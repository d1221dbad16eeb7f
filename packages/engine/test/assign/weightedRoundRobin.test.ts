import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type Decision, type SluiceEvent, type StateSnapshotInput } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const AT = '2026-03-02T02:00:00Z'; // Monday 10:00 in Shanghai

function policy(data: Record<string, unknown> = {}): CompiledPolicy {
  return compile(
    flow(
      'wrr-test',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pick', type: 'assign.weightedRoundRobin', data: { teams: ['ae'], ...data } },
      ],
      [{ source: 'start', target: 'pick' }],
    ),
  );
}

const rep = (id: string, extra: Record<string, unknown> = {}) => ({ id, teams: ['ae'], ...extra });
const lead = (i: number, at = AT): SluiceEvent => ({ id: `e${i}`, type: 'lead.created', at, lead: { id: `L${i}` } });
const owner = (d: Decision) => d.actions.find((a) => a.type === 'assign')?.repId;

/** Leads the bulk runs create: each a new lead (a lead.created again for an owned lead keeps its owner). */
let fresh = 100_000;

function runFast(p: CompiledPolicy, state: InMemoryState, n: number, at = AT): string[] {
  const owners: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = decide(p, lead(fresh++, at), state, at);
    state.apply(d.changes);
    owners.push(owner(d) ?? '-');
  }
  return owners;
}

const count = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});

describe('assign.weightedRoundRobin', () => {
  it('gives a 2× rep twice the leads: 3000 leads at 2:1:1 split exactly 1500:750:750', async () => {
    const p = policy();
    const state = InMemoryState.from({ reps: [rep('a', { weight: 2 }), rep('b'), rep('c')] });
    // Worked by hand: marks a 0→½, b 0→1, c 0→1, a ½→1, then all level again: a b c a repeats.
    const first: string[] = [];
    for (let i = 0; i < 8; i++) {
      const d = await decideBoth(p, lead(i), state, AT);
      state.apply(d.changes);
      first.push(owner(d)!);
    }
    expect(first).toEqual(['a', 'b', 'c', 'a', 'a', 'b', 'c', 'a']);
    const rest = runFast(p, state, 2992);
    expect(count([...first, ...rest])).toEqual({ a: 1500, b: 750, c: 750 });
  });

  it('breaks ties by rep id and shows each rep’s mark in the candidate table', () => {
    const p = policy();
    const state = InMemoryState.from({ reps: [rep('c'), rep('b', { weight: 4 }), rep('a', { weight: 4 })] });
    const d = decide(p, lead(1), state, AT);
    expect(owner(d)).toBe('a');
    const rows = visited(d, 'pick').candidates!;
    expect(rows.map((r) => [r.repId, r.status, r.detail.mark, r.detail.markAfter ?? null])).toEqual([
      ['a', 'chosen', 0, 0.25],
      ['b', 'eligible', 0, null],
      ['c', 'eligible', 0, null],
    ]);
  });

  it('keeps its marks in the state: pointer.set after each decision, read back by the next', () => {
    const p = policy();
    const reps = [rep('a', { weight: 2 }), rep('b'), rep('c')];
    const state = InMemoryState.from({ reps });
    const d1 = decide(p, lead(1), state, AT);
    expect(d1.changes).toContainEqual({ type: 'pointer.set', key: 'wrr-test/pick', pointer: { marks: { a: 0.5, b: 0, c: 0 } } });
    // Without applying, the next decision sees the same state and picks the same rep.
    expect(owner(decide(p, lead(2), state, AT))).toBe('a');
    state.apply(d1.changes);
    const d2 = decide(p, lead(2), state, AT);
    expect(owner(d2)).toBe('b');
    // After b (0 → 1) the marks are a ½, b 1, c 0; they are stored relative to the lowest.
    expect(d2.changes).toContainEqual({ type: 'pointer.set', key: 'wrr-test/pick', pointer: { marks: { a: 0.5, b: 1, c: 0 } } });
    // A state built from a snapshot with those marks continues the rotation (a fresh server).
    const restored = InMemoryState.from({ reps, pointers: { 'wrr-test/pick': { marks: { a: 0.5, b: 1, c: 0 } } } });
    expect(runFast(p, restored, 3)).toEqual(['c', 'a', 'a']);
  });

  it('starts a rep new to the marks at the current lowest mark, so they get no burst', () => {
    const p = policy();
    const state = InMemoryState.from({ reps: [rep('a'), rep('b'), rep('c')], pointers: { 'wrr-test/pick': { marks: { a: 2, b: 3 } } } });
    const d = decide(p, lead(1), state, AT);
    expect(visited(d, 'pick').candidates!.find((r) => r.repId === 'c')!.detail.mark).toBe(2);
    state.apply(d.changes);
    // a 2 / c 2 tie → a; then c; then all level → a, b, c.
    expect([owner(d), ...runFast(p, state, 5)]).toEqual(['a', 'c', 'a', 'b', 'c', 'a']);
  });

  it('halves the share of a rep demoted ×0.5: 2500 leads → 1000:1000:500', () => {
    const p = policy();
    const state = InMemoryState.from({
      reps: [rep('x'), rep('y'), rep('z')],
      penalties: [{ repId: 'z', from: '2026-03-01T00:00:00Z', until: '2026-03-31T00:00:00Z', weightFactor: 0.5, reason: 'no follow-up' }],
    });
    const d = decide(p, lead(0), state, AT);
    expect(visited(d, 'pick').candidates!.find((r) => r.repId === 'z')!.detail.weight).toBe(0.5);
    expect(count(runFast(p, state, 2500))).toEqual({ x: 1000, y: 1000, z: 500 });
    // Once the penalty has expired z is back to an equal share.
    const later = '2026-04-01T02:00:00Z';
    expect(count(runFast(p, state, 300, later))).toEqual({ x: 100, y: 100, z: 100 });
  });

  it('skips an away rep with the reason, without banking the turns they missed', async () => {
    const snapshot: StateSnapshotInput = {
      reps: [rep('a'), rep('b', { outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-02T12:00:00Z' }] }), rep('c')],
    };
    const p = policy();
    const state = InMemoryState.from(snapshot);
    const owners: string[] = [];
    const decisions: Decision[] = [];
    for (let i = 0; i < 6; i++) {
      const at = i < 4 ? AT : '2026-03-02T13:00:00Z';
      const d = await decideBoth(p, lead(i, at), state, at);
      state.apply(d.changes);
      decisions.push(d);
      owners.push(owner(d)!);
    }
    // By hand: a, c, a (b lifted from 0 to 1 here), c, then b is back level with the others: b, a.
    expect(owners).toEqual(['a', 'c', 'a', 'c', 'b', 'a']);
    const third = visited(decisions[2]!, 'pick').candidates!.find((r) => r.repId === 'b')!;
    expect(third).toEqual({
      repId: 'b',
      status: 'skipped',
      reason: 'away',
      detail: expect.objectContaining({ until: '2026-03-02T12:00:00Z', mark: 0, markLiftedTo: 1 }),
    });

    // With catch-up on (pure LeanData pointers) b gets the turns back in a burst on return.
    const catchUp = policy({ catchUp: true });
    const state2 = InMemoryState.from(snapshot);
    const owners2 = [...runFast(catchUp, state2, 4), ...runFast(catchUp, state2, 3, '2026-03-02T13:00:00Z')];
    expect(owners2).toEqual(['a', 'c', 'a', 'c', 'b', 'b', 'a']);
  });

  it('takes noCandidate and leaves the marks alone when everyone is skipped', () => {
    const p = policy();
    const state = InMemoryState.from({ reps: [rep('a', { active: false }), rep('b', { cap: 1, openLoad: 1 })] });
    const d = decide(p, lead(1), state, AT);
    const v = visited(d, 'pick');
    expect(v.result).toBe('noCandidate');
    expect(v.candidates!.map((r) => `${r.repId}:${r.reason}`)).toEqual(['a:inactive', 'b:full']);
    expect(d.changes).toEqual([]);
    expect(v.note).toEqual({ en: 'no eligible rep among 2', zh: '2 名候选人中无人可分配' });
  });
});
