/**
 * The smart-score models' routes as /openapi.json declares them (issue #15): versions, their
 * evaluation report (JSON and standalone HTML), publication and rollback, upload of a model the
 * CLI trained, and training jobs run in the background like simulations. Readers read; editors
 * train and upload; publishers publish, as for policies.
 */
import { createRoute } from '@hono/zod-openapi';
import { scoreModelSchema } from '@sluice/engine';
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import { columnInt, columnText } from '../../db/limits.js';
import { datasets, simulations } from '../../db/schema.js';
import { authProblems, jsonContent, problemResponse, readAccess, writeAccess } from '../../http/responses.js';
import { policyVersionMessage, policyVersionNumber } from '../../http/versionFields.js';
import { jobItem, jobParam, keyParam, keySummary, logEntry, note, overrideRequest, overrideView, versionParam, versionView, words } from './schemas.js';

export { jobItem, modelKey, versionView } from './schemas.js';

const tags = ['models'];
const forReaders = { tags, security: readAccess, middleware: [needs('read')] };
const forEditors = { tags, security: writeAccess, middleware: [needs('edit')] };
const forPublishers = { tags, security: writeAccess, middleware: [needs('publish')] };
const oneProblems = { ...authProblems, 404: problemResponse } as const;
const jsonBody = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

const VERSIONS = "A model's versions, newest first / 模型的各版本（最新在前）";
const VERSION = 'One version: the model document and its evaluation report / 某个版本：模型文档与评估报告';
const LOG = "A model's publications and rollbacks: who, when, why / 模型的发布与回滚记录";
const JOBS = "A model's training jobs, newest first / 模型的训练任务（最新在前）";

/**
 * A reader's GET of one key's (or one job's) JSON: the lists, the log and a job differ only in
 * these. Another tenant's key is a 404 like a missing one.
 */
function readJson<Path extends string, Params extends z.ZodObject, Answer extends z.ZodType>(
  operationId: string,
  path: Path,
  params: Params,
  answer: Answer,
  summary: string,
) {
  // The answer is described by the summary's English half.
  const description = summary.split(' / ')[0]!;
  return createRoute({
    ...forReaders,
    operationId,
    method: 'get',
    path,
    summary,
    request: { params },
    responses: { 200: jsonContent(answer, description), ...oneProblems },
  });
}

export const list = createRoute({
  ...forReaders,
  operationId: 'listModels',
  method: 'get',
  path: '/v1/models',
  summary: 'Smart-score models: each key with its published and latest version / 智能评分模型：每个模型的已发布与最新版本',
  responses: { 200: jsonContent(z.object({ items: z.array(keySummary) }), 'Models'), ...authProblems },
});

export const versions = readJson('listModelVersions', '/v1/models/{key}/versions', keyParam, z.object({ items: z.array(versionView) }), VERSIONS);

const versionDetail = versionView.extend({
  model: z.any().describe('The ScoreModel document (sluice.scoreModel/1) / 模型文档'),
  report: z.any().describe('The evaluation report (ModelReport); null when uploaded without one / 评估报告'),
});
export const version = readJson('getModelVersion', '/v1/models/{key}/versions/{version}', versionParam, versionDetail, VERSION);

export const reportHtml = createRoute({
  ...forReaders,
  operationId: 'getModelReportHtml',
  method: 'get',
  path: '/v1/models/{key}/versions/{version}/report.html',
  summary: "The version's evaluation as a standalone HTML page (opens offline) / 该版本评估报告的独立 HTML 页面",
  request: {
    params: versionParam,
    query: z.object({ lang: z.enum(['en', 'zh', 'both']).optional().describe('default both / 默认中英双语') }),
  },
  responses: {
    200: { content: { 'text/html': { schema: z.string() } }, description: 'The report' },
    ...oneProblems,
    409: problemResponse,
  },
});

export const upload = createRoute({
  ...forEditors,
  operationId: 'uploadModel',
  method: 'post',
  path: '/v1/models/{key}/versions',
  summary: 'Store a model trained elsewhere (`sluice model train`) as the next version, a draft / 上传在别处训练的模型（如 CLI），保存为下一个版本（草稿）',
  request: {
    params: keyParam,
    body: jsonBody(
      z.strictObject({
        model: scoreModelSchema,
        report: z
          .looseObject({
            format: z.literal('sluice.modelReport/1'),
            offered: z.boolean().describe('beats the points score out of sample / 样本外优于积分'),
            reason: words,
          })
          .optional()
          .describe('Its evaluation report (`sluice model train --report`), whose `offered` gates publication / 评估报告，其 offered 决定能否直接发布'),
      }),
    ),
  },
  responses: { 201: jsonContent(versionView, 'Stored'), ...authProblems, 422: problemResponse },
});

export const publish = createRoute({
  ...forPublishers,
  operationId: 'publishModel',
  method: 'post',
  path: '/v1/models/{key}/versions/{version}/publish',
  summary: 'Publish a version: decisions score with it from now on; publishing an older version is a rollback / 发布某版本：此后决策使用它；发布旧版本即回滚',
  request: {
    params: versionParam,
    body: jsonBody(z.strictObject({ note, override: overrideRequest.optional() })),
  },
  responses: {
    200: jsonContent(
      z.object({
        key: z.string(),
        version: z.number().int(),
        action: z.enum(['publish', 'rollback']),
        previous: z.number().int().nullable().describe('The version it replaced / 被替换的版本'),
        note: z.string(),
        at: z.string(),
        override: overrideView,
      }),
      'Published',
    ),
    ...oneProblems,
    409: problemResponse,
    422: problemResponse,
  },
});

export const log = readJson('getModelLog', '/v1/models/{key}/log', keyParam, z.object({ items: z.array(logEntry) }), LOG);

export const train = createRoute({
  ...forEditors,
  operationId: 'trainModel',
  method: 'post',
  path: '/v1/models/{key}/train',
  summary:
    'Train the next version from a dataset in the background (one job at a time, at a lower priority) / 在后台用数据集训练下一个版本（逐个运行，低优先级）',
  request: {
    params: keyParam,
    body: jsonBody(
      z.strictObject({
        datasetId: columnText(datasets.id).min(1),
        mapping: z.record(z.string(), z.unknown()).optional().describe("A mapping to use instead of the dataset's saved one / 替代数据集已保存映射的映射"),
        horizonHours: z
          .number()
          .finite()
          .min(0)
          .max(24 * 365)
          .optional()
          .describe('What is known when a lead is scored: hours of behaviour after creation (default 0) / 评分时已知的信息：创建后多少小时内的行为（默认 0）'),
        points: z
          .strictObject({
            policyKey: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a policy key'),
            version: policyVersionNumber(policyVersionMessage('version')).optional().describe('default: the live version / 默认生效版本'),
          })
          .optional()
          .describe('The current points-table policy to compare against / 用来对比的现有积分策略'),
        seed: columnInt(simulations.seed).optional().describe('default 1 / 默认 1'),
      }),
    ),
  },
  responses: { 202: jsonContent(jobItem, 'Queued'), ...oneProblems, 422: problemResponse },
});

// A key the tenant has neither trained nor stored is a 404 here too (jobs.ts), now declared.
export const jobs = readJson('listModelJobs', '/v1/models/{key}/jobs', keyParam, z.object({ items: z.array(jobItem) }), JOBS);

export const job = readJson('getModelJob', '/v1/models/{key}/jobs/{id}', jobParam, jobItem, 'A training job / 训练任务');

export const jobEvents = createRoute({
  ...forReaders,
  operationId: 'followModelJob',
  method: 'get',
  path: '/v1/models/{key}/jobs/{id}/events',
  summary: 'Follow a training job (server-sent events: progress, then done, failed or cancelled) / 跟踪训练任务（服务器推送事件）',
  request: { params: jobParam },
  responses: {
    200: {
      content: {
        'text/event-stream': {
          schema: z
            .string()
            .describe('`event: progress` data {done,total,phase}; `event: done` data {status,version}; `event: failed` data {error}; `event: cancelled`'),
        },
      },
      description: 'Event stream',
    },
    ...oneProblems,
  },
});

export const cancelJob = createRoute({
  ...forEditors,
  operationId: 'cancelModelJob',
  method: 'post',
  path: '/v1/models/{key}/jobs/{id}/cancel',
  summary: 'Cancel a queued or running training job / 取消排队或运行中的训练任务',
  request: { params: jobParam },
  responses: { 200: jsonContent(z.object({ status: z.literal('cancelled') }), 'Cancelled'), ...oneProblems, 409: problemResponse },
});
