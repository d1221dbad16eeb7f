/**
 * The `simLoad` target (issue #12): do decisions stay fast while a big simulation runs? The real
 * server on embedded PGlite takes a steady decision load (`--clients 8` closed loop, or `--rate
 * <n>` an open loop of n a second) for a warm-up and a baseline window (`--warmup`, `--seconds`);
 * then, with the load still going, a `--leads` (1,000,000) dataset is uploaded through the API
 * (bench/simData.ts: the simulator bench's history as an English CRM export) and a simulation of
 * the simulator bench's two policy sets (saved as drafts, so the live decisions do not run them)
 * is started and followed to its end. Reported: decide p50/p99 before vs during (and during the
 * replay alone), the simulation's duration by phase, the server's and the job process's peak RSS
 * and CPU seconds, and the load averages before and after.
 */
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { BENCH_POLICIES } from '../../simulator/bench/simHistory.js';
import type { Child } from './children.js';
import { DURATION_S, ROOT, WARMUP_S } from './common.js';
import { onLane } from './lanes.js';
import { verdict } from './load.js';
import { simulationIsolation, simulationNice } from '../src/simulation/spawn.js';
import { type LatencyFigures, startDecideLoad, window } from './decideLoad.js';
import { mainThreadTimes, type ProcFigures, watchProcess } from './procWatch.js';

const flag = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number / ${name} 需要正数`);
  return n;
};
export const SIM_LEADS = Math.floor(flag('--leads') ?? 1_000_000);
export const SIM_CLIENTS = Math.floor(flag('--clients') ?? 8);
export const SIM_RATE = flag('--rate');
/** `--source`: run the server from its TypeScript (tsx) instead of the bundle `pnpm start` runs. */
const FROM_SOURCE = process.argv.includes('--source');

/** A window's answers, with the server main thread's CPU and runqueue wait per answer in it. */
export type WindowFigures = LatencyFigures & { mainCpuMsPerDecision: number; mainWaitMsPerDecision: number };

export interface SimLoadRun {
  leads: number;
  load: string;
  /** Where the server ran the simulation (SLUICE_SIMULATION_ISOLATION) and at what nice value (SLUICE_SIMULATION_NICE). */
  isolation: 'process' | 'thread';
  nice: number;
  /** The server ran from the bundle (dist/main.js, as `pnpm start`) or from source (tsx, `--source`). */
  entry: 'bundle' | 'source';
  before: WindowFigures;
  upload: WindowFigures & { seconds: number; megabytes: number };
  during: WindowFigures;
  duringReplay: WindowFigures;
  simulation: { status: string; seconds: number; phases: Record<string, number>; pollErrors: number };
  server: ProcFigures;
  /** Processes the server started (the simulation job, when it runs in a child process). */
  jobs: ProcFigures[];
  loadavgBefore: number[];
  loadavgAfter: number[];
  check: string;
  checkOk: boolean;
}

/** Generates (or finds, from an earlier run) the dataset files in a child process of their own. */
async function dataset(leads: number): Promise<string> {
  const dir = join(tmpdir(), `simload-data-${leads}`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/bench/simData.ts', String(leads), dir], { cwd: ROOT, stdio: 'inherit' });
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`simData.ts exited with ${code}`);
  return dir;
}

/** The fields of the API's answers this target reads. */
interface Answer {
  id: string;
  status: string;
  progress?: { phase?: string };
}

async function call(base: string, key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = { method, headers: { authorization: `Bearer ${key}`, ...headers } };
  if (body instanceof Readable) {
    init.body = Readable.toWeb(body) as ReadableStream;
    init.duplex = 'half';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as Answer;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Where the run is, on stderr (minutes go by at a million leads). */
const say = (line: string) => process.stderr.write(`simLoad: ${line}\n`);
const la = () => loadavg().map((x) => Math.round(x * 100) / 100);

async function scenario(child: Child, key: string, dir: string) {
  const base = child.base;
  const keys = new Set<string>();
  for (const set of BENCH_POLICIES)
    for (const doc of set.policies) if (!keys.has(doc.key)) keys.add(doc.key) && (await call(base, key, 'PUT', `/v1/policies/${doc.key}/draft`, doc));
  const candidates = BENCH_POLICIES.map((set) => ({ label: set.label, policies: set.policies.map((p) => ({ key: p.key, version: 'draft' })) }));
  const meta = JSON.parse(readFileSync(join(dir, 'mapping.json'), 'utf8')) as { mapping: unknown };

  const loadavgBefore = la();
  const pid = child.proc.pid!;
  const watch = watchProcess(pid);
  /** performance.now() → the main thread's times then, at each window's edges. */
  const marks = new Map<number, ReturnType<typeof mainThreadTimes>>();
  const mark = () => {
    const t = performance.now();
    marks.set(t, mainThreadTimes(pid));
    return t;
  };
  const load = startDecideLoad(base, key, { clients: SIM_CLIENTS, ...(SIM_RATE ? { rate: SIM_RATE } : {}) });
  await sleep(WARMUP_S * 1000);
  const baseFrom = mark();
  await sleep(DURATION_S * 1000);
  const baseTo = mark();

  say(`baseline done; uploading ${SIM_LEADS} leads …`);
  const { id: datasetId } = await call(base, key, 'POST', '/v1/datasets', { name: `simLoad ${SIM_LEADS}` });
  let bytes = 0;
  for (const kind of ['leads', 'activities']) {
    const file = join(dir, `${kind}.csv`);
    bytes += statSync(file).size;
    await call(base, key, 'PUT', `/v1/datasets/${datasetId}/files/${kind}`, createReadStream(file, { highWaterMark: 1 << 20 }), { 'content-type': 'text/csv' });
  }
  await call(base, key, 'PUT', `/v1/datasets/${datasetId}/mapping`, { mapping: meta.mapping });
  const uploadTo = mark();

  const sim = await call(base, key, 'POST', '/v1/simulations', { datasetId, seed: 7, candidates });
  const simFrom = mark();
  const phases: Record<string, number> = {};
  let phase = 'queued';
  let phaseFrom = simFrom;
  let replay: [number, number] | undefined;
  let status = 'queued';
  let pollErrors = 0;
  for (;;) {
    let got: Answer;
    try {
      got = await call(base, key, 'GET', `/v1/simulations/${sim.id}`);
    } catch (e) {
      // A pooled connection the server has just closed (ECONNRESET): counted, and asked again.
      if (++pollErrors > 5) throw e;
      say(`poll failed (${String((e as Error).cause ?? e)}), retrying`);
      continue;
    }
    status = got.status;
    const now = mark();
    const p = status === 'queued' || status === 'running' ? (got.progress?.phase ?? status) : 'end';
    if (p !== phase) {
      say(`${Math.round((now - simFrom) / 1000)} s: ${p}`);
      phases[phase] = Math.round((phases[phase] ?? 0) + (now - phaseFrom)) / 1000;
      if (p === 'replay' && !replay) replay = [now, now];
      if (phase === 'replay' && replay) replay[1] = now;
      phase = p;
      phaseFrom = now;
    }
    if (p === 'end') break;
    await sleep(500);
  }
  const simTo = mark();
  await load.stop();
  const procs = watch.stop();
  const ok2xx = load.samples.filter((s) => s.ok).length;
  const win = (from: number, to: number): WindowFigures => {
    const f = window(load.samples, from, to);
    const a = marks.get(from);
    const b = marks.get(to);
    const per = (x: number) => Math.round((x / Math.max(1, f.count)) * 100) / 100;
    return { ...f, mainCpuMsPerDecision: a && b ? per(b.cpuMs - a.cpuMs) : NaN, mainWaitMsPerDecision: a && b ? per(b.waitMs - a.waitMs) : NaN };
  };
  return {
    ok2xx,
    sent: load.sent(),
    run: {
      leads: SIM_LEADS,
      isolation: simulationIsolation(),
      entry: FROM_SOURCE ? ('source' as const) : ('bundle' as const),
      nice: simulationNice(),
      load: SIM_RATE ? `open loop, ${SIM_RATE}/s` : `closed loop, ${SIM_CLIENTS} clients`,
      before: win(baseFrom, baseTo),
      upload: { ...win(baseTo, uploadTo), seconds: Math.round(uploadTo - baseTo) / 1000, megabytes: Math.round(bytes / 2 ** 20) },
      during: win(simFrom, simTo),
      duringReplay: replay ? win(replay[0], replay[1]) : win(0, 0),
      simulation: { status, seconds: Math.round(simTo - simFrom) / 1000, phases, pollErrors },
      server: procs.main,
      jobs: procs.children,
      loadavgBefore,
      loadavgAfter: la(),
    },
  };
}

export async function benchSimLoad(): Promise<SimLoadRun> {
  const dir = await dataset(SIM_LEADS);
  // A million leads' export is over the default 100 MB per file.
  process.env.SLUICE_DATASET_MAX_BYTES = String(4 * 2 ** 30);
  return onLane(
    'embedded',
    async () => undefined,
    (child, key) =>
      scenario(child, key, dir).catch((e: unknown) => {
        // The server's own last words say more than a failed fetch.
        throw new Error(
          `${(e as Error).message} ${String((e as Error).cause ?? '')}\nserver exit ${child.proc.exitCode ?? child.proc.signalCode ?? 'none yet'}; output (last 3000 characters):\n${child.output().slice(-3000)}`,
        );
      }),
    async (r, stored) => {
      const v = verdict(r.ok2xx, r.sent, stored);
      const simOk = r.run.simulation.status === 'done';
      return {
        ...r.run,
        checkOk: v.checkOk && simOk,
        check: `${v.checkOk && simOk ? 'OK' : 'FAILED'}: simulation ${r.run.simulation.status}; ${v.check}`,
      };
    },
    // The bundle unless --source (common.ts `runnable`): from source the simulation's process would
    // first compile the simulator through tsx, at its low priority, and the import phase would measure that.
    'packages/server/src/main.ts',
  );
}

/** The table's lines for a simLoad run. */
export function simLoadLines(r: SimLoadRun): string[] {
  const row = (name: string, f: WindowFigures) =>
    `${name.padEnd(19)} ${String(f.decisionsPerSec).padStart(11)} ${String(f.p50).padStart(8)} ${String(f.p90).padStart(8)} ${String(f.p99).padStart(8)} ${String(f.max).padStart(8)} ${String(f.mainCpuMsPerDecision).padStart(10)} ${String(f.mainWaitMsPerDecision).padStart(11)}   ${f.count} answers, ${f.errors} errors`;
  const phases = Object.entries(r.simulation.phases)
    .map(([k, s]) => `${k} ${s} s`)
    .join(', ');
  return [
    '',
    `simLoad: ${r.leads} leads, simulation in a ${r.isolation} at nice ${r.nice}, server from the ${r.entry}, ${r.load}; load average before ${r.loadavgBefore.join(' / ')}, after ${r.loadavgAfter.join(' / ')}`,
    'window              decisions/s   p50 ms   p90 ms   p99 ms   max ms  CPU ms/dec  wait ms/dec  (server main thread: on a CPU / runnable, waiting for one)',
    row('before', r.before),
    row(`upload ${r.upload.megabytes} MB`, r.upload),
    row('during simulation', r.during),
    row('during replay', r.duringReplay),
    `simulation ${r.simulation.status} in ${r.simulation.seconds} s (${phases})`,
    `server: peak RSS ${r.server.peakRssMB} MB, ${r.server.cpuSeconds} CPU s; job processes: ${r.jobs.map((j) => `peak RSS ${j.peakRssMB} MB, ${j.cpuSeconds} CPU s`).join('; ') || 'none (worker thread)'}`,
  ];
}
