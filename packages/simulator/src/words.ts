/**
 * `@sluice/simulator/words`: the simulator's names for what it measures, in both languages, for both
 * screens that show its numbers (the HTML report and the editor), so a metric is called the same in
 * both. Pure data: importing it brings no ECharts, statistics or import code into a bundle.
 */
import { METRIC_DIGITS } from './estimate/words.js';
import type { Words } from './types.js';

export { METRIC_DIGITS, METRIC_WORDS } from './estimate/words.js';
export type { Words } from './types.js';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A metric's value as people read it: thousands grouped ("35,780,000"), as many decimals as the
 * metric has meaning for (METRIC_DIGITS), "—" when there is no value. Both screens call this, so the
 * report and the editor show the same figure.
 */
export function formatMetric(metric: string, value: number | null | undefined, lang: keyof Words): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = METRIC_DIGITS[metric] ?? 2;
  const key = `${lang}:${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
    formats.set(key, f);
  }
  // −0 after rounding reads as "-0": show 0.
  const text = f.format(value);
  return /^-0(\.0*)?$/.test(text) ? '0' : text;
}
