/**
 * Runs tasks (tasks.ts, simulateTask.ts) off the thread that decides. A simulation runs in a child
 * process of its own at a lower OS priority (nice 10, SLUICE_SIMULATION_NICE): in a worker thread
 * only that thread could be lowered, not the V8 helper threads (garbage collection, compilation)
 * it shares with the server; a child is lowered as a whole, its memory is its own (a million leads
 * take gigabytes the server then never holds), and a cancel kills it.
 * Previews, guesses and HTML reports are short and share one worker thread. From the bundle
 * (dist/main.js) the entry of both is dist/simulation-worker.js beside it; from source (tests, tsx)
 * it is worker.ts, loaded through tsx by worker-source.mjs, since neither a thread nor a child
 * inherits the parent's loader.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { SimulationProgress, Words } from '@sluice/simulator';
import type { SimulationTask } from './simulateTask.js';
import type { DatasetBytes } from './tasks.js';
import type { TrainTask } from './trainTask.js';

export type TaskInput =
  | { task: 'preview'; files: DatasetBytes; mapping: unknown }
  | { task: 'guess'; files: DatasetBytes }
  | { task: 'report'; report: unknown; lang?: 'en' | 'zh'; files?: undefined }
  | { task: 'model-report'; report: unknown; lang: 'en' | 'zh' | 'both'; files?: undefined }
  | ({ task: 'simulate' } & SimulationTask)
  | ({ task: 'train-model' } & TrainTask);

export interface Request {
  id: number;
  input: TaskInput;
}

export type WorkerMessage =
  | { type: 'progress'; id?: number; progress: SimulationProgress }
  | { type: 'result'; id?: number; value: unknown }
  | { type: 'problem'; id?: number; words: Words; where: Record<string, unknown> }
  | { type: 'crash'; id?: number; message: string };

/** How a task ended. */
export type TaskEnd = { ok: true; value: unknown } | { ok: false; words: Words; where?: Record<string, unknown> };

const BUNDLED = new URL('./simulation-worker.js', import.meta.url);
const SOURCE = new URL('./worker-source.mjs', import.meta.url);
/**
 * SLUICE_SIMULATION_WORKER names a bundled worker to run from source all the same: the test run's
 * global setup builds one, since through tsx every child and helper thread spent about 2 CPU-seconds
 * loading the engine and simulator module by module before its task.
 */
const workerEntry = (): URL => {
  const given = process.env.SLUICE_SIMULATION_WORKER;
  if (given && existsSync(given)) return pathToFileURL(given);
  return existsSync(fileURLToPath(BUNDLED)) ? BUNDLED : SOURCE;
};

export const CRASHED: Words = { en: 'the simulation stopped unexpectedly', zh: '模拟意外停止' };

/** What a user can do when a task outgrew its heap: the limit it had and the setting that raises it. */
export function outOfMemory(heapMB: number): Words {
  return {
    en: `the simulation ran out of memory (heap limit ${heapMB} MB): set SLUICE_SIMULATION_HEAP_MB higher on the server, or simulate a shorter period`,
    zh: `模拟内存不足（堆上限 ${heapMB} MB）：请在服务器上调高 SLUICE_SIMULATION_HEAP_MB，或缩短模拟的时间范围`,
  };
}

/**
 * How a child process that sent no result ended: V8 aborts a process whose heap reached its limit
 * (SIGABRT, or exit code 134 where a shell stands between), and the user can act on that.
 */
export function endOfChild(code: number | null, signal: NodeJS.Signals | null, heapMB: number): Words {
  return signal === 'SIGABRT' || code === 134 ? outOfMemory(heapMB) : CRASHED;
}

function ended(m: WorkerMessage): TaskEnd | undefined {
  if (m.type === 'result') return { ok: true, value: m.value };
  if (m.type === 'problem') return { ok: false, words: m.words, where: m.where };
  if (m.type === 'crash') {
    console.error('simulation worker failed:', m.message);
    return { ok: false, words: CRASHED };
  }
  return undefined;
}

const transferOf = (input: TaskInput) => Object.values((input.files ?? {}) as Record<string, Uint8Array>).map((b) => b.buffer as ArrayBuffer);

export interface RunningTask {
  done: Promise<TaskEnd>;
  /** The child process running it (not when it runs in a thread). */
  pid?: number;
  /** Stops it at once (a cancel): `done` then settles as not ok. */
  stop(): Promise<void>;
}

/** The nice value of a simulation's process: 0 (as the server) to 19 (only what is left over). */
export function simulationNice(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.SLUICE_SIMULATION_NICE);
  return env.SLUICE_SIMULATION_NICE !== undefined && env.SLUICE_SIMULATION_NICE.trim() !== '' && Number.isInteger(set) && set >= 0 && set <= 19 ? set : 10;
}

/** The first message a simulation's child process gets: its task and how far to lower itself. */
export interface ChildStart extends Request {
  nice: number;
  /** The server's pid: a child whose server is gone stops. */
  server: number;
}

/**
 * Where a simulation runs: `process` (the default), or `thread` (SLUICE_SIMULATION_ISOLATION=thread)
 * where starting processes is not allowed; the benchmark compares the two.
 */
export function simulationIsolation(env: NodeJS.ProcessEnv = process.env): 'process' | 'thread' {
  return env.SLUICE_SIMULATION_ISOLATION === 'thread' ? 'thread' : 'process';
}

/**
 * The old-generation budget of a simulation's process in MB: SLUICE_SIMULATION_HEAP_MB (256 to
 * 65536) when set, else one that grows with the dataset. Left to itself V8 let a million-lead
 * replay's heap grow to 2–3 times what it held live (peak 2.2–2.7 GB, issue #12's goal is under
 * 2 GB); a budget makes it collect sooner at the same speed (`pnpm bench:sim` runs with 1280 MB).
 * A server simulation holds the imported history through its replays and comparison, so a budget
 * fixed at 1280 MB stopped a million-lead one (214 MB of CSV) as out of memory: the default is
 * 1280 MB plus HEAP_PER_INPUT_MB for every MB of input (that one ran whole at 2136 MB), and never
 * more than three quarters of the machine's memory.
 */
export function simulationHeapMB(env: NodeJS.ProcessEnv = process.env, inputBytes = 0, machineBytes = totalmem()): number {
  const set = Number(env.SLUICE_SIMULATION_HEAP_MB);
  if (env.SLUICE_SIMULATION_HEAP_MB !== undefined && env.SLUICE_SIMULATION_HEAP_MB.trim() !== '' && Number.isInteger(set) && set >= 256 && set <= 65_536) {
    return set;
  }
  const wanted = BASE_HEAP_MB + Math.ceil((inputBytes / 2 ** 20) * HEAP_PER_INPUT_MB);
  const ceiling = Math.floor((machineBytes / 2 ** 20) * 0.75);
  return Math.max(BASE_HEAP_MB, Math.min(wanted, ceiling));
}

const BASE_HEAP_MB = 1280;
/** Heap an import needs per MB of CSV beyond the base (measured: see README, "Simulations in the server"). */
const HEAP_PER_INPUT_MB = 4;

/** Bytes of the files a task reads. */
export function inputBytes(input: TaskInput): number {
  let bytes = 0;
  for (const f of Object.values((input.files ?? {}) as Record<string, Uint8Array | undefined>)) bytes += f?.byteLength ?? 0;
  return bytes;
}

/** A simulation of its own (a process, or a thread), so a cancel can stop it wherever it is. */
export function startTask(input: TaskInput, onProgress?: (p: SimulationProgress) => void): RunningTask {
  return simulationIsolation() === 'thread' ? startThread(input, onProgress) : startChild(input, onProgress);
}

/** In a worker thread (lowered on Linux, but V8's helper threads it shares with the server are not). */
function startThread(input: TaskInput, onProgress?: (p: SimulationProgress) => void): RunningTask {
  const worker = new Worker(workerEntry(), { workerData: input, transferList: transferOf(input) });
  worker.unref();
  const done = new Promise<TaskEnd>((resolve) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      const end = ended(m);
      if (end) resolve(end);
    });
    worker.on('error', (e) => {
      console.error('simulation worker failed:', e);
      // A thread shares the server's heap budget, which SLUICE_SIMULATION_HEAP_MB does not set.
      const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      resolve({ ok: false, words: oom ? outOfMemory(Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)) : CRASHED });
    });
    worker.on('exit', () => resolve({ ok: false, words: CRASHED }));
  });
  return { done, stop: () => worker.terminate().then(() => undefined) };
}

/**
 * V8 flags for a process that replays history. Allocation-site pretenuring: when an allocation site's
 * first objects happen to survive a few scavenges (the leads of the first days stay open), V8 starts
 * making all of that site's objects in the old generation — also the short-lived ones of every later
 * event — and a replay then ran at half speed with a third more memory (bench:sim, 1M leads: 17 s
 * a policy against 10 s). Which site tips over changed with unrelated edits; without pretenuring none does.
 */
export const SIMULATION_V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

/**
 * The simulation child's environment: the server's, with glibc's malloc asked for transparent huge
 * pages under large allocations (the replay's typed arrays, read at random across hundreds of MB:
 * with 4 KB pages most of those reads also missed the TLB). A GLIBC_TUNABLES the operator set is
 * kept as it is; where glibc is older than 2.35, or not glibc, the variable is ignored.
 */
export function simulationEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.GLIBC_TUNABLES === undefined ? { ...env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } : { ...env };
}

function startChild(input: TaskInput, onProgress?: (p: SimulationProgress) => void): RunningTask {
  let child: ChildProcess;
  const heapMB = simulationHeapMB(process.env, inputBytes(input));
  try {
    // Not the parent's execArgv: its --inspect or --cpu-prof are not the child's (the source entry brings its own loader).
    // A larger young generation: a replay makes short-lived objects at a high rate, and with V8's default
    // semi-space scavenges dominate (about +20% leads per CPU-second at 100k leads with 64 MB); and
    // an old generation of simulationHeapMB (peak memory); and no allocation-site pretenuring (SIMULATION_V8_FLAGS).
    child = fork(fileURLToPath(workerEntry()), [], {
      execArgv: ['--max-semi-space-size=64', `--max-old-space-size=${heapMB}`, ...SIMULATION_V8_FLAGS],
      env: simulationEnv(process.env),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  } catch (e) {
    console.error('simulation process failed to start:', e);
    return { done: Promise.resolve({ ok: false, words: CRASHED }), stop: async () => undefined };
  }
  // 'close', not 'exit': it comes after the last message on the channel. An 'error' without
  // either is a process that never started.
  let endWords = CRASHED;
  const exited = new Promise<void>((resolve) => {
    child.once('close', (code, signal) => {
      endWords = endOfChild(code, signal, heapMB);
      resolve();
    });
    child.once('error', () => resolve());
  });
  const done = new Promise<TaskEnd>((resolve) => {
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      const end = ended(m);
      if (end) resolve(end);
    });
    child.on('error', (e) => {
      console.error('simulation process failed:', e);
      resolve({ ok: false, words: CRASHED });
    });
    void exited.then(() => resolve({ ok: false, words: endWords }));
  });
  child.send({ id: 0, input, nice: simulationNice(), server: process.pid } satisfies ChildStart, (e) => {
    if (e) child.kill('SIGKILL');
  });
  // A running simulation does not keep a stopping process (or a finished test) alive.
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  return {
    done,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      // SIGKILL: a simulation holds nothing that needs a clean exit.
      await exited;
    },
  };
}

/** The thread previews and guesses share: started once, since starting one costs far more than a preview. */
let helper: { worker: Worker; waiting: Map<number, (e: TaskEnd) => void>; next: number } | undefined;

function helperThread() {
  if (helper) return helper;
  const worker = new Worker(workerEntry());
  worker.unref();
  const h = { worker, waiting: new Map<number, (e: TaskEnd) => void>(), next: 1 };
  const failAll = () => {
    if (helper === h) helper = undefined;
    for (const resolve of h.waiting.values()) resolve({ ok: false, words: CRASHED });
    h.waiting.clear();
  };
  worker.on('message', (m: WorkerMessage) => {
    const end = ended(m);
    if (end === undefined || m.id === undefined) return;
    h.waiting.get(m.id)?.(end);
    h.waiting.delete(m.id);
  });
  worker.on('error', (e) => {
    console.error('dataset worker failed:', e);
    failAll();
  });
  worker.on('exit', failAll);
  helper = h;
  return h;
}

/** Runs a short task (a preview, a guess, an HTML report) on the shared thread. */
export function runTask(input: TaskInput): Promise<TaskEnd> {
  const h = helperThread();
  const id = h.next++;
  return new Promise((resolve) => {
    h.waiting.set(id, resolve);
    h.worker.postMessage({ id, input } satisfies Request, transferOf(input));
  });
}
