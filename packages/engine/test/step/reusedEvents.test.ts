import { compilePolicy, InMemoryState, step, type StepEvent, type StepResult } from '../../src/index.js';
import { examplePolicy, exampleScenarioState, exampleScenarios, exampleTimeline } from '@sluice/examples';
import { describe, expect, it } from 'vitest';

/**
 * StepInput's promise, which the simulator's replay builds on: a follow-up (`activity.logged`), a
 * close (`deal.won` / `deal.lost`) or a lead's tick is only read during the step, so the same
 * event object (and the same activity object inside it) may be filled in again for the next one.
 * Every scenario of the corpus is played twice — each event fresh, and those kinds through one
 * object per kind filled in again — and must give the same results and state; then the reused
 * objects are overwritten with nonsense, which nothing the state holds may show.
 */
const REUSED = new Set(['activity.logged', 'deal.won', 'deal.lost', 'tick']);
type Scenario = ReturnType<typeof exampleScenarios>[number];

function play(scenario: Scenario, reuse: boolean) {
  const policies = scenario.policies.map((name) => {
    const r = compilePolicy(examplePolicy(name));
    if (!r.ok) throw new Error(`${name} does not compile`);
    return r.policy;
  });
  const state = InMemoryState.from(exampleScenarioState(scenario));
  const events = structuredClone((exampleTimeline(scenario.timeline) as { events: StepEvent[] }).events);
  const held = new Map<string, Record<string, unknown>>();
  const results: string[] = [];
  for (const sent of events) {
    const event = reuse && REUSED.has(sent.type) && !sent.lead ? refill(held, sent) : sent;
    const result: StepResult = step({ policies, state, event, now: Date.parse(sent.at), explain: false });
    // Read at once, as the replay does before it fills the object in again.
    results.push(JSON.stringify(result));
  }
  return { results, state, events, held };
}

/** The kind's one object, its fields (and its activity's) replaced by the event's in place. */
function refill(held: Map<string, Record<string, unknown>>, sent: StepEvent): StepEvent {
  let object = held.get(sent.type);
  if (!object) held.set(sent.type, (object = {}));
  const activity = (object.activity ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(object)) delete object[k];
  for (const k of Object.keys(activity)) delete activity[k];
  for (const [k, v] of Object.entries(structuredClone(sent))) {
    if (k === 'activity' && v) {
      Object.assign(activity, v);
      object.activity = activity;
    } else object[k] = v;
  }
  return object as unknown as StepEvent;
}

/** What the state holds about the scenario's leads and reps, as text. */
function stateText(state: InMemoryState, events: readonly StepEvent[]): string {
  const leadIds = new Set<string>();
  for (const e of events) {
    if (e.leadId) leadIds.add(e.leadId);
    if (e.lead?.id) leadIds.add(e.lead.id);
  }
  const leads = [...leadIds].sort().map((id) => ({
    lead: state.lead(id),
    activities: state.activities(id),
    ownership: state.ownershipHistory(id),
    collaborators: state.collaborators(id),
    overrides: state.overrides(id),
    reminder: state.lastReminder(id),
  }));
  const reps = state.reps().map((r) => ({ id: r.id, load: state.openLoad(r.id), penalties: state.penalties(r.id) }));
  return JSON.stringify({ leads, reps });
}

function poison(value: Record<string, unknown>): void {
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (typeof v === 'string') value[k] = `poisoned-${k}`;
    else if (typeof v === 'number') value[k] = -1;
    else if (v && typeof v === 'object') poison(v as Record<string, unknown>);
  }
}

describe('a follow-up, close or tick event object filled in again for the next step', () => {
  const scenarios = exampleScenarios().filter((s) =>
    (exampleTimeline(s.timeline) as { events: StepEvent[] }).events.some((e) => REUSED.has(e.type) && !e.lead),
  );

  it('is played by some scenarios of the corpus', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });

  it.each(scenarios.map((s) => [s.timeline, s] as const))('%s: same results and state as fresh events; the state keeps none of them', (_name, scenario) => {
    const fresh = play(scenario, false);
    const reused = play(scenario, true);
    expect(reused.held.size).toBeGreaterThan(0);
    expect(reused.results).toEqual(fresh.results);
    const before = stateText(reused.state, fresh.events);
    expect(before).toBe(stateText(fresh.state, fresh.events));
    for (const object of reused.held.values()) poison(object);
    expect(stateText(reused.state, fresh.events)).toBe(before);
  });
});
