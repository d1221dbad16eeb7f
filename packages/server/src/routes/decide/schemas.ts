import { z } from 'zod';
import { problemResponse } from '../../http/responses.js';

/** Response shapes of the decision endpoints, for /openapi.json (one problem schema for every route). */
export { problemResponse };

const labels = z.object({ en: z.string(), zh: z.string() });

export const decisionView = z.object({
  decisionId: z.string().nullable().describe('Null in a dry run / 试运行时为 null'),
  policy: z.object({ key: z.string(), version: z.number().int(), kind: z.string() }),
  actions: z.array(z.looseObject({ type: z.string() })),
  explanation: z.looseObject({ visited: z.array(z.looseObject({ nodeId: z.string(), kind: z.string(), result: z.string() })), rulesFired: z.array(z.string()), summary: labels }),
});

export const eventResponse = z.object({
  eventId: z.string(),
  dryRun: z.literal(true).optional(),
  decisions: z.array(decisionView),
  actions: z.array(z.looseObject({ type: z.string() })).describe('Every decision’s actions in run order / 所有决策的动作（按运行顺序）'),
});

export const eventResponses = {
  200: {
    content: { 'application/json': { schema: eventResponse } },
    description:
      'The decisions. A retry of an event already handled returns the stored response byte for byte, with header Idempotent-Replayed: true. / 决策结果；已处理事件的重试原样返回保存的响应，并带 Idempotent-Replayed: true 头。',
    headers: z.object({ 'idempotent-replayed': z.literal('true').optional().describe('Present on a retry answered from the record / 重试时由记录返回，带此头') }),
  },
  401: problemResponse,
  403: problemResponse,
  404: problemResponse,
  409: problemResponse,
  415: problemResponse,
  422: problemResponse,
};
