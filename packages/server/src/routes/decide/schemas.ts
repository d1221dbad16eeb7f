import { instant } from '@sluice/engine';
import { z } from 'zod';
import { problemResponse } from '../../http/responses.js';
import { checkEvent, previewFields, serverEventSchema } from '../../state/event.js';

/** Response shapes of the decision endpoints, for /openapi.json (one problem schema for every route). */
export { problemResponse };

const labels = z.object({ en: z.string(), zh: z.string() });

export const decisionView = z.object({
  decisionId: z.string().nullable().describe('Null in a dry run / 试运行时为 null'),
  policy: z.object({ key: z.string(), version: z.number().int(), kind: z.string() }),
  actions: z.array(z.looseObject({ type: z.string() })),
  explanation: z.looseObject({
    visited: z.array(z.looseObject({ nodeId: z.string(), kind: z.string(), result: z.string() })),
    rulesFired: z.array(z.string()),
    summary: labels,
  }),
  models: z
    .array(z.object({ key: z.string(), version: z.number().int() }))
    .optional()
    .describe('The smart-score models (key, published version) the decision scored with; absent when none / 本次决策使用的智能评分模型及版本'),
});

/**
 * The event's own `at` says when it happened; `decideAt` is the clock the dry run reads instead of
 * the server's (shifts, out of office, daily caps and their local day, penalties in force, reclaim
 * and cascade clocks). Named apart from `at` because every event already has an `at`.
 */
export const decideAtField = instant
  .optional()
  .describe(
    'Dry runs only: decide as if the clock read this instant (shifts, out of office, daily caps and their local day, claim limits, penalties, reclaim and cascade clocks); the state is as it stands now, nothing is written. Default: the server clock. / 仅限试运行：按此时刻作为“当前时间”决策（班次、休假、每日上限及其本地日、领取限制、惩罚、回收与分级计时）；状态取当前状态，不写入任何数据。默认取服务器时钟。',
  );

/** `POST /v1/decide`'s body: an event, the preview options and `decideAt`. */
export const decideRequestSchema = serverEventSchema.extend({ ...previewFields, decideAt: decideAtField }).superRefine((e, ctx) => {
  checkEvent(e, ctx);
  if (e.decideAt !== undefined && e.dryRun !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['decideAt'],
      message:
        'decideAt is only for dry runs (dryRun: true): a real decision always reads the server clock / decideAt 仅用于试运行（dryRun: true）：正式决策始终以服务器时钟为准',
    });
  }
});

export const eventResponse = z.object({
  eventId: z.string(),
  dryRun: z.literal(true).optional(),
  decidedAt: z
    .string()
    .optional()
    .describe(
      'Dry runs: the instant the decision read as now (decideAt, or the server clock), UTC / 试运行：决策所依据的“当前时间”（decideAt 或服务器时钟），UTC',
    ),
  decisions: z.array(decisionView),
  actions: z.array(z.looseObject({ type: z.string() })).describe('Every decision’s actions in run order / 所有决策的动作（按运行顺序）'),
});

export const eventResponses = {
  200: {
    content: { 'application/json': { schema: eventResponse } },
    description:
      'The decisions. A retry of an event already handled returns the stored response byte for byte, with header Idempotent-Replayed: true. / 决策结果；已处理事件的重试原样返回保存的响应，并带 Idempotent-Replayed: true 头。',
    headers: z.object({
      'idempotent-replayed': z.literal('true').optional().describe('Present on a retry answered from the record / 重试时由记录返回，带此头'),
    }),
  },
  401: problemResponse,
  403: problemResponse,
  404: problemResponse,
  409: problemResponse,
  415: problemResponse,
  422: problemResponse,
};
