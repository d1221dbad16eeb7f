/**
 * The background jobs of one server process — simulations, and smart-score model trainings (issue
 * #15) — one running at a time in a child process at a lower priority (the rest
 * wait in order), so decisions keep the CPU first. Progress is kept in memory for the event
 * stream and written to the job's row at most once a second, with a heartbeat: a start (and a
 * sweep each minute) fails the jobs whose process went quiet, so none is left "running".
 */
import { EventEmitter } from 'node:events';
import type { Candidate, SimulationProgress, Words } from '@sluice/simulator';
import type { ScoreModel } from '@sluice/engine';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/connect.js';
import { calendars, datasets, simulations } from '../db/schema.js';
import type { ServerDeps } from '../http/context.js';
import { insertModelVersion } from '../models/store.js';
import { CRASHED, type RunningTask, startTask } from './spawn.js';
import { readDatasetFiles } from './storage.js';
import type { TrainSettings } from './trainTask.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface JobProgress {
  done: number;
  total: number;
  /** queued | import | fit | replay | compare | done */
  phase: string;
  /** The candidate being replayed. */
  label?: string;
}

export const STOPPED: Words = { en: 'the server stopped while it ran', zh: '运行期间服务器已停止' };
const TRAINING_CRASHED: Words = { en: 'the training stopped unexpectedly', zh: '模型训练意外停止' };
const DATASET_GONE: Words = { en: 'the dataset was deleted before the simulation started', zh: '模拟开始前数据集已被删除' };

const HEARTBEAT_MS = 15_000;
/** A job whose owner has not written for this long belongs to a process that is gone. */
const QUIET_MS = 4 * HEARTBEAT_MS;
const PROGRESS_WRITE_MS = 1000;

/** What a job computes: a simulation of candidates, or the training of a model's next version. */
export type JobWork =
  | { kind: 'simulate'; candidates: Candidate[]; seed: number }
  | { kind: 'train-model'; key: string; settings: TrainSettings; mapping?: unknown; createdBy: string };

interface QueuedJob {
  tenantId: string;
  id: string;
  work: JobWork;
}

const jobKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

export class SimulationRunner {
  /** Emits `change` with the job key whenever a job's progress or status changes here. */
  readonly events = new EventEmitter();
  /** The start sweep: routes wait for it, so no one sees a job the last process left "running". */
  readonly ready: Promise<void>;
  private readonly queue: QueuedJob[] = [];
  private running: { job: QueuedJob; task?: RunningTask; progress: JobProgress; cancelled: boolean } | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly deps: ServerDeps) {
    this.events.setMaxListeners(0);
    // An app made only to read its routes (the OpenAPI document, tests' route tables) has no database to sweep.
    this.ready = deps.database ? this.sweep().catch((e: unknown) => console.error('could not fail abandoned simulations:', e)) : Promise.resolve();
    const every = (ms: number, f: () => Promise<void>) => {
      const t = setInterval(() => void f().catch(() => undefined), ms);
      t.unref();
      this.timers.push(t);
    };
    every(HEARTBEAT_MS, () => this.heartbeat());
    every(QUIET_MS, () => this.sweep());
  }

  private get db(): Db {
    return this.deps.database.db;
  }

  private at(): string {
    return new Date(this.deps.now()).toISOString();
  }

  /** Fails queued and running jobs no live process has written to lately (all of them, on a lone server's start). */
  private async sweep(): Promise<void> {
    const quietSince = new Date(this.deps.now() - QUIET_MS).toISOString();
    const mine = [...this.queue.map((j) => j.id), ...(this.running ? [this.running.job.id] : [])];
    await this.db
      .update(simulations)
      .set({ status: 'failed', error: STOPPED, finishedAt: this.at() })
      .where(
        and(
          inArray(simulations.status, ['queued', 'running']),
          or(isNull(simulations.heartbeatAt), lt(simulations.heartbeatAt, quietSince)),
          mine.length > 0
            ? sql`${simulations.id} not in (${sql.join(
                mine.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : undefined,
        ),
      );
  }

  private async heartbeat(): Promise<void> {
    const mine = [...this.queue, ...(this.running ? [this.running.job] : [])];
    for (const job of mine) {
      await this.db
        .update(simulations)
        .set({ heartbeatAt: this.at() })
        .where(and(eq(simulations.tenantId, job.tenantId), eq(simulations.id, job.id), inArray(simulations.status, ['queued', 'running'])));
    }
  }

  /** Queues a job whose row the route has written (status queued); runs it when its turn comes. */
  enqueue(job: QueuedJob): void {
    this.queue.push(job);
    void this.next();
  }

  /** This process's latest progress of a job it runs (finer than the row's). */
  live(tenantId: string, id: string): JobProgress | undefined {
    const r = this.running;
    return r && r.job.tenantId === tenantId && r.job.id === id ? r.progress : undefined;
  }

  /** Marks a queued or running job cancelled (false when it had already ended); stops its worker if it runs here. */
  async cancel(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(simulations)
      .set({ status: 'cancelled', finishedAt: this.at() })
      .where(and(eq(simulations.tenantId, tenantId), eq(simulations.id, id), inArray(simulations.status, ['queued', 'running'])))
      .returning({ id: simulations.id });
    const i = this.queue.findIndex((j) => j.tenantId === tenantId && j.id === id);
    if (i >= 0) this.queue.splice(i, 1);
    if (this.running && this.running.job.tenantId === tenantId && this.running.job.id === id) {
      this.running.cancelled = true;
      await this.running.task?.stop();
    }
    this.changed(tenantId, id);
    return rows.length > 0;
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.queue.length = 0;
    void this.running?.task?.stop();
  }

  private changed(tenantId: string, id: string): void {
    this.events.emit('change', jobKey(tenantId, id));
  }

  private async next(): Promise<void> {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    const state: NonNullable<SimulationRunner['running']> = { job, progress: { done: 0, total: 1, phase: 'import' }, cancelled: false };
    this.running = state;
    try {
      await this.run(state);
    } catch (e) {
      console.error(`${job.work.kind} job failed:`, e);
      const error =
        job.work.kind === 'simulate'
          ? { en: 'the simulation failed on the server', zh: '模拟在服务器上运行失败' }
          : { en: 'the training failed on the server', zh: '模型训练在服务器上运行失败' };
      await this.finish(job, 'failed', { error }).catch(() => undefined);
    } finally {
      this.running = undefined;
      void this.next();
    }
  }

  private async run(state: NonNullable<SimulationRunner['running']>): Promise<void> {
    const { job } = state;
    const started = await this.db
      .update(simulations)
      .set({ status: 'running', startedAt: this.at(), heartbeatAt: this.at(), progress: state.progress })
      .where(and(eq(simulations.tenantId, job.tenantId), eq(simulations.id, job.id), eq(simulations.status, 'queued')))
      .returning({ datasetId: simulations.datasetId });
    if (started.length === 0) return; // cancelled while queued
    this.changed(job.tenantId, job.id);
    const [dataset] = await this.db
      .select({ mapping: datasets.mapping })
      .from(datasets)
      .where(and(eq(datasets.tenantId, job.tenantId), eq(datasets.id, started[0]!.datasetId)));
    if (!dataset) return this.finish(job, 'failed', { error: DATASET_GONE });
    const { work } = job;
    const tenantCalendars =
      work.kind === 'simulate' ? await this.db.select({ data: calendars.data }).from(calendars).where(eq(calendars.tenantId, job.tenantId)) : [];
    if (state.cancelled) return;

    let lastWrite = 0;
    const n = work.kind === 'simulate' ? work.candidates.length : 1;
    const onProgress = (p: SimulationProgress) => {
      state.progress =
        p.stage === 'replay'
          ? { phase: 'replay', label: p.label ?? '', done: (p.index ?? 0) * p.total + p.done, total: n * p.total }
          : { phase: p.stage, done: p.done, total: p.total };
      this.changed(job.tenantId, job.id);
      const t = Date.now();
      if (t - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = t;
      void this.writeProgress(state).catch(() => undefined);
    };
    // The files are read straight into the task and not kept here: once sent, the simulation's
    // process has its copy, and a million leads' files are hundreds of MB.
    const files = await readDatasetFiles(this.db, job.tenantId, started[0]!.datasetId);
    state.task = startTask(
      work.kind === 'simulate'
        ? { task: 'simulate', files, mapping: dataset.mapping, candidates: work.candidates, seed: work.seed, calendars: tenantCalendars.map((c) => c.data) }
        : { task: 'train-model', files, mapping: work.mapping ?? dataset.mapping, settings: work.settings },
      onProgress,
    );
    // Cancelled while the files were read: the cancel found no task to stop.
    if (state.cancelled) await state.task.stop();
    const end = await state.task.done;
    if (state.cancelled) return;
    const progress = { ...state.progress, phase: 'done', done: state.progress.total };
    if (!end.ok) await this.finish(job, 'failed', { error: end.words === CRASHED && work.kind === 'train-model' ? TRAINING_CRASHED : end.words });
    else if (work.kind === 'simulate') await this.finish(job, 'done', { report: end.value, progress });
    else await this.finishTraining(job, work, started[0]!.datasetId, end.value as { model: ScoreModel; report: unknown }, progress);
  }

  /** Writes progress and the heartbeat; a job cancelled elsewhere (another replica) is stopped here. */
  private async writeProgress(state: NonNullable<SimulationRunner['running']>): Promise<void> {
    const { job } = state;
    const rows = await this.db
      .update(simulations)
      .set({ progress: state.progress, heartbeatAt: this.at() })
      .where(and(eq(simulations.tenantId, job.tenantId), eq(simulations.id, job.id), eq(simulations.status, 'running')))
      .returning({ id: simulations.id });
    if (rows.length === 0 && !state.cancelled) {
      state.cancelled = true;
      await state.task?.stop();
      this.changed(job.tenantId, job.id);
    }
  }

  /**
   * A training's model becomes the key's next version (a draft) in the transaction that marks the
   * job done, so a job is never done without its version, nor a version stored for a cancelled job.
   */
  private async finishTraining(
    job: QueuedJob,
    work: Extract<JobWork, { kind: 'train-model' }>,
    datasetId: string,
    result: { model: ScoreModel; report: unknown },
    progress: JobProgress,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const marked = await tx
        .update(simulations)
        .set({ status: 'done', finishedAt: this.at(), heartbeatAt: this.at(), progress })
        .where(and(eq(simulations.tenantId, job.tenantId), eq(simulations.id, job.id), eq(simulations.status, 'running')))
        .returning({ id: simulations.id });
      if (marked.length === 0) return;
      const row = await insertModelVersion(tx, {
        tenantId: job.tenantId,
        key: work.key,
        model: result.model,
        report: result.report,
        source: 'trained',
        jobId: job.id,
        datasetId,
        createdBy: work.createdBy,
        createdAt: this.at(),
      });
      await tx
        .update(simulations)
        .set({ report: { key: work.key, version: row.version } })
        .where(and(eq(simulations.tenantId, job.tenantId), eq(simulations.id, job.id)));
    });
    this.changed(job.tenantId, job.id);
  }

  private async finish(job: QueuedJob, status: 'done' | 'failed', fields: { report?: unknown; error?: Words; progress?: JobProgress }): Promise<void> {
    await this.db
      .update(simulations)
      .set({ status, finishedAt: this.at(), heartbeatAt: this.at(), ...fields })
      .where(and(eq(simulations.tenantId, job.tenantId), eq(simulations.id, job.id), eq(simulations.status, 'running')));
    this.changed(job.tenantId, job.id);
  }
}

export { jobKey };
