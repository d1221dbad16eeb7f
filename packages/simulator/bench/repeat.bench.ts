/**
 * `node packages/server/bench/bundled.mjs packages/simulator/bench/repeat.bench.ts [--leads 1000000]
 * [--rounds 6] [--policy 1] [--json]` — the same generated history (bench/simHistory.ts, as bench:sim)
 * replayed through one policy set again and again in one process, each replay's seconds printed.
 *
 * Why: on a shared machine two separate bench:sim processes minutes apart can differ by half; replays
 * back to back in one process, over one history, differ far less, so a change to the replay is judged
 * by the spread of its rounds. A variant of the code can read `globalThis.sluiceVariant` (this sets it
 * to 0, 1, 0, 1, … round by round) to compare two versions of a hot path under the same conditions.
 */
import { HistoryIndex, historicalBehaviour, replay } from '../src/replay/index.js';
import { worldBehaviour } from '../src/world/hidden.js';
import { BENCH_POLICIES, benchHistory } from './simHistory.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (Number.isInteger(n) && n > 0) return n;
  process.stderr.write(`--${name} needs a positive whole number / --${name} 需要正整数\n`);
  process.exit(2);
};
const LEADS = flag('leads', 1_000_000);
const ROUNDS = flag('rounds', 6);
const POLICY = flag('policy', 1);
const REPS = Math.max(20, Math.round(LEADS / 5_000));
const picked = BENCH_POLICIES[POLICY - 1];
if (!picked) {
  process.stderr.write(`--policy takes 1–${BENCH_POLICIES.length} / --policy 取值 1–${BENCH_POLICIES.length}\n`);
  process.exit(2);
}

const { world, history, activityRows } = benchHistory(LEADS, REPS, 1, { activityRows: true });
const until = new Date(Date.parse(world.end) + 8 * 86_400_000).toISOString();
const behaviour = historicalBehaviour(history, worldBehaviour(world, 2), activityRows);
const index = new HistoryIndex(history);
const globals = globalThis as { sluiceVariant?: number };

const rounds: Array<{ variant: number; seconds: number; leadsPerSec: number }> = [];
for (let r = 0; r < ROUNDS; r++) {
  globals.sluiceVariant = r % 2;
  const started = performance.now();
  const usage = process.resourceUsage();
  const run = replay({ history, index, policies: picked.policies, behaviour, label: picked.label, timeZone: world.timeZone, until });
  const seconds = (performance.now() - started) / 1000;
  rounds.push({ variant: r % 2, seconds: Math.round(seconds * 100) / 100, leadsPerSec: Math.round(history.leads.length / seconds) });
  const after = process.resourceUsage();
  const cpu = (k: 'userCPUTime' | 'systemCPUTime') => ((after[k] - usage[k]) / 1e6).toFixed(2);
  process.stderr.write(
    `round ${r + 1} (variant ${r % 2}): ${seconds.toFixed(2)} s (user ${cpu('userCPUTime')} s, system ${cpu('systemCPUTime')} s, ${after.minorPageFault - usage.minorPageFault} page faults), ${run.totals.events} events\n`,
  );
}
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ leads: history.leads.length, policy: picked.label, rounds })}\n`);
