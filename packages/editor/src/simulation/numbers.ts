import type { Formatter } from '../format/format.js';

/** How many decimals a metric is read with: money whole, ratios to three places, counts as they are. */
export function metricNumber(format: Formatter, metric: string, n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (metric.toLowerCase().includes('revenue')) return format.number(n, { maximumFractionDigits: 0 });
  if (metric === 'gini' || metric === 'cv') return format.number(n, { maximumFractionDigits: 3 });
  return format.number(n, { maximumFractionDigits: metric.toLowerCase().includes('wins') ? 1 : 2 });
}

export function signed(format: Formatter, metric: string, n: number | null): string {
  if (n === null) return '—';
  const text = metricNumber(format, metric, n);
  return n > 0 ? `+${text}` : text;
}
