/** The evaluation report's two charts, drawn as the simulation report's are (ECharts SSR, inline SVG). */
import { chartSvg } from '../../report/charts.js';
import type { Words } from '../../types.js';
import type { ModelReport } from './types.js';
import { label } from './words.js';

type Lang = keyof Words;

const T = {
  ...label,
  calibration: { en: 'Calibration on the test leads: predicted vs. observed win rate', zh: '测试线索上的校准：预测赢单率与实际赢单率' },
  predicted: { en: 'Predicted', zh: '预测' },
  observed: { en: 'Observed', zh: '实际' },
  perfect: { en: 'Perfect calibration', zh: '完全校准' },
  lift: { en: 'Lift by decile on the test leads (1 = highest scored tenth)', zh: '测试线索按十分位的提升度（1 = 得分最高的十分之一）' },
} satisfies Record<string, Words>;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Each bin's mean prediction against its observed rate, with the diagonal a calibrated model lies on. */
export function calibrationChart(r: ModelReport, lang: Lang): string {
  const bins = r.metrics.test.model.calibration;
  return chartSvg(
    `calibration-${lang}`,
    {
      title: { text: T.calibration[lang], textStyle: { fontSize: 14 } },
      legend: { top: 30, data: [T.smart[lang], T.perfect[lang]] },
      grid: { top: 70, left: 60, right: 30, bottom: 50 },
      xAxis: { type: 'value', min: 0, max: 1, name: T.predicted[lang], nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', min: 0, max: 1, name: T.observed[lang] },
      series: [
        { type: 'line', name: T.smart[lang], data: bins.map((b) => [round(b.meanP), round(b.rate)]), symbolSize: 8 },
        {
          type: 'line',
          name: T.perfect[lang],
          data: [
            [0, 0],
            [1, 1],
          ],
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#98a2b3' },
          itemStyle: { color: '#98a2b3' },
        },
      ],
    },
    560,
    420,
  );
}

/** Lift per decile, a bar for the model and one for the points table side by side. */
export function liftChart(r: ModelReport, lang: Lang): string {
  const model = r.metrics.test.model.lift;
  const points = r.metrics.test.points?.lift;
  const deciles = model.map((d) => String(d.decile));
  const series: Array<Record<string, unknown>> = [{ type: 'bar', name: T.smart[lang], data: model.map((d) => round(d.lift)) }];
  if (points) {
    const by = new Map(points.map((d) => [d.decile, d.lift]));
    series.push({ type: 'bar', name: T.points[lang], data: model.map((d) => round(by.get(d.decile) ?? 0)) });
  }
  return chartSvg(
    `lift-${lang}`,
    {
      title: { text: T.lift[lang], textStyle: { fontSize: 14 } },
      legend: { top: 30, data: series.map((s) => s.name) },
      grid: { top: 70, left: 50, right: 20, bottom: 50 },
      xAxis: { type: 'category', data: deciles, name: T.decile[lang], nameLocation: 'middle', nameGap: 28 },
      // From zero, so a decile's bar compares with the others by its height.
      yAxis: { type: 'value', min: 0 },
      series,
    },
    640,
    340,
  );
}
