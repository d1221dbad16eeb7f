/**
 * The worker thread's entry. Two uses: a simulation gets a thread of its own (its input in
 * workerData; a cancel terminates the thread), and previews and guesses share one long-lived
 * thread that takes requests by message. Bundled as dist/simulation-worker.js for `pnpm start`;
 * run from source through tsx by worker-source.mjs (tests).
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Request, TaskInput, WorkerMessage } from './spawn.js';
import { guess, preview, TaskProblem } from './tasks.js';

const post = (m: WorkerMessage) => parentPort?.postMessage(m);

// Decisions first: on Linux a priority set with pid 0 is this thread's alone (threads are tasks
// there), so the scheduler gives the main thread the CPU whenever both want it. Elsewhere it may
// lower the whole process, or be refused: then it stays as it was.
try {
  if (process.platform === 'linux') setPriority(10);
} catch {
  // not permitted here: run at the normal priority
}

/** Progress posts at most every PROGRESS_MS: a million leads report a million times. */
const PROGRESS_MS = 200;

async function run(input: TaskInput, id?: number): Promise<unknown> {
  if (input.task === 'preview') return preview(input.files, input.mapping);
  if (input.task === 'guess') return guess(input.files);
  // The report's charts render to SVG here, off the thread that decides.
  if (input.task === 'report') return (await import('@sluice/simulator')).reportHtml(input.report as never);
  // Loaded only here: the full simulator (with the report's chart renderer) is not needed for previews.
  const { runSimulation } = await import('./simulateTask.js');
  let last = 0;
  return runSimulation(input, (p) => {
    const t = performance.now();
    if (t - last < PROGRESS_MS && p.done !== p.total && p.done !== 0) return;
    last = t;
    post({ type: 'progress', id, progress: p });
  });
}

async function answer(input: TaskInput, id?: number): Promise<void> {
  try {
    post({ type: 'result', id, value: await run(input, id) });
  } catch (e) {
    if (e instanceof TaskProblem) post({ type: 'problem', id, words: e.words, where: e.where });
    else post({ type: 'crash', id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

if (workerData) await answer(workerData as TaskInput);
else parentPort?.on('message', (m: Request) => void answer(m.input, m.id));
