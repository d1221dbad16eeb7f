/**
 * Paired bootstrap over leads for the metrics that are not sums of win probabilities (fairness, time to
 * first contact, circulation counts). Each resample draws the same lead indices for every run, so a
 * difference compares two policies on the same leads. Seeded: same seed → same intervals.
 */
import type { ReplayResults } from '../types.js';
import { quantileWithInfinities } from './coverageMetrics.js';
import { type ContactTimes, contactTimes } from './metrics.js';
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
  /** The contacted leads someone holds at the end, fastest first (NaN contact: never contacted). */
  fastest: Int32Array;
  reclaimed: Float64Array;
  rerouted: Float64Array;
  reminders: Float64Array;
  penalties: Float64Array;
  counterfactual: Float64Array;
}

/** `contact`: the run's contact hours when already read (contactTimes), else read here. */
export function runColumns(results: ReplayResults, reps: readonly string[], contact: ContactTimes = contactTimes(results)): RunColumns {
  const index = new Map(reps.map((id, i) => [id, i]));
  const n = results.length;
  const columns: RunColumns = {
    reps: reps.length,
    holder: new Int32Array(n),
    contact: contact.hours,
    fastest: contact.fastest,
    reclaimed: new Float64Array(n),
    rerouted: new Float64Array(n),
    reminders: new Float64Array(n),
    penalties: new Float64Array(n),
    counterfactual: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const holder = results.finalRepId(i);
    columns.holder[i] = holder !== undefined ? (index.get(holder) ?? -1) : -1;
    columns.reclaimed[i] = results.reclaimed(i);
    columns.rerouted[i] = results.rerouted(i);
    columns.reminders[i] = results.reminders(i);
    columns.penalties[i] = results.penalties(i);
    columns.counterfactual[i] = results.counterfactual(i) ? 1 : 0;
  }
  return columns;
}

/** Contacted leads per block of the contact-hour order a resample counts its draws in. */
const BLOCK = 256;

/**
 * Where each lead's contact hours rank in its run, so a resample's quantiles are read from how often
 * it drew each lead (one pass over the leads in their own order, then a walk through one block per
 * quantile) instead of by selecting from a copy of a million hours. The value at a rank of the
 * resampled multiset is the same number whichever way it is found, and the circulation counts are
 * whole numbers (exact in any order of addition), so the metrics are identical to reading the
 * resample draw by draw.
 */
interface HourRanks {
  /** Lead index at each position of the contacted leads, fastest first. */
  order: Int32Array;
  /** Their contact hours, ascending. */
  hours: Float64Array;
  /** Each lead's block of positions (position / BLOCK); `blocks` (one past the last) when never contacted. */
  block: Int32Array;
  blocks: number;
  /** Each lead's holder, `reps` (one past the last) when nobody holds it: the pass over the leads has no branches. */
  holder: Int32Array;
  /** Scratch: draws per block in the resample being read. */
  drawnPerBlock: Int32Array;
}

function hourRanks(columns: RunColumns): HourRanks {
  const contacted = columns.fastest;
  const blocks = Math.ceil(contacted.length / BLOCK);
  const block = new Int32Array(columns.holder.length).fill(blocks);
  for (let j = 0; j < contacted.length; j++) block[contacted[j]!] = Math.floor(j / BLOCK);
  return {
    order: contacted,
    hours: Float64Array.from(contacted, (i) => columns.contact[i]!),
    block,
    blocks,
    holder: columns.holder.map((h) => (h >= 0 ? h : columns.reps)),
    drawnPerBlock: new Int32Array(blocks + 1),
  };
}

/** The contact hours at the given ranks (ascending, 0-based) of the resampled multiset. */
function hoursAtRanks(ranks: HourRanks, drawn: Int32Array, wanted: readonly number[]): Map<number, number> {
  const { order, hours, drawnPerBlock } = ranks;
  const at = new Map<number, number>();
  let before = 0;
  let k = 0;
  for (const rank of wanted) {
    while (before + drawnPerBlock[k]! <= rank) before += drawnPerBlock[k++]!;
    let seen = before;
    for (let j = k * BLOCK; ; j++) {
      seen += drawn[order[j]!]!;
      if (seen > rank) {
        at.set(rank, hours[j]!);
        break;
      }
    }
  }
  return at;
}

/**
 * simple-statistics' quantile(hours, p) (type 7: the two order statistics around (total − 1)·p,
 * interpolated) of the resampled held leads' contact hours, `total` held leads drawn of which
 * `contacted` were contacted; the others rank after every contacted one (censoredQuantile): a
 * quantile reaching them is Infinity, not reached within the run.
 */
function resampledQuantiles(ranks: HourRanks, drawn: Int32Array, total: number, contacted: number, ps: readonly number[]): number[] {
  const indexOf = (p: number) => (p === 1 ? total - 1 : (total - 1) * p);
  const reached = ps.filter((p) => Math.ceil(indexOf(p)) < contacted);
  const wanted = [...new Set(reached.flatMap((p) => [Math.floor(indexOf(p)), Math.ceil(indexOf(p))]))].sort((a, b) => a - b);
  const at = hoursAtRanks(ranks, drawn, wanted);
  return ps.map((p) => {
    const idx = indexOf(p);
    if (Math.ceil(idx) >= contacted) return Number.POSITIVE_INFINITY;
    if (p === 0 || p === 1 || idx % 1 === 0) return at.get(idx)!;
    const lower = at.get(Math.floor(idx))!;
    return lower + (idx - Math.floor(idx)) * (at.get(Math.ceil(idx))! - lower);
  });
}

/** One run's metrics on a resample given as draws per lead. */
function metricsOn(columns: RunColumns, ranks: HourRanks, drawn: Int32Array): Record<BootstrapMetric, number | null> {
  const perRep = new Int32Array(columns.reps + 1);
  let reclaimed = 0;
  let rerouted = 0;
  let reminders = 0;
  let penalties = 0;
  let counterfactual = 0;
  const { reclaimed: reclaims, rerouted: reroutes, reminders: reminds, penalties: penalised, counterfactual: moved } = columns;
  const { block, holder, drawnPerBlock } = ranks;
  drawnPerBlock.fill(0);
  // A lead not drawn adds 0 everywhere (whole numbers: exactly nothing).
  for (let i = 0; i < drawn.length; i++) {
    const w = drawn[i]!;
    perRep[holder[i]!]! += w;
    drawnPerBlock[block[i]!]! += w;
    reclaimed += w * reclaims[i]!;
    rerouted += w * reroutes[i]!;
    reminders += w * reminds[i]!;
    penalties += w * penalised[i]!;
    counterfactual += w * moved[i]!;
  }
  let contacted = 0;
  for (let k = 0; k < ranks.blocks; k++) contacted += drawnPerBlock[k]!;
  const counts = Array.from(perRep.subarray(0, columns.reps));
  let held = 0;
  for (const c of counts) held += c;
  const [p50, p90] = held ? resampledQuantiles(ranks, drawn, held, contacted, [0.5, 0.9]) : [null, null];
  return {
    gini: gini(counts),
    cv: rosterCv(counts),
    maxMin: maxMinRatio(counts),
    firstContactP50: p50 ?? null,
    firstContactP90: p90 ?? null,
    reclaimed,
    rerouted,
    reminders,
    penalties,
    counterfactual,
  };
}

export interface BootstrapInterval {
  low: number;
  high: number;
}

/**
 * 95 % percentile intervals of (run − baseline) for every run and metric. null where more than 5 % of the
 * resamples had no value (e.g. max/min when some rep got nothing, or a contact-time quantile neither run
 * reached). A quantile one run reached and the other did not differs by ±Infinity: a bound may be
 * infinite (the verdict reads it; the report stores it as null).
 */
export function pairedBootstrap(
  baseline: RunColumns,
  runs: readonly RunColumns[],
  seed: number,
  resamples: number,
): Array<Record<BootstrapMetric, BootstrapInterval | null>> {
  const n = baseline.holder.length;
  const diffs = runs.map(() => Object.fromEntries(BOOTSTRAP_METRICS.map((m) => [m, [] as number[]])) as Record<BootstrapMetric, number[]>);
  const baseRanks = hourRanks(baseline);
  const runRanks = runs.map(hourRanks);
  // How often the resample drew each lead: the same draws, in the same order, as a list of indices.
  const drawn = new Int32Array(n);
  for (let b = 0; b < resamples && n > 0; b++) {
    const next = indexStream(seed, 'bootstrap', String(b));
    drawn.fill(0);
    for (let i = 0; i < n; i++) drawn[next(n)]!++;
    const base = metricsOn(baseline, baseRanks, drawn);
    runs.forEach((columns, r) => {
      const values = metricsOn(columns, runRanks[r]!, drawn);
      for (const metric of BOOTSTRAP_METRICS) {
        const v = values[metric];
        const v0 = base[metric];
        // Neither reached the quantile within the run: no difference can be read.
        if (v !== null && v0 !== null && !(v === Number.POSITIVE_INFINITY && v0 === Number.POSITIVE_INFINITY)) diffs[r]![metric].push(v - v0);
      }
    });
  }
  return diffs.map((perMetric) => {
    const out = {} as Record<BootstrapMetric, BootstrapInterval | null>;
    for (const metric of BOOTSTRAP_METRICS) {
      const values = perMetric[metric].sort((a, b) => a - b);
      out[metric] =
        values.length > 0 && values.length >= 0.95 * resamples
          ? { low: quantileWithInfinities(values, 0.025), high: quantileWithInfinities(values, 0.975) }
          : null;
    }
    return out;
  });
}
