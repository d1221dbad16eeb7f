/**
 * The simulator's shared shapes: what an import produces (History), what a replay produces
 * (ReplayRun), and what the estimate turns that into (PolicyReport / Comparison). Import, replay,
 * model and metrics each live in their own folder and meet only here.
 */
import type { JsonValue, RepInput } from '@sluice/engine';

/** Both languages, for every message a user reads. */
export interface Words {
  en: string;
  zh: string;
}

export type Outcome = 'won' | 'lost' | 'open';

/** One lead as the CRM export had it, already mapped and typed. Instants are ISO-8601 UTC strings. */
export interface HistoryLead {
  id: string;
  createdAt: string;
  /** The rep who worked it in history (the last owner the export names); absent when it sat unowned. */
  ownerRepId?: string;
  /** The team the export names for it (所属部门). */
  team?: string;
  /** Every other mapped column, typed (numbers parsed, empty values left out): what policy conditions read as `lead.<field>`. */
  attributes: Record<string, JsonValue>;
  outcome: Outcome;
  /** When it was won or lost. */
  closedAt?: string;
  /** Deal amount when won (or the expected amount when open / lost, if the export has one). */
  amount?: number;
  /** Row number in its source file (1-based, header = row 1), so every later message can point at it. */
  row?: number;
}

export interface HistoryActivity {
  leadId: string;
  repId?: string;
  at: string;
  /** Activity kind as the engine knows it (call, email, visit …) after mapping. */
  type: string;
  row?: number;
}

export interface HistoryStageChange {
  leadId: string;
  at: string;
  stage: string;
  row?: number;
}

/** The roster: from a roster file, or every rep the history names with the team seen most with them. */
export type HistoryRep = RepInput;

export interface History {
  leads: HistoryLead[];
  activities: HistoryActivity[];
  stageChanges: HistoryStageChange[];
  reps: HistoryRep[];
  teams: Array<{ id: string; name?: string }>;
}

/** A row that was not used, and why: nothing is dropped silently. */
export interface RejectedRow {
  file: 'leads' | 'activities' | 'stages' | 'roster';
  /** 1-based line of the record in its file (the header is row 1). */
  row: number;
  column?: string;
  reason: Words;
  /** Stable code for counting (`missing-id`, `bad-date`, `duplicate-id`, `unknown-lead` …). */
  code: string;
}

export interface ImportSummary {
  file: RejectedRow['file'];
  rowsRead: number;
  rowsUsed: number;
  rowsSkipped: number;
  /** code → count, so the summary says why. */
  skippedBy: Record<string, number>;
  /** The encoding the bytes were read as (utf-8, utf-8 with BOM, gb18030) and the delimiter found. */
  encoding?: string;
  delimiter?: string;
  /** What the import decided on its own (date order, roster, blank rows …), so nothing is silent. */
  notes?: Words[];
}

export interface ImportResult {
  history: History;
  summaries: ImportSummary[];
  rejects: RejectedRow[];
}

/**
 * What one replay of one policy set produced, per lead: who it went to and what happened to it.
 * The estimate (model + metrics) reads only this and the History.
 */
export interface ReplayLead {
  leadId: string;
  /** The rep the policy gave it to first (undefined: nobody — pool or no candidate). */
  firstRepId?: string;
  /** The rep holding it when the replay ended. */
  finalRepId?: string;
  /** The historical owner, for "kept its historical rep". */
  historicalRepId?: string;
  /** True when the final holder differs from history: its follow-ups and outcome must be estimated. */
  counterfactual: boolean;
  assignedAt?: string;
  reclaimed: number;
  rerouted: number;
  reminders: number;
  penalties: number;
  /** Open leads the assignee held when it was assigned (the load the model's load effect reads). */
  loadAtAssign?: number;
  /** Ids of nodes that decided it (for "which node decided"). */
  decidedBy?: string;
  /** The outcome under this run: history's when the final holder is the historical one, else the behaviour's. */
  outcome: Outcome;
  closedAt?: string;
  amount?: number;
  /** The behaviour's probability of a win for the final holder (expected wins sum these; history-kept leads: 0 or 1). */
  pWon?: number;
  /** First follow-up by the holder after assignment (time to first contact). */
  firstContactAt?: string;
  /** Every follow-up that happened in the run (only when the replay is asked to keep them: the generator writes them out). */
  activities?: Array<{ at: string; repId: string; type: string }>;
}

/**
 * What happens once a rep holds a lead: their follow-ups and the outcome if they keep it. History
 * for a lead that keeps its historical rep; the fitted model (estimate) or the generator's hidden
 * truth otherwise. The replay asks when a lead is assigned and schedules the follow-ups as events,
 * so a reclaim can still take the lead before they happen.
 */
export interface LeadBehaviour {
  /**
   * `atMs`, when given, is `Date.parse(at)` (the replay has it: the behaviour need not parse it
   * again). `index`, when given, is the lead's place in the history replayed (`history.leads[index]`
   * is `lead`): a behaviour that indexed that history's leads by place may read them there instead
   * of looking the lead's id up (it checks the lead is the one it has at that place).
   */
  onAssigned(input: { lead: HistoryLead; repId: string; at: string; atMs?: number; load: number; historical: boolean; index?: number }): AssignedCourse;
}

export interface AssignedCourse {
  /**
   * Follow-ups at or after the assignment, in time order. `ms`, when given, is `Date.parse(at)` and
   * `at` is `new Date(ms).toISOString()`: a behaviour that made the text from a number says so, and
   * the replay books by it without parsing the text back or holding it until the follow-up comes up
   * (a million-lead replay books a few million follow-ups). A text in any other form comes without `ms`.
   */
  activities: Array<{ at: string; type: string; ms?: number }>;
  /** Stage changes at or after the assignment, in time order (history's, for its own rep): opportunity stages move reclaim clocks and exemptions. */
  stages?: Array<{ at: string; stage: string }>;
  outcome: Outcome;
  closedAt?: string;
  /** `Date.parse(closedAt)`, when the behaviour has it, closedAt being its toISOString text (as `ms` of a follow-up). */
  closedMs?: number;
  amount?: number;
  pWon?: number;
}

/**
 * Every lead's result in a run, in history order, read column by column: a million result objects
 * (two dozen fields and three instant texts each) were ~8 % of a replay's time and ~190 MB held,
 * and the metrics read five of their fields. `lead(i)` makes one lead's object when it is wanted
 * whole; iterating makes each in turn. JSON is the list of those objects.
 */
export interface ReplayResults extends Iterable<ReplayLead> {
  readonly length: number;
  /** Lead i's result as one object (a new one each call). */
  lead(i: number): ReplayLead;
  leadId(i: number): string;
  finalRepId(i: number): string | undefined;
  counterfactual(i: number): boolean;
  reclaimed(i: number): number;
  rerouted(i: number): number;
  reminders(i: number): number;
  penalties(i: number): number;
  loadAtAssign(i: number): number | undefined;
  outcome(i: number): Outcome;
  amount(i: number): number | undefined;
  pWon(i: number): number | undefined;
  /** Hours from the first assignment to the first contact (NaN: not both, or either is not an instant). */
  contactHours(i: number): number;
  toJSON(): ReplayLead[];
}

export interface ReplayRun {
  policyLabel: string;
  leads: ReplayResults;
  /** Counts over the whole run. */
  totals: { events: number; ticks: number; decisions: number; capViolations: number; refused: number };
  /** Reps' cap violations, penalties … keyed by rep id. */
  perRep: Record<string, { assigned: number; capViolations: number; penalties: number }>;
  /** Active roster reps the run's routing policies can give a lead to (the engine's routableReps), sorted. */
  routable?: string[];
}
