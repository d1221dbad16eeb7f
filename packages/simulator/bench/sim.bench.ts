/**
 * `pnpm bench:sim [--leads 1000000] [--reps N] [--seed 1] [--json]` — issue #12's simulator benchmark:
 * a generated history (bench/simHistory.ts: B2C world, about 5 events a lead) replayed through two
 * policy sets, each timed on its own. Goal: ≥ 100,000 leads/s per policy and < 2 GB peak.
 *
 * leadsPerSec is wall-clock (what a user waits); leadsPerCpuSec is what a loaded, shared machine
 * distorts least — the load averages before and after say how loaded it was. peakMemoryMB is the
 * process's peak resident set (getrusage maxRSS), also sampled at every progress tick.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HistoryIndex, historicalBehaviour, replay } from '../src/replay/index.js';
import { worldBehaviour } from '../src/world/hidden.js';
import { resultCounts } from './resultCounts.js';
import { BENCH_POLICIES, benchHistory } from './simHistory.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (Number.isFinite(n) && n > 0) return n;
  process.stderr.write(`--${name} needs a positive number, got "${args[i + 1] ?? ''}" / --${name} 需要正数，实际为 "${args[i + 1] ?? ''}"\n`);
  process.exit(2);
};
const LEADS = Math.floor(flag('leads', 1_000_000));
const REPS = Math.floor(flag('reps', Math.max(20, Math.round(LEADS / 5_000))));
const SEED = flag('seed', 1);
const json = args.includes('--json');
/** `--policy 2` or `--policy 2,1`: only these policy sets (1-based), in this order — to profile one on its own. */
const policyArg = args.includes('--policy') ? (args[args.indexOf('--policy') + 1] ?? '') : undefined;
const picks = policyArg === undefined ? BENCH_POLICIES.map((_, i) => i + 1) : policyArg.split(',').map(Number);
if (picks.length === 0 || picks.some((n) => !Number.isInteger(n) || n < 1 || n > BENCH_POLICIES.length)) {
  process.stderr.write(`--policy takes 1–${BENCH_POLICIES.length}, comma-separated / --policy 取值 1–${BENCH_POLICIES.length}，以逗号分隔\n`);
  process.exit(2);
}
const say = (text: string) => {
  if (!json || args.includes('--verbose')) process.stderr.write(`${text}\n`);
};

const MB = 2 ** 20;
let sampledPeak = 0;
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > sampledPeak) sampledPeak = rss;
};
const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;
const cpuSecondsSince = (start: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1e6;
};

const loadBefore = os.loadavg();
const genStart = performance.now();
const { world, history, events, activityRows } = benchHistory(LEADS, REPS, SEED, { activityRows: true });
const generateSeconds = (performance.now() - genStart) / 1000;
sample();
say(`history: ${history.leads.length} leads, ${events} events, ${REPS} reps, generated in ${generateSeconds.toFixed(1)} s`);
// Past the last arrival by the longest course (7 days) and a day: every outcome plays out.
const until = new Date(Date.parse(world.end) + 8 * 86_400_000).toISOString();

// One behaviour for both runs (as a simulation shares it across its candidates): its index of the
// history's follow-ups is built once, over the history's activities kept as rows (never as objects).
const behaviour = historicalBehaviour(history, worldBehaviour(world, SEED + 1), activityRows);
// And one index of the history's leads (creation instants, ids), as a simulation makes once for all its candidates.
const indexStart = performance.now();
const index = new HistoryIndex(history);
const indexSeconds = (performance.now() - indexStart) / 1000;
/**
 * A full collection before each policy's replay, outside its seconds: the generator's garbage (and
 * the other policy's) is then not collected on the replay's time. Made callable without a node flag.
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const policies = picks
  .map((n) => BENCH_POLICIES[n - 1]!)
  .map(({ label, policies }) => {
    collectGarbage();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const run = replay({
      history,
      index,
      policies,
      behaviour,
      label,
      timeZone: world.timeZone,
      until,
      onProgress: (done, total) => {
        sample();
        if (done % Math.max(1, Math.floor(total / 10)) === 0) say(`  ${label}: ${done}/${total}`);
      },
    });
    const counts = resultCounts(run.leads);
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpuSecondsSince(cpu);
    sample();
    const leads = history.leads.length;
    const steps = run.totals.events + run.totals.ticks;
    return {
      label,
      seconds: round(seconds, 2),
      cpuSeconds: round(cpuSeconds, 2),
      leadsPerSec: round(leads / seconds),
      leadsPerCpuSec: round(leads / cpuSeconds),
      eventsPerSec: round(run.totals.events / seconds),
      stepsPerLead: round(steps / leads, 2),
      ...run.totals,
      ...counts,
    };
  });

const cpus = os.cpus();
const result = {
  leads: history.leads.length,
  reps: REPS,
  historyEvents: events,
  eventsPerLead: round(events / history.leads.length, 2),
  generateSeconds: round(generateSeconds, 1),
  /** The history's index (HistoryIndex), made once for both policies like the behaviour's: not in their seconds. */
  indexSeconds: round(indexSeconds, 2),
  /** The slower policy's: the goal is per policy. */
  leadsPerSec: Math.min(...policies.map((p) => p.leadsPerSec)),
  leadsPerCpuSec: Math.min(...policies.map((p) => p.leadsPerCpuSec)),
  eventsPerSec: Math.min(...policies.map((p) => p.eventsPerSec)),
  peakMemoryMB: round(Math.max(process.resourceUsage().maxRSS * 1024, sampledPeak) / MB),
  heapLimitMB: round(v8.getHeapStatistics().heap_size_limit / MB),
  policies,
  machine: {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
    /** V8 heap flags the run had (bench:sim gives the simulation process's: a 64 MB semi-space, no allocation-site pretenuring). */
    v8Flags: process.execArgv.filter((a) => a.startsWith('--max-') || a === '--no-allocation-site-pretenuring'),
    /**
     * glibc's malloc settings (bench:sim asks for transparent huge pages under the replay's typed
     * arrays: their reads are the cold misses, and in this VM each also walked 4 KB page tables).
     */
    glibcTunables: process.env.GLIBC_TUNABLES ?? null,
    loadBefore: loadBefore.map((x) => round(x, 2)),
    loadAfter: os.loadavg().map((x) => round(x, 2)),
  },
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const { policies: rows, machine, ...summary } = result;
  console.table(summary);
  console.table(rows);
  console.log(machine);
}
