/**
 * The evaluation report (the simulator's ModelReport, stored with each version) as the page shows
 * it: the held-out (test) split's metrics, the features, the verdict.
 */
import type { ModelReport, ScoreModel, Words } from './types.js';

/** One scorer's metrics on the held-out leads (the simulator's ScoreMetrics). */
export type Metrics = ModelReport['metrics']['test']['model'];

export interface FeatureUsed {
  id: string;
  label: Words;
  kind?: string;
  /** How strongly it moves the score (largest |weight| of the feature), for ranking. */
  strength: number | null;
}

export interface FeatureDropped {
  id: string;
  label?: Words;
  reason: Words;
}

export interface Evaluation {
  model: Metrics | null;
  points: Metrics | null;
  /** A constant score at the training base rate: what "no model" would predict. */
  baseRate: { rate: number; logLoss: number; brier: number } | null;
  /** What the model had to beat: the tenant's points table, or (without one) the base rate. */
  comparedWith: { kind: 'points'; key: string; name: string | null } | { kind: 'baseRate' } | null;
  /** AUC(model) − AUC(points) with its 95 % interval, when both were scored on the same leads. */
  aucDifference: { difference: number; low: number; high: number } | null;
  used: FeatureUsed[];
  dropped: FeatureDropped[];
  offered: boolean;
  reason: Words | null;
  train: { n: number | null; from: string | null; to: string | null } | null;
  test: { n: number | null; from: string | null; to: string | null } | null;
  assumptions: Words[];
}

/**
 * How far a feature can move the log-odds: |weight| per standard deviation (numbers, activity
 * counts), |weight| for a flag, the spread between its levels for a category. From the artefact
 * itself, for a model uploaded without a report.
 */
export function featureStrengths(model: ScoreModel): FeatureUsed[] {
  return model.features.map((f) => {
    let strength: number;
    if (f.kind === 'category') {
      const w = [...f.levels.map((l) => l.weight), f.otherWeight];
      strength = Math.max(...w) - Math.min(...w);
    } else strength = Math.abs(f.weight);
    return { id: f.id, label: f.label, kind: f.kind, strength };
  });
}

const period = (p: ModelReport['data']['train']) => ({ n: p.rows, from: p.from, to: p.to });

/** The report as the page shows it; without a report (an uploaded model) only its features, from the artefact. */
export function readEvaluation(report: ModelReport | null, model: ScoreModel): Evaluation {
  if (!report)
    return {
      model: null,
      points: null,
      baseRate: null,
      comparedWith: null,
      aucDifference: null,
      used: featureStrengths(model),
      dropped: [],
      offered: false,
      reason: null,
      train: null,
      test: null,
      assumptions: [],
    };
  const test = report.metrics.test;
  return {
    model: test.model,
    points: test.points,
    baseRate: test.baseRate,
    comparedWith:
      report.comparedWith.kind === 'points' ? { kind: 'points', key: report.comparedWith.key, name: report.comparedWith.name } : { kind: 'baseRate' },
    aucDifference: report.aucDifference,
    used: report.features.used.map((f) => ({ id: f.id, label: f.label, kind: f.kind, strength: f.strength })),
    dropped: report.features.dropped.map((f) => ({ id: f.id, label: f.label, reason: f.reason })),
    offered: report.offered,
    reason: report.reason,
    train: period(report.data.train),
    test: period(report.data.test),
    assumptions: report.assumptions,
  };
}

/** Which side is better on a metric: higher AUC, lower log loss / calibration error / Brier; null when not comparable. */
export function winner(metric: 'auc' | 'logLoss' | 'ece' | 'brier', model: number | null, points: number | null): 'model' | 'points' | 'tie' | null {
  if (model === null || points === null) return null;
  if (model === points) return 'tie';
  const higherIsBetter = metric === 'auc';
  return model > points === higherIsBetter ? 'model' : 'points';
}
