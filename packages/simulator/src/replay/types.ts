import type { Compiled } from './setup.js';
import type { HistoryIndex } from './historyIndex.js';
import type { PolicyDocument } from '@sluice/engine';
import type { History, LeadBehaviour } from '../types.js';

export interface ReplayInput {
  history: History;
  /** The live policies of the run (any order: the engine runs them in its own order). */
  policies: PolicyDocument[];
  /** `policies` compiled already (setup.ts compileAll of these very documents): not compiled again. */
  compiled?: Compiled;
  /**
   * The history's index (new HistoryIndex(history)), made once and shared by the runs over it; one
   * is made for the run when absent or made for another history.
   */
  index?: HistoryIndex;
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
