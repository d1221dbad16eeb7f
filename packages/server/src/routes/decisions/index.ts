import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { requireScope } from '../../auth/middleware.js';
import { columnText } from '../../db/limits.js';
import { decisions } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { readAccess } from '../../http/responses.js';
import { problemResponse } from '../decide/schemas.js';
import { exportResponse } from './exportStream.js';
import { registerDecisionTestCase } from './testCase.js';
import { encodeCursor } from '../../http/cursor.js';
import { decisionById, decisionCursor, filterQuery, pageOfDecisions, summaryOf, type DecisionFilter } from './query.js';

const summaryView = z.object({
  decisionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  leadId: z.string().nullable(),
  at: z.string(),
  policy: z.object({ key: z.string(), version: z.number().int(), kind: z.string() }),
  actions: z.array(z.looseObject({ type: z.string() })),
  summary: z.object({ en: z.string(), zh: z.string() }),
  models: z
    .array(z.object({ key: z.string(), version: z.number().int() }))
    .optional()
    .describe('The smart-score models (key, version) it scored with; absent when none / 使用的智能评分模型及版本；未使用时省略'),
});

const listRoute = createRoute({
  operationId: 'listDecisions',
  method: 'get',
  path: '/v1/decisions',
  tags: ['decisions'],
  summary: 'Query decisions by lead, rep, policy, smart-score model and time / 按线索、销售、策略、智能评分模型、时间查询决策',
  description:
    'Newest first. repId matches decisions that gave a lead to, took one from, credited, reminded or penalised the rep. model (with modelVersion) matches decisions that scored with that smart-score model (at that version). Page with nextCursor. / 按时间倒序；repId 匹配与该销售有关的决策（分配、收回、分成、提醒、惩罚）；model（及 modelVersion）匹配使用该智能评分模型（该版本）评分的决策；用 nextCursor 翻页。',
  security: readAccess,
  request: {
    query: z.object({
      ...filterQuery,
      limit: z.coerce.number().int().min(1).max(500).default(50),
      cursor: decisionCursor.param.optional(),
    }),
  },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ decisions: z.array(summaryView), nextCursor: z.string().nullable() }) } },
      description: 'Decisions / 决策列表',
    },
    401: problemResponse,
    403: problemResponse,
    422: problemResponse,
  },
});

const exportRoute = createRoute({
  operationId: 'exportDecisions',
  method: 'get',
  path: '/v1/decisions/export',
  tags: ['decisions'],
  summary: 'Export decisions as CSV or JSONL (streamed) / 导出决策（CSV 或 JSONL，流式）',
  description:
    'Oldest first, every decision matching the filters. CSV has a header row and RFC 4180 quoting; a text cell that begins with =, +, -, @, a tab or a carriage return is prefixed with a single quote (\') so a spreadsheet shows it as text instead of running it as a formula (OWASP CSV injection). JSONL has one full stored decision (explanation included) per line, values unchanged, and ends with the line {"end":{"rows":N}}. A complete export ends its chunked body normally and sends the trailer Sluice-Row-Count: N; one cut by a database error is closed without the terminating chunk (curl exits 18, fetch rejects), after a last JSONL line {"error":{"type","status","title","titleZh","rows"}}. A file without the end line or the trailer is incomplete. / 按时间正序导出全部匹配的决策。CSV 含表头并按 RFC 4180 转义；以 =、+、-、@、制表符或回车开头的文本单元格前加单引号（\'），使电子表格将其显示为文本而不作为公式执行（防 OWASP 所述 CSV 注入）。JSONL 每行一条完整决策（含解释），内容不作改动，最后一行为 {"end":{"rows":N}}。导出完整时分块正文正常结束，并发送尾部字段 Sluice-Row-Count: N；因数据库错误中断时连接在没有结束块的情况下关闭（curl 退出码 18，fetch 报错），JSONL 的最后一行为 {"error":{…}}。没有结束行或尾部字段的文件不完整。',
  security: readAccess,
  request: { query: z.object({ ...filterQuery, format: z.enum(['csv', 'jsonl']).default('jsonl') }) },
  responses: {
    200: {
      content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
      headers: {
        Trailer: {
          description:
            'The trailer that follows a complete export: Sluice-Row-Count, the number of decisions / 完整导出之后的尾部字段：Sluice-Row-Count，即决策条数',
          schema: { type: 'string' },
        },
      },
      description: 'The export / 导出文件',
    },
    401: problemResponse,
    403: problemResponse,
    422: problemResponse,
  },
});

const oneRoute = createRoute({
  operationId: 'getDecision',
  method: 'get',
  path: '/v1/decisions/{id}',
  tags: ['decisions'],
  summary: 'One decision with its full explanation and state changes / 单条决策（含完整解释与状态变更）',
  security: readAccess,
  request: { params: z.object({ id: columnText(decisions.id, 100).min(1) }) },
  responses: {
    200: { content: { 'application/json': { schema: z.looseObject({ decisionId: z.string(), at: z.string() }) } }, description: 'The decision / 决策' },
    401: problemResponse,
    403: problemResponse,
    404: problemResponse,
  },
});

export function registerDecisions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => {
    requireScope(c.var.auth, 'read');
    const { limit, cursor, ...filter } = c.req.valid('query');
    checkRange(filter);
    const page = await pageOfDecisions(
      c.var.deps.database.db,
      c.var.auth.tenantId,
      filter,
      limit,
      cursor ? decisionCursor.decode(cursor) : undefined,
      'newest',
    );
    return c.json({ decisions: page.rows.map(summaryOf), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
  });

  // Registered before /{id}, so "export" is never taken for an id.
  app.openapi(exportRoute, async (c) => {
    requireScope(c.var.auth, 'read');
    const { format, ...filter } = c.req.valid('query');
    checkRange(filter);
    return (await exportResponse(c, format, filter)) as never;
  });

  app.openapi(oneRoute, async (c) => {
    requireScope(c.var.auth, 'read');
    const d = await decisionById(c.var.deps.database.db, c.var.auth.tenantId, c.req.valid('param').id);
    if (!d) throw new ProblemError(404, 'not-found', 'No such decision in this tenant', { detailZh: '本租户没有这条决策' });
    return c.json(d, 200);
  });

  registerDecisionTestCase(app);
}

function checkRange(filter: DecisionFilter): void {
  if (filter.modelVersion !== undefined && !filter.model) {
    throw new ProblemError(422, 'validation-failed', '"modelVersion" needs "model"', {
      detailZh: '"modelVersion" 需要与 "model" 一起使用',
      errors: [
        {
          path: '$.modelVersion',
          message: 'modelVersion needs model (the key it is a version of)',
          messageZh: 'modelVersion 需要指定 model（它是哪个模型的版本）',
        },
      ],
    });
  }
  if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to)) {
    throw new ProblemError(422, 'validation-failed', '"from" is after "to"', {
      detailZh: '"from" 晚于 "to"',
      errors: [{ path: '$.from', message: 'from is after to', messageZh: '起始时间晚于截止时间' }],
    });
  }
}
