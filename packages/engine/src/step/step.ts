import type { CompiledPolicy } from '../compiler/types.js';
import { decide, type DecideOptions } from '../runtime/decide.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Decision } from '../types/decision.js';
import type { SluiceEvent } from '../types/domain.js';
import { factChangesFor, refusalFor, unknownRepRefusal } from './facts.js';
import { assign, claim, claimedPool, release } from './manual.js';
import { runOrder } from './order.js';
import { wholeTick } from './tick.js';
import type { StepEvent, StepInput, StepKind, StepResult, WorkingState } from './types.js';

/**
 * One event, as the server, the scheduler, the tests and the simulator all handle it. By its kind
 * (stepKind): a claim from a pool, a release or a manual assignment is checked and becomes its own
 * decision; a whole tick runs every tick policy over its scope; any other event's facts are recorded
 * (or the event is refused, changing nothing), then every live policy it triggers decides in run
 * order, each on the state the previous left — a scoring policy's grade is what the routing policy
 * reads. Each change is applied to the caller's working copy as it is made and returned, in order,
 * so the caller persists exactly what was applied. Pure otherwise: no clock, no I/O; the same
 * input gives the same result.
 */
export function step({ policies, state, event, now, nowIso, explain }: StepInput): StepResult {
  const nowMs = toMs(now);
  const kind = stepKind(event);
  switch (kind) {
    case 'claim':
      return claim(state, event, claimedPool(event)!, nowMs);
    case 'release':
      return release(state, event, nowMs);
    case 'assign':
      return assign(state, event, nowMs);
    case 'tick':
      return wholeTick(policies, state, nowMs);
    case 'event':
      return decideEvent(policies, state, event, nowMs, nowIso, explain);
    default: {
      const _never: never = kind;
      throw new Error(`no step for ${String(_never)}`);
    }
  }
}

/** What `step` does with the event: decided by the event alone, so every caller agrees. */
export function stepKind(event: Pick<StepEvent, 'type' | 'data' | 'leadId' | 'repId' | 'lead'>): StepKind {
  switch (event.type) {
    case 'release.requested':
      return 'release';
    case 'assign.requested':
      return 'assign';
    case 'claim.requested':
      return claimedPool(event) ? 'claim' : 'event';
    case 'tick':
      return event.leadId || event.lead || event.repId ? 'event' : 'tick';
    case 'lead.created':
    case 'lead.updated':
    case 'lead.qualified':
    case 'lead.returned_to_pool':
    case 'activity.logged':
    case 'stage.changed':
    case 'collab.requested':
    case 'deal.won':
    case 'decision.overridden':
    case 'deal.lost':
    case 'lead.locked':
    case 'lead.unlocked':
      return 'event';
    default: {
      const _never: never = event.type;
      throw new Error(`unknown event type ${String(_never)}`);
    }
  }
}

/**
 * An event's facts, then the policies it triggers. The result's lists are made at their length
 * (a list grown by push from empty takes room for 17 entries): they were a large part of the
 * garbage a replay makes per step.
 */
function decideEvent(
  policies: StepInput['policies'],
  state: WorkingState,
  event: StepEvent,
  now: number,
  nowIso: string | undefined,
  explain: boolean | undefined,
): StepResult {
  if (nowIso !== undefined) state.stepInstant?.(nowIso, now);
  const leadId = event.lead?.id ?? event.leadId;
  // The lead as stored, read once for the refusal and the facts.
  const known = leadId ? state.lead(leadId) : undefined;
  const refusal = (leadId ? refusalFor(event, leadId, known) : undefined) ?? unknownRepRefusal(state, event, known);
  if (refusal) return { ok: false, refusal };
  let changes: StateChange[] = leadId ? factChangesFor(state, event, leadId, known, nowIso) : [];
  // Most events trigger no policy (a follow-up, a close) and many one: those take no list and no sort.
  let only: CompiledPolicy | undefined;
  let count = 0;
  const type = event.type;
  for (const p of policies) {
    if (!triggers(p, type)) continue;
    only = p;
    count++;
  }
  if (count === 0) return { ok: true, decisions: NO_DECISIONS, changes };
  // Who owned the lead before any policy of this step ran: a later routing policy keeps only that
  // owner (keepOwner), not one an earlier policy of the same step gave out (the later one routes on).
  const options =
    leadId && (type === 'lead.created' || type === 'lead.updated')
      ? ownerOptions(explain, nowIso, state.lead(leadId)?.ownerId ?? null, event.lead?.ownerId ?? null)
      : decideOptions(explain, nowIso);
  if (count === 1) {
    const d = decideOn(only!, event, state, now, options);
    return { ok: true, decisions: [d], changes: joined(changes, d.changes) };
  }
  const decisions: Decision[] = [];
  for (const policy of runningOn(policies, event.type)) {
    const d = decideOn(policy, event, state, now, options);
    decisions.push(d);
    changes = joined(changes, d.changes);
  }
  return { ok: true, decisions, changes };
}

/** One policy's decision on the event, its changes applied to the working state. */
function decideOn(policy: CompiledPolicy, event: StepEvent, state: WorkingState, now: number, options: DecideOptions | undefined): Decision {
  const d = decide(policy, eventAsDecided(event, state), state, now, options);
  state.apply(d.changes);
  return d;
}

/**
 * `facts.concat(decided)`, a new list: an event's facts and one decision's changes are mostly a
 * change or two each, made here as a literal rather than through concat (a builtin call per
 * routed lead). `facts` itself when the decision changed nothing: it is the step's own list.
 */
function joined(facts: StateChange[], decided: readonly StateChange[]): StateChange[] {
  if (decided.length === 0) return facts;
  if (facts.length === 1) {
    if (decided.length === 1) return [facts[0]!, decided[0]!];
    if (decided.length === 2) return [facts[0]!, decided[0]!, decided[1]!];
  }
  return facts.concat(decided);
}

/**
 * The decisions of a step no policy decides on (most of a replay's: follow-ups, closes), one frozen
 * empty list for all: a list per step was garbage made at every step. No caller adds to a step's
 * decisions (the server, the scheduler and the simulator read them); a caller that tried would get
 * a TypeError rather than change another step's result.
 */
const NO_DECISIONS = Object.freeze([]) as unknown as Decision[];

/** decide's options for `explain: false`, shared: decide only reads them. */
const LEAN: DecideOptions = Object.freeze({ explain: false });

/**
 * decide's options for the step: with the caller's text for now, an object of the step's own (a
 * decision then stamps that text and reads the event's `at` without parsing it); else shared.
 */
function decideOptions(explain: boolean | undefined, nowIso: string | undefined): DecideOptions | undefined {
  if (nowIso !== undefined) return explain === false ? { explain: false, nowIso } : { nowIso };
  return explain === false ? LEAN : undefined;
}

/**
 * decideOptions with the owner before the step and the one the CRM's event named, one literal (a
 * spread of the shared options was a slow clone per new lead).
 */
function ownerOptions(explain: boolean | undefined, nowIso: string | undefined, ownerBeforeEvent: string | null, ownerReported: string | null): DecideOptions {
  if (explain === false)
    return nowIso !== undefined ? { explain: false, nowIso, ownerBeforeEvent, ownerReported } : { explain: false, ownerBeforeEvent, ownerReported };
  return nowIso !== undefined ? { nowIso, ownerBeforeEvent, ownerReported } : { ownerBeforeEvent, ownerReported };
}

/**
 * Whether the policy's trigger lists the event type: a loop of `===` (event types are interned
 * strings, compared by pointer), not `includes`, a builtin call per policy on every step.
 */
function triggers(policy: CompiledPolicy, type: string): boolean {
  const events = policy.trigger.events;
  for (let i = 0; i < events.length; i++) if (events[i] === type) return true;
  return false;
}

/** The policies the event type triggers, in run order. */
function runningOn(policies: readonly CompiledPolicy[], type: string): readonly CompiledPolicy[] {
  return policies.filter((p) => triggers(p, type)).sort(runOrder);
}

/**
 * The event a policy decides on: its lead as it stands now (stored, the CRM's data, earlier policies' facts).
 * A spread of the event with the lead then set on it, not a rest (`{ lead, ...rest }`): V8 copies an
 * object by its shape for a spread, while a rest leaving a key out went through the runtime, once
 * per routed lead. The copy keeps `lead` where the event had it (the rest put it last): nothing
 * reads an event's keys in order. A sent lead with no stored one (the state dropped it), or a
 * `lead` key with nothing in it, is left out, as before.
 */
export function eventAsDecided(event: StepEvent, state: StateView): SluiceEvent {
  const leadId = event.lead?.id ?? event.leadId;
  const current = leadId ? state.lead(leadId) : undefined;
  if (current === undefined && 'lead' in event) {
    const { lead: _sent, ...rest } = event;
    return rest as SluiceEvent;
  }
  const decided = { ...event } as SluiceEvent;
  if (current !== undefined) decided.lead = current;
  return decided;
}

function toMs(now: number | string): number {
  const ms = typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(now)}`);
  return ms;
}
