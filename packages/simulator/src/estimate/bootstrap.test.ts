import { quantile, quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_METRICS, type BootstrapMetric, pairedBootstrap, type RunColumns } from './bootstrap.js';
import { quantileWithInfinities } from './coverageMetrics.js';
import { indexStream } from './rng.js';
import { gini, maxMinRatio, rosterCv } from './stats.js';

/** The bootstrap read draw by draw, as it was first written: what the counted reading must equal exactly. */
function drawByDraw(baseline: RunColumns, runs: RunColumns[], seed: number, resamples: number) {
  const n = baseline.holder.length;
  const on = (columns: RunColumns, sample: Int32Array): Record<BootstrapMetric, number | null> => {
    const counts = new Array<number>(columns.reps).fill(0);
    // Held leads' first-contact hours; a held lead never contacted ranks after every contacted one (+∞).
    const hours: number[] = [];
    const sums = { reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0, counterfactual: 0 };
    for (const i of sample) {
      if (columns.holder[i]! >= 0) counts[columns.holder[i]!]!++;
      if (columns.holder[i]! >= 0) hours.push(Number.isNaN(columns.contact[i]!) ? Number.POSITIVE_INFINITY : columns.contact[i]!);
      sums.reclaimed += columns.reclaimed[i]!;
      sums.rerouted += columns.rerouted[i]!;
      sums.reminders += columns.reminders[i]!;
      sums.penalties += columns.penalties[i]!;
      sums.counterfactual += columns.counterfactual[i]!;
    }
    // simple-statistics reads ∞ + 0·(∞ − ∞) as NaN: a quantile between two never-contacted leads is not reached (∞) too.
    const reached = (q: number) => (Number.isNaN(q) ? Number.POSITIVE_INFINITY : q);
    const [p50, p90] = hours.length ? (quantile(hours, [0.5, 0.9]) as number[]).map(reached) : [null, null];
    return { gini: gini(counts), cv: rosterCv(counts), maxMin: maxMinRatio(counts), firstContactP50: p50 ?? null, firstContactP90: p90 ?? null, ...sums };
  };
  const diffs = runs.map(() => Object.fromEntries(BOOTSTRAP_METRICS.map((m) => [m, [] as number[]])) as Record<BootstrapMetric, number[]>);
  const sample = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    const next = indexStream(seed, 'bootstrap', String(b));
    for (let i = 0; i < n; i++) sample[i] = next(n);
    const base = on(baseline, sample);
    runs.forEach((columns, r) => {
      const values = on(columns, sample);
      for (const m of BOOTSTRAP_METRICS) {
        const [v, v0] = [values[m], base[m]];
        if (v !== null && v0 !== null && !(v === Number.POSITIVE_INFINITY && v0 === Number.POSITIVE_INFINITY)) diffs[r]![m].push(v - v0);
      }
    });
  }
  return diffs.map((perMetric) =>
    Object.fromEntries(
      BOOTSTRAP_METRICS.map((m) => {
        const v = perMetric[m].sort((a, b) => a - b);
        const finite = v.every(Number.isFinite);
        const at = (p: number) => (finite ? quantileSorted(v, p) : quantileWithInfinities(v, p));
        return [m, v.length > 0 && v.length >= 0.95 * resamples ? { low: at(0.025), high: at(0.975) } : null];
      }),
    ),
  );
}

/** A run of n leads: tied and fractional contact hours, never-contacted and unheld leads, whole counts. */
function columnsOf(n: number, reps: number, seed: number, contacted: number): RunColumns {
  const u = indexStream(seed, 'columns');
  const column = (f: () => number) => Float64Array.from({ length: n }, f);
  const contact = column(() => (u(100) >= contacted ? Number.NaN : u(3) === 0 ? u(5) : u(100_000) / 7));
  const holder = Int32Array.from({ length: n }, () => (u(10) === 0 ? -1 : u(reps)));
  // runColumns' order: the contacted leads someone holds, fastest first.
  const indices = [...contact.keys()].filter((i) => !Number.isNaN(contact[i]!) && holder[i]! >= 0);
  return {
    reps,
    holder,
    contact,
    fastest: Int32Array.from(indices.sort((a, b) => contact[a]! - contact[b]!)),
    reclaimed: column(() => (u(8) === 0 ? 1 : 0)),
    rerouted: column(() => (u(20) === 0 ? 2 : 0)),
    reminders: column(() => u(4)),
    penalties: column(() => (u(50) === 0 ? 1 : 0)),
    counterfactual: column(() => u(2)),
  };
}

describe('paired bootstrap (draws counted per lead)', () => {
  it('gives exactly the intervals of reading every draw, on runs with ties, silence and unheld leads', () => {
    for (const [n, reps, contacted] of [
      [1_500, 7, 90],
      [600, 30, 3],
      [40, 3, 50],
    ] as const) {
      const base = columnsOf(n, reps, 1, contacted);
      const runs = [columnsOf(n, reps, 2, contacted), columnsOf(n, reps, 3, 100)];
      const counted = pairedBootstrap(base, runs, 9, 40);
      expect(counted).toEqual(drawByDraw(base, runs, 9, 40));
      // Not vacuous: the quantiles of contact hours got intervals.
      expect(counted[1]!.firstContactP90).not.toBeNull();
    }
  });

  it('leaves no interval where no lead was ever contacted', () => {
    const base = columnsOf(50, 4, 1, 0);
    const result = pairedBootstrap(base, [columnsOf(50, 4, 2, 0)], 3, 20);
    expect(result[0]!.firstContactP50).toBeNull();
    expect(result[0]!.reclaimed).not.toBeNull();
  });
});
