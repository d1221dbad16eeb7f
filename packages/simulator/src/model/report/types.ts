/**
 * The smart score's evaluation report: JSON first (the server stores it, the editor reads it), the
 * standalone HTML drawn from it. Every field is plain data in a fixed key order, so the same
 * training gives the same bytes.
 */
import type { Words } from '../../types.js';
import type { ScoreMetrics } from '../evaluate/metrics.js';

export const MODEL_REPORT_FORMAT = 'sluice.modelReport/1' as const;

/** Leads created in [from, to] (ISO, as the history has them), and how many were won. */
export interface ReportPeriod {
  from: string;
  to: string;
  rows: number;
  positives: number;
}

/** One feature the model uses, with a summary of its weights in log-odds. */
export interface UsedFeature {
  id: string;
  label: Words;
  kind: 'numeric' | 'category' | 'flag' | 'activityCount';
  /** What it reads: a fact path (`lead.source`), or `activities` / `activities.<type>` for counts. */
  reads: string;
  /** Hours after creation counted, for activity counts; null otherwise. */
  withinHours: number | null;
  /**
   * Log-odds between its highest- and lowest-scoring values: numbers and counts one standard
   * deviation below vs. above the mean, categories and flags their best vs. worst value; a missing
   * value counts as a value. Features are listed strongest first.
   */
  strength: number;
  /** Per standard deviation (numbers, counts) or for "yes" (flags); null for categories. */
  weight: number | null;
  missingWeight: number;
  /** Categories: each level's weight, highest first; null otherwise. */
  levels: Array<{ value: string; label: Words | null; weight: number }> | null;
  otherWeight: number | null;
}

/** A candidate column the model does not use, and why (the trainer's codes: leak-name, constant …). */
export interface ReportDroppedFeature {
  id: string;
  label: Words;
  code: string;
  reason: Words;
}

/** A constant score at the training base rate: what "no model" predicts. */
export interface BaseRateMetrics {
  rate: number;
  logLoss: number;
  brier: number;
}

export interface SplitMetrics {
  model: ScoreMetrics;
  /** The current points table on the same leads (ranking metrics only); null without one. */
  points: ScoreMetrics | null;
  baseRate: BaseRateMetrics;
}

export interface ModelReport {
  format: typeof MODEL_REPORT_FORMAT;
  model: {
    key: string;
    version: number;
    trainedAt: string | null;
    trainedBy: string | null;
    dataHash: string | null;
    calibration: 'platt' | 'none';
  };
  data: {
    /** Leads in the history. */
    rowsRead: number;
    /** Won or lost: the leads trained and evaluated on. */
    closed: number;
    /** Still open: outcome unknown, left out. */
    openExcluded: number;
    positives: number;
    /** What is known at scoring time: activities within this many hours of creation (0: attributes only). */
    horizonHours: number;
    train: ReportPeriod;
    test: ReportPeriod;
  };
  features: { used: UsedFeature[]; dropped: ReportDroppedFeature[] };
  /** What the model must beat: the tenant's points table, or (without one) the base rate. */
  comparedWith: { kind: 'points'; key: string; name: string | null } | { kind: 'baseRate'; rate: number };
  metrics: { test: SplitMetrics; train: SplitMetrics };
  /** AUC(model) − AUC(compared) on the test leads, 95% paired bootstrap interval (against the base rate: AUC − 0.5). */
  aucDifference: { difference: number; low: number; high: number; seed: number; resamples: number };
  offered: boolean;
  reason: Words;
  assumptions: Words[];
}
