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
}

const ROW = 18;
const LABEL_W = 150;
const VALUE_W = 70;

export function BarChart({ bars, label, width = 560 }: { bars: Bar[]; label: string; width?: number }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plot = width - LABEL_W - VALUE_W;
  const height = bars.length * ROW + 4;
  return (
    <svg className="sim-chart" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {bars.map((b, i) => {
        const w = max > 0 ? (b.value / max) * plot : 0;
        const y = i * ROW + 2;
        return (
          <g key={`${b.label}-${i}`}>
            <text x={LABEL_W - 6} y={y + ROW / 2 + 4} textAnchor="end" className="sim-chart-label">
              {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
            </text>
            <rect x={LABEL_W} y={y + 2} width={Math.max(w, b.value > 0 ? 1 : 0)} height={ROW - 5} className="sim-bar" />
            <text x={LABEL_W + w + 4} y={y + ROW / 2 + 4} className="sim-chart-value">
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
  const plot = width - LABEL_W - 20;
  const x = (v: number) => LABEL_W + ((v - from) / (to - from)) * plot;
  const rowH = 28;
  const height = items.length * rowH + 22;
  return (
    <svg className="sim-chart" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {items.map((w, i) => {
        const y = i * rowH + rowH / 2;
        return (
          <g key={`${w.label}-${i}`}>
            <text x={LABEL_W - 6} y={y + 4} textAnchor="end" className="sim-chart-label">
              {w.label.length > 22 ? `${w.label.slice(0, 21)}…` : w.label}
            </text>
            <line x1={x(w.low)} x2={x(w.high)} y1={y} y2={y} className="sim-whisker" />
            <line x1={x(w.low)} x2={x(w.low)} y1={y - 6} y2={y + 6} className="sim-whisker" />
            <line x1={x(w.high)} x2={x(w.high)} y1={y - 6} y2={y + 6} className="sim-whisker" />
            <circle cx={x(w.estimate)} cy={y} r={4} className="sim-dot" />
          </g>
        );
      })}
      <text x={LABEL_W} y={height - 4} className="sim-chart-value">
        {format(from)}
      </text>
      <text x={LABEL_W + plot} y={height - 4} textAnchor="end" className="sim-chart-value">
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
