/**
 * The smart score (智能评分): learn P(won) from a history's closed leads, judge it against the
 * tenant's points table on newer leads, and score leads with it — all through the engine's own
 * model artefact and scorer, so what the report measured is what a decision computes.
 */
import type { ScoreModel } from '@sluice/engine';
import type { History, Words } from '../types.js';
import { reportOn } from './evaluation.js';
import type { ModelReport } from './report/index.js';
import { type TrainOptions, trainModel } from './train.js';

export { evaluateScoreModel } from './evaluation.js';
export { scoreHistory, modelHorizon, type ScoredLead } from './scoring.js';
export { ModelTrainingError } from './errors.js';
export type { DroppedFeature, DropCode } from './reasons.js';
export { fitLogistic, logisticGradient, type LogisticData, type LogisticFit } from './logistic.js';
export * from './evaluate/index.js';
export * from './report/index.js';
export type { TrainOptions };

export interface TrainResult {
  model: ScoreModel;
  report: ModelReport;
}

/** How the trainer treated the data, for the report's assumptions. */
function trainerNotes(l2: number, l2From: 'given' | 'validation', calibrated: boolean): Words[] {
  return [
    {
      en: 'numbers: clamped to the training 1st–99th percentile, log1p when the right tail is long, standardised; text: one weight per value seen on enough training leads, the rest share "other"; yes/no: one weight; an empty value has its own weight in every feature',
      zh: '数字：截断到训练数据的第 1–99 百分位，右尾很长时取 log1p，再标准化；文本：训练中出现足够多次的每个取值各有一个权重，其余合为“其他”；是/否：一个权重；每个特征的空值都有自己的权重',
    },
    l2From === 'given'
      ? { en: `L2-regularised logistic regression, penalty ${l2} as given`, zh: `L2 正则化逻辑回归，惩罚系数 ${l2}（按设置）` }
      : {
          en: `L2-regularised logistic regression, penalty ${l2} chosen by log loss on the newest 20% of the training part after fitting on the older 80%`,
          zh: `L2 正则化逻辑回归，惩罚系数 ${l2}：先用训练部分中较早的 80% 拟合，再按最新 20% 上的对数损失选出`,
        },
    calibrated
      ? {
          en: 'Platt calibration kept: it lowered log loss on validation leads it was not fitted on',
          zh: '保留 Platt 校准：它降低了未参与拟合的验证线索上的对数损失',
        }
      : { en: 'no Platt calibration: it did not lower log loss on validation leads', zh: '未使用 Platt 校准：它没有降低验证线索上的对数损失' },
  ];
}

/**
 * Trains on the older closed leads, evaluates on the newest `testShare` of them. Same history and
 * options → the same model, byte for byte. Throws ModelTrainingError (zh/en) when it cannot learn.
 */
export function trainScoreModel(history: History, options: TrainOptions = {}): TrainResult {
  const { model, facts } = trainModel(history, options);
  const report = reportOn(
    model,
    history,
    {
      train: facts.train,
      test: facts.test,
      open: facts.open,
      dropped: facts.dropped,
      horizonHours: facts.horizonHours,
      notes: trainerNotes(facts.l2, facts.l2From, facts.calibrated),
    },
    { ...(options.points ? { points: options.points } : {}), seed: options.seed ?? 1 },
  );
  return { model, report };
}
