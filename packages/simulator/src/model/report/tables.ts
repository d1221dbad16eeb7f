/** The numbers behind the two charts, as tables: a reader (or a screen reader) gets every figure the chart draws. */
import { esc } from '../../report/html.js';
import type { Words } from '../../types.js';
import { formatMetric } from '../../words.js';
import type { ModelReport } from './types.js';
import { label } from './words.js';

type Lang = keyof Words;

const T = {
  ...label,
  bin: { en: 'Predicted range', zh: '预测区间' },
  predicted: { en: 'Mean predicted', zh: '平均预测' },
  observed: { en: 'Observed win rate', zh: '实际赢单率' },
  rate: { en: 'win rate', zh: '赢单率' },
  lift: { en: 'lift', zh: '提升度' },
  capture: { en: 'won leads found so far', zh: '累计覆盖赢单' },
  shared: {
    en: 'Leads with equal scores that a decile boundary cuts through share their wins in proportion, so a score with many ties is judged on what it can tell apart.',
    zh: '得分相同的线索若被十分位边界分开，按比例分摊其赢单，因此大量同分的评分只按其能区分的部分评估。',
  },
} satisfies Record<string, Words>;

const pct = (share: number, lang: Lang) => `${formatMetric('percent', share * 100, lang)}%`;
const th = (w: Words, lang: Lang) => `<th>${esc(w[lang])}</th>`;

export function calibrationTable(r: ModelReport, lang: Lang): string {
  const rows = r.metrics.test.model.calibration
    .map(
      (b) =>
        `<tr><th scope="row">${pct(b.lo, lang)} – ${pct(b.hi, lang)}</th><td>${formatMetric('leads', b.n, lang)}</td><td>${pct(b.meanP, lang)}</td><td>${pct(b.rate, lang)}</td></tr>`,
    )
    .join('');
  return `<table class="calibration"><tr>${th(T.bin, lang)}${th(T.leads, lang)}${th(T.predicted, lang)}${th(T.observed, lang)}</tr>${rows}</table>`;
}

export function decileTable(r: ModelReport, lang: Lang): string {
  const model = r.metrics.test.model.lift;
  const points = new Map((r.metrics.test.points?.lift ?? []).map((d) => [d.decile, d]));
  const withPoints = points.size > 0;
  const group = (name: Words) => `<th colspan="3">${esc(name[lang])}</th>`;
  const head =
    `<tr><th rowspan="2">${esc(T.decile[lang])}</th><th rowspan="2">${esc(T.leads[lang])}</th>${group(T.smart)}${withPoints ? group(T.points) : ''}</tr>` +
    `<tr>${`${th(T.rate, lang)}${th(T.lift, lang)}${th(T.capture, lang)}`.repeat(withPoints ? 2 : 1)}</tr>`;
  const cells = (d: { rate: number; lift: number; cumulativeCapture: number } | undefined) =>
    d
      ? `<td>${pct(d.rate, lang)}</td><td>${formatMetric('topLift', d.lift, lang)}</td><td>${pct(d.cumulativeCapture, lang)}</td>`
      : '<td>—</td><td>—</td><td>—</td>';
  const rows = model
    .map(
      (d) => `<tr><th scope="row">${d.decile}</th><td>${formatMetric('leads', d.n, lang)}</td>${cells(d)}${withPoints ? cells(points.get(d.decile)) : ''}</tr>`,
    )
    .join('');
  return `<table class="deciles">${head}${rows}</table><p class="note">${esc(T.shared[lang])}</p>`;
}
