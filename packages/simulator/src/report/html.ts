/**
 * The simulation report as one standalone HTML file (S31: the evidence a publish note points to):
 * no script, no external file, charts as inline SVG, both languages in the page with a CSS-only
 * switch, so it opens offline from a mail attachment or a shared drive. Pure: the same comparison
 * gives the same bytes.
 */
import { type Comparison, type Difference, VERDICT_WORDS } from '../estimate/compare.js';
import { DIMENSIONS, type GroupMetrics, type PolicyReport } from '../estimate/metrics.js';
import { unassignedWarnings } from '../estimate/unassignedWarnings.js';
import type { RosterWarning } from '../simulate/types.js';
import type { Words } from '../types.js';
import { formatMetric, METRIC_WORDS } from '../words.js';
import { leadsPerRepChart, reclaimsChart, winsChart } from './charts.js';

type Lang = keyof Words;

export interface ReportHeader {
  title?: Words;
  /** What the history was (file names, rows), shown under the title. */
  source?: Words;
  /** The language the page opens in (the other one click away): English unless asked. */
  lang?: Lang;
}

const W = {
  title: { en: 'Policy simulation report', zh: '策略模拟报告' },
  seed: { en: 'Seed', zh: '随机种子' },
  baseline: { en: 'Baseline', zh: '基准策略' },
  summary: { en: 'Summary', zh: '概览' },
  differences: { en: 'Differences from the baseline', zh: '与基准策略的差异' },
  model: { en: 'How counterfactual leads are estimated', zh: '反事实线索如何估计' },
  assumptions: { en: 'Assumptions', zh: '假设' },
  cannotSay: { en: 'Where the history cannot say', zh: '历史数据无法判断之处' },
  breakdown: { en: 'By', zh: '按维度' },
  metric: { en: 'Metric', zh: '指标' },
  policy: { en: 'Policy', zh: '策略' },
  value: { en: 'Value', zh: '取值' },
  difference: { en: 'Difference (95% interval)', zh: '差异（95% 区间）' },
  verdict: { en: 'Verdict', zh: '结论' },
  leads: { en: 'Leads', zh: '线索数' },
  held: { en: 'Held at end', zh: '期末被持有' },
  unassigned: { en: 'Unassigned', zh: '未分配' },
  group: { en: 'Group', zh: '分组' },
  team: { en: 'team', zh: '团队' },
  segment: { en: 'segment', zh: '细分' },
  source: { en: 'source', zh: '来源' },
  grade: { en: 'grade', zh: '等级' },
  month: { en: 'month', zh: '月份' },
  quarter: { en: 'quarter', zh: '季度' },
  rep: { en: 'rep (final holder)', zh: '销售（期末持有人）' },
  historyLeads: { en: 'History', zh: '历史数据' },
  counterfactualLeads: { en: 'counterfactual leads', zh: '条反事实线索' },
  unseenCells: { en: 'unseen rep × segment cells used', zh: '个未见过的销售×细分组合被用到' },
  won: { en: 'won', zh: '赢单' },
  warnings: { en: 'Check the policies against this history', zh: '请核对策略与本历史数据' },
  conversion: { en: 'Expected conversion rate', zh: '预期转化率' },
  notReached: { en: 'not reached within the run', zh: '运行期内未达到' },
  unassignedWarn: { en: 'Leads left with nobody', zh: '无人持有的线索' },
  fairnessAmong: {
    en: 'Fairness and leads per rep are measured over the {n} reps who own a lead in the history or get one in a run.',
    zh: '公平性与人均线索按 {n} 名在历史中持有线索或在模拟中分到线索的销售计算。',
  },
  fairnessLeftOut: { en: 'Left out (no policy and not the history gave them a lead): {reps}.', zh: '未计入（任何策略与历史都未分给其线索）：{reps}。' },
} satisfies Record<string, Words>;

/** The history's first and last day (its instants are UTC; the day is what a reader compares). */
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
export const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const interval = (metric: string, i: { estimate: number; low: number; high: number }, lang: Lang) =>
  `${formatMetric(metric, i.estimate, lang)} <span class="ci">[${formatMetric(metric, i.low, lang)}, ${formatMetric(metric, i.high, lang)}]</span>`;

const percents = {
  en: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }),
  zh: new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }),
};
/** Expected wins over leads (S30's conversion rate), with the wins' interval over the same leads. */
const conversion = (wins: { estimate: number; low: number; high: number }, leads: number, lang: Lang) => {
  if (leads === 0) return '—';
  const pct = (x: number) => percents[lang].format(Math.max(0, x) / leads);
  return `${pct(wins.estimate)} <span class="ci">[${pct(wins.low)}, ${pct(wins.high)}]</span>`;
};

/** A share of leads as a percentage (62.5%). */
const share = (x: number | undefined, lang: Lang) => (x === undefined ? '—' : percents[lang].format(x));

/** A contact-time quantile: null with leads held means the never-contacted ones reach it (censored). */
const contactQuantile = (metric: string, x: number | null, p: PolicyReport, lang: Lang) =>
  x === null && p.held > 0 ? esc(W.notReached[lang]) : formatMetric(metric, x, lang);

function summaryTable(c: Comparison, lang: Lang): string {
  const n = (metric: string, x: number | null | undefined) => formatMetric(metric, x, lang);
  const rows: Array<[Words, (p: PolicyReport) => string]> = [
    [W.leads, (p) => n('leads', p.leads)],
    [W.held, (p) => n('leads', p.held)],
    [W.unassigned, (p) => `<strong>${n('leads', p.unassigned)}</strong> <span class="ci">(${share(p.unassignedShare, lang)})</span>`],
    [METRIC_WORDS.contactedShare!, (p) => share(p.contactedShare, lang)],
    [METRIC_WORDS.counterfactual!, (p) => n('counterfactual', p.counterfactual)],
    [METRIC_WORDS.expectedWins!, (p) => interval('expectedWins', p.expectedWins, lang)],
    [W.conversion, (p) => conversion(p.expectedWins, p.leads, lang)],
    [METRIC_WORDS.expectedRevenue!, (p) => interval('expectedRevenue', p.expectedRevenue, lang)],
    [METRIC_WORDS.gini!, (p) => n('gini', p.fairness.gini)],
    [METRIC_WORDS.cv!, (p) => n('cv', p.fairness.cv)],
    [METRIC_WORDS.maxMin!, (p) => n('maxMin', p.fairness.maxMin)],
    [METRIC_WORDS.firstContactP50!, (p) => contactQuantile('firstContactP50', p.firstContactHours.p50, p, lang)],
    [METRIC_WORDS.firstContactP90!, (p) => contactQuantile('firstContactP90', p.firstContactHours.p90, p, lang)],
    [METRIC_WORDS.reclaimed!, (p) => n('reclaimed', p.reclaimed)],
    [METRIC_WORDS.rerouted!, (p) => n('rerouted', p.rerouted)],
    [METRIC_WORDS.reminders!, (p) => n('reminders', p.reminders)],
    [METRIC_WORDS.penalties!, (p) => n('penalties', p.penalties)],
    [METRIC_WORDS.capViolations!, (p) => n('capViolations', p.capViolations)],
  ];
  const head = `<tr><th>${esc(W.metric[lang])}</th>${c.policies.map((p) => `<th>${esc(p.policy)}</th>`).join('')}</tr>`;
  const body = rows
    .map(([label, read]) => `<tr><th scope="row">${esc(label[lang])}</th>${c.policies.map((p) => `<td>${read(p)}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${head}${body}</table>`;
}

function differenceRows(d: Difference, policy: string, lang: Lang): string {
  const label = METRIC_WORDS[d.metric]?.[lang] ?? d.metric;
  const censored = d.metric.startsWith('firstContact');
  const n = (x: number | null | undefined) => (x === null && censored ? esc(W.notReached[lang]) : formatMetric(d.metric, x, lang));
  // A contact-time quantile one policy did not reach: the interval is unbounded on that side.
  const unbounded = d.verdict === 'better' || d.verdict === 'worse';
  const end = (x: number | null, side: string) => (x === null ? side : formatMetric(d.metric, x, lang));
  const range =
    d.low !== null && d.high !== null
      ? ` <span class="ci">[${n(d.low)}, ${n(d.high)}]</span>`
      : unbounded && (d.low !== null || d.high !== null)
        ? ` <span class="ci">[${end(d.low, '−∞')}, ${end(d.high, '+∞')}]</span>`
        : '';
  return `<tr class="v-${d.verdict}"><td>${esc(policy)}</td><td>${esc(label)}</td><td>${n(d.baseline)}</td><td>${n(d.value)}</td><td>${formatMetric(d.metric, d.difference, lang)}${range}</td><td>${esc(VERDICT_WORDS[d.verdict][lang])}</td></tr>`;
}

function differencesTable(c: Comparison, lang: Lang): string {
  const head = `<tr><th>${esc(W.policy[lang])}</th><th>${esc(W.metric[lang])}</th><th>${esc(W.baseline[lang])}</th><th>${esc(W.value[lang])}</th><th>${esc(W.difference[lang])}</th><th>${esc(W.verdict[lang])}</th></tr>`;
  return `<table>${head}${c.differences.flatMap((x) => x.metrics.map((d) => differenceRows(d, x.policy, lang))).join('')}</table>`;
}

function breakdownTable(c: Comparison, dim: keyof PolicyReport['breakdown'], lang: Lang): string {
  // A report stored before a dimension was added has none for it.
  const groups = (p: PolicyReport) => p.breakdown[dim] ?? [];
  const values = [...new Set(c.policies.flatMap((p) => groups(p).map((g) => g.value)))].sort();
  if (values.length === 0) return '';
  const by = c.policies.map((p) => new Map<string, GroupMetrics>(groups(p).map((g) => [g.value, g])));
  const head = `<tr><th>${esc(W.group[lang])}</th>${c.policies.map((p) => `<th>${esc(p.policy)}: ${esc(W.leads[lang])}</th><th>${esc(METRIC_WORDS.expectedWins![lang])}</th><th>${esc(W.conversion[lang])}</th>`).join('')}</tr>`;
  const cells = (g: GroupMetrics | undefined) =>
    g
      ? `<td>${formatMetric('leads', g.leads, lang)}</td><td>${interval('expectedWins', g.expectedWins, lang)}</td><td>${conversion(g.expectedWins, g.leads, lang)}</td>`
      : '<td>0</td><td>—</td><td>—</td>';
  const body = values.map((v) => `<tr><th scope="row">${esc(v)}</th>${by.map((m) => cells(m.get(v))).join('')}</tr>`).join('');
  return `<h3>${esc(W.breakdown[lang])} ${esc(W[dim][lang])}</h3><table>${head}${body}</table>`;
}

function modelSection(c: Comparison, lang: Lang): string {
  const m = c.model;
  const counts = m.counterfactual.map((x) => `<li>${esc(x.policy)}: ${x.leads} ${esc(W.counterfactualLeads[lang])}</li>`).join('');
  return `<h2>${esc(W.model[lang])}</h2><p>${esc(m.method[lang])}</p>
<p>${esc(W.historyLeads[lang])}: ${formatMetric('leads', m.history.leads, lang)} ${esc(W.leads[lang])}, ${esc(W.won[lang])} ${formatMetric('leads', m.history.wins, lang)}, ${esc(day(m.history.start))} – ${esc(day(m.history.end))}</p>
<h3>${esc(W.assumptions[lang])}</h3><ul>${m.assumptions.map((a) => `<li>${esc(a[lang])}</li>`).join('')}</ul>
<ul>${counts}</ul>
<h3>${esc(W.cannotSay[lang])}</h3><p>${esc(m.cannotSay[lang])} (${m.unseenCells.used.length} ${esc(W.unseenCells[lang])})</p>`;
}

/** Whom fairness counts: a reader comparing Gini across reports must know the roster's bystanders are left out. */
function fairnessNote(c: Comparison, lang: Lang): string {
  const n = c.policies[0]?.fairness.reps;
  // A report stored before the population was recorded says nothing rather than guess.
  if (n === undefined) return '';
  const among = W.fairnessAmong[lang].replace('{n}', String(n));
  const leftOut = c.fairnessLeftOut ?? [];
  const names = leftOut.length > 12 ? `${leftOut.slice(0, 12).join(', ')} … (+${leftOut.length - 12})` : leftOut.join(', ');
  return `<p class="ci">${esc(among)}${leftOut.length > 0 ? `${lang === 'zh' ? '' : ' '}${esc(W.fairnessLeftOut[lang].replace('{reps}', names))}` : ''}</p>`;
}

/** Who leaves leads with nobody, and what the candidates name that the history's roster lacks: said first, as it can explain the rest. */
function warningsSection(warnings: readonly RosterWarning[], policies: readonly PolicyReport[], lang: Lang): string {
  const nobody = unassignedWarnings(policies).map(
    (w) => `<li class="unassigned"><strong>${esc(w.policy)}</strong> · ${esc(W.unassignedWarn[lang])}: ${esc(w.message[lang])}</li>`,
  );
  const roster = warnings.map((w) => `<li><strong>${esc(w.policy)}</strong>: ${esc(w.message[lang])}</li>`);
  if (nobody.length + roster.length === 0) return '';
  return `<h2 class="warn">${esc(W.warnings[lang])}</h2><ul class="warn">${[...nobody, ...roster].join('')}</ul>`;
}

function page(c: Comparison & { warnings?: readonly RosterWarning[] }, header: ReportHeader, lang: Lang): string {
  const title = (header.title ?? W.title)[lang];
  return `<section class="lang-${lang}" lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<h1>${esc(title)}</h1>
${header.source ? `<p>${esc(header.source[lang])}</p>` : ''}
<p>${esc(W.baseline[lang])}: <strong>${esc(c.baseline)}</strong> · ${esc(W.seed[lang])}: ${c.seed}</p>
${warningsSection(c.warnings ?? [], c.policies, lang)}
<h2>${esc(W.summary[lang])}</h2>${summaryTable(c, lang)}
${fairnessNote(c, lang)}
<figure>${winsChart(c, lang)}</figure>
<figure>${leadsPerRepChart(c, lang)}</figure>
<h2>${esc(W.differences[lang])}</h2>${differencesTable(c, lang)}
<figure>${reclaimsChart(c, lang)}</figure>
${DIMENSIONS.map((d) => breakdownTable(c, d, lang)).join('\n')}
${modelSection(c, lang)}
</section>`;
}

const STYLE = `body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#1d2939}
table{border-collapse:collapse;margin:8px 0 16px}tr:first-child th{text-align:center;background:#f2f4f7}th,td{border:1px solid #d0d5dd;padding:4px 8px;text-align:right}th[scope=row],td:first-child{text-align:left}
.ci{color:#667085;font-size:12px}.warn{color:#b54708}.v-better td:last-child{color:#15803d;font-weight:600}.v-worse td:last-child{color:#b91c1c;font-weight:600}
figure{margin:8px 0;overflow-x:auto}nav{position:sticky;top:0;background:#fff;padding:4px 0;border-bottom:1px solid #e4e7ec}
nav label{margin-right:12px;cursor:pointer;text-decoration:underline}input[name=lang]{position:absolute;opacity:0}
#lang-en:checked~main .lang-zh,#lang-zh:checked~main .lang-en{display:none}
#lang-en:focus-visible~nav label[for=lang-en],#lang-zh:focus-visible~nav label[for=lang-zh]{outline:2px solid #2563eb}`;

/** The whole report: English shown first (or `header.lang`), the other language one click away (a radio switch, no script). */
export function reportHtml(c: Comparison & { warnings?: readonly RosterWarning[] }, header: ReportHeader = {}): string {
  return standaloneHtml(header.title ?? W.title, { en: page(c, header, 'en'), zh: page(c, header, 'zh') }, '', header.lang);
}

/**
 * The page every standalone report shares: its style, and with both languages' sections the radio
 * switch (`first` shown first, English unless given); with one, that language alone. `extraStyle`
 * adds a report's own rules.
 */
export function standaloneHtml(title: Words, sections: Partial<Record<Lang, string>>, extraStyle = '', first: Lang = 'en'): string {
  const style = `<style>${STYLE}${extraStyle ? `\n${extraStyle}` : ''}</style>`;
  if (sections.en !== undefined && sections.zh !== undefined)
    return `<!doctype html>
<html lang="${first === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title.en)} / ${esc(title.zh)}</title>${style}</head>
<body><input type="radio" name="lang" id="lang-en"${first === 'en' ? ' checked' : ''}><input type="radio" name="lang" id="lang-zh"${first === 'zh' ? ' checked' : ''}>
<nav><label for="lang-en">English</label><label for="lang-zh">中文</label></nav>
<main>${sections.en}${sections.zh}</main></body></html>
`;
  const lang: Lang = sections.en !== undefined ? 'en' : 'zh';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title[lang])}</title>${style}</head>
<body><main>${sections[lang] ?? ''}</main></body></html>
`;
}
