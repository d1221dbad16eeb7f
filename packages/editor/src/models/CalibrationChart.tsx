import type { Metrics } from './evaluation.js';

const SIZE = 260;
const PAD = 30;

/**
 * Predicted probability (across) against the observed win rate (up), one dot per bin sized by its
 * leads, with the diagonal a perfectly calibrated model lies on. The simulation's charts have no
 * x–y plot, so this one is drawn here; its numbers are in the table beside it (ChartWithTable).
 */
export function CalibrationChart({ bins, label, axes }: { bins: Metrics['calibration']; label: string; axes: { x: string; y: string } }) {
  const plot = SIZE - 2 * PAD;
  const x = (p: number) => PAD + Math.min(1, Math.max(0, p)) * plot;
  const y = (p: number) => SIZE - PAD - Math.min(1, Math.max(0, p)) * plot;
  const filled = bins.filter((b) => b.n > 0);
  const most = Math.max(1, ...filled.map((b) => b.n));
  const path = filled.map((b, i) => `${i === 0 ? 'M' : 'L'}${x(b.meanP).toFixed(1)},${y(b.rate).toFixed(1)}`).join(' ');
  return (
    <svg className="sim-chart models-chart" role="img" aria-label={label} width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`}>
      <line className="axis" x1={PAD} y1={SIZE - PAD} x2={SIZE - PAD} y2={SIZE - PAD} />
      <line className="axis" x1={PAD} y1={PAD} x2={PAD} y2={SIZE - PAD} />
      <line className="diagonal" x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} />
      {path && <path className="curve" d={path} />}
      {filled.map((b) => (
        <circle key={b.bin} className="point" cx={x(b.meanP)} cy={y(b.rate)} r={2 + 4 * Math.sqrt(b.n / most)} />
      ))}
      <text x={PAD} y={SIZE - PAD + 16} className="sim-chart-value">
        0
      </text>
      <text x={SIZE - PAD} y={SIZE - PAD + 16} textAnchor="end" className="sim-chart-value">
        1
      </text>
      <text x={PAD - 6} y={PAD + 4} textAnchor="end" className="sim-chart-value">
        1
      </text>
      <text x={SIZE / 2} y={SIZE - 6} textAnchor="middle" className="sim-chart-label">
        {axes.x}
      </text>
      <text x={12} y={SIZE / 2} textAnchor="middle" className="sim-chart-label" transform={`rotate(-90 12 ${SIZE / 2})`}>
        {axes.y}
      </text>
    </svg>
  );
}
