/**
 * Puts the report together from what the trainer knows: the model, the scored test and training
 * leads (model probability, points score, outcome) and the features it dropped. The metrics, the
 * comparison and the verdict are computed here, once, so the CLI, the server and the editor all
 * show the same judgement.
 */
import type { ScoreModel } from '@sluice/engine';
import type { Words } from '../../types.js';
import { compareAuc } from '../evaluate/compare.js';
import { EvaluateInputError } from '../evaluate/errors.js';
import { scoreMetrics } from '../evaluate/metrics.js';
import type { Scored } from '../evaluate/scored.js';
import { usedFeatures } from './features.js';
import { MODEL_REPORT_FORMAT, type BaseRateMetrics, type ModelReport, type ReportDroppedFeature, type ReportPeriod, type SplitMetrics } from './types.js';
import { assumption, verdict } from './words.js';

/** One closed lead of a split: when it was created, its outcome, the model's P(won) and (with a points table) its points. */
export interface ReportRow {
  createdAt: string;
  y: 0 | 1;
  p: number;
  points?: number;
}

export interface ModelReportParts {
  model: ScoreModel;
  /** Leads in the history, and how many were still open (left out). */
  rowsRead: number;
  open: number;
  horizonHours: number;
  train: readonly ReportRow[];
  test: readonly ReportRow[];
  dropped: readonly ReportDroppedFeature[];
  /** The points table the rows' `points` come from; absent: the model is compared with the base rate. */
  points?: { key: string; name?: string };
  seed: number;
  /** Bootstrap resamples for the AUC difference (default 500). */
  resamples?: number;
  /** The trainer's own statements (encoding, missing values …), appended to the assumptions. */
  notes?: readonly Words[];
}

function period(rows: readonly ReportRow[], name: string): ReportPeriod {
  let from = rows[0]!.createdAt;
  let to = from;
  let positives = 0;
  rows.forEach((r, i) => {
    const ms = Date.parse(r.createdAt);
    if (!Number.isFinite(ms))
      throw new EvaluateInputError({
        en: `${name}[${i}].createdAt is not an instant: ${r.createdAt}`,
        zh: `${name}[${i}].createdAt 不是有效时间：${r.createdAt}`,
      });
    if (ms < Date.parse(from)) from = r.createdAt;
    if (ms > Date.parse(to)) to = r.createdAt;
    positives += r.y;
  });
  return { from, to, rows: rows.length, positives };
}

function pointsRows(rows: readonly ReportRow[], name: string): Scored[] {
  return rows.map((r, i) => {
    if (typeof r.points !== 'number' || !Number.isFinite(r.points))
      throw new EvaluateInputError({
        en: `${name}[${i}].points is missing: a points table was given, so every lead needs its points`,
        zh: `${name}[${i}].points 缺失：已提供积分表，每条线索都需要积分`,
      });
    return { p: r.points, y: r.y };
  });
}

function baseRate(rows: readonly ReportRow[], rate: number): BaseRateMetrics {
  const m = scoreMetrics(
    rows.map((r) => ({ p: rate, y: r.y })),
    { probabilities: true },
  );
  return { rate, logLoss: m.logLoss!, brier: m.brier! };
}

function split(
  rows: readonly ReportRow[],
  name: string,
  withPoints: boolean,
  rate: number,
): { metrics: SplitMetrics; model: Scored[]; points: Scored[] | null } {
  const model = rows.map((r) => ({ p: r.p, y: r.y }));
  const points = withPoints ? pointsRows(rows, name) : null;
  return {
    metrics: { model: scoreMetrics(model), points: points ? scoreMetrics(points, { probabilities: false }) : null, baseRate: baseRate(rows, rate) },
    model,
    points,
  };
}

/**
 * The report. Offered only when the model beats what the tenant has, out of sample: with a points
 * table, the 95% interval of AUC(model) − AUC(points) on the test leads lies above zero; without
 * one, the interval of AUC − 0.5 lies above zero and the model's log loss is below the base rate's.
 */
export function buildModelReport(parts: ModelReportParts): ModelReport {
  const { model } = parts;
  if (parts.train.length === 0 || parts.test.length === 0)
    throw new EvaluateInputError({
      en: 'the report needs closed leads in both the training and the test part',
      zh: '报告需要训练部分和测试部分都有已关闭的线索',
    });
  const resamples = parts.resamples ?? 500;
  const train = period(parts.train, 'train');
  const test = period(parts.test, 'test');
  // What "no model" predicts for new leads: the win rate of the leads it could have learned from.
  const rate = train.positives / train.rows;
  const withPoints = parts.points !== undefined;
  const onTest = split(parts.test, 'test', withPoints, rate);
  const onTrain = split(parts.train, 'train', withPoints, rate);
  const against = onTest.points ?? onTest.model.map((r) => ({ p: 0, y: r.y }));
  const d = compareAuc(onTest.model, against, { seed: parts.seed, resamples });
  const m = onTest.metrics;
  let offered: boolean;
  let reason: Words;
  if (parts.points && m.points) {
    offered = d.low > 0;
    reason = (offered ? verdict.beatsPoints : verdict.notBetterThanPoints)(parts.points.key, d, m.model.auc, m.points.auc);
  } else {
    offered = d.low > 0 && m.model.logLoss! < m.baseRate.logLoss;
    reason = (offered ? verdict.beatsBaseRate : verdict.notBetterThanBaseRate)(m.model.auc, d.low, m.model.logLoss!, m.baseRate.logLoss);
  }
  const platt = model.calibration?.kind === 'platt';
  const p = model.provenance;
  return {
    format: MODEL_REPORT_FORMAT,
    model: {
      key: model.key,
      version: model.version,
      trainedAt: p?.trainedAt ?? null,
      trainedBy: p?.trainedBy ?? null,
      dataHash: p?.dataHash ?? null,
      calibration: platt ? 'platt' : 'none',
    },
    data: {
      rowsRead: parts.rowsRead,
      closed: train.rows + test.rows,
      openExcluded: parts.open,
      positives: train.positives + test.positives,
      horizonHours: parts.horizonHours,
      train,
      test,
    },
    features: {
      used: usedFeatures(model),
      dropped: parts.dropped.map((x) => ({ id: x.id, label: { en: x.label.en, zh: x.label.zh }, code: x.code, reason: { en: x.reason.en, zh: x.reason.zh } })),
    },
    comparedWith: parts.points ? { kind: 'points', key: parts.points.key, name: parts.points.name ?? null } : { kind: 'baseRate', rate },
    metrics: { test: onTest.metrics, train: onTrain.metrics },
    aucDifference: { difference: d.difference, low: d.low, high: d.high, seed: parts.seed, resamples },
    offered,
    reason,
    assumptions: [
      assumption.timeSplit(train, test),
      assumption.closedOnly(parts.open),
      assumption.horizon(parts.horizonHours),
      assumption.calibration(platt),
      ...(parts.points ? [assumption.points(parts.points.key)] : []),
      assumption.bootstrap(resamples, parts.seed),
      assumption.bins(),
      ...(parts.notes ?? []).map((w) => ({ en: w.en, zh: w.zh })),
    ],
  };
}
