/**
 * The model section of a report: what the estimate assumed, in both languages, and where the history
 * could not say. Sales-ops must be able to read why a number is what it is (§6: explainable).
 */
import type { Words } from '../types.js';
import type { Contribution } from './contributions.js';
import type { Model } from './model.js';

export const METHOD: Words = {
  en:
    'Leads that keep their historical rep keep their historical outcome. For every other lead the outcome is estimated from the history: ' +
    "the new holder's win rate in the lead's segment, shrunk toward the segment rate by empirical Bayes (beta-binomial, prior strength κ " +
    "estimated per segment by the method of moments from the spread of reps' rates), adjusted for the holder's load (logistic slope on open " +
    "leads held, compared within each rep; a load past the range the history showed extrapolates that slope, and its standard error times the distance from the rep's usual load widens the interval). Follow-up timing is drawn from the holder's own response-time distribution, mixed with all reps' " +
    "in proportion n/(n + minCell). Expected wins = Σ win probabilities; revenue = Σ probability × amount (the lead's own amount, else the " +
    "segment's mean won amount). 95 % intervals: normal approximation with outcome noise Σ p(1−p) plus the model's parameter uncertainty by the " +
    'delta method. “Wins on this history” count a kept lead’s real outcome as exact; the “mean wins” interval adds its outcome noise around its rep’s rate, for comparing with an expected value. Differences are paired over the same leads. Fairness, contact-time and circulation differences use a seeded paired bootstrap over leads. ' +
    'Unassigned leads are those nobody holds at the end of the run (never routed, or returned to the pool and left there); contacted within the run means a first contact after the first assignment before the run ended; both are compared lead by lead, with a normal interval of the paired difference (√n times the standard deviation of the per-lead differences). ' +
    'Time to first contact (median, 90th percentile) is measured over the leads held at the end of the run; a held lead never contacted counts as slower than every contacted one (its time is cut off at the run’s end), so a policy cannot look faster by leaving leads uncontacted. When the percentile falls on such leads it is “not reached within the run” (—), and against a policy that reached it the difference is unbounded.',
  zh:
    '保留历史负责人的线索沿用其历史结果。其余线索的结果由历史数据估计：新负责人在该线索所属细分中的赢单率，经经验贝叶斯（贝塔-二项模型，' +
    '先验强度 κ 按细分用矩估计法由各销售赢单率的离散程度求得）向细分整体赢单率收缩，再按负责人当时持有的未结线索数（负载，在同一销售内部比较的 logistic 斜率；负载超出历史出现过的范围时按该斜率外推，并以斜率标准误乘以偏离该销售平常负载的距离放宽区间）调整。' +
    '跟进时间取自该销售自己的响应时间分布，并按 n/(n + minCell) 的比例与全体销售的分布混合。预期赢单数 = Σ 赢单概率；预期收入 = Σ 概率 × 金额' +
    '（线索自带金额，否则取该细分赢单金额均值）。95% 区间：正态近似，方差含结果随机性 Σ p(1−p) 与模型参数不确定性（delta 方法）。“本历史上的赢单”把保留负责人线索的真实结果视为确定；“平均赢单”区间再加上这些线索围绕其销售赢单率的结果随机性，用于与期望值比较。差异按同一批线索配对计算。' +
    '公平性、首次联系时长与流转次数的差异用带种子的线索配对自助法（bootstrap）。' +
    '未分配线索指回放结束时无人持有的线索（从未被分配，或退回公海后无人接手）；“运行期内已联系”指首次分配后、回放结束前有首次联系；两者都按线索逐条配对比较，区间取配对差值的正态区间（√n 乘以逐条差值的标准差）。' +
    '首次联系时长（中位数、90 分位）按回放结束时有人持有的线索计算；有人持有却从未联系的线索计为比所有已联系线索都慢（其时长在回放结束处截断），因此策略不能靠不联系线索显得更快。分位数落在这类线索上时记为“运行期内未达到”（—），与达到该分位数的策略相比差值无上界。',
};

export const ASSUMPTIONS: Words[] = [
  {
    en: 'A rep converts a segment the same way whichever policy routes the lead (no learning, no interaction between reps).',
    zh: '无论由哪条策略分配，销售在某细分上的转化能力不变（不考虑学习效应与销售之间的相互影响）。',
  },
  {
    en: 'An open lead at export time counts as not won: rates mean "won within the history window".',
    zh: '导出时仍在跟进中的线索按未赢单计：赢单率指“在历史时间窗口内赢单”。',
  },
  {
    en: 'Deal size belongs to the lead, not to the rep: a won amount does not depend on who wins it.',
    zh: '成交金额取决于线索本身，而非由谁成交。',
  },
  {
    en:
      'Load acts only through the open leads a rep holds when a lead arrives, the same way per extra lead at any load (a straight line on the log-odds scale; first-contact delay grows in proportion past the range). ' +
      'Past the range of loads the history showed, this is an assumption the history cannot check: those leads are counted in the report and their intervals widen with the distance.',
    zh:
      '负载只通过线索到达时销售持有的未结线索数起作用，且每多一条线索的影响在任何负载下相同（对数几率上的直线；超出范围后首次联系延迟按比例增长）。' +
      '超出历史出现过的负载范围时，这是历史数据无法验证的假设：报告列出这类线索的数量，其区间随超出的距离放宽。',
  },
  {
    en: 'Where a rep never had a lead in a segment, the history cannot say: the estimate is the segment rate, with the full spread between reps as its uncertainty.',
    zh: '某销售在某细分从未有过线索时，历史数据无从判断：估计取该细分整体赢单率，并以销售之间的全部差异作为其不确定性。',
  },
  {
    en: 'Model parameters are treated as independent; intervals are normal approximations (less reliable when very few leads are counterfactual and p is near 0 or 1).',
    zh: '模型参数视为相互独立；区间为正态近似（反事实线索很少且概率接近 0 或 1 时可靠性较低）。',
  },
];

/** Names of the metrics a comparison reports, for the CLI's and editor's tables. */
export const METRIC_WORDS: Record<string, Words> = {
  expectedWins: { en: 'Expected wins', zh: '预期赢单数' },
  expectedRevenue: { en: 'Expected revenue', zh: '预期收入' },
  meanWins: { en: 'Mean wins (vs. expected value)', zh: '平均赢单数（与期望值比较）' },
  meanRevenue: { en: 'Mean revenue (vs. expected value)', zh: '平均收入（与期望值比较）' },
  gini: { en: 'Gini of leads per rep', zh: '线索分配基尼系数' },
  cv: { en: 'Coefficient of variation of leads per rep', zh: '线索分配变异系数' },
  maxMin: { en: 'Most / fewest leads per rep', zh: '最多 / 最少线索数之比' },
  unassigned: { en: 'Leads left unassigned', zh: '未分配线索数' },
  unassignedShare: { en: 'Leads left unassigned (% of leads)', zh: '未分配线索占比（%）' },
  contactedShare: { en: 'Contacted within the run (% of leads)', zh: '运行期内已联系占比（%）' },
  firstContactP50: {
    en: 'Time to first contact, median (h; held leads, never contacted = slowest)',
    zh: '首次联系时长中位数（小时；期末有人持有的线索，未联系计为最慢）',
  },
  firstContactP90: {
    en: 'Time to first contact, 90th percentile (h; held leads, never contacted = slowest)',
    zh: '首次联系时长 90 分位（小时；期末有人持有的线索，未联系计为最慢）',
  },
  reclaimed: { en: 'Reclaims', zh: '回收次数' },
  rerouted: { en: 'Re-routes', zh: '改派次数' },
  reminders: { en: 'Reminders', zh: '提醒次数' },
  penalties: { en: 'Penalties', zh: '处罚次数' },
  counterfactual: { en: 'Counterfactual leads (estimated)', zh: '反事实线索数（需估计）' },
  capViolations: { en: 'Cap violations', zh: '超上限次数' },
  refused: { en: 'Refused assignments', zh: '被拒绝的分配' },
  // The smart score's evaluation (model/report), named once for its report and the editor's Models page.
  auc: { en: 'AUC (ranks won above lost)', zh: 'AUC（赢单排在输单前的能力）' },
  logLoss: { en: 'Log loss', zh: '对数损失' },
  brier: { en: 'Brier score', zh: 'Brier 分数' },
  ece: { en: 'Calibration error (ECE)', zh: '校准误差（ECE）' },
  topLift: { en: 'Lift in the top decile', zh: '最高十分位提升度' },
  top3Capture: { en: 'Won leads in the top 30%', zh: '得分前 30% 覆盖的赢单比例' },
};

export interface ModelReport {
  method: Words;
  assumptions: Words[];
  segmentBy: string[];
  minCell: number;
  history: { leads: number; wins: number; start: string | null; end: string | null };
  segments: Array<{
    segment: string;
    leads: number;
    wins: number;
    rate: number;
    kappa: number;
    kappaFrom: string;
    amountMean: number | null;
    amountMedian: number | null;
  }>;
  load: {
    conversionSlope: number;
    conversionSlopeSe: number;
    delaySlope: number;
    range: [number, number];
    /** Per policy, counterfactual leads given to a rep at a load past the range the history showed: there the load effect is extrapolated. */
    outsideRange: Array<{ policy: string; leads: number }>;
  };
  counterfactual: Array<{ policy: string; leads: number; inUnseenCells: number; inThinCells: number }>;
  unseenCells: {
    /** Roster rep × segment cells with no lead in the history. */
    total: number;
    thin: number;
    /** The unseen cells counterfactual leads actually fell into, with how many leads per policy. */
    used: Array<{ repId: string; segment: string; leads: Record<string, number> }>;
  };
  /** One sentence on where the history cannot say. */
  cannotSay: Words;
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

export function modelReport(model: Model, runs: ReadonlyArray<{ policy: string; contribs: readonly Contribution[] }>): ModelReport {
  const used = new Map<string, { repId: string; segment: string; leads: Record<string, number> }>();
  const outsideRange: ModelReport['load']['outsideRange'] = [];
  const counterfactual = runs.map(({ policy, contribs }) => {
    let leads = 0;
    let unseen = 0;
    let thin = 0;
    let outside = 0;
    for (const c of contribs) {
      if (!c.counterfactual) continue;
      leads++;
      if (c.thin) thin++;
      if (c.loadBeyond !== 0) outside++;
      if (!c.unseen || !c.repId) continue;
      unseen++;
      const key = `${c.repId}\u0000${c.segment}`;
      const entry = used.get(key) ?? { repId: c.repId, segment: c.segment, leads: {} };
      entry.leads[policy] = (entry.leads[policy] ?? 0) + 1;
      used.set(key, entry);
    }
    outsideRange.push({ policy, leads: outside });
    return { policy, leads, inUnseenCells: unseen, inThinCells: thin };
  });
  const usedList = [...used.values()].sort((a, b) => (a.repId === b.repId ? (a.segment < b.segment ? -1 : 1) : a.repId < b.repId ? -1 : 1));
  const worst = counterfactual.reduce((max, c) => Math.max(max, c.inUnseenCells), 0);
  const [lo, hi] = model.load.range;
  const outsideEn = outsideRange.map((c) => `${c.leads} in ${c.policy}`).join(', ');
  const outsideZh = outsideRange.map((c) => `「${c.policy}」${c.leads} 条`).join('，');
  return {
    method: METHOD,
    assumptions: ASSUMPTIONS,
    segmentBy: model.segmentBy,
    minCell: model.minCell,
    history: { leads: model.overall.leads, wins: model.overall.wins, start: model.historyStart, end: model.historyEnd },
    segments: Object.entries(model.segments).map(([segment, s]) => ({
      segment,
      leads: s.leads,
      wins: s.wins,
      rate: s.rate,
      kappa: s.kappa,
      kappaFrom: s.kappaFrom,
      amountMean: s.amount.mean,
      amountMedian: s.amount.median,
    })),
    load: {
      conversionSlope: model.load.conversionSlope,
      conversionSlopeSe: model.load.conversionSlopeSe,
      delaySlope: model.load.delaySlope,
      range: model.load.range,
      outsideRange,
    },
    counterfactual,
    unseenCells: { total: model.unseenCells.length, thin: model.thinCells.length, used: usedList },
    cannotSay: {
      en:
        `${model.unseenCells.length} rep × segment cells have no history; ${usedList.length} of them received counterfactual leads (up to ${worst} leads in one policy), estimated at the segment rate. ` +
        `Counterfactual leads assigned at a load outside the history's range (${fmt(lo)} to ${fmt(hi)} open leads around each rep's usual load), where the load effect is extrapolated: ${outsideEn || 'none'}.`,
      zh:
        `${model.unseenCells.length} 个“销售 × 细分”组合在历史中没有任何线索；其中 ${usedList.length} 个在模拟中分到了反事实线索（单个策略最多 ${worst} 条），按细分整体赢单率估计。` +
        `分配时负载超出历史范围（相对各销售平常负载 ${fmt(lo)} 至 ${fmt(hi)} 条未结线索）、负载影响靠外推的反事实线索：${outsideZh || '无'}。`,
    },
  };
}

/**
 * Decimals each metric is shown with: counts whole, money whole, wins to one decimal (an expectation
 * is rarely whole), fairness ratios to three. A metric not listed gets two.
 */
export const METRIC_DIGITS: Record<string, number> = {
  expectedWins: 1,
  meanWins: 1,
  expectedRevenue: 0,
  meanRevenue: 0,
  gini: 3,
  cv: 3,
  maxMin: 2,
  firstContactP50: 1,
  firstContactP90: 1,
  unassigned: 0,
  unassignedShare: 1,
  contactedShare: 1,
  reclaimed: 0,
  rerouted: 0,
  reminders: 0,
  penalties: 0,
  counterfactual: 0,
  capViolations: 0,
  refused: 0,
  leads: 0,
  auc: 3,
  logLoss: 3,
  brier: 3,
  ece: 3,
  topLift: 2,
  /** Shown as a percentage (62.5 %), as is `percent`. */
  top3Capture: 1,
  /** A share shown as a percentage (62.5 %). */
  percent: 1,
};
