/**
 * `@sluice/simulator/words`: the simulator's names for what it measures, in both languages, for both
 * screens that show its numbers (the HTML report and the editor), so a metric is called the same in
 * both. Pure data: importing it brings no ECharts, statistics or import code into a bundle.
 */
export { METRIC_WORDS } from './estimate/words.js';
export type { Words } from './types.js';
