import type { Formatter } from '../format/format.js';
import { METRIC_DIGITS } from '@sluice/simulator/words';

/** How many decimals a metric is read with: money whole, ratios to three places, counts as they are. */
export function metricNumber(format: Formatter, metric: string, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  // The report's decimals per metric (one rule for both screens); the editor's formatter groups by the chosen language.
  return format.number(n, { maximumFractionDigits: METRIC_DIGITS[metric] ?? 2 });
}

export function signed(format: Formatter, metric: string, n: number | null): string {
  if (n === null) return '—';
  const text = metricNumber(format, metric, n);
  return n > 0 ? `+${text}` : text;
}
