/**
 * The full-size validation of issue #12 ("Proof that the estimates are right"): for each regime and
 * each seed, a world's history under round robin, the simulator's estimate of a segment-to-team
 * policy from that history alone, and that policy's true expected wins from the world. Prints a JSON
 * summary per regime: interval coverage (goal ≥ 18 of 20) and mean absolute error (goal < 5 %).
 *
 *   npx tsx packages/simulator/bench/validate.ts [--seeds 20] [--regime b2b|b2c] [--seeds-detail]
 *                                                [--candidate segment-team|half-team]
 *
 * --candidate half-team: a stress case — half the reps take every lead, so loads (about double) go past
 * anything the history showed. The load effect is extrapolated there and its standard error widens the
 * interval with the distance. Measured (2026-12-05): B2B 20 seeds, signed error +1.3 %, covered 19/20,
 * mean |error| 12.2 % (a round-robin history barely pins the slope: its se ≈ the slope itself);
 * B2C default size 5 seeds, signed +4.0 %, covered 5/5. Capped at the range it ran high: B2B 5 seeds
 * +9.8 %; B2C default size 5 seeds +15.4 %, covered 2/5. The segment-team candidate is unchanged by this (B2B 5 seeds: mean
 * |error| 1.1 %, 5/5; B2C 4 seeds: 4.5 %, 4/4, the same as before to the first decimal).
 */
import type { Regime } from '../src/world/regimes.js';
import { type CandidateKind, type SeedResult, summarise, validateSeed } from '../src/simulate/validation.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const SEEDS = Number(flag('seeds', '20'));
const candidate = flag('candidate', 'segment-team') as CandidateKind;
const regimes = flag('regime', 'b2b,b2c').split(',') as Regime[];
/** Full size: a year of B2B with 50 reps (≈ 2,400 leads, ≈ 500 wins); a month of B2C with 20 reps (≈ 18,000 leads). Smaller worlds cannot reach a 5 % error: the history's own outcome noise is √(Σp(1−p)) wins. */
const SIZES: Record<Regime, { reps: number; teams: number; days: number }> = {
  b2b: { reps: Number(flag('b2b-reps', '50')), teams: 2, days: Number(flag('b2b-days', '365')) },
  b2c: { reps: Number(flag('b2c-reps', '20')), teams: 2, days: Number(flag('b2c-days', '30')) },
};

const out: Record<string, unknown> = {};
for (const regime of regimes) {
  const results: SeedResult[] = [];
  const started = performance.now();
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = validateSeed(regime, 1000 + seed, SIZES[regime], candidate);
    results.push(r);
    process.stderr.write(
      `${regime} seed ${r.seed}: leads ${r.leads}, cf ${r.counterfactual}, truth ${r.truth.wins.toFixed(1)}, est ${r.estimate.wins.toFixed(1)} [${r.estimate.low.toFixed(1)}, ${r.estimate.high.toFixed(1)}] ${r.covered ? 'ok' : 'MISS'} err ${(100 * r.relativeError).toFixed(2)}%\n`,
    );
  }
  out[regime] = {
    size: SIZES[regime],
    ...summarise(regime, results),
    seconds: (performance.now() - started) / 1000,
    ...(args.includes('--seeds-detail') ? { results } : {}),
  };
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
