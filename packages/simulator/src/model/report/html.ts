/**
 * The smart score's evaluation as one standalone HTML file, in the simulation report's page (same
 * style, same language switch, charts as inline SVG, no script, no external file): the verdict
 * first, then model and points side by side, the charts, the features and the assumptions.
 * Pure: the same report gives the same bytes.
 */
import { esc, standaloneHtml } from '../../report/html.js';
import type { Words } from '../../types.js';
import { formatMetric, METRIC_WORDS } from '../../words.js';
import type { ScoreMetrics } from '../evaluate/metrics.js';
import { calibrationChart, liftChart } from './charts.js';
import { calibrationTable, decileTable } from './tables.js';
import type { ModelReport, SplitMetrics, UsedFeature } from './types.js';
import { label } from './words.js';

type Lang = keyof Words;
const TOP_FEATURES = 20;
const TOP_LEVELS = 4;

const W = {
  ...label,
  title: { en: 'Smart score evaluation', zh: '智能评分评估报告' },
  verdict: { en: 'Verdict', zh: '结论' },
  offered: { en: 'Offered', zh: '可以采用' },
  notOffered: { en: 'Not offered', zh: '不建议采用' },
  model: { en: 'Model', zh: '模型' },
  version: { en: 'version', zh: '版本' },
  trained: { en: 'Trained', zh: '训练于' },
  by: { en: 'by', zh: '训练人' },
  dataHash: { en: 'Training data hash', zh: '训练数据哈希' },
  data: { en: 'Data', zh: '数据' },
  rowsRead: { en: 'Leads read', zh: '读取线索数' },
  closed: { en: 'Closed (won or lost), used', zh: '已关闭（赢单或输单），已使用' },
  open: { en: 'Still open, left out', zh: '仍在跟进，未使用' },
  horizon: { en: 'Known at scoring time', zh: '评分时已知的信息' },
  horizonZero: { en: 'attributes at creation only', zh: '仅创建时的属性' },
  horizonHours: { en: 'attributes + activities of the first {h} h', zh: '属性 + 前 {h} 小时的活动' },
  part: { en: 'Part', zh: '部分' },
  period: { en: 'Created', zh: '创建时间' },
  won: { en: 'Won', zh: '赢单' },
  train: { en: 'Training (older)', zh: '训练（较早）' },
  test: { en: 'Test (newest)', zh: '测试（最新）' },
  metricsTest: { en: 'Smart score vs. points table on the test leads', zh: '测试线索上智能评分与积分表对比' },
  metricsBase: { en: 'Smart score vs. the base rate on the test leads', zh: '测试线索上智能评分与整体赢单率对比' },
  metricsTrain: { en: 'The same on the training leads (in sample, for reference)', zh: '训练线索上的同样指标（样本内，仅供参考）' },
  metric: { en: 'Metric', zh: '指标' },
  baseRate: { en: 'Base rate', zh: '整体赢单率' },
  aucDifference: { en: 'AUC difference, smart score − {other} (95% interval)', zh: 'AUC 差值，智能评分 − {other}（95% 区间）' },
  charts: { en: 'Calibration and lift', zh: '校准与提升度' },
  used: { en: 'Features used (strongest first)', zh: '使用的特征（按影响从大到小）' },
  usedMore: { en: '{n} more feature(s) not shown.', zh: '另有 {n} 个特征未列出。' },
  feature: { en: 'Feature', zh: '特征' },
  kind: { en: 'Kind', zh: '类型' },
  reads: { en: 'Reads', zh: '读取' },
  weights: { en: 'Weights (log-odds)', zh: '权重（对数几率）' },
  strength: { en: 'Strength', zh: '影响幅度' },
  strengthNote: {
    en: 'Strength: log-odds between the feature’s highest- and lowest-scoring values (numbers: one standard deviation below vs. above the mean; a missing value counts as a value).',
    zh: '影响幅度：该特征得分最高与最低取值之间的对数几率差（数值型：均值下方与上方各一个标准差之间；缺失也算一种取值）。',
  },
  dropped: { en: 'Features dropped', zh: '未使用的特征' },
  noneDropped: { en: 'None.', zh: '无。' },
  reason: { en: 'Reason', zh: '原因' },
  assumptions: { en: 'Assumptions', zh: '假设' },
  perSd: { en: 'per SD', zh: '每个标准差' },
  yes: { en: 'yes', zh: '是' },
  missing: { en: 'missing', zh: '缺失' },
  other: { en: 'other', zh: '其他' },
  within: { en: 'within {h} h', zh: '{h} 小时内' },
  n: { en: 'Leads evaluated', zh: '评估线索数' },
} satisfies Record<string, Words>;

const KIND: Record<UsedFeature['kind'], Words> = {
  numeric: { en: 'number', zh: '数值' },
  category: { en: 'category', zh: '类别' },
  flag: { en: 'yes/no', zh: '是/否' },
  activityCount: { en: 'activity count', zh: '活动次数' },
};

const day = (iso: string) => iso.slice(0, 10);
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_m, k: string) => String(values[k] ?? ''));
const signed = (x: number, lang: Lang) => `${x > 0 ? '+' : ''}${formatMetric('auc', x, lang)}`;
const pct = (share: number, lang: Lang) => `${formatMetric('percent', share * 100, lang)}%`;

function metricRows(m: SplitMetrics, lang: Lang): string {
  const cells = (read: (s: ScoreMetrics) => string, base: string) => `<td>${read(m.model)}</td>${m.points ? `<td>${read(m.points)}</td>` : ''}<td>${base}</td>`;
  const f = (metric: string, x: number | null) => formatMetric(metric, x, lang);
  const top3 = (s: ScoreMetrics) => s.lift.filter((d) => d.decile <= 3).at(-1)?.cumulativeCapture;
  const rows: Array<[string, (s: ScoreMetrics) => string, string]> = [
    [W.n[lang], (s) => formatMetric('leads', s.n, lang), formatMetric('leads', m.model.n, lang)],
    [METRIC_WORDS.auc![lang], (s) => f('auc', s.auc), f('auc', 0.5)],
    [METRIC_WORDS.logLoss![lang], (s) => f('logLoss', s.logLoss), f('logLoss', m.baseRate.logLoss)],
    [METRIC_WORDS.brier![lang], (s) => f('brier', s.brier), f('brier', m.baseRate.brier)],
    [METRIC_WORDS.ece![lang], (s) => (s.ece === null ? '—' : pct(s.ece, lang)), '—'],
    [METRIC_WORDS.topLift![lang], (s) => f('topLift', s.lift[0]?.lift ?? null), f('topLift', 1)],
    [METRIC_WORDS.top3Capture![lang], (s) => (top3(s) === undefined ? '—' : pct(top3(s)!, lang)), pct(0.3, lang)],
  ];
  return rows.map(([label, read, base]) => `<tr><th scope="row">${esc(label)}</th>${cells(read, base)}</tr>`).join('');
}

function metricsTable(m: SplitMetrics, lang: Lang): string {
  const head = `<tr><th>${esc(W.metric[lang])}</th><th>${esc(W.smart[lang])}</th>${m.points ? `<th>${esc(W.points[lang])}</th>` : ''}<th>${esc(W.baseRate[lang])} ${pct(m.baseRate.rate, lang)}</th></tr>`;
  return `<table class="metrics">${head}${metricRows(m, lang)}</table>`;
}

function dataSection(r: ModelReport, lang: Lang): string {
  const d = r.data;
  const known = d.horizonHours === 0 ? W.horizonZero[lang] : fill(W.horizonHours[lang], { h: d.horizonHours });
  const part = (label: Words, p: ModelReport['data']['train']) =>
    `<tr><th scope="row">${esc(label[lang])}</th><td>${esc(day(p.from))} – ${esc(day(p.to))}</td><td>${formatMetric('leads', p.rows, lang)}</td><td>${formatMetric('leads', p.positives, lang)} (${pct(p.positives / p.rows, lang)})</td></tr>`;
  return `<h2>${esc(W.data[lang])}</h2>
<p>${esc(W.rowsRead[lang])}: ${formatMetric('leads', d.rowsRead, lang)} · ${esc(W.closed[lang])}: ${formatMetric('leads', d.closed, lang)} · ${esc(W.open[lang])}: ${formatMetric('leads', d.openExcluded, lang)} · ${esc(W.horizon[lang])}: ${esc(known)}</p>
<table><tr><th>${esc(W.part[lang])}</th><th>${esc(W.period[lang])}</th><th>${esc(W.leads[lang])}</th><th>${esc(W.won[lang])}</th></tr>${part(W.train, d.train)}${part(W.test, d.test)}</table>`;
}

function weightsText(f: UsedFeature, lang: Lang): string {
  const w = (x: number) => signed(x, lang);
  const parts: string[] = [];
  if (f.kind === 'category') {
    const levels = f.levels ?? [];
    const shown = levels.length > TOP_LEVELS * 2 ? [...levels.slice(0, TOP_LEVELS), ...levels.slice(-TOP_LEVELS)] : levels;
    for (const l of shown) parts.push(`${esc(l.label?.[lang] ?? l.value)} ${w(l.weight)}`);
    if (shown.length < levels.length) parts.splice(TOP_LEVELS, 0, '…');
    if (f.otherWeight !== null && f.otherWeight !== 0) parts.push(`${esc(W.other[lang])} ${w(f.otherWeight)}`);
  } else if (f.kind === 'flag') parts.push(`${esc(W.yes[lang])} ${w(f.weight!)}`);
  else parts.push(`${w(f.weight!)} ${esc(W.perSd[lang])}`);
  if (f.missingWeight !== 0) parts.push(`${esc(W.missing[lang])} ${w(f.missingWeight)}`);
  return parts.join(', ');
}

function usedTable(r: ModelReport, lang: Lang): string {
  const used = r.features.used;
  const rows = used
    .slice(0, TOP_FEATURES)
    .map((f) => {
      const reads = f.withinHours === null ? f.reads : `${f.reads} (${fill(W.within[lang], { h: f.withinHours })})`;
      return `<tr><th scope="row">${esc(f.label[lang])}</th><td>${esc(KIND[f.kind][lang])}</td><td><code>${esc(reads)}</code></td><td>${weightsText(f, lang)}</td><td>${formatMetric('auc', f.strength, lang)}</td></tr>`;
    })
    .join('');
  const more = used.length > TOP_FEATURES ? `<p>${esc(fill(W.usedMore[lang], { n: used.length - TOP_FEATURES }))}</p>` : '';
  return `<h2>${esc(W.used[lang])}</h2><table class="features"><tr><th>${esc(W.feature[lang])}</th><th>${esc(W.kind[lang])}</th><th>${esc(W.reads[lang])}</th><th>${esc(W.weights[lang])}</th><th>${esc(W.strength[lang])}</th></tr>${rows}</table>${more}<p class="note">${esc(W.strengthNote[lang])}</p>`;
}

function droppedTable(r: ModelReport, lang: Lang): string {
  const dropped = r.features.dropped;
  if (dropped.length === 0) return `<h2>${esc(W.dropped[lang])}</h2><p>${esc(W.noneDropped[lang])}</p>`;
  const rows = dropped
    .map((d) => `<tr><th scope="row">${esc(d.label[lang])}</th><td><code>${esc(d.code)}</code></td><td>${esc(d.reason[lang])}</td></tr>`)
    .join('');
  return `<h2>${esc(W.dropped[lang])}</h2><table class="features"><tr><th>${esc(W.feature[lang])}</th><th>${esc(W.kind[lang])}</th><th>${esc(W.reason[lang])}</th></tr>${rows}</table>`;
}

function page(r: ModelReport, lang: Lang): string {
  const m = r.model;
  const d = r.aucDifference;
  const other = r.comparedWith.kind === 'points' ? `${W.points[lang]} “${r.comparedWith.key}”` : W.baseRate[lang];
  const trained = [m.trainedAt ? `${esc(W.trained[lang])} ${esc(m.trainedAt)}` : '', m.trainedBy ? `${esc(W.by[lang])} ${esc(m.trainedBy)}` : '']
    .filter(Boolean)
    .join(' · ');
  return `<section class="lang-${lang}" lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<h1>${esc(W.title[lang])}</h1>
<p>${esc(W.model[lang])}: <strong>${esc(m.key)}</strong> · ${esc(W.version[lang])} ${m.version}${trained ? ` · ${trained}` : ''}${m.dataHash ? ` · ${esc(W.dataHash[lang])} <code>${esc(m.dataHash.slice(0, 16))}</code>` : ''}</p>
<h2>${esc(W.verdict[lang])}</h2>
<p class="verdict ${r.offered ? 'offered' : 'not-offered'}"><strong>${esc((r.offered ? W.offered : W.notOffered)[lang])}</strong> — ${esc(r.reason[lang])}</p>
${dataSection(r, lang)}
<h2>${esc((r.comparedWith.kind === 'points' ? W.metricsTest : W.metricsBase)[lang])}</h2>${metricsTable(r.metrics.test, lang)}
<p>${esc(fill(W.aucDifference[lang], { other }))}: <strong>${signed(d.difference, lang)}</strong> <span class="ci">[${signed(d.low, lang)}, ${signed(d.high, lang)}]</span></p>
<h2>${esc(W.charts[lang])}</h2>
<figure>${calibrationChart(r, lang)}</figure>
${calibrationTable(r, lang)}
<figure>${liftChart(r, lang)}</figure>
${decileTable(r, lang)}
<h3>${esc(W.metricsTrain[lang])}</h3>${metricsTable(r.metrics.train, lang)}
${usedTable(r, lang)}
${droppedTable(r, lang)}
<h2>${esc(W.assumptions[lang])}</h2><ul>${r.assumptions.map((a) => `<li>${esc(a[lang])}</li>`).join('')}</ul>
</section>`;
}

const STYLE = `.verdict{padding:8px 12px;border-radius:6px}.offered{background:#ecfdf3;border:1px solid #16a34a}.not-offered{background:#fef3f2;border:1px solid #dc2626}
.features td{text-align:left}.note{color:#667085;font-size:12px}`;

/** The report in English, Chinese, or both with the switch (default). */
export function modelReportHtml(report: ModelReport, lang: Lang | 'both' = 'both'): string {
  const sections = lang === 'both' ? { en: page(report, 'en'), zh: page(report, 'zh') } : { [lang]: page(report, lang) };
  return standaloneHtml(W.title, sections, STYLE);
}
