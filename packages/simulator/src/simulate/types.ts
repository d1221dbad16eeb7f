import type { PolicyDocument } from '@sluice/engine';
import type { Comparison, Difference } from '../estimate/compare.js';
import type { FitOptions } from '../estimate/model.js';
import type { PolicyReport } from '../estimate/metrics.js';
import type { UnassignedWarning } from '../estimate/unassignedWarnings.js';
import type { ModelReport } from '../estimate/words.js';
import type { History, Words } from '../types.js';

/** One candidate of an A/B/n: a name and the set of policies that run together (scoring + routing + reclaim …). */
export interface Candidate {
  label: string;
  policies: PolicyDocument[];
}

/** Where a simulation is: the model fit, then each candidate's replay (leads done of total), then the comparison. */
export interface SimulationProgress {
  stage: 'fit' | 'replay' | 'compare';
  /** The candidate being replayed (stage replay). */
  label?: string;
  /** 0-based position of that candidate. */
  index?: number;
  done: number;
  total: number;
}

export interface SimulateInput {
  history: History;
  /** The first is the baseline (the live policy); every other is set against it. */
  policies: Candidate[];
  seed: number;
  modelOptions?: FitOptions;
  /** The tenant's time zone (the mapping's): local days, shifts and months count in it. UTC when absent. */
  timeZone?: string;
  /** Working-day calendars the policies name. */
  calendars?: unknown[];
  /** The replays stop here (ISO instant); by default at the last instant the history records. */
  until?: string;
  /** Paired bootstrap resamples for fairness, contact time and circulation (default 200). */
  bootstrap?: number;
  onProgress?: (progress: SimulationProgress) => void;
}

/** What a candidate gained or lost against the baseline: only metrics whose interval excludes zero. */
export interface Verdicts {
  policy: string;
  versus: string;
  better: string[];
  worse: string[];
  /** Metrics with no difference at all (the interval is exactly zero). */
  same: string[];
  unclear: string[];
}

export interface SimulationReport {
  /** Report shape version: the HTML report and the editor read this. */
  version: 1;
  seed: number;
  inputs: {
    leads: number;
    activities: number;
    stageChanges: number;
    reps: number;
    teams: number;
    /** First created and last recorded instant of the history (ISO UTC); null when it holds no lead. */
    period: { start: string | null; end: string | null };
    outcomes: { won: number; lost: number; open: number; unowned: number };
    timeZone: string;
    policies: Array<{ label: string; policies: Array<{ key: string; kind: string; name: string; version: number | null }> }>;
  };
  baseline: string;
  model: ModelReport;
  policies: PolicyReport[];
  differences: Comparison['differences'];
  /** Active roster reps left out of fairness and the per-rep table (see fairnessReps). Absent in reports made before it was added. */
  fairnessLeftOut?: string[];
  verdicts: Verdicts[];
  /** How the verdicts are called, in both languages. */
  rule: Words;
  /**
   * Teams, reps and roles a candidate's policies name that no rep of the history's roster has
   * (nobody matches them: a rotation over such a team leaves its leads unassigned), in candidate order.
   * Absent in reports made before it was added.
   */
  warnings?: RosterWarning[];
  /**
   * Candidates that leave more than 5 % of the leads with nobody at the end of the run, with the likely
   * causes in both languages, in candidate order. Absent in reports made before it was added.
   */
  unassignedWarnings?: UnassignedWarning[];
}

/** A team, rep or role a candidate (by its label) names that the history's roster lacks. */
export interface RosterWarning {
  policy: string;
  policyKey: string;
  nodeId: string;
  path: string;
  message: Words;
}

export type { Difference, UnassignedWarning };
