import type { OpenAPIHono } from '@hono/zod-openapi';
import { type PolicyDocument, policyDocumentSchema } from '@sluice/engine';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { simulations } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError, fieldProblem } from '../../http/problem.js';
import { iso, notFound, nowIso } from '../../http/responses.js';
import { modelVersions } from '../../models/store.js';
import { followJob } from '../../simulation/follow.js';
import type { JobProgress, SimulationRunner } from '../../simulation/runner.js';
import type { TrainSettings } from '../../simulation/trainTask.js';
import { requireDataset } from '../datasets/index.js';
import { insertQueuedJob } from '../datasets/inUse.js';
import { findVersion, loadPolicy } from '../policies/store.js';
import * as r from './routes.js';

type JobRow = typeof simulations.$inferSelect;
type Status = (typeof r.jobItem.shape.status.options)[number];
/** What a training job's row keeps of its request (the points policy by key and resolved version, not its document). */
interface JobParams {
  key: string;
  horizonHours?: number;
  points?: { policyKey: string; version: number };
  seed: number;
  mapping?: 'dataset' | 'given';
}

async function requireJob(db: Db, tenantId: string, key: string, id: string): Promise<JobRow> {
  const [row] = await db
    .select()
    .from(simulations)
    .where(and(eq(simulations.tenantId, tenantId), eq(simulations.id, id), eq(simulations.kind, 'train-model')));
  if (!row || (row.params as JobParams | null)?.key !== key) throw notFound(`training job "${id}" of model "${key}"`, `模型 "${key}" 的训练任务 "${id}"`);
  return row;
}

function jobItem(row: JobRow, live?: JobProgress) {
  const params = row.params as JobParams;
  const stored = row.report as { version?: number } | null;
  return {
    id: row.id,
    key: params.key,
    datasetId: row.datasetId,
    status: row.status as Status,
    progress: live ?? row.progress,
    params: params as unknown as Record<string, unknown>,
    createdAt: iso(row.createdAt),
    createdBy: row.createdBy,
    ...(row.startedAt ? { startedAt: iso(row.startedAt) } : {}),
    ...(row.finishedAt ? { finishedAt: iso(row.finishedAt) } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.status === 'done' && typeof stored?.version === 'number' ? { version: stored.version } : {}),
  };
}

/** The points policy the model is compared against, read now: a later publication does not change the run. */
async function pointsPolicy(db: Db, tenantId: string, ref: { policyKey: string; version?: number | undefined }) {
  const row = await loadPolicy(db, tenantId, ref.policyKey);
  const path = '$.points.policyKey';
  if (!row) throw unusable(path, `there is no policy "${ref.policyKey}" in this tenant`, `本租户没有策略 "${ref.policyKey}"`);
  const n = ref.version ?? row.liveVersion;
  if (n === null) throw unusable(path, `policy "${ref.policyKey}" has no live version`, `策略 "${ref.policyKey}" 没有生效版本`);
  const v = await findVersion(db, tenantId, ref.policyKey, n);
  if (!v) throw unusable('$.points.version', `policy "${ref.policyKey}" has no version ${n}`, `策略 "${ref.policyKey}" 没有版本 ${n}`);
  const parsed = policyDocumentSchema.safeParse(v.document);
  if (!parsed.success)
    throw unusable(path, `version ${n} of policy "${ref.policyKey}" is not a valid policy document`, `策略 "${ref.policyKey}" 的版本 ${n} 不是有效的策略文档`);
  return { document: parsed.data as PolicyDocument, version: n };
}

const unusable = fieldProblem;

export function registerModelJobs(app: OpenAPIHono<AppEnv>, runner: SimulationRunner): void {
  app.openapi(r.train, async (c) => {
    await runner.ready;
    const db = c.var.deps.database.db;
    const auth = c.var.auth;
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const dataset = await requireDataset(db, auth.tenantId, body.datasetId);
    if (!body.mapping && dataset.mapping === null) {
      throw unusable('$.mapping', 'the dataset has no saved mapping: save one or send it here', '数据集还没有保存映射：请先保存，或在此请求中提供');
    }
    const points = body.points ? await pointsPolicy(db, auth.tenantId, body.points) : undefined;
    const at = nowIso(c);
    const seed = body.seed ?? 1;
    const params: JobParams = {
      key,
      seed,
      mapping: body.mapping ? 'given' : 'dataset',
      ...(body.horizonHours !== undefined ? { horizonHours: body.horizonHours } : {}),
      ...(points ? { points: { policyKey: body.points!.policyKey, version: points.version } } : {}),
    };
    const settings: TrainSettings = {
      key,
      seed,
      trainedBy: auth.actor,
      now: at,
      ...(body.horizonHours !== undefined ? { horizonHours: body.horizonHours } : {}),
      ...(points ? { points: points.document } : {}),
    };
    const row = await insertQueuedJob(db, {
      tenantId: auth.tenantId,
      kind: 'train-model',
      datasetId: body.datasetId,
      candidates: [],
      params,
      seed,
      createdBy: auth.actor,
      createdAt: at,
    });
    runner.enqueue({
      tenantId: auth.tenantId,
      id: row.id,
      work: { kind: 'train-model', key, settings, createdBy: auth.actor, ...(body.mapping ? { mapping: body.mapping } : {}) },
    });
    return c.json(jobItem(row), 202);
  });

  app.openapi(r.jobs, async (c) => {
    await runner.ready;
    const tenantId = c.var.auth.tenantId;
    const { key } = c.req.valid('param');
    const rows = await c.var.deps.database.db
      .select()
      .from(simulations)
      .where(and(eq(simulations.tenantId, tenantId), eq(simulations.kind, 'train-model'), sql`${simulations.params}->>'key' = ${key}`))
      .orderBy(desc(simulations.createdAt), desc(simulations.id));
    // A key this tenant has neither trained nor stored is not there (another tenant's included).
    if (rows.length === 0) await modelVersions(c.var.deps.database.db, tenantId, key);
    return c.json({ items: rows.map((row) => jobItem(row, runner.live(tenantId, row.id))) }, 200);
  });

  /** The job the path names, once the runner has marked jobs its server stopped, and how to read it again. */
  const jobOf = async (c: { var: AppEnv['Variables'] }, key: string, id: string) => {
    await runner.ready;
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const again = (jobId: string) => requireJob(db, tenantId, key, jobId);
    return { tenantId, row: await again(id), again };
  };

  app.openapi(r.job, async (c) => {
    const { key, id } = c.req.valid('param');
    const { tenantId, row } = await jobOf(c, key, id);
    return c.json(jobItem(row, runner.live(tenantId, row.id)), 200);
  });

  app.openapi(r.cancelJob, async (c) => {
    const { key, id } = c.req.valid('param');
    const { tenantId, row, again } = await jobOf(c, key, id);
    if (!(await runner.cancel(tenantId, row.id))) {
      const now = await again(row.id);
      throw new ProblemError(409, 'job-ended', `The training job has already ended (${now.status})`, {
        detail: `It is ${now.status}: only a queued or running training job can be cancelled.`,
        detailZh: `训练任务已经结束（${now.status}）：只能取消排队中或运行中的训练任务`,
        jobStatus: now.status,
      });
    }
    return c.json({ status: 'cancelled' as const }, 200);
  });

  app.openapi(r.jobEvents, async (c) => {
    const { key, id } = c.req.valid('param');
    const { tenantId, row: first, again } = await jobOf(c, key, id);
    return followJob(c, runner, tenantId, first, again, (row) => ({ status: 'done', version: jobItem(row).version }));
  });
}
