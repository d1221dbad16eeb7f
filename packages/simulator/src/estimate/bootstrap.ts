/**
 * Paired bootstrap over leads for the metrics that are not sums of win probabilities (fairness, time to
 * first contact, circulation counts). Each resample draws the same lead indices for every run, so a
 * difference compares two policies on the same leads. Seeded: same seed → same intervals.
 */
import { quantile, quantileSorted } from 'simple-statistics';
import type { Contribution } from './contributions.js';
import { contactHours } from './metrics.js';
import { indexStream } from './rng.js';
import { gini, maxMinRatio, rosterCv } from './stats.js';

export const BOOTSTRAP_METRICS = [
  'gini',
  'cv',
  'maxMin',
  'firstContactP50',
  'firstContactP90',
  'reclaimed',
  'rerouted',
  'reminders',
  'penalties',
  'counterfactual',
] as const;
export type BootstrapMetric = (typeof BOOTSTRAP_METRICS)[number];

/** One run reduced to typed per-lead columns (aligned by lead index across runs). */
export interface RunColumns {
  reps: number;
  holder: Int32Array;
  contact: Float64Array;
  reclaimed: Float64Array;
  rerouted: Float64Array;
  reminders: Float64Array;
  penalties: Float64Array;
  counterfactual: Float64Array;
}

export function runColumns(contribs: readonly Contribution[], reps: readonly string[]): RunColumns {
  const index = new Map(reps.map((id, i) => [id, i]));
  const n = contribs.length;
  const columns: RunColumns = {
    reps: reps.length,
    holder: new Int32Array(n),
    contact: new Float64Array(n),
    reclaimed: new Float64Array(n),
    rerouted: new Float64Array(n),
    reminders: new Float64Array(n),
    penalties: new Float64Array(n),
    counterfactual: new Float64Array(n),
  };
  contribs.forEach((c, i) => {
    columns.holder[i] = c.run.finalRepId !== undefined ? (index.get(c.run.finalRepId) ?? -1) : -1;
    columns.contact[i] = contactHours(c) ?? Number.NaN;
    columns.reclaimed[i] = c.run.reclaimed;
    columns.rerouted[i] = c.run.rerouted;
    columns.reminders[i] = c.run.reminders;
    columns.penalties[i] = c.run.penalties;
    columns.counterfactual[i] = c.counterfactual ? 1 : 0;
  });
  return columns;
}

function metricsOn(columns: RunColumns, sample: Int32Array): Record<BootstrapMetric, number | null> {
  const counts = new Array<number>(columns.reps).fill(0);
  const hours: number[] = [];
  const sums = { reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0, counterfactual: 0 };
  for (const i of sample) {
    const holder = columns.holder[i]!;
    if (holder >= 0) counts[holder]!++;
    const h = columns.contact[i]!;
    if (!Number.isNaN(h)) hours.push(h);
    sums.reclaimed += columns.reclaimed[i]!;
    sums.rerouted += columns.rerouted[i]!;
    sums.reminders += columns.reminders[i]!;
    sums.penalties += columns.penalties[i]!;
    sums.counterfactual += columns.counterfactual[i]!;
  }
  const [p50, p90] = hours.length ? (quantile(hours, [0.5, 0.9]) as number[]) : [null, null];
  return { gini: gini(counts), cv: rosterCv(counts), maxMin: maxMinRatio(counts), firstContactP50: p50 ?? null, firstContactP90: p90 ?? null, ...sums };
}

export interface BootstrapInterval {
  low: number;
  high: number;
}

/**
 * 95 % percentile intervals of (run − baseline) for every run and metric. null where more than 5 % of the
 * resamples had no value (e.g. max/min when some rep got nothing).
 */
export function pairedBootstrap(
  baseline: RunColumns,
  runs: readonly RunColumns[],
  seed: number,
  resamples: number,
): Array<Record<BootstrapMetric, BootstrapInterval | null>> {
  const n = baseline.holder.length;
  const diffs = runs.map(() => Object.fromEntries(BOOTSTRAP_METRICS.map((m) => [m, [] as number[]])) as Record<BootstrapMetric, number[]>);
  const sample = new Int32Array(n);
  for (let b = 0; b < resamples && n > 0; b++) {
    const next = indexStream(seed, 'bootstrap', String(b));
    for (let i = 0; i < n; i++) sample[i] = next(n);
    const base = metricsOn(baseline, sample);
    runs.forEach((columns, r) => {
      const values = metricsOn(columns, sample);
      for (const metric of BOOTSTRAP_METRICS) {
        const v = values[metric];
        const v0 = base[metric];
        if (v !== null && v0 !== null) diffs[r]![metric].push(v - v0);
      }
    });
  }
  return diffs.map((perMetric) => {
    const out = {} as Record<BootstrapMetric, BootstrapInterval | null>;
    for (const metric of BOOTSTRAP_METRICS) {
      const values = perMetric[metric].sort((a, b) => a - b);
      out[metric] = values.length > 0 && values.length >= 0.95 * resamples ? { low: quantileSorted(values, 0.025), high: quantileSorted(values, 0.975) } : null;
    }
    return out;
  });
}
