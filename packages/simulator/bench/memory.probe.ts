/**
 * Where a replay's memory goes, by phase (issue #12's < 2 GB at a million leads): the live heap
 * after a full GC once the history is made, once the behaviour's index is built, at the end of each
 * policy's run (the engine state and calendar still held) and once its results are made.
 *
 *   node --expose-gc --import tsx packages/simulator/bench/memory.probe.ts [--leads 100000] [--policy 0|1] [--activity-objects]
 *
 * The history's activities are rows, as in `pnpm bench:sim`; `--activity-objects` makes them objects, as an import does.
 */
import v8 from 'node:v8';
import { historicalBehaviour, replay } from '../src/replay/index.js';
import { worldBehaviour } from '../src/world/hidden.js';
import { BENCH_POLICIES, benchHistory } from './simHistory.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LEADS = arg('leads', 100_000);
const REPS = Math.max(20, Math.round(LEADS / 5_000));
const only = args.includes('--policy') ? arg('policy', 0) : undefined;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const MB = 2 ** 20;
let last = 0;
const live = (phase: string) => {
  gc!();
  const used = v8.getHeapStatistics().used_heap_size;
  process.stdout.write(
    `${phase.padEnd(34)} heap ${(used / MB).toFixed(0).padStart(6)} MB  (+${((used - last) / MB).toFixed(0)} MB, ${((used - last) / LEADS).toFixed(0)} B/lead)  typed arrays ${(process.memoryUsage().arrayBuffers / MB).toFixed(0)} MB  rss ${(process.memoryUsage.rss() / MB).toFixed(0)} MB\n`,
  );
  last = used;
};
live('start');
const { world, history, activityRows } = benchHistory(LEADS, REPS, 1, { activityRows: !args.includes('--activity-objects') });
live('history');
const until = new Date(Date.parse(world.end) + 8 * 86_400_000).toISOString();
const behaviour = historicalBehaviour(history, worldBehaviour(world, 2), activityRows);
live('behaviour');
const runs = [];
for (const [i, { label, policies }] of BENCH_POLICIES.entries()) {
  if (only !== undefined && i !== only) continue;
  const run = replay({
    history,
    policies,
    behaviour,
    label,
    timeZone: world.timeZone,
    until,
    onProgress: (done, total) => done === total && live(`${label}: end of run`),
  });
  live(`${label}: results`);
  runs.push(run);
}
