/**
 * The report's charts, drawn by ECharts' server-side SVG renderer: plain SVG strings, so the HTML
 * report opens offline with no script at all. Animation is off so the output is the same every time.
 */
import * as echarts from 'echarts';
import type { Comparison } from '../estimate/compare.js';
import type { Words } from '../types.js';

type Lang = keyof Words;
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#ca8a04', '#7c3aed', '#0891b2'];

/**
 * ECharts names the SVG's ids and classes after a process-wide instance counter (`zr11-…`); they
 * are renamed after the chart's own name so the same report is the same bytes, and two charts in
 * one page never share an id. Exported for the other standalone reports (the smart score's).
 */
export function chartSvg(name: string, option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' }, ...option });
  const raw = chart.renderToSVGString();
  chart.dispose();
  // Class and gradient numbers come from process-wide counters too: renumbered in order of appearance.
  const seen = new Map<string, number>();
  return raw.replace(/\bzr\d+-(\w+?)-?(\d+)\b/g, (_m, kind: string, n: string) => {
    const key = `${kind}:${n}`;
    if (!seen.has(key)) seen.set(key, seen.size);
    return `${name}-${kind}-${seen.get(key)}`;
  });
}

const T = {
  leadsPerRep: { en: 'Leads held per rep at the end, and leads held by nobody', zh: '期末每位销售持有的线索数，以及无人持有的线索数' },
  unassigned: { en: 'Unassigned', zh: '未分配' },
  wins: { en: 'Expected wins with 95% interval', zh: '预期赢单数及 95% 区间' },
  reclaims: { en: 'Reclaims by month', zh: '每月回收次数' },
} satisfies Record<string, Words>;

/**
 * One bar group per rep, one bar per policy, and last a group for the leads nobody holds (hatched
 * outline, faded): every lead of the run is in one bar, so a policy cannot look small by dropping leads.
 */
export function leadsPerRepChart(c: Comparison, lang: Lang): string {
  const reps = [...new Set(c.policies.flatMap((p) => p.perRep.map((r) => r.repId)))].sort();
  const categories = [...reps, T.unassigned[lang]];
  const width = Math.max(640, Math.min(1600, 60 + categories.length * (12 + 10 * c.policies.length)));
  return chartSvg(
    `leads-${lang}`,
    {
      title: { text: T.leadsPerRep[lang], textStyle: { fontSize: 14 } },
      legend: { top: 30, itemGap: 24, data: c.policies.map((p) => p.policy) },
      grid: { top: 70, left: 50, right: 20, bottom: reps.length > 12 ? 90 : 40 },
      xAxis: { type: 'category', data: categories, axisLabel: { rotate: reps.length > 12 ? 60 : 0, fontSize: 10 } },
      yAxis: { type: 'value', min: 0 },
      series: c.policies.map((p) => {
        const by = new Map(p.perRep.map((r) => [r.repId, r.leads]));
        const nobody = { value: p.unassigned, itemStyle: { opacity: 0.45, borderColor: '#111', borderWidth: 1, borderType: 'dashed' } };
        return { type: 'bar', name: p.policy, data: [...reps.map((r) => by.get(r) ?? 0), nobody] };
      }),
    },
    width,
    320,
  );
}

/** A bar per policy for the estimate, a whisker for its interval. */
export function winsChart(c: Comparison, lang: Lang): string {
  const names = c.policies.map((p) => p.policy);
  const whiskers = c.policies.map((p, i) => [i, p.expectedWins.low, p.expectedWins.high]);
  return chartSvg(
    `wins-${lang}`,
    {
      title: { text: T.wins[lang], textStyle: { fontSize: 14 } },
      grid: { top: 40, left: 60, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: names },
      // Bars start at zero: a cut axis would make a small difference look large.
      yAxis: { type: 'value', min: 0 },
      series: [
        {
          type: 'bar',
          barWidth: '40%',
          data: c.policies.map((p, i) => ({ value: round(p.expectedWins.estimate), itemStyle: { color: PALETTE[i % PALETTE.length] } })),
        },
        {
          type: 'custom',
          data: whiskers,
          // The axis must span the whiskers, not only the bars.
          encode: { x: 0, y: [1, 2] },
          renderItem: (_params: unknown, api: { value(i: number): number; coord(p: [number, number]): [number, number] }) => {
            const low = api.coord([api.value(0), api.value(1)]);
            const high = api.coord([api.value(0), api.value(2)]);
            const half = 10;
            const line = (x1: number, y1: number, x2: number, y2: number) => ({
              type: 'line',
              shape: { x1, y1, x2, y2 },
              style: { stroke: '#111', lineWidth: 1.5 },
            });
            return {
              type: 'group',
              children: [
                line(low[0], low[1], high[0], high[1]),
                line(low[0] - half, low[1], low[0] + half, low[1]),
                line(high[0] - half, high[1], high[0] + half, high[1]),
              ],
            };
          },
        },
      ],
    },
    Math.max(480, 160 * names.length),
    300,
  );
}

/** Reclaims per month, a line per policy (the month breakdown of each replay). */
export function reclaimsChart(c: Comparison, lang: Lang): string {
  const months = [...new Set(c.policies.flatMap((p) => p.breakdown.month.map((g) => g.value)))].sort();
  return chartSvg(
    `reclaims-${lang}`,
    {
      title: { text: T.reclaims[lang], textStyle: { fontSize: 14 } },
      legend: { top: 30, itemGap: 24, data: c.policies.map((p) => p.policy) },
      grid: { top: 70, left: 50, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: c.policies.map((p) => {
        const by = new Map(p.breakdown.month.map((g) => [g.value, g.reclaimed]));
        return { type: 'line', name: p.policy, data: months.map((m) => by.get(m) ?? 0) };
      }),
    },
    Math.max(480, 80 * months.length),
    300,
  );
}

const round = (x: number) => Math.round(x * 100) / 100;
