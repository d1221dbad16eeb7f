/**
 * The openLoop target (issue #13): a fixed offered rate (`--offered <n>`, 1,000 decisions a second)
 * against the default setup (s06 round robin, the bench roster's ten reps). Requests leave on a
 * schedule whatever the answers do, and each latency counts from the request's intended send time
 * (bench/scaleLoad.ts), so a server that falls behind shows its whole queue instead of slowing
 * the clients down as a closed loop does. A closed-loop warm-up first, then the schedule for
 * `--warmup` + `--seconds`, measured over the last `--seconds`. The load generator shares the
 * machine: `sentPerSec` says whether it kept the schedule.
 */
import { performance } from 'node:perf_hooks';
import { cpuSeconds } from './children.js';
import { DURATION_S, WARMUP_S } from './common.js';
import type { Lane } from './lanes.js';
import { type LatencyFigures, window } from './decideLoad.js';
import { DRAIN_MS, failuresText, startScaleLoad } from './scaleLoad.js';
import { embeddedThread } from '../src/db/pgliteThread.js';
import { mainThreadTimes } from './procWatch.js';
import { loadAverages, onScaleLane, shareCheck, storedOf } from './scaleLane.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OpenLoopRun extends LatencyFigures {
  lane: Lane;
  /** Decisions a second offered. */
  offered: number;
  /** Requests sent in the measured window a second (below `offered` when the load generator itself falls behind). */
  sentPerSec: number;
  cpuMsPerRequest: number;
  /**
   * The main thread's share of it (Linux schedstat): HTTP, validation, the engine — and the SQL
   * too when the embedded database runs in process (the default) rather than in its own thread.
   */
  mainThreadCpuMsPerRequest: number;
  /** Where the embedded database ran (SLUICE_EMBEDDED_THREAD, passed on to the server). */
  embeddedThread?: 'main' | 'worker';
  /** Requests still unanswered 20 s after the schedule stopped (abandoned; the server was past its capacity). */
  abandoned: number;
  loadavgBefore: number[];
  loadavgAfter: number[];
  check: string;
  checkOk: boolean;
}

export function benchOpenLoop(lane: Lane, offered: number): Promise<OpenLoopRun> {
  return onScaleLane(
    lane,
    { reps: 10 },
    async ({ child, key }) => {
      const loadavgBefore = loadAverages();
      // A closed-loop warm-up first: a cold server (JIT, PGlite's caches) would otherwise start the schedule with a queue.
      const warm = startScaleLoad(child.base, key, { clients: 4 });
      await sleep(WARMUP_S * 1000);
      await warm.stop();
      const warmOk = warm.samples.filter((s) => s.ok).length;
      const load = startScaleLoad(child.base, key, { rate: offered });
      await sleep(WARMUP_S * 1000);
      const from = performance.now();
      const sentFrom = load.sent();
      const cpuFrom = cpuSeconds(child.proc.pid);
      const mainFrom = mainThreadTimes(child.proc.pid!).cpuMs;
      await sleep(DURATION_S * 1000);
      const to = performance.now();
      const sentTo = load.sent();
      const cpuTo = cpuSeconds(child.proc.pid);
      const mainTo = mainThreadTimes(child.proc.pid!).cpuMs;
      // Requests still out at the drain deadline are abandoned: counted, never sampled.
      const abandoned = await load.stop();
      const measured = window(load.samples, from, to);
      const answered = measured.count - measured.errors;
      return {
        measured,
        sentPerSec: Math.round(((sentTo - sentFrom) / ((to - from) / 1000)) * 10) / 10,
        cpuMsPerRequest: answered > 0 ? Number((((cpuTo - cpuFrom) * 1000) / answered).toFixed(3)) : NaN,
        mainThreadCpuMsPerRequest: answered > 0 ? Number(((mainTo - mainFrom) / answered).toFixed(3)) : NaN,
        ok: load.samples.filter((s) => s.ok).length,
        failed: load.samples.filter((s) => !s.ok).length,
        sent: load.sent(),
        warmOk,
        failures: failuresText(new Map([...warm.failures, ...load.failures])),
        warmFailed: warm.samples.length - warmOk,
        abandoned,
        loadavgBefore,
        loadavgAfter: loadAverages(),
      };
    },
    async (r, database, tenantId) => {
      const { stored, owned } = await storedOf(database, tenantId);
      const shares = shareCheck(10, stored, owned);
      // An abandoned request may still have been decided: stored lies between the 2xx answers and those plus the abandoned.
      const ok = r.ok + r.warmOk;
      const checkOk = r.failed + r.warmFailed === 0 && stored >= ok && stored <= ok + r.abandoned && r.ok + r.abandoned === r.sent && shares.ok;
      return {
        lane,
        offered,
        ...r.measured,
        sentPerSec: r.sentPerSec,
        cpuMsPerRequest: r.cpuMsPerRequest,
        mainThreadCpuMsPerRequest: r.mainThreadCpuMsPerRequest,
        ...(lane === 'embedded' ? { embeddedThread: embeddedThread() } : {}),
        loadavgBefore: r.loadavgBefore,
        loadavgAfter: r.loadavgAfter,
        checkOk,
        abandoned: r.abandoned,
        check: `${checkOk ? 'OK' : 'FAILED'}: ${r.ok} of ${r.sent} answers 2xx (${r.failed} failed, ${r.abandoned} unanswered ${DRAIN_MS / 1000} s after the last send), warm-up ${r.warmOk} 2xx + ${r.warmFailed} failed; decisions stored ${stored}; ${shares.text}${r.failures}`,
      };
    },
  );
}
