import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { columnInt, columnText } from '../../db/limits.js';
import { datasets, simulations } from '../../db/schema.js';
import { authProblems, jsonContent, problemResponse } from '../../http/responses.js';
import { policyVersionMessage, policyVersionNumber } from '../../http/versionFields.js';
import { forEditors, forReaders, oneProblems, words } from './common.js';
import { simulationCursor } from './listing.js';

const idParam = z.object({ id: columnText(simulations.id).min(1) });
const policyKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a policy key: lower-case letters, digits, . _ - (at most 64) / 策略键：小写字母、数字与 . _ -（最多 64 个字符）');

const VERSION = policyVersionMessage('version', ['live', 'draft']);
const policyRef = z.strictObject({
  key: policyKey,
  version: z
    .union([policyVersionNumber(VERSION), z.literal('live'), z.literal('draft')], { error: VERSION })
    .describe('a published version number, the live version, or the current draft / 已发布版本号、生效版本或当前草稿'),
});
const candidate = z.strictObject({
  label: z.string().trim().min(1).max(100),
  policies: z.array(policyRef).min(1).max(20).describe('policies that run together (scoring + routing + reclaim …) / 一起运行的策略'),
});
export const STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;

const resolvedRef = policyRef.extend({ resolved: z.union([z.number().int(), z.literal('draft')]).describe('the version the run used / 实际使用的版本') });
export const simulationItem = z.object({
  id: z.string(),
  datasetId: z.string(),
  status: z.enum(STATUSES),
  progress: z.object({ done: z.number(), total: z.number(), phase: z.string(), label: z.string().optional() }),
  candidates: z.array(z.object({ label: z.string(), policies: z.array(resolvedRef) })),
  seed: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  error: words.optional(),
});

export const start = createRoute({
  ...forEditors,
  operationId: 'startSimulation',
  method: 'post',
  path: '/v1/simulations',
  summary:
    'Start a simulation: replay the dataset through two or more candidates (the first is the baseline) / 开始模拟：用两个或以上候选策略回放数据集（第一个为基准）',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            datasetId: columnText(datasets.id).min(1),
            seed: columnInt(simulations.seed)
              .optional()
              .describe('same dataset, candidates and seed → the same report (default 1) / 相同输入与种子得到相同报告'),
            candidates: z.array(candidate).min(2).max(8),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 202: jsonContent(simulationItem, 'Queued'), ...oneProblems, 422: problemResponse },
});

export const list = createRoute({
  ...forReaders,
  operationId: 'listSimulations',
  method: 'get',
  path: '/v1/simulations',
  summary:
    'List simulations, newest first; filter by status and dataset, page with nextCursor / 列出模拟（最新在前）；可按状态和数据集筛选，用 nextCursor 翻页',
  request: {
    query: z.object({
      status: z.enum(STATUSES).optional().describe('only simulations in this status / 只列出该状态的模拟'),
      datasetId: columnText(datasets.id).min(1).optional().describe('only simulations of this dataset / 只列出该数据集的模拟'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: simulationCursor.param.optional(),
    }),
  },
  responses: {
    200: jsonContent(z.object({ items: z.array(simulationItem), nextCursor: z.string().nullable() }), 'Simulations'),
    ...authProblems,
    422: problemResponse,
  },
});

export const remove = createRoute({
  ...forEditors,
  operationId: 'deleteSimulation',
  method: 'delete',
  path: '/v1/simulations/{id}',
  summary:
    'Delete a finished simulation and its report; one still queued or running, or cited as a publication’s evidence, is kept (409) / 删除已结束的模拟及其报告；排队或运行中、或被发布引为依据的模拟不可删除（409）',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...oneProblems, 409: problemResponse },
});

export const get = createRoute({
  ...forReaders,
  operationId: 'getSimulation',
  method: 'get',
  path: '/v1/simulations/{id}',
  summary: 'A simulation, with its report once done / 模拟详情（完成后含报告）',
  request: { params: idParam },
  responses: {
    200: jsonContent(simulationItem.extend({ report: z.any().optional().describe("the simulator's SimulationReport / 模拟报告") }), 'The simulation'),
    ...oneProblems,
  },
});

export const events = createRoute({
  ...forReaders,
  operationId: 'followSimulation',
  method: 'get',
  path: '/v1/simulations/{id}/events',
  summary: 'Follow a simulation (server-sent events: progress, then done, failed or cancelled) / 跟踪模拟进度（服务器推送事件）',
  request: { params: idParam },
  responses: {
    200: {
      content: {
        'text/event-stream': {
          schema: z.string().describe('`event: progress` data {done,total,phase,label?}; `event: done`; `event: failed` data {error}; `event: cancelled`'),
        },
      },
      description: 'Event stream',
    },
    ...oneProblems,
  },
});

export const cancel = createRoute({
  ...forEditors,
  operationId: 'cancelSimulation',
  method: 'post',
  path: '/v1/simulations/{id}/cancel',
  summary: 'Cancel a queued or running simulation / 取消排队或运行中的模拟',
  request: { params: idParam },
  responses: {
    200: jsonContent(z.object({ status: z.literal('cancelled') }), 'Cancelled'),
    ...oneProblems,
    409: problemResponse,
  },
});

export const reportHtml = createRoute({
  ...forReaders,
  operationId: 'getSimulationReportHtml',
  method: 'get',
  path: '/v1/simulations/{id}/report.html',
  summary: 'The standalone HTML report of a finished simulation (both languages, opens offline) / 已完成模拟的独立 HTML 报告',
  request: {
    params: idParam,
    query: z.object({
      lang: z
        .enum(['en', 'zh'])
        .optional()
        .describe('the language the page opens in (the other is one click away); en by default / 报告打开时显示的语言，默认 en'),
    }),
  },
  responses: {
    200: { content: { 'text/html': { schema: z.string() } }, description: 'The report' },
    ...oneProblems,
    409: problemResponse,
  },
});
