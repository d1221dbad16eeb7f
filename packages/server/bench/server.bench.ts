/**
 * Server benchmark: `POST /v1/decide` over HTTP on loopback, driven by autocannon, for a routing
 * policy with round robin and caps (examples/policies/s06-round-robin.json over the ten reps of
 * examples/states/bench-roster.json, all put in its "ae" team), against
 *   embedded — the real server (src/main.ts, bundled as `pnpm start` runs it) on embedded PGlite in a temp folder;
 *   postgres — the real server on a fresh PostgreSQL database (TEST_DATABASE_URL, or
 *              postgres://root@127.0.0.1:5432/test; skipped when unreachable);
 *   baseline — a bare Hono handler running json-rules-engine on the same compiled rules, storing
 *              nothing (bench/baseline.ts), so the cost of durability is visible.
 * Every server runs in its own child process so the load generator does not share its event loop.
 * The tenant, roster and policy go in through the real API (key seeded in the database first);
 * every request is a new lead with its own event id. After each run the database is checked:
 * decisions stored = 2xx responses, and round-robin shares differ by at most one.
 *   poisoned — on both lanes, 24 connections of good events alone and then alongside 2 sending
 *              bad events the database refuses (bench/poisoned.ts): good throughput must stay
 *              within 15%.
 *   simLoad — decide latency before vs during a big simulation on the embedded server
 *              (bench/simload.ts); only when `--only` names it. `--leads <n>` (1,000,000),
 *              `--clients <n>` (8, closed loop) or `--rate <n>` (open loop, decisions a second).
 *   largeTeam, hugeTeam, bigTable, tickStall, openLoop — issue #13's scale targets (bench/scale.ts:
 *              roster size, stored leads, a reclaim tick's stall, a fixed offered rate); only when `--only`
 *              names them (`largeTeam` both lanes, `largeTeam-embedded` one).
 * `pnpm bench:server` prints a table; `pnpm bench:server --json` prints one JSON object.
 * Flags: `--only embedded,postgres,baseline,poisoned` (or poisoned-embedded, poisoned-postgres), `--seconds <s>` and `--warmup <s>` per run
 * (10 and 2; short ones to try it out), `--profile <dir>` (V8 CPU profiles of the server children),
 * `--source` (children from TypeScript through tsx; by default the server runs as `pnpm start` runs
 * it, the bundle dist/main.js rebuilt when stale, and the baseline is bundled the same way).
 */
import type autocannon from 'autocannon';
import { baselineEnv, cpuSeconds, startChild, stopChild } from './children.js';
import { CONNECTIONS, DURATION_S, JSON_OUT, log, machine, named, POLICY, PG_URL, report, wanted, WARMUP_S, type Figures } from './common.js';
import { onLane, postgresReachable, type Lane } from './lanes.js';
import { figures, load, sentOf, verdict } from './load.js';
import { benchPoisoned, type PoisonedRun } from './poisoned.js';
import { benchSimLoad, type SimLoadRun, SIM_LEADS, simLoadLines } from './simload.js';
import { benchScale, type ScaleResults, scaleFailed, scaleLines, scaleNamed } from './scale.js';

interface Run extends Figures {
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  check: string;
  checkOk: boolean;
}

/**
 * Warm-up, then the measured run. Also the server process's CPU time per answered request over
 * the measured run: on a 2-core machine shared with the load generator (and PostgreSQL) the
 * throughput swings with whatever else runs; the CPU cost per decision does not.
 */
async function measure(
  base: string,
  key: string,
  tag: string,
  pid?: number,
): Promise<{ warm: autocannon.Result; main: autocannon.Result; cpuMsPerRequest: number }> {
  const warm = await load(base, key, tag, WARMUP_S);
  const before = cpuSeconds(pid);
  const main = await load(base, key, tag, DURATION_S);
  const cpuMsPerRequest = Number((((cpuSeconds(pid) - before) * 1000) / Math.max(1, main['2xx'])).toFixed(3));
  return { warm, main, cpuMsPerRequest };
}

function runOf(r: { warm: autocannon.Result; main: autocannon.Result; cpuMsPerRequest: number }, check: { check: string; checkOk: boolean }): Run {
  const all = [r.warm, r.main];
  return {
    ...figures(r.main),
    cpuMsPerRequest: r.cpuMsPerRequest,
    ok2xx: all.reduce((s, x) => s + x['2xx'], 0),
    non2xx: all.reduce((s, x) => s + x.non2xx, 0),
    errors: all.reduce((s, x) => s + x.errors, 0),
    timeouts: all.reduce((s, x) => s + x.timeouts, 0),
    ...check,
  };
}

// --- targets -------------------------------------------------------------------------------------

/** The real server on a fresh database of the lane. */
function benchServer(lane: Lane): Promise<Run> {
  const tag = lane === 'embedded' ? 'emb' : 'pg';
  return onLane(
    lane,
    async () => undefined,
    (child, key) => measure(child.base, key, tag, child.proc.pid),
    async (r, stored) => runOf(r, verdict(r.warm['2xx'] + r.main['2xx'], sentOf([r.warm, r.main]), stored)),
  );
}

async function benchBaseline(): Promise<Run> {
  const child = await startChild(['packages/server/bench/baseline.ts', POLICY], baselineEnv());
  let r: Awaited<ReturnType<typeof measure>>;
  try {
    r = await measure(child.base, 'none', 'base', child.proc.pid);
  } finally {
    await stopChild(child);
  }
  const total = r.warm['2xx'] + r.warm.non2xx + r.main['2xx'] + r.main.non2xx;
  const ok2xx = r.warm['2xx'] + r.main['2xx'];
  const checkOk = ok2xx === total && total > 0;
  return runOf(r, { checkOk, check: `${checkOk ? 'OK' : 'FAILED'}: ${ok2xx} of ${total} answers 2xx (stores nothing)` });
}

// --- report --------------------------------------------------------------------------------------

type Skipped = { skipped: string };

async function main(): Promise<void> {
  const m = machine();
  log(`Sluice server benchmark: POST /v1/decide, ${POLICY} over 9 active reps, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per target`);
  log(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load ${m.loadavg1m}`);
  const results: Record<string, Run | Skipped> = {};
  const poisoned: Partial<Record<Lane, PoisonedRun | Skipped>> = {};
  const pgReachable = await postgresReachable();
  const pgSkipped = { skipped: `PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, '//…@')} is unreachable: skipped` };

  for (const lane of ['embedded', 'postgres'] as const) {
    if (!wanted(lane)) continue;
    if (lane === 'postgres' && !pgReachable) {
      report(`postgres: ${pgSkipped.skipped}`);
      results.postgres = pgSkipped;
      continue;
    }
    log(`${lane}${lane === 'embedded' ? ' (PGlite)' : ''} …`);
    const run = await benchServer(lane);
    results[lane] = run;
    report(`${lane}: ${run.check}`);
  }

  if (wanted('baseline')) {
    log('baseline (bare Hono + json-rules-engine, stores nothing) …');
    results.baseline = await benchBaseline();
    report(`baseline: ${(results.baseline as Run).check}`);
  }

  if (wanted('poisoned') || wanted('poisoned-embedded') || wanted('poisoned-postgres')) {
    for (const lane of ['embedded', 'postgres'] as const) {
      if (!wanted('poisoned') && !wanted(`poisoned-${lane}`)) continue;
      if (lane === 'postgres' && !pgReachable) {
        poisoned.postgres = pgSkipped;
        continue;
      }
      log(`poisoned, ${lane}: 24 good connections, alone and with 2 sending bad events …`);
      const run = await benchPoisoned(lane);
      poisoned[lane] = run;
      report(`poisoned ${lane}: ${run.check}`);
    }
  }

  let simLoad: SimLoadRun | undefined;
  if (named('simLoad')) {
    log(`simLoad: decide before vs during a simulation of ${SIM_LEADS} leads (embedded) …`);
    simLoad = await benchSimLoad();
    report(`simLoad: ${simLoad.check}`);
  }

  // Issue #13's scale targets (bench/scale.ts): only when --only names them.
  const scale: ScaleResults | undefined = scaleNamed() ? await benchScale(pgReachable, pgSkipped) : undefined;

  const failed =
    [...Object.values(results), ...Object.values(poisoned), ...(simLoad ? [simLoad] : [])].some((r) => 'checkOk' in r && !r.checkOk) ||
    (scale !== undefined && scaleFailed(scale));
  if (JSON_OUT) {
    const out: Record<string, unknown> = {};
    for (const [k, r] of Object.entries(results))
      out[k] = 'skipped' in r ? r : { throughput: r.throughput, p50: r.p50, p90: r.p90, p99: r.p99, max: r.max, cpuMsPerRequest: r.cpuMsPerRequest };
    if (Object.keys(poisoned).length > 0)
      out.poisoned = Object.fromEntries(
        Object.entries(poisoned).map(([k, r]) => [
          k,
          'skipped' in r ? r : { clean: r.clean, poisoned: r.poisoned, ratio: r.ratio, rounds: r.rounds, bad: r.bad, checkOk: r.checkOk },
        ]),
      );
    if (simLoad) out.simLoad = simLoad;
    if (scale) Object.assign(out, scale);
    out.machine = m;
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    const row = (name: string, f: Figures, tail: string) =>
      log(
        `${name.padEnd(19)} ${String(f.throughput).padStart(11)} ${String(f.p50).padStart(8)} ${String(f.p90).padStart(8)} ${String(f.p99).padStart(8)} ${String(f.max).padStart(8)} ${f.cpuMsPerRequest.toFixed(3).padStart(12)}   ${tail}`,
      );
    log('');
    log('target              decisions/s   p50 ms   p90 ms   p99 ms   max ms   CPU ms/req   non-2xx / errors / check');
    for (const [k, r] of Object.entries(results)) {
      if ('skipped' in r) log(`${k.padEnd(19)} skipped`);
      else row(k, r, `${r.non2xx} / ${r.errors + r.timeouts} / ${r.checkOk ? 'OK' : 'FAILED'}`);
    }
    for (const [k, r] of Object.entries(poisoned)) {
      if ('skipped' in r) {
        log(`${`poisoned ${k}`.padEnd(19)} skipped`);
        continue;
      }
      row(`${k} clean`, r.clean, '');
      row(`${k} poisoned`, r.poisoned, `ratio ${r.ratio}, bad: ${r.bad.refused} refused + ${r.bad.invalid} invalid (422) / ${r.checkOk ? 'OK' : 'FAILED'}`);
    }
    if (simLoad) for (const line of simLoadLines(simLoad)) log(line);
    if (scale) for (const line of scaleLines(scale)) log(line);
  }
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`bench:server: ${(e as Error).stack ?? String(e)}`);
  process.exit(1);
});
