import { compilePolicy, InMemoryState, step, stepKind, type Decision, type StepEvent, type StepResult } from '../src/index.js';
import { examplePolicy, exampleScenarioState, exampleScenarios, exampleTimeline } from '@sluice/examples';
import { describe, expect, it } from 'vitest';

/**
 * `explain: false` (decide's option, passed through by step) is for replays that read only actions
 * and changes: it may leave out the visited walk and the summary, and nothing else.
 */
function play(scenario: ReturnType<typeof exampleScenarios>[number], explain: boolean | undefined): StepResult[] {
  const policies = scenario.policies.map((name) => {
    const r = compilePolicy(examplePolicy(name));
    if (!r.ok) throw new Error(`${name} does not compile`);
    return r.policy;
  });
  const state = InMemoryState.from(exampleScenarioState(scenario));
  const events = (exampleTimeline(scenario.timeline) as { events: StepEvent[] }).events;
  return events.map((event) => step({ policies, state, event, now: Date.parse(event.at), explain }));
}

/** A decision with the two parts `explain: false` leaves out blanked, as that option blanks them. */
const unexplained = (d: Decision): Decision => ({ ...d, explanation: { ...d.explanation, visited: [], summary: { en: '', zh: '' } } });

const event = (r: StepResult) => (r.ok ? r.decisions : []);

describe('decide without the explanation walk', () => {
  it.each(exampleScenarios().map((s) => [s.timeline, s] as const))('%s: the same changes and actions with and without', (_name, scenario) => {
    const full = play(scenario, undefined);
    const lean = play(scenario, false);
    expect(lean.length).toBe(full.length);
    full.forEach((r, i) => {
      const l = lean[i]!;
      expect(l.ok).toBe(r.ok);
      if (!r.ok || !l.ok) return expect(l).toEqual(r);
      expect(l.changes).toEqual(r.changes);
      expect(l.ticks).toEqual(r.ticks);
      // A whole tick, a claim, a release and a manual assignment explain themselves regardless.
      const isEventPath = stepKind(scenarioEvent(scenario, i)) === 'event';
      expect(l.decisions).toEqual(isEventPath ? r.decisions.map(unexplained) : r.decisions);
    });
  });

  it('leaves out what it says it does: the full replay has walks and summaries, the lean one none', () => {
    const scenario = exampleScenarios().find((s) => s.timeline === 's01-new-leads')!;
    const full = play(scenario, true).flatMap(event);
    const lean = play(scenario, false).flatMap(event);
    expect(full.some((d) => d.explanation.visited.length > 0 && d.explanation.summary.en !== '')).toBe(true);
    expect(lean.length).toBe(full.length);
    for (const d of lean) {
      expect(d.explanation.visited).toEqual([]);
      expect(d.explanation.summary).toEqual({ en: '', zh: '' });
    }
    expect(lean.map((d) => d.explanation.rulesFired)).toEqual(full.map((d) => d.explanation.rulesFired));
  });
});

function scenarioEvent(scenario: ReturnType<typeof exampleScenarios>[number], i: number): StepEvent {
  return (exampleTimeline(scenario.timeline) as { events: StepEvent[] }).events[i]!;
}
