import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { requireScope } from '../../auth/middleware.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { problemResponse } from '../decide/schemas.js';
import { CSV_COLUMNS, csvLine, csvRow, jsonLine } from './export.js';
import { decisionById, decodeCursor, encodeCursor, pageOfDecisions, summaryOf, type DecisionFilter } from './query.js';

const instant = z.iso.datetime({ offset: true });
const filterQuery = {
  leadId: z.string().min(1).max(200).optional(),
  repId: z.string().min(1).max(200).optional(),
  policyKey: z.string().min(1).max(64).optional(),
  from: instant.optional().describe('Decisions at or after / 起始时间（含）'),
  to: instant.optional().describe('Decisions before / 截止时间（不含）'),
};

const summaryView = z.object({
  decisionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  leadId: z.string().nullable(),
  at: z.string(),
  policy: z.object({ key: z.string(), version: z.number().int(), kind: z.string() }),
  actions: z.array(z.looseObject({ type: z.string() })),
  summary: z.object({ en: z.string(), zh: z.string() }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/decisions',
  tags: ['decisions'],
  summary: 'Query decisions by lead, rep, policy and time / 按线索、销售、策略、时间查询决策',
  description:
    'Newest first. repId matches decisions that gave a lead to, took one from, credited, reminded or penalised the rep. Page with nextCursor. / 按时间倒序；repId 匹配与该销售有关的决策（分配、收回、分成、提醒、惩罚）；用 nextCursor 翻页。',
  security: [{ apiKey: [] }],
  request: {
    query: z.object({
      ...filterQuery,
      limit: z.coerce.number().int().min(1).max(500).default(50),
      cursor: z.string().max(500).optional(),
    }),
  },
  responses: {
    200: { content: { 'application/json': { schema: z.object({ decisions: z.array(summaryView), nextCursor: z.string().nullable() }) } }, description: 'Decisions / 决策列表' },
    401: problemResponse,
    403: problemResponse,
    422: problemResponse,
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/v1/decisions/export',
  tags: ['decisions'],
  summary: 'Export decisions as CSV or JSONL (streamed) / 导出决策（CSV 或 JSONL，流式）',
  description:
    'Oldest first, every decision matching the filters. CSV has a header row and RFC 4180 quoting; a text cell that begins with =, +, -, @, a tab or a carriage return is prefixed with a single quote (\') so a spreadsheet shows it as text instead of running it as a formula (OWASP CSV injection). JSONL has one full stored decision (explanation included) per line, values unchanged. / 按时间正序导出全部匹配的决策。CSV 含表头并按 RFC 4180 转义；以 =、+、-、@、制表符或回车开头的文本单元格前加单引号（\'），使电子表格将其显示为文本而不作为公式执行（防 OWASP 所述 CSV 注入）。JSONL 每行一条完整决策（含解释），内容不作改动。',
  security: [{ apiKey: [] }],
  request: { query: z.object({ ...filterQuery, format: z.enum(['csv', 'jsonl']).default('jsonl') }) },
  responses: {
    200: {
      content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
      description: 'The export / 导出文件',
    },
    401: problemResponse,
    403: problemResponse,
    422: problemResponse,
  },
});

const oneRoute = createRoute({
  method: 'get',
  path: '/v1/decisions/{id}',
  tags: ['decisions'],
  summary: 'One decision with its full explanation and state changes / 单条决策（含完整解释与状态变更）',
  security: [{ apiKey: [] }],
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { content: { 'application/json': { schema: z.looseObject({ decisionId: z.string(), at: z.string() }) } }, description: 'The decision / 决策' },
    401: problemResponse,
    403: problemResponse,
    404: problemResponse,
  },
});

const EXPORT_PAGE = 500;

export function registerDecisions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => {
    requireScope(c.var.auth, 'read');
    const { limit, cursor, ...filter } = c.req.valid('query');
    checkRange(filter);
    const page = await pageOfDecisions(c.var.deps.database.db, c.var.auth.tenantId, filter, limit, cursor ? decodeCursor(cursor) : undefined, 'newest');
    return c.json({ decisions: page.rows.map(summaryOf), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
  });

  // Registered before /{id}, so "export" is never taken for an id.
  app.openapi(exportRoute, async (c) => {
    requireScope(c.var.auth, 'read');
    const { format, ...filter } = c.req.valid('query');
    checkRange(filter);
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const encoder = new TextEncoder();
    let after: Parameters<typeof pageOfDecisions>[4];
    let started = false;
    let done = false;
    // Pulled page by page (keyset), so an export of any size holds one page in memory.
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started && format === 'csv') controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS)));
        started = true;
        if (done) return controller.close();
        const page = await pageOfDecisions(db, tenantId, filter, EXPORT_PAGE, after, 'oldest');
        const text = page.rows.map(format === 'csv' ? csvLine : jsonLine).join('');
        if (text) controller.enqueue(encoder.encode(text));
        after = page.next;
        if (!after) {
          done = true;
          controller.close();
        }
      },
    });
    const stamp = new Date(c.var.deps.now()).toISOString().slice(0, 10);
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="decisions-${stamp}.${format}"`,
      },
    }) as never;
  });

  app.openapi(oneRoute, async (c) => {
    requireScope(c.var.auth, 'read');
    const d = await decisionById(c.var.deps.database.db, c.var.auth.tenantId, c.req.valid('param').id);
    if (!d) throw new ProblemError(404, 'not-found', 'No such decision in this tenant', { detailZh: '本租户没有这条决策' });
    return c.json(d, 200);
  });
}

function checkRange(filter: DecisionFilter): void {
  if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to)) {
    throw new ProblemError(422, 'validation-failed', '"from" is after "to"', { detailZh: '"from" 晚于 "to"', errors: [{ path: '$.from', message: 'from is after to', messageZh: '起始时间晚于截止时间' }] });
  }
}
