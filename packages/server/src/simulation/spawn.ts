/**
 * Runs tasks (tasks.ts, simulateTask.ts) in worker threads. From the bundle (dist/main.js) the
 * worker is dist/simulation-worker.js beside it; from source (tests, tsx) it is worker.ts, loaded
 * through tsx by worker-source.mjs, since a worker thread does not inherit the parent's loader.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SimulationProgress, Words } from '@sluice/simulator';
import type { SimulationTask } from './simulateTask.js';
import type { DatasetBytes } from './tasks.js';

export type TaskInput =
  | { task: 'preview'; files: DatasetBytes; mapping: unknown }
  | { task: 'guess'; files: DatasetBytes }
  | { task: 'report'; report: unknown; files?: undefined }
  | ({ task: 'simulate' } & SimulationTask);

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
const workerEntry = (): URL => (existsSync(fileURLToPath(BUNDLED)) ? BUNDLED : SOURCE);

const CRASHED: Words = { en: 'the simulation worker stopped unexpectedly', zh: '模拟工作线程意外停止' };

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
  /** Stops the thread at once (a cancel): `done` then settles as not ok. */
  stop(): Promise<void>;
}

/** A simulation in a thread of its own, so a cancel can stop it wherever it is. */
export function startTask(input: TaskInput, onProgress?: (p: SimulationProgress) => void): RunningTask {
  const worker = new Worker(workerEntry(), { workerData: input, transferList: transferOf(input) });
  // A running simulation does not keep a stopping process (or a finished test) alive.
  worker.unref();
  const done = new Promise<TaskEnd>((resolve) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      const end = ended(m);
      if (end) resolve(end);
    });
    worker.on('error', (e) => {
      console.error('simulation worker failed:', e);
      resolve({ ok: false, words: CRASHED });
    });
    worker.on('exit', () => resolve({ ok: false, words: CRASHED }));
  });
  return { done, stop: () => worker.terminate().then(() => undefined) };
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
