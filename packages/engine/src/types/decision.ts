import type { AbsentFact, ConditionTrace } from '../expression/condition.js';
import type { CreditShare, StateChange } from './state.js';
import type { Override } from './domain.js';

export interface Labels {
  en: string;
  zh: string;
}

export type Recipient = { kind: 'rep' | 'team' | 'role' | 'manager' | 'owner'; id: string };

/** What the CRM is told to do. */
export type Action =
  | { type: 'assign'; leadId: string; repId: string; previousOwnerId: string | null; nodeId: string; strategy: string }
  | { type: 'toPool'; leadId: string; poolId: string; previousOwnerId: string | null; nodeId: string }
  | { type: 'queue'; leadId: string; queueId: string; managerId?: string; nodeId: string }
  /**
   * `fields`: lead fields the decision wrote besides score, grade and stage (a smart score's
   * `smartScore`), for the CRM to store as it stores the score.
   */
  | { type: 'score'; leadId: string; score: number; grade?: string; stage?: string; fields?: Record<string, number>; nodeId: string }
  | { type: 'notify'; leadId?: string; nodeId: string; mode: 'notify' | 'task' | 'escalate'; to: Recipient[]; message: Labels }
  | { type: 'schedule'; leadId: string; due: string; nodeId: string; step: number }
  /** A won deal's credit (S22–S24): revenue shares sum to the amount to the cent; overlay comes on top. */
  | { type: 'split'; leadId: string; nodeId: string; method: string; amountCents: number; shares: CreditShare[]; overlay: CreditShare[] };

export type SkipReason =
  | 'inactive'
  | 'away'
  | 'offShift'
  | 'full'
  | 'dailyCapReached'
  | 'cooling'
  | 'suspended'
  | 'zeroWeight'
  | 'notEligible'
  /** A day off in the rep's working-day calendar (a weekend or holiday there): see the row's `calendar`, `day`, `holiday`. */
  | 'holiday'
  /** The rep could not be evaluated (e.g. a time zone the runtime does not know): see the row's `error`. */
  | 'error';

/**
 * Something the decision worked around rather than failed on, as data (the engine does not log):
 * the caller logs it. Today: a candidate that could not be evaluated and was skipped.
 */
export interface DecisionWarning {
  /**
   * calendarMissing: a rule counts working days by a calendar the tenant does not have, so it did not act.
   * modelMissing: a smart-score node names a model the tenant has not published, so the lead was not smart-scored.
   */
  code: 'candidateError' | 'calendarMissing' | 'modelMissing';
  nodeId: string;
  repId?: string;
  /** What the runtime said, as it said it. */
  error: string;
  message: Labels;
}

/** One row of an assignment's candidate table. */
export interface CandidateRow {
  repId: string;
  status: 'chosen' | 'eligible' | 'skipped';
  reason?: SkipReason;
  /** Figures behind the verdict: load 12/12, weight 2, match 0.83 … */
  detail: Record<string, number | string | boolean | null>;
}

export interface VisitedNode {
  nodeId: string;
  kind: string;
  label?: string;
  /** For guards the handle taken (true/false/a switch case); for effects the outcome. */
  result: string;
  condition?: ConditionTrace;
  /** Per output handle, for switches: which case matched. */
  branches?: Array<{ handle: string; condition: ConditionTrace }>;
  candidates?: CandidateRow[];
  /** Rows left out of a long candidate table (see CANDIDATE_ROWS), counted by status and skip reason. */
  candidatesOmitted?: { count: number; byStatus: Record<string, number>; byReason: Record<string, number> };
  detail?: Record<string, unknown>;
  note?: Labels;
  /** Lead and event facts this node's conditions test that were not sent, or sent as null; absent when none. */
  absentFacts?: AbsentFact[];
}

/** A smart-score model version a decision scored with. */
export interface ModelRef {
  key: string;
  version: number;
}

export interface Decision {
  eventId: string;
  eventType: string;
  leadId: string | null;
  at: string;
  policy: { key: string; version: number; kind: string };
  /** The smart-score models (key and version) the decision scored with, in node order; absent when none. */
  models?: ModelRef[];
  /** False when the trigger does not listen to this event type. */
  triggered: boolean;
  actions: Action[];
  changes: StateChange[];
  explanation: {
    visited: VisitedNode[];
    /** The rules that fired, by name (node path), in firing order. */
    rulesFired: string[];
    summary: Labels;
    /** Committee overrides on record for the lead (S26): part of every later decision's explanation. */
    overrides?: Override[];
    /** Problems worked around (a candidate skipped because it could not be evaluated); absent when none. */
    warnings?: DecisionWarning[];
  };
}

/**
 * What decisions report to the world outside (the server's outbox and webhooks): one name per kind
 * of outcome. In the engine so the server's subscription check and the editor's webhook form list
 * the same names.
 */
export const DECISION_EVENT_TYPES = [
  'decision.made',
  'lead.assigned',
  'lead.reclaimed',
  'lead.pooled',
  'lead.queued',
  'lead.scored',
  'lead.scheduled',
  'reminder.due',
  'penalty.applied',
  'escalation',
  'task.created',
  'notification',
  'deal.split',
  'rep.flagged',
] as const;
