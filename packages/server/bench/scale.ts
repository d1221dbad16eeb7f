/**
 * The scale targets of issue #13, registered in server.bench.ts: only when `--only` names them
 * (they seed large databases and run for minutes). `<target>` runs both lanes (PostgreSQL when
 * reachable), `<target>-embedded` / `<target>-postgres` one.
 *   largeTeam — 2,000 reps, hugeTeam — 20,000 reps (`--reps <n>` for either; `--busy`: every rep
 *               already holding leads and counted today): bench/scaleTeam.ts;
 *   bigTable  — 1,000,000 stored leads (`--stored <n>`): bench/scaleTeam.ts;
 *   tickStall — a reclaim tick over 1,000,000 owned leads, 1% due (`--owned <n>`, `--tick-seconds <s>`,
 *               `--clients <n>`): bench/scaleTick.ts;
 *   openLoop  — 1,000 decisions a second offered (`--offered <n>`): bench/scaleOpen.ts.
 */
import { log, report } from './common.js';
import type { Lane } from './lanes.js';
import { benchOpenLoop, type OpenLoopRun } from './scaleOpen.js';
import { benchClosed, type ScaleRun } from './scaleTeam.js';
import { benchTickStall, type TickStallRun } from './scaleTick.js';

const ONLY = process.argv.includes('--only') ? new Set((process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',')) : new Set<string>();

function knob(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} needs a positive whole number / ${name} 需要正整数`);
  return n;
}

const REPS = process.argv.includes('--reps') ? knob('--reps', 0) : undefined;
const STORED = knob('--stored', 1_000_000);
const OWNED = knob('--owned', 1_000_000);
const TICK_SECONDS = knob('--tick-seconds', 20);
const CLIENTS = knob('--clients', 8);
const OFFERED = knob('--offered', 1_000);
/** largeTeam / hugeTeam on a floor in mid-day: every rep holding leads and counted today (bench/scaleSeed.ts seedBusy). */
const BUSY = process.argv.includes('--busy');

type Skipped = { skipped: string };
export type ScaleResult = ScaleRun | OpenLoopRun | TickStallRun;
export type ScaleResults = Record<string, Partial<Record<Lane, ScaleResult | Skipped>>>;

const TARGETS: Record<string, { what: string; run: (lane: Lane) => Promise<ScaleResult> }> = {
  largeTeam: { what: `${REPS ?? 2_000} reps`, run: (lane) => benchClosed(lane, REPS ?? 2_000, 0, BUSY) },
  hugeTeam: { what: `${REPS ?? 20_000} reps`, run: (lane) => benchClosed(lane, REPS ?? 20_000, 0, BUSY) },
  bigTable: { what: `${STORED} stored leads`, run: (lane) => benchClosed(lane, 10, STORED) },
  tickStall: { what: `a tick over ${OWNED} owned leads`, run: (lane) => benchTickStall(lane, OWNED, TICK_SECONDS, CLIENTS) },
  openLoop: { what: `${OFFERED} decisions/s offered`, run: (lane) => benchOpenLoop(lane, OFFERED) },
};

const lanesOf = (target: string): Lane[] => (['embedded', 'postgres'] as const).filter((l) => ONLY.has(target) || ONLY.has(`${target}-${l}`));

/** Whether `--only` names any scale target. */
export const scaleNamed = (): boolean => Object.keys(TARGETS).some((t) => lanesOf(t).length > 0);

export async function benchScale(pgReachable: boolean, pgSkipped: Skipped): Promise<ScaleResults> {
  const out: ScaleResults = {};
  for (const [name, t] of Object.entries(TARGETS)) {
    for (const lane of lanesOf(name)) {
      const slot = (out[name] ??= {});
      if (lane === 'postgres' && !pgReachable) {
        slot.postgres = pgSkipped;
        continue;
      }
      log(`${name}, ${lane}: ${t.what} …`);
      const r = await t.run(lane);
      slot[lane] = r;
      report(`${name} ${lane}: ${r.check}`);
    }
  }
  return out;
}

export const scaleFailed = (s: ScaleResults): boolean =>
  Object.values(s).some((lanes) => Object.values(lanes).some((r) => r !== undefined && 'checkOk' in r && !r.checkOk));

const la = (r: { loadavgBefore: number[]; loadavgAfter: number[] }) => `load ${r.loadavgBefore[0]}→${r.loadavgAfter[0]}`;
const num = (x: number, w: number) => String(x).padStart(w);

/** The table's lines for the scale targets. */
export function scaleLines(s: ScaleResults): string[] {
  const lines = ['', 'scale target        decisions/s   p50 ms   p90 ms   p99 ms   max ms   CPU ms/req   size / load average / check'];
  for (const [name, lanes] of Object.entries(s))
    for (const [lane, r] of Object.entries(lanes)) {
      const label = `${name} ${lane === 'embedded' ? 'emb' : 'pg'}`.padEnd(19);
      if (!r || 'skipped' in r) {
        lines.push(`${label} skipped`);
      } else if ('stallMs' in r) {
        const b = r.before;
        lines.push(
          `${label} ${num(b.decisionsPerSec, 11)} ${num(b.p50, 8)} ${num(b.p90, 8)} ${num(b.p99, 8)} ${num(b.max, 8)} ${''.padStart(12)}   before the tick; ${la(r)}`,
        );
        lines.push(
          `${''.padEnd(19)} ${num(r.after.decisionsPerSec, 11)} ${num(r.after.p50, 8)} ${num(r.after.p90, 8)} ${num(r.after.p99, 8)} ${num(r.stallMs, 8)} ${''.padStart(12)}   from the tick on: ${r.ownedLeads} owned, ${r.dueLeads} due, longest gap ${r.longestGapMs} ms, server ${r.serverCpuSeconds} CPU s / ${r.checkOk ? 'OK' : 'FAILED'}`,
        );
      } else if ('offered' in r) {
        lines.push(
          `${label} ${num(r.decisionsPerSec, 11)} ${num(r.p50, 8)} ${num(r.p90, 8)} ${num(r.p99, 8)} ${num(r.max, 8)} ${r.cpuMsPerRequest.toFixed(3).padStart(12)}   ${r.offered}/s offered, ${r.sentPerSec}/s sent; ${la(r)} / ${r.checkOk ? 'OK' : 'FAILED'}`,
        );
      } else {
        lines.push(
          `${label} ${num(r.throughput, 11)} ${num(r.p50, 8)} ${num(r.p90, 8)} ${num(r.p99, 8)} ${num(r.max, 8)} ${r.cpuMsPerRequest.toFixed(3).padStart(12)}   ${r.reps} reps, ${r.storedLeads} stored; ${la(r)} / ${r.checkOk ? 'OK' : 'FAILED'}`,
        );
      }
    }
  return lines;
}
