/**
 * The entry of the simulation's child process and of the worker thread previews and guesses share.
 * In a child (spawn.ts startTask) it takes one task by IPC, lowers its own priority, answers and
 * exits; in the shared thread it takes requests by message for as long as the server runs; in a
 * simulation's own thread (SLUICE_SIMULATION_ISOLATION=thread) its task is in workerData. Bundled as
 * dist/simulation-worker.js for `pnpm start`; run from source through tsx by worker-source.mjs.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationProgress } from '@sluice/simulator';
import { type ChildStart, type Request, simulationNice, type TaskInput, type WorkerMessage } from './spawn.js';
import { guess, preview, TaskProblem } from './tasks.js';

const inChild = !parentPort && typeof process.send === 'function';

/** Posts to the parent; in a child, resolves once the message has left (a report can be large). */
const post = (m: WorkerMessage): Promise<void> =>
  inChild ? new Promise((resolve) => process.send!(m, undefined, {}, () => resolve())) : Promise.resolve(parentPort?.postMessage(m));

/**
 * Lowers every thread of this process (Linux sets a priority per thread, and V8's garbage
 * collection helpers are threads of their own, started before this runs); elsewhere the call is
 * process-wide. Threads started later inherit it. Refused (a container may forbid it): unchanged.
 */
function lowerPriority(nice: number): void {
  const tids = process.platform === 'linux' ? readdirSync('/proc/self/task').map(Number) : [0];
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
    } catch {
      // not permitted here, or the thread has ended: it keeps its priority
    }
  }
}

/** Progress posts at most every PROGRESS_MS: a million leads report a million times. */
const PROGRESS_MS = 200;

/**
 * A simulation runs synchronously, so a child whose server died (and took the IPC channel with
 * it) would never see the disconnect: at each progress tick it checks that the server's process
 * is still there, and stops when not.
 */
let server: number | undefined;
function orphaned(): boolean {
  if (server === undefined) return false;
  try {
    process.kill(server, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function run(input: TaskInput, id?: number): Promise<unknown> {
  if (input.task === 'preview') return preview(input.files, input.mapping);
  if (input.task === 'guess') return guess(input.files);
  // The report's charts render to SVG here, off the thread that decides.
  if (input.task === 'report') return (await import('@sluice/simulator')).reportHtml(input.report as never, input.lang ? { lang: input.lang } : {});
  if (input.task === 'model-report') return (await import('@sluice/simulator/model')).modelReportHtml(input.report as never, input.lang);
  let last = 0;
  const progress = (p: SimulationProgress) => {
    const t = performance.now();
    if (t - last < PROGRESS_MS && p.done !== p.total && p.done !== 0) return;
    last = t;
    if (orphaned()) process.exit(1);
    void post({ type: 'progress', id, progress: p });
  };
  if (input.task === 'train-model') return (await import('./trainTask.js')).runTraining(input, progress);
  // Loaded only here: the full simulator (with the report's chart renderer) is not needed for previews.
  const { runSimulation } = await import('./simulateTask.js');
  return runSimulation(input, progress);
}

async function answer(input: TaskInput, id?: number): Promise<void> {
  try {
    await post({ type: 'result', id, value: await run(input, id) });
  } catch (e) {
    if (e instanceof TaskProblem) await post({ type: 'problem', id, words: e.words, where: e.where });
    else await post({ type: 'crash', id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

if (inChild) {
  process.once('message', (m: ChildStart) => {
    server = m.server;
    lowerPriority(m.nice);
    void answer(m.input, m.id).finally(() => process.exit(0));
  });
  // The server went away before the task arrived or while it ran: nothing is left to answer to.
  process.once('disconnect', () => process.exit(1));
} else {
  // Decisions first: on Linux a priority set with pid 0 is this thread's alone (threads are tasks
  // there), so the scheduler gives the main thread the CPU whenever both want it.
  try {
    if (process.platform === 'linux') setPriority(simulationNice());
  } catch {
    // not permitted here: run at the normal priority
  }
  // A simulation's own thread (SLUICE_SIMULATION_ISOLATION=thread) has its task in workerData.
  if (workerData) await answer(workerData as TaskInput);
  else parentPort?.on('message', (m: Request) => void answer(m.input, m.id));
}
