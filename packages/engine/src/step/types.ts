import type { CompiledPolicy } from '../compiler/types.js';
import type { ClaimRefusalCode } from '../runtime/claims.js';
import type { TickResult } from '../runtime/tick.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Decision, Labels } from '../types/decision.js';
import type { SluiceEvent } from '../types/domain.js';

/**
 * Events that only change lead facts: no policy triggers on them, but reclaim clocks and
 * exemptions read what they set (status, lock).
 */
export const FACT_ONLY_EVENT_TYPES = ['deal.lost', 'lead.locked', 'lead.unlocked'] as const;
export type FactOnlyEventType = (typeof FACT_ONLY_EVENT_TYPES)[number];

/**
 * A person's request about one lead that no policy decides (the server's claims routes):
 * `release.requested` — POST /v1/leads/{id}/release, `data: { poolId, reason? }`;
 * `assign.requested` — POST /v1/leads/{id}/assign, `data: { managerId?, actor? }`.
 * A claim from a pool is a `claim.requested` naming the pool in `data.poolId` (POST /v1/pools/{pool}/claim).
 */
export const MANUAL_EVENT_TYPES = ['release.requested', 'assign.requested'] as const;
export type ManualEventType = (typeof MANUAL_EVENT_TYPES)[number];

/** What `step` takes: an engine event, a fact-only one or a manual request. */
export type StepEvent = Omit<SluiceEvent, 'type'> & { type: SluiceEvent['type'] | FactOnlyEventType | ManualEventType };

/**
 * What a step does with an event, decided by the event alone (stepKind):
 * `claim` — a claim.requested naming a pool in `data.poolId`: the pool's checks, then the lead is the rep's;
 * `release` / `assign` — the manual requests above;
 * `tick` — a tick about no lead and no rep: every live tick policy's tick over its whole scope, in run order;
 * `event` — anything else (a tick about one subject included): the event's facts, then the policies it triggers.
 */
export type StepKind = 'claim' | 'release' | 'assign' | 'tick' | 'event';

/** The caller's working copy: step reads it and applies each change to it as it goes. */
export type WorkingState = StateView & {
  apply(changes: readonly StateChange[]): void;
  /**
   * Told, before a step given `nowIso` applies anything, that `iso` is the instant `ms` (exactly
   * `new Date(ms).toISOString()`): most of the step's changes stamp that very string, and a state
   * that reads their instants as numbers (the local day an assignment counts on) then needs no
   * parse of it. Only ever a true pair, so a state may keep it past the step. Optional.
   */
  stepInstant?(iso: string, ms: number): void;
};

/**
 * What `step` is given. The simulator's replay fills the same input, and the same follow-up
 * (`activity.logged`), close and lead-tick event objects, in again for each step, once it is done
 * with the last result: so an event of those kinds is only read during the call — what the state
 * stores from it is copied (the activity's fields, the facts' strings) and a policy decides on a
 * copy of the event. Keep it so (replay.fingerprint.test.ts would show a break).
 */
export interface StepInput {
  /** The live policies, any order: those whose trigger lists the event's type run, in run order. */
  policies: readonly CompiledPolicy[];
  state: WorkingState;
  event: StepEvent;
  /** Epoch milliseconds or an ISO instant: when the event is decided. */
  now: number | string;
  /**
   * `now` as `new Date(now).toISOString()` writes it, when the caller has that text already (the
   * event's own `at`, typically): instants the step reads that are this very text are taken as
   * `now` without a parse, and the decisions stamp it. A caller that is not sure leaves it out —
   * the step then parses as it must; a text that is not exactly that string gives wrong instants.
   * Results are the same with or without it.
   */
  nowIso?: string;
  /**
   * False: the event's decisions come without the walk of visited nodes and the summary
   * (decide's `{ explain: false }`), for a replay that reads only actions and changes (the
   * simulator). Changes and actions are the same either way. Whole ticks, claims, releases and
   * manual assignments explain themselves regardless. Default true.
   */
  explain?: boolean;
}

/**
 * Why an event is refused. The event path's: `lead-not-found` (404), `activity-without-rep` (422),
 * `rep-not-in-roster` (422: a rep the tenant's roster does not know, when it has one),
 * `pool-not-in-tenant` (422: a pool the CRM reports for a lead nobody holds that the tenant lacks).
 * A claim's: `unknown-pool`, `unknown-lead` (404), then runtime/claims.ts's ClaimRefusalCode (409).
 * A release's: `unknown-lead`, `unknown-pool` (404), `notOwner` (409). A manual assignment's:
 * `unknown-lead` (404), `unknownRep`, `alreadyOwner` (409).
 */
export type StepRefusalCode =
  | 'lead-not-found'
  | 'activity-without-rep'
  | 'rep-not-in-roster'
  | 'pool-not-in-tenant'
  | ClaimRefusalCode
  | 'unknown-lead'
  | 'unknown-pool'
  | 'notOwner'
  | 'alreadyOwner';

/** An event refused on its own merits, as data: the HTTP layer picks the status and wording from it. */
export interface StepRefusal {
  code: StepRefusalCode;
  status: 404 | 409 | 422;
  /** The one-line answer (the problem's title). */
  message: Labels;
  /** More than the message says, when there is more (who does own the lead). */
  detail?: Labels;
  /** The refusal's data a client may switch on (the claim's limit, the owner, until when …). */
  reason?: Record<string, string | number | boolean | null>;
  /** Where in the event the problem is, as JSON paths. */
  errors: Array<{ path: string; message: Labels }>;
}

export type StepResult =
  | {
      ok: true;
      /** Every decision in run order: the policies' (a tick: each subject's that acted), or the claim's, release's or assignment's own. */
      decisions: Decision[];
      /** Every change applied, in order: the event's facts, then each decision's. */
      changes: StateChange[];
      /** A whole tick: one result per tick policy, in run order (what it checked and evaluated). */
      ticks?: TickResult[];
    }
  | { ok: false; refusal: StepRefusal };
