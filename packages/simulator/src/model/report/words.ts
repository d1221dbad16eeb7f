/** What the evaluation report says in words, both languages: the verdict and the assumptions. */
import type { Words } from '../../types.js';

/** Names every part of the report uses alike (tables, charts, the page around them). */
export const label = {
  smart: { en: 'Smart score', zh: '智能评分' },
  points: { en: 'Points table', zh: '积分表' },
  decile: { en: 'Decile', zh: '十分位' },
  leads: { en: 'Leads', zh: '线索数' },
} satisfies Record<string, Words>;

const day = (iso: string): string => iso.slice(0, 10);
const f3 = (x: number): string => x.toFixed(3);
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

export const verdict = {
  beatsPoints: (key: string, d: { difference: number; low: number; high: number }, model: number, points: number): Words => ({
    en: `Offered: on the newest leads the model ranks won above lost better than the points table "${key}" (AUC ${f3(model)} vs ${f3(points)}, difference ${signed(d.difference)}, 95% interval ${signed(d.low)} to ${signed(d.high)}, above zero).`,
    zh: `可以采用：在最新的线索上，模型区分赢单与输单的能力优于积分表“${key}”（AUC ${f3(model)} 对 ${f3(points)}，差 ${signed(d.difference)}，95% 区间 ${signed(d.low)} 至 ${signed(d.high)}，不含零）。`,
  }),
  notBetterThanPoints: (key: string, d: { difference: number; low: number; high: number }, model: number, points: number): Words => ({
    en: `Not offered: on the newest leads the model is not clearly better than the points table "${key}" (AUC ${f3(model)} vs ${f3(points)}, difference ${signed(d.difference)}, 95% interval ${signed(d.low)} to ${signed(d.high)}, which includes zero or lies below it). Keep the points table.`,
    zh: `不建议采用：在最新的线索上，模型并不明显优于积分表“${key}”（AUC ${f3(model)} 对 ${f3(points)}，差 ${signed(d.difference)}，95% 区间 ${signed(d.low)} 至 ${signed(d.high)}，含零或低于零）。请继续使用积分表。`,
  }),
  beatsBaseRate: (auc: number, low: number, modelLoss: number, baseLoss: number): Words => ({
    en: `Offered: there is no points table to compare with; on the newest leads the model ranks better than chance (AUC ${f3(auc)}, 95% interval from ${f3(0.5 + low)}) and predicts better than the base rate (log loss ${f3(modelLoss)} vs ${f3(baseLoss)}).`,
    zh: `可以采用：没有可比较的积分表；在最新的线索上，模型的排序优于随机（AUC ${f3(auc)}，95% 区间下限 ${f3(0.5 + low)}），预测优于整体赢单率（对数损失 ${f3(modelLoss)} 对 ${f3(baseLoss)}）。`,
  }),
  notBetterThanBaseRate: (auc: number, low: number, modelLoss: number, baseLoss: number): Words => ({
    en: `Not offered: there is no points table to compare with, and on the newest leads the model does not clearly beat the base rate (AUC ${f3(auc)}, 95% interval from ${f3(0.5 + low)}; log loss ${f3(modelLoss)} vs ${f3(baseLoss)} for the base rate).`,
    zh: `不建议采用：没有可比较的积分表，且在最新的线索上模型并不明显优于整体赢单率（AUC ${f3(auc)}，95% 区间下限 ${f3(0.5 + low)}；对数损失 ${f3(modelLoss)}，整体赢单率为 ${f3(baseLoss)}）。`,
  }),
};

export const assumption = {
  timeSplit: (train: { from: string; to: string; rows: number }, test: { from: string; to: string; rows: number }): Words => ({
    en: `Split by time, never by random rows: trained on the ${train.rows} leads created ${day(train.from)} – ${day(train.to)}, judged on the ${test.rows} newer ones created ${day(test.from)} – ${day(test.to)}, as a model is used on leads that arrive after the ones it learned from.`,
    zh: `按时间划分，从不随机抽行：用 ${day(train.from)} 至 ${day(train.to)} 创建的 ${train.rows} 条线索训练，用其后 ${day(test.from)} 至 ${day(test.to)} 创建的 ${test.rows} 条较新线索评估——模型上线后面对的正是比训练数据更新的线索。`,
  }),
  closedOnly: (open: number): Words => ({
    en: `Only closed leads (won or lost) are used; ${open} lead(s) still open were left out, as their outcome is not known yet.`,
    zh: `只使用已关闭（赢单或输单）的线索；${open} 条仍在跟进中的线索未使用，因为其结果尚不可知。`,
  }),
  horizon: (hours: number): Words =>
    hours === 0
      ? {
          en: 'Scored when the lead arrives: only its attributes at creation are used; no activity is counted.',
          zh: '在线索到达时评分：只使用创建时已知的线索属性，不计任何活动。',
        }
      : {
          en: `Scored ${hours} hour(s) after creation: attributes plus the activities of the first ${hours} hour(s); nothing later is counted.`,
          zh: `在创建后 ${hours} 小时评分：使用线索属性及前 ${hours} 小时内的活动，之后的一概不计。`,
        },
  calibration: (platt: boolean): Words =>
    platt
      ? {
          en: 'Probabilities are calibrated by Platt scaling fitted on the newest part of the training period (kept because it improved log loss there).',
          zh: '概率经 Platt 缩放校准，校准在训练期最新的一段上拟合（因其在该段上降低了对数损失而保留）。',
        }
      : {
          en: "Probabilities are the logistic model's own, without a separate calibration step (Platt scaling did not improve them on the newest part of the training period).",
          zh: '概率直接取自逻辑回归模型，未另做校准（Platt 缩放在训练期最新的一段上没有改善）。',
        },
  points: (key: string): Words => ({
    en: `The points table "${key}" is run by the same engine as in production, on each lead as of its scoring instant; its points only rank leads, so it has AUC and lift but no log loss or calibration.`,
    zh: `积分表“${key}”由与生产环境相同的引擎运行，按每条线索的评分时刻计算；积分只用于排序，因此只有 AUC 与提升度，没有对数损失与校准。`,
  }),
  bootstrap: (resamples: number, seed: number): Words => ({
    en: `The AUC difference's 95% interval is a paired bootstrap over the test leads, won and lost leads drawn separately (${resamples} resamples, seed ${seed}).`,
    zh: `AUC 差值的 95% 区间为测试线索上的配对自助法（bootstrap），赢单与输单线索分别抽样（${resamples} 次重抽样，随机种子 ${seed}）。`,
  }),
  bins: (): Words => ({
    en: 'Calibration uses ten equal-width bins of predicted probability (0–10%, …, 90–100%); the calibration error (ECE) is the lead-weighted mean gap between predicted and observed win rate.',
    zh: '校准按预测概率等宽分为十组（0–10%、…、90–100%）；校准误差（ECE）为各组预测赢单率与实际赢单率之差按线索数加权的平均。',
  }),
};
