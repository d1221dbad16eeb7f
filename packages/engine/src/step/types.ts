import type { CompiledPolicy } from '../compiler/types.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Decision, Labels } from '../types/decision.js';
import type { SluiceEvent } from '../types/domain.js';

/**
 * Events that only change lead facts: no policy triggers on them, but reclaim clocks and
 * exemptions read what they set (status, lock).
 */
export const FACT_ONLY_EVENT_TYPES = ['deal.lost', 'lead.locked', 'lead.unlocked'] as const;
export type FactOnlyEventType = (typeof FACT_ONLY_EVENT_TYPES)[number];

/** What `step` takes: an engine event or a fact-only one. */
export type StepEvent = Omit<SluiceEvent, 'type'> & { type: SluiceEvent['type'] | FactOnlyEventType };

/** The caller's working copy: step reads it and applies each change to it as it goes. */
export type WorkingState = StateView & { apply(changes: readonly StateChange[]): void };

export interface StepInput {
  /** The live policies, any order: those whose trigger lists the event's type run, in run order. */
  policies: readonly CompiledPolicy[];
  state: WorkingState;
  event: StepEvent;
  /** Epoch milliseconds or an ISO instant: when the event is decided. */
  now: number | string;
}

/** An event refused on its own merits, as data: the HTTP layer picks the status and wording from it. */
export interface StepRefusal {
  code: 'lead-not-found' | 'activity-without-rep';
  status: number;
  message: Labels;
  errors: Array<{ path: string; message: Labels }>;
}

export type StepResult = { ok: true; decisions: Decision[]; changes: StateChange[] } | { ok: false; refusal: StepRefusal };
