import type { ReactNode } from 'react';

/**
 * Two small inline-SVG charts (no chart library is installed in the editor, and these two shapes
 * do not need one). Each is an image with a label naming what it shows; the numbers themselves are
 * always in a table beside it (`ChartWithTable`), so nothing is only visible as a drawing.
 */

export interface Bar {
  label: string;
  value: number;
  /** The number as the reader reads it (locale-formatted). */
  text: string;
  /** Leads held by nobody: drawn apart (dashed outline, after a gap) so it never reads as one more rep. */
  kind?: 'unassigned';
}

const ROW = 18;
const VALUE_W = 70;
const FONT = 11;

/** About how wide a label is drawn at 11 px: CJK and full-width characters one em, the rest ~0.62 em. */
export function labelWidth(text: string): number {
  let em = 0;
  for (const ch of text) em += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : 0.62;
  return Math.ceil(em * FONT);
}

/** The label cut (with …) at its end to fit `room` px: its start (a month, a name) always shows whole. */
export function fitLabel(text: string, room: number): string {
  if (labelWidth(text) <= room) return text;
  let out = '';
  for (const ch of text) {
    if (labelWidth(`${out}${ch}…`) > room) break;
    out += ch;
  }
  return `${out}…`;
}

/** Room for the labels: as wide as the widest needs, at most 45 % of the chart, at least 60 px. */
const labelRoom = (labels: readonly string[], width: number) => Math.min(Math.floor(width * 0.45), Math.max(60, ...labels.map(labelWidth)) + 8);

/**
 * Horizontal bars. `max`: the value a full-length bar stands for — give charts set side by side the
 * same one, so equal lengths mean equal numbers (default: this chart's largest bar).
 */
export function BarChart({ bars, label, width = 560, max }: { bars: Bar[]; label: string; width?: number; max?: number }) {
  const top = Math.max(0, max ?? 0, ...bars.map((b) => b.value));
  const labelW = labelRoom(
    bars.map((b) => b.label),
    width,
  );
  const plot = width - labelW - VALUE_W;
  const gapBefore = (i: number) => (bars[i]?.kind === 'unassigned' && i > 0 ? ROW / 2 : 0);
  const ys = bars.map((_, i) => i * ROW + 2 + bars.slice(0, i + 1).reduce((sum, _b, k) => sum + gapBefore(k), 0));
  const height = (ys.at(-1) ?? 0) + ROW + 2;
  return (
    <svg className="sim-chart" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-max={top}>
      {bars.map((b, i) => {
        const w = top > 0 ? (b.value / top) * plot : 0;
        const y = ys[i]!;
        const unassigned = b.kind === 'unassigned';
        const shown = fitLabel(b.label, labelW - 8);
        return (
          <g key={`${b.label}-${i}`} data-bar={unassigned ? 'unassigned' : 'rep'}>
            {shown !== b.label && <title>{b.label}</title>}
            <text x={labelW - 6} y={y + ROW / 2 + 4} textAnchor="end" className={unassigned ? 'sim-chart-label sim-chart-label-unassigned' : 'sim-chart-label'}>
              {shown}
            </text>
            <rect
              x={labelW}
              y={y + 2}
              width={Math.max(w, b.value > 0 ? 1 : 0)}
              height={ROW - 5}
              className={unassigned ? 'sim-bar sim-bar-unassigned' : 'sim-bar'}
            />
            <text x={labelW + w + 4} y={y + ROW / 2 + 4} className="sim-chart-value">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Whisker {
  label: string;
  estimate: number;
  low: number;
  high: number;
}

/** Estimates as dots with their 95 % interval as a whisker, on one shared axis from the smallest low to the largest high. */
export function WhiskerChart({ items, label, width = 560, format }: { items: Whisker[]; label: string; width?: number; format: (n: number) => string }) {
  const lo = Math.min(...items.map((w) => w.low));
  const hi = Math.max(...items.map((w) => w.high));
  const span = hi - lo || Math.abs(hi) || 1;
  const from = lo - span * 0.05;
  const to = hi + span * 0.05;
  const labelW = labelRoom(
    items.map((w) => w.label),
    width,
  );
  const plot = width - labelW - 20;
  const x = (v: number) => labelW + ((v - from) / (to - from)) * plot;
  const rowH = 28;
  const height = items.length * rowH + 22;
  return (
    <svg className="sim-chart" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {items.map((w, i) => {
        const y = i * rowH + rowH / 2;
        const shown = fitLabel(w.label, labelW - 8);
        return (
          <g key={`${w.label}-${i}`}>
            {shown !== w.label && <title>{w.label}</title>}
            <text x={labelW - 6} y={y + 4} textAnchor="end" className="sim-chart-label">
              {shown}
            </text>
            <line x1={x(w.low)} x2={x(w.high)} y1={y} y2={y} className="sim-whisker" />
            <line x1={x(w.low)} x2={x(w.low)} y1={y - 6} y2={y + 6} className="sim-whisker" />
            <line x1={x(w.high)} x2={x(w.high)} y1={y - 6} y2={y + 6} className="sim-whisker" />
            <circle cx={x(w.estimate)} cy={y} r={4} className="sim-dot" />
          </g>
        );
      })}
      <text x={labelW} y={height - 4} className="sim-chart-value">
        {format(from)}
      </text>
      <text x={labelW + plot} y={height - 4} textAnchor="end" className="sim-chart-value">
        {format(to)}
      </text>
    </svg>
  );
}

/** A chart with the same numbers as a table under a disclosure (keyboard- and screen-reader-friendly). */
export function ChartWithTable({ chart, table, tableLabel }: { chart: ReactNode; table: ReactNode; tableLabel: string }) {
  return (
    <div className="sim-chart-block">
      {chart}
      <details>
        <summary>{tableLabel}</summary>
        {table}
      </details>
    </div>
  );
}
