/**
 * trainScoreModel's steps: split by time, choose the features (leaks dropped with reasons), fit,
 * calibrate, and write the model artefact with its references and provenance. Pure: the caller
 * passes `now` for the provenance.
 */
import type { PolicyDocument, ScoreModel } from '@sluice/engine';
import { SCORE_MODEL_FORMAT, scoreModelSchema } from '@sluice/engine';
import type { Mapping } from '../history/mapping.js';
import type { History } from '../types.js';
import { profileColumns } from './columns.js';
import { activityEncoders, buildEncoder, designMatrix, type Encoder, toModelFeatures, width } from './encode.js';
import { ModelTrainingError } from './errors.js';
import { fitModel } from './fit.js';
import { trainingDataHash } from './hash.js';
import { LEAK_AUC, soloAuc } from './leakage.js';
import { type DroppedFeature, dropReason } from './reasons.js';
import { innerSplit, type LabelledLead, requireBothClasses, timeSplit } from './rows.js';

export interface TrainOptions {
  seed?: number;
  /** What is known at scoring time: activities within this many hours of creation (default 0: attributes only). */
  horizonHours?: number;
  /** Newest share of closed leads held out for evaluation (default 0.25). */
  testShare?: number;
  /** Regularisation; chosen by time-ordered validation when absent. */
  l2?: number;
  minLevelCount?: number;
  /** Attribute keys never used. */
  exclude?: string[];
  /** Attribute keys the user says are known at scoring time: the leak checks do not drop them. */
  include?: string[];
  /** The tenant's current points table, to compare against. */
  points?: PolicyDocument;
  key?: string;
  trainedBy?: string;
  /** ISO instant for provenance.trainedAt (pure: passed in, never read from a clock). */
  now?: string;
  /** The mapping the history was imported with: labels features with the export's column names and drops attributes that read its outcome/close/amount/owner columns. */
  mapping?: Mapping;
}

/** What the report needs to know about the training beyond the model. */
export interface TrainFacts {
  used: Array<{ id: string; label: { en: string; zh: string }; kind: string; columns: number }>;
  dropped: DroppedFeature[];
  train: LabelledLead[];
  test: LabelledLead[];
  open: number;
  l2: number;
  l2From: 'given' | 'validation';
  calibrated: boolean;
  horizonHours: number;
}

const VALIDATION_SHARE = 0.2;

function columnContext(options: TrainOptions, horizonHours: number, minLevelCount: number) {
  const columns: Record<string, string> = {};
  const outcomeColumns: Array<{ field: 'outcome' | 'closedAt' | 'amount' | 'owner'; column: string }> = [];
  const m = options.mapping;
  if (m) {
    for (const [key, spec] of Object.entries(m.leads.attributes)) columns[key] = typeof spec === 'string' ? spec : spec.column;
    for (const field of ['outcome', 'closedAt', 'amount', 'owner'] as const) {
      const column = m.leads.columns[field];
      if (column !== undefined) outcomeColumns.push({ field, column });
    }
  }
  return { columns, outcomeColumns, horizonHours, minLevelCount, exclude: new Set(options.exclude ?? []), include: new Set(options.include ?? []) };
}

export function trainModel(history: History, options: TrainOptions = {}): { model: ScoreModel; facts: TrainFacts } {
  const horizonHours = options.horizonHours ?? 0;
  if (!(horizonHours >= 0 && horizonHours <= 24 * 365))
    throw new ModelTrainingError('bad-horizon', {
      en: `horizonHours must be 0–8760, got ${horizonHours}`,
      zh: `horizonHours 必须在 0–8760 之间，当前为 ${horizonHours}`,
    });
  if (options.l2 !== undefined && !(options.l2 >= 0))
    throw new ModelTrainingError('bad-l2', { en: `l2 must be ≥ 0, got ${options.l2}`, zh: `l2 必须 ≥ 0，当前为 ${options.l2}` });
  const testShare = options.testShare ?? 0.25;
  const { train, test, open } = timeSplit(history, testShare);
  if (train.length + test.length === 0)
    throw new ModelTrainingError('no-closed-leads', {
      en: `none of the ${history.leads.length} lead(s) is won or lost: a model learns from closed leads — map the outcome column (leads.columns.outcome and outcomeValues)`,
      zh: `${history.leads.length} 条线索中没有赢单或输单的：模型从已关闭线索中学习——请映射状态列（leads.columns.outcome 与 outcomeValues）`,
    });
  requireBothClasses(train, { en: 'training part (older leads)', zh: '训练部分（较早的线索）' });
  requireBothClasses(test, { en: 'test part (newest leads)', zh: '测试部分（最新的线索）' });
  const minLevelCount = options.minLevelCount ?? Math.max(20, Math.ceil(0.005 * train.length));
  const inner = innerSplit(train, VALIDATION_SHARE);
  requireBothClasses(inner.validate, { en: 'validation slice (newest training leads)', zh: '验证部分（最新的训练线索）' });

  const ctx = columnContext(options, horizonHours, minLevelCount);
  const { candidates, dropped } = profileColumns(train, history.leads, ctx);
  const encoders: Encoder[] = [];
  for (const c of candidates) {
    const e = buildEncoder(c, train, minLevelCount);
    if (!e) {
      dropped.push({ id: c.key, label: c.label, code: 'constant', reason: dropReason.constant() });
      continue;
    }
    const auc = ctx.include.has(c.key) ? undefined : soloAuc(e, inner.fit, inner.validate);
    if (auc !== undefined && auc >= LEAK_AUC) dropped.push({ id: c.key, label: c.label, code: 'leak-auc', reason: dropReason.leakAuc(auc) });
    else encoders.push(e);
  }
  encoders.push(...activityEncoders(train, horizonHours, minLevelCount));
  dropped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const fitted = fitModel(encoders, train, inner, options.l2);
  const features = toModelFeatures(encoders, fitted.fit.weights);
  // reference = mean contribution over the training leads: explanations measure a lead against it.
  const design = designMatrix(encoders, train);
  let o = 0;
  encoders.forEach((e, k) => {
    const f = features[k]!;
    let sum = 0;
    for (let i = 0; i < design.rows; i++) for (let j = 0; j < width(e); j++) sum += design.x[i * design.columns + o + j]! * fitted.fit.weights[o + j]!;
    f.reference = Number((sum / Math.max(design.rows, 1)).toPrecision(12));
    o += width(e);
  });

  const positives = train.reduce((s, r) => s + r.y, 0);
  const model = scoreModelSchema.parse({
    format: SCORE_MODEL_FORMAT,
    key: options.key ?? 'smart-score',
    version: 0,
    kind: 'logistic',
    intercept: Number(fitted.fit.intercept.toPrecision(12)),
    features,
    ...(fitted.calibration
      ? { calibration: { kind: 'platt', a: Number(fitted.calibration.a.toPrecision(12)), b: Number(fitted.calibration.b.toPrecision(12)) } }
      : {}),
    provenance: {
      dataHash: trainingDataHash(train),
      rows: train.length,
      positives,
      from: train[0]!.lead.createdAt,
      to: train[train.length - 1]!.lead.createdAt,
      ...(options.now ? { trainedAt: options.now } : {}),
      ...(options.trainedBy ? { trainedBy: options.trainedBy } : {}),
      settings: {
        seed: options.seed ?? 1,
        horizonHours,
        testShare,
        l2: fitted.l2,
        l2From: fitted.l2From,
        ...(fitted.grid.length ? { l2Grid: fitted.grid.map((g) => ({ l2: g.l2, logLoss: Number(g.logLoss.toFixed(6)) })) } : {}),
        minLevelCount,
        calibration: fitted.calibration ? 'platt' : 'none',
        iterations: fitted.fit.iterations,
        ...(options.exclude?.length ? { exclude: [...options.exclude] } : {}),
        ...(options.include?.length ? { include: [...options.include] } : {}),
      },
    },
  });
  const used = encoders.map((e) => ({ id: e.id, label: e.label, kind: e.kind, columns: width(e) }));
  return {
    model,
    facts: { used, dropped, train, test, open, l2: fitted.l2, l2From: fitted.l2From, calibrated: !!fitted.calibration, horizonHours },
  };
}
