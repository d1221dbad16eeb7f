/**
 * Next due is a lower bound, swept over every example scenario with a tick policy: on each state the
 * timeline passes through, the policy's ticks (each lead's own; per rep, the engine's whole tick) run
 * at many instants — a grid, every lead's due and the millisecond before it, the timeline's events — and
 * wherever it acts on a lead, that lead's next due is at or before the instant. Lead-scoped
 * clocks are also tight: at its due instant the tick does act on the lead.
 */
import { describe, expect, it } from 'vitest';
import { exampleScenarios, exampleScenarioState, exampleTimeline, examplePolicy, listExamples, type ExampleScenario } from '@sluice/examples';
import {
  compilePolicy,
  decide,
  dueClocks,
  eventSchema,
  InMemoryState,
  step,
  tick,
  type CompiledPolicy,
  type Decision,
  type DueClock,
  type StateSnapshotInput,
} from '../src/index.js';

const HOUR = 3_600_000;

function compiled(name: string): CompiledPolicy {
  const r = compilePolicy(examplePolicy(name));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

/**
 * The states the timeline passes through — before each event, and after the last — each with the
 * instant it stands at: ticks are tried from then on (time does not run back; the initial state
 * from ten days before the first event).
 */
function statesOf(policies: CompiledPolicy[], state: InMemoryState, timeline: string) {
  const events = (exampleTimeline(timeline) as { events: unknown[] }).events.map((e) => eventSchema.parse(e));
  const instants = events.map((e) => Date.parse(e.at));
  const states = [{ state: state.clone(), from: Math.min(...instants) - 10 * 24 * HOUR }];
  for (const e of events) {
    step({ policies, state, event: e, now: e.at });
    states.push({ state: state.clone(), from: Date.parse(e.at) });
  }
  return { states, instants };
}

/** The instants to try from `from` on: a 6-hour grid, the timeline's events, each lead's due and the ms either side. */
function sweep(clock: DueClock, state: InMemoryState, from: number, around: number[]): number[] {
  const hi = Math.max(...around) + 20 * 24 * HOUR;
  const out = new Set<number>(around);
  for (let t = from; t <= hi; t += 6 * HOUR) out.add(t);
  for (const lead of leadsOf(state)) {
    const d = clock.due(lead, state);
    if (d !== undefined && Number.isFinite(d)) for (const t of [d - 1, d, d + 1]) out.add(t);
  }
  return [...out].filter((t) => t >= from).sort((a, b) => a - b);
}

const leadsOf = (state: InMemoryState) => state.allLeads();

/** The reps who hold or held the lead: whose per-rep tick it can make act. */
function repsOf(state: InMemoryState, leadId: string): string[] {
  const lead = state.lead(leadId);
  return [...new Set([...(lead?.ownerId ? [lead.ownerId] : []), ...state.ownershipHistory(leadId).map((o) => o.repId)])];
}

/**
 * The decisions that act at `t`: the whole tick's for per-rep policies; for lead-scoped ones, every
 * lead's own tick (a tick event naming the lead, as the simulator and the timelines send it) — a
 * superset of the whole tick's, which walks only its scope (a cascade's pool leads are not owned).
 */
function acting(clock: DueClock, state: InMemoryState, t: number): Decision[] {
  if (clock.scope === 'reps') return tick(clock.policy, state, t).decisions;
  const at = new Date(t).toISOString();
  return leadsOf(state)
    .map((l) => decide(clock.policy, { id: `tick:${l.id}`, type: 'tick', at, leadId: l.id }, state, t))
    .filter((d) => d.actions.length > 0 || d.changes.length > 0);
}

/** Example tick policies no scenario plays, on the timeline and state of their sibling. */
const EXTRA: ExampleScenario[] = [
  {
    timeline: 's13-cascade',
    policies: ['s13-cascade-working-days'],
    state: 's13-tiered-teams',
    calendars: ['cn-2026'],
    title: { en: 'Tiered cascade in working days', zh: '按工作日的分级延迟分配' },
  },
];
const tickScenarios = [...exampleScenarios(), ...EXTRA].filter((s) => s.policies.some((p) => compiled(p).trigger.events.includes('tick')));
const name = (s: ExampleScenario) => `${s.timeline}/${s.policies.join('+')}`;

describe('next due never comes after a tick acts', () => {
  it('covers the example tick policies', () => {
    const policies = new Set(tickScenarios.flatMap((s) => s.policies));
    const all = listExamples('policies').filter((p) => compiled(p).trigger.events.includes('tick'));
    expect([...policies].sort()).toEqual(all);
    expect(all.length).toBe(11);
  });

  for (const scenario of tickScenarios) {
    it(`${name(scenario)}: no acting tick before a lead's next due, and (per lead) one at it`, () => {
      const policies = scenario.policies.map(compiled);
      const initial = InMemoryState.from(exampleScenarioState(scenario) as StateSnapshotInput);
      const { states, instants } = statesOf(policies, initial, scenario.timeline);
      let acted = 0;
      let tight = 0;
      for (const clock of dueClocks(policies)) {
        for (const { state, from } of states) {
          const dues = new Map(leadsOf(state).map((l) => [l.id, clock.due(l, state)]));
          const dueOk = (leadId: string, t: number) => {
            const d = dues.get(leadId);
            return d !== undefined && d <= t;
          };
          for (const t of sweep(clock, state, from, instants)) {
            for (const d of acting(clock, state, t)) {
              acted++;
              if (clock.scope === 'reps') {
                const repId = d.eventId.slice(d.eventId.lastIndexOf(':') + 1);
                for (const c of d.changes) if (c.type === 'lead.toPool') expect(dueOk(c.leadId, t), `${c.leadId} released at ${t}`).toBe(true);
                const some = [...dues.keys()].some((id) => repsOf(state, id).includes(repId) && dueOk(id, t));
                expect(some, `${repId} acted on at ${new Date(t).toISOString()} with no lead due`).toBe(true);
              } else {
                expect(dueOk(d.leadId!, t), `${d.leadId} acted on at ${new Date(t).toISOString()}, due ${dues.get(d.leadId!)}`).toBe(true);
              }
            }
          }
          if (clock.scope === 'reps') continue;
          for (const [leadId, d] of dues) {
            // A due already past stands for "at the next tick".
            const at = Math.max(d ?? Number.NaN, from);
            if (!Number.isFinite(at)) continue;
            expect(
              acting(clock, state, at).some((x) => x.leadId === leadId),
              `${leadId} not acted on at its due ${new Date(at).toISOString()}`,
            ).toBe(true);
            tight++;
          }
        }
      }
      // The sweep saw the policy act (and the lead-scoped clocks reached their dues).
      expect(acted).toBeGreaterThan(0);
      if (dueClocks(policies).some((c) => c.scope !== 'reps')) expect(tight).toBeGreaterThan(0);
    });
  }
});
