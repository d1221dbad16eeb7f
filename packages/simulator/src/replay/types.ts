import type { PolicyDocument } from '@sluice/engine';
import type { AssignedCourse, History, HistoryLead, LeadBehaviour, ReplayLead } from '../types.js';

export interface ReplayInput {
  history: History;
  /** The live policies of the run (any order: the engine runs them in its own order). */
  policies: PolicyDocument[];
  /** Follow-ups and outcome of whoever gets a lead (historicalBehaviour for the historical rep). */
  behaviour: LeadBehaviour;
  label: string;
  /** Reserved: the replay itself draws nothing at random (the behaviour carries its own seed). */
  seed?: number;
  /** Keep every follow-up that happened on each lead (the generator writes them out as a history). */
  keepActivities?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** The tenant's time zone (the mapping's): local days, shifts and working days count in it. UTC when absent. */
  timeZone?: string;
  /** Working-day calendars the policies name, as the engine's state takes them. */
  calendars?: unknown[];
  /**
   * The baseline "what happened": each lead arrives with its historical owner, as a CRM that
   * assigned it reports it (the engine records that owner as an assignment), so with no routing
   * policy every lead keeps its historical rep.
   */
  keepHistoricalOwner?: boolean;
  /** The replay stops here (ISO instant); by default at the last instant the history records. */
  until?: string;
  /**
   * How often a subject whose next due stays in the past (a bound the tick did not resolve: a
   * hoarding check over a sliding window, a policy with a clockless effect on ticks) is ticked
   * again, in minutes. 60 by default.
   */
  recheckMinutes?: number;
}

/**
 * What the replay calendar holds (arrivals are not booked: they come in creation order from a
 * sorted list, ahead of anything booked for the same instant). Bookings carry the lead's Track,
 * so handling one needs no lookup by id.
 */
export type Booking =
  | { kind: 'activity'; track: Track; course: number; at: string; type: string }
  | { kind: 'stage'; track: Track; course: number; stage: string }
  | { kind: 'outcome'; track: Track; course: number }
  | { kind: 'returned'; track: Track }
  | { kind: 'leadTick'; track: Track }
  | { kind: 'repTick'; repId: string };

/** One lead as the replay follows it. */
export interface Track {
  history: HistoryLead;
  /** history.createdAt in epoch milliseconds (parsed once). */
  createdMs: number;
  /** The lead's result as it builds up (made into its ReplayLead at the end: one object per lead, not two). */
  reclaimed: number;
  rerouted: number;
  reminders: number;
  penalties: number;
  /** Follow-ups kept (keepActivities), from the first on. */
  activities: ReplayLead['activities'];
  firstRepId: string | undefined;
  assignedAt: string | undefined;
  decidedBy: string | undefined;
  loadAtAssign: number | undefined;
  firstContactAt: string | undefined;
  /** Who holds it now, and which course (bumped whenever the holder changes, so a lost course's events are dropped). */
  holder: string | undefined;
  course: number;
  /**
   * How the holder's course ends, set with `holder` (its follow-ups are on the calendar, not kept
   * here): fields of the track rather than an object per assignment.
   */
  outcome: AssignedCourse['outcome'];
  closedAt: string | undefined;
  amount: number | undefined;
  pWon: number | undefined;
  assignments: number;
  /** The lead tick booked, if any, and where it stands on the calendar (-1: none). */
  dueAt: number | undefined;
  tickSlot: number;
  lastTickAt: number | undefined;
  /** The replay step that last listed it among the leads to rebook (each is rebooked once per step). */
  touchedIn: number;
}
