/**
 * The honest evaluation: the model's probabilities (from the engine's own scorer) and the tenant's
 * points (from the engine running their table) on the same closed leads, the older part and the
 * newer held-out part, handed to the report builder (model/report), which judges and words it.
 */
import type { PolicyDocument, ScoreModel } from '@sluice/engine';
import type { History, Words } from '../types.js';
import { pointsScores } from './evaluate/index.js';
import type { DroppedFeature } from './reasons.js';
import { buildModelReport, type ModelReport, type ReportRow } from './report/index.js';
import type { LabelledLead } from './rows.js';
import { modelHorizon, probabilities } from './scoring.js';
import { timeSplit } from './rows.js';

const HOUR_MS = 3_600_000;

export interface EvaluationInput {
  train: readonly LabelledLead[];
  test: readonly LabelledLead[];
  open: number;
  dropped: readonly DroppedFeature[];
  horizonHours: number;
  notes?: readonly Words[];
}

function rows(model: ScoreModel, history: History, part: readonly LabelledLead[], horizonHours: number, points?: PolicyDocument): ReportRow[] {
  const leads = part.map((r) => r.lead);
  const p = probabilities(model, leads, history, horizonHours);
  const pts = points ? pointsScores(points, leads, history.activities, (lead) => Date.parse(lead.createdAt) + horizonHours * HOUR_MS) : undefined;
  return part.map((r, i) => ({ createdAt: r.lead.createdAt, y: r.y, p: p[i]!, ...(pts ? { points: pts[i]! } : {}) }));
}

export function reportOn(model: ScoreModel, history: History, input: EvaluationInput, options: { points?: PolicyDocument; seed?: number }): ModelReport {
  const { points } = options;
  return buildModelReport({
    model,
    rowsRead: history.leads.length,
    open: input.open,
    horizonHours: input.horizonHours,
    train: rows(model, history, input.train, input.horizonHours, points),
    test: rows(model, history, input.test, input.horizonHours, points),
    dropped: input.dropped,
    ...(points ? { points: { key: points.key, name: points.name } } : {}),
    seed: options.seed ?? 1,
    ...(input.notes ? { notes: input.notes } : {}),
  });
}

/**
 * A stored model judged on a history (the same export or a newer one): closed leads split by time
 * as the trainer split them (the model's testShare), scored at the model's horizon unless told.
 */
export function evaluateScoreModel(
  model: ScoreModel,
  history: History,
  options: { points?: PolicyDocument; horizonHours?: number; seed?: number } = {},
): ModelReport {
  const settings = model.provenance?.settings ?? {};
  const share = typeof settings.testShare === 'number' ? settings.testShare : 0.25;
  const horizonHours = options.horizonHours ?? modelHorizon(model);
  const { train, test, open } = timeSplit(history, share);
  const seed = options.seed ?? (typeof settings.seed === 'number' ? settings.seed : 1);
  return reportOn(
    model,
    history,
    { train, test, open, dropped: [], horizonHours, notes: [evaluatedNote(share)] },
    { ...(options.points ? { points: options.points } : {}), seed },
  );
}

const evaluatedNote = (share: number): Words => ({
  en: `an existing model evaluated on this history: the newest ${Math.round(share * 100)}% of closed leads are the test part — they are out of sample only if the model was trained on older leads (compare the training period in the model's provenance)`,
  zh: `在此历史上评估已有模型：最新的 ${Math.round(share * 100)}% 已关闭线索为测试部分——只有当模型用更早的线索训练时，它们才是样本外数据（请对照模型来源中的训练时段）`,
});
