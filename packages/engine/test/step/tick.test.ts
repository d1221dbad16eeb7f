import { describe, expect, test } from 'vitest';
import { examplePolicy, exampleState } from '@sluice/examples';
import { compilePolicy, decide, InMemoryState, step, tick, type CompiledPolicy, type StateSnapshotInput } from '../../src/index.js';
import { grader } from './fixtures.js';

function compiled(name: string): CompiledPolicy {
  const r = compilePolicy(examplePolicy(name));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const reclaim = compiled('s16-reclaim-rules');
const remind = compiled('s18-advance-reminder');
const state = () => InMemoryState.from(structuredClone(exampleState('s16-owned-leads')) as StateSnapshotInput);
const AT = '2026-03-11T02:00:00.000Z';

describe('a tick about no subject runs every tick policy over its scope', () => {
  test('the decisions and changes are the tick’s own, applied; policies that do not listen to ticks do not run', () => {
    const expected = tick(reclaim, state(), AT);
    expect(expected.decisions.length).toBe(5);
    const working = state();
    const r = step({ policies: [grader, reclaim], state: working, event: { id: 't1', type: 'tick', at: AT }, now: AT });
    if (!r.ok) throw new Error(r.refusal.message.en);
    expect(r.ticks).toEqual([expected]);
    expect(r.decisions).toEqual(expected.decisions);
    expect(r.changes).toEqual(expected.changes);
    const applied = state();
    applied.apply(expected.changes);
    expect(working).toEqual(applied);
  });

  test('in run order (by kind, then key), each policy on the state the previous left', () => {
    const working = state();
    const r = step({ policies: [remind, reclaim], state: working, event: { id: 't1', type: 'tick', at: AT }, now: AT });
    if (!r.ok) throw new Error(r.refusal.message.en);
    expect(r.ticks!.map((t) => t.policy.key)).toEqual(['s16-reclaim-rules', 's18-advance-reminder']);
    // The reminder policy walks only the leads the reclaim left owned.
    const afterReclaim = state();
    afterReclaim.apply(tick(reclaim, state(), AT).changes);
    const ownedBefore = [...state().ownedLeads()].length;
    expect(r.ticks![1]).toEqual(tick(remind, afterReclaim, AT));
    expect(r.ticks![1]!.checked).toBe([...afterReclaim.ownedLeads()].length);
    expect(r.ticks![1]!.checked).toBeLessThan(ownedBefore);
  });

  test('a tick about one lead decides that lead alone, like any event', () => {
    const working = state();
    const event = { id: 't-1606', type: 'tick' as const, at: AT, leadId: 'L-1601' };
    const expected = decide(reclaim, { ...event, lead: state().lead('L-1601')! }, state(), AT);
    const r = step({ policies: [reclaim], state: working, event, now: AT });
    if (!r.ok) throw new Error(r.refusal.message.en);
    expect(r.ticks).toBeUndefined();
    expect(r.decisions).toEqual([expected]);
    expect(expected.actions.map((a) => a.type)).toContain('toPool');
    expect(working.lead('L-1601')?.ownerId).toBeNull();
  });

  test('with no tick policy, a tick does nothing', () => {
    const working = state();
    const r = step({ policies: [grader], state: working, event: { id: 't1', type: 'tick', at: AT }, now: AT });
    expect(r).toEqual({ ok: true, decisions: [], changes: [], ticks: [] });
    expect(working).toEqual(state());
  });
});
