// The step's shared, frozen parts of a result: what one step hands back can never reach another's.
import { describe, expect, it } from 'vitest';
import { InMemoryState, step, type StepEvent } from '../../src/index.js';
import { grader, router, snapshot } from './fixtures.js';

const AT = '2026-03-10T02:00:00.000Z';

const followUp = (id: string): StepEvent => ({ id, type: 'activity.logged', at: AT, leadId: 'L1', activity: { kind: 'call', repId: 'r1' } });

describe('a step no policy decides on', () => {
  it('has no decisions, in a list nobody can add to, whatever the policies and the explanation', () => {
    for (const explain of [true, false, undefined]) {
      const state = InMemoryState.from(snapshot());
      // The policies trigger on lead.created only: a follow-up triggers none of them.
      const a = step({ policies: [grader, router], state, event: followUp('e1'), now: AT, explain });
      const b = step({ policies: [], state, event: followUp('e2'), now: AT, explain });
      if (!a.ok || !b.ok) throw new Error('refused');
      expect(a.decisions).toStrictEqual([]);
      expect(b.decisions).toStrictEqual([]);
      expect(Object.isFrozen(a.decisions)).toBe(true);
      // Shared by both steps: a push into one would show in the other, so it must throw.
      expect(() => (a.decisions as unknown[]).push({})).toThrow(TypeError);
      expect(b.decisions).toHaveLength(0);
      // The facts are still the step's own: the activity, in a list of this step alone.
      expect(a.changes.map((c) => c.type)).toStrictEqual(['activity.add']);
      expect(a.changes).not.toBe(b.changes);
    }
  });

  it('leaves a step that decides with a list of its own', () => {
    const state = InMemoryState.from(snapshot());
    const r = step({ policies: [grader, router], state, event: { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L8' } }, now: AT, explain: false });
    if (!r.ok) throw new Error('refused');
    expect(r.decisions.map((d) => d.policy.key)).toStrictEqual(['grader', 'a-router']);
    expect(Object.isFrozen(r.decisions)).toBe(false);
  });
});
