import { decide } from '../runtime/decide.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Decision } from '../types/decision.js';
import type { SluiceEvent } from '../types/domain.js';
import { factChanges, refusalOf } from './facts.js';
import { runOrder } from './order.js';
import type { StepEvent, StepInput, StepResult } from './types.js';

/**
 * One event, as the server, the scheduler, the tests and the simulator all handle it: the event's
 * facts are recorded (or the event is refused, changing nothing), then every live policy it
 * triggers decides in run order, each on the state the previous left — a scoring policy's grade is
 * what the routing policy reads. Each change is applied to the caller's working copy as it is
 * made and returned, facts first, so the caller persists exactly what was applied. Pure otherwise:
 * no clock, no I/O; the same input gives the same result.
 */
export function step({ policies, state, event, now }: StepInput): StepResult {
  const refusal = refusalOf(state, event);
  if (refusal) return { ok: false, refusal };
  const changes: StateChange[] = factChanges(state, event);
  const decisions: Decision[] = [];
  const running = policies.filter((p) => p.trigger.events.includes(event.type)).sort(runOrder);
  for (const policy of running) {
    const d = decide(policy, eventAsDecided(event, state), state, now);
    state.apply(d.changes);
    changes.push(...d.changes);
    decisions.push(d);
  }
  return { ok: true, decisions, changes };
}

/** The event a policy decides on: its lead as it stands now (stored, the CRM's data, earlier policies' facts). */
export function eventAsDecided(event: StepEvent, state: StateView): SluiceEvent {
  const leadId = event.lead?.id ?? event.leadId;
  const { lead: _sent, ...rest } = event;
  const current = leadId ? state.lead(leadId) : undefined;
  return (current ? { ...rest, lead: current } : rest) as SluiceEvent;
}
