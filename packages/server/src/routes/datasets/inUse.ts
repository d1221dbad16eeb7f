import { and, asc, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/connect.js';
import { datasets, simulations } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';
import { notFound } from '../../http/responses.js';

/** Jobs named in a refusal; the rest are counted. */
const LISTED = 20;
/** A job in these reads (or is about to read) the dataset's files and mapping. */
const ACTIVE = ['queued', 'running'];

/**
 * A dataset a queued or running simulation (or model training) uses cannot be deleted: the job would
 * fail on a missing dataset, or have read half of it. Finished jobs keep their reports and do not
 * block. The row is locked first, so a job starting on it (lockDatasetForJob) either was queued
 * before, and is seen here, or waits and then finds the dataset gone.
 */
export async function refuseDeletingDatasetInUse(tx: Tx, tenantId: string, id: string): Promise<void> {
  const [row] = await tx
    .select({ id: datasets.id })
    .from(datasets)
    .where(and(eq(datasets.tenantId, tenantId), eq(datasets.id, id)))
    .for('update');
  if (!row) throw notFound(`dataset "${id}"`, `数据集 "${id}"`);
  const jobs = await tx
    .select({ id: simulations.id, kind: simulations.kind, status: simulations.status })
    .from(simulations)
    .where(and(eq(simulations.tenantId, tenantId), eq(simulations.datasetId, id), inArray(simulations.status, ACTIVE)))
    .orderBy(asc(simulations.createdAt), asc(simulations.id));
  if (jobs.length === 0) return;
  const names = jobs.map((j) => (j.kind === 'simulate' ? `simulation ${j.id} (${j.status})` : `model training ${j.id} (${j.status})`));
  const namesZh = jobs.map((j) => `${j.kind === 'simulate' ? '模拟' : '模型训练'} ${j.id}（${j.status === 'queued' ? '排队中' : '运行中'}）`);
  const more = names.length > LISTED ? ` and ${names.length - LISTED} more` : '';
  const moreZh = names.length > LISTED ? ` 等共 ${names.length} 个任务` : '';
  throw new ProblemError(409, 'dataset-in-use', `Dataset "${id}" is in use by ${names.slice(0, LISTED).join(', ')}${more}`, {
    detail: 'Cancel the simulations (or trainings) listed, or wait until they finish, then delete the dataset.',
    detailZh: `数据集“${id}”正被 ${namesZh.slice(0, LISTED).join('、')}${moreZh} 使用：请先取消这些任务或等待其结束，再删除数据集`,
    usedBy: jobs.slice(0, LISTED),
  });
}

/**
 * Holds the dataset while a job on it is queued (in the job's insert transaction): a delete then
 * sees the job, or, having deleted first, leaves nothing to hold and the start answers 404.
 */
export async function lockDatasetForJob(tx: Tx, tenantId: string, id: string): Promise<void> {
  const [row] = await tx
    .select({ id: datasets.id })
    .from(datasets)
    .where(and(eq(datasets.tenantId, tenantId), eq(datasets.id, id)))
    .for('share');
  if (!row) throw notFound(`dataset "${id}"`, `数据集 "${id}"`);
}

type NewJob = Omit<typeof simulations.$inferInsert, 'id' | 'status' | 'progress' | 'heartbeatAt'>;

/** A job (simulation or training) written queued on its dataset, the dataset held while it is (lockDatasetForJob). */
export async function insertQueuedJob(db: Db, job: NewJob): Promise<typeof simulations.$inferSelect> {
  return db.transaction(async (tx) => {
    await lockDatasetForJob(tx, job.tenantId, job.datasetId);
    const [inserted] = await tx
      .insert(simulations)
      .values({ ...job, id: randomUUID(), status: 'queued', progress: { done: 0, total: 0, phase: 'queued' }, heartbeatAt: job.createdAt })
      .returning();
    return inserted!;
  });
}
