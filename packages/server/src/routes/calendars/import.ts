import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { calendarFromICal, calendarSchema, timeZoneName } from '@sluice/engine';
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import { columnText } from '../../db/limits.js';
import { calendars } from '../../db/schema.js';
import { UNSTORABLE_TEXT } from '../../http/body.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, jsonContent, problemResponse, writeAccess } from '../../http/responses.js';

const PATH = /^\/v1\/calendars\/[^/]+\/import$/;
const ICAL_TYPE = /^text\/calendar\b/i;

/**
 * An iCalendar upload is the one body that is not JSON: app.ts lets it past its JSON check,
 * and this route reads it as text (size-capped there like every body).
 */
export function isICalUpload(c: Context): boolean {
  return c.req.method === 'POST' && PATH.test(c.req.path) && ICAL_TYPE.test(c.req.header('content-type') ?? '');
}

const labels = z.string().trim().min(1).max(100);
const skippedView = z.object({
  event: z.number().int().describe('the n-th VEVENT of the file (from 1)'),
  line: z.number().int().optional().describe('the line its BEGIN:VEVENT is on (from 1)'),
  uid: z.string().optional(),
  summary: z.string().optional(),
  reason: z.object({ en: z.string(), zh: z.string() }),
});
const imported = z.object({ calendar: calendarSchema, skipped: z.array(skippedView).describe('events not imported, with why / 未导入的事件及原因') });

export const importCalendar = createRoute({
  tags: ['roster'],
  operationId: 'importCalendar',
  security: writeAccess,
  middleware: [needs('edit')],
  method: 'post',
  path: '/v1/calendars/{id}/import',
  summary: 'Create or replace a calendar from an iCalendar (.ics) file / 从 iCalendar（.ics）文件导入工作日历（创建或替换）',
  description: [
    'Send the file as `Content-Type: text/calendar`. Each all-day VEVENT becomes a holiday, or a make-up working day when its SUMMARY says so (补班, 上班, "make-up", "working day"). Timed, recurring and cancelled events are skipped and listed in `skipped` with the reason. The zone is the calendar’s own (`timeZone`), not the file’s; the name defaults to the file’s X-WR-CALNAME.',
    '',
    '以 `Content-Type: text/calendar` 上传文件。每个全天 VEVENT 计为节假日；SUMMARY 写明“补班”“上班”等时计为调休上班日。带具体时间、重复或已取消的事件不导入，并在 skipped 中说明原因。时区取参数 timeZone；名称默认取文件的 X-WR-CALNAME。',
  ].join('\n'),
  request: {
    params: z.object({ id: columnText(calendars.id).min(1) }),
    query: z.object({
      timeZone: timeZoneName.describe('IANA zone the days are local to, e.g. Asia/Shanghai / 日期所在时区'),
      name: labels.optional().describe('the calendar’s name (both languages unless nameZh is given) / 日历名称'),
      nameZh: labels.optional().describe('the Chinese name / 中文名称'),
    }),
    body: { content: { 'text/calendar': { schema: z.string().describe('an iCalendar file (RFC 5545)') } }, required: true },
  },
  responses: {
    200: jsonContent(imported, 'Replaced'),
    201: jsonContent(imported, 'Created'),
    ...authProblems,
    415: problemResponse,
    422: problemResponse,
  },
});

export function registerCalendarImport(app: OpenAPIHono<AppEnv>): void {
  app.openapi(importCalendar, async (c) => {
    const auth = c.var.auth;
    const { id } = c.req.valid('param');
    const { timeZone, name, nameZh } = c.req.valid('query');
    if (!isICalUpload(c)) {
      throw new ProblemError(415, 'unsupported-media-type', 'Send the file as text/calendar (an .ics file)', {
        detailZh: '请以 text/calendar 格式上传 .ics 文件',
      });
    }
    const text = await c.req.text();
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      const line = text.slice(0, nul).split('\n').length;
      throw icalRefused([{ path: `line ${line}`, message: `line ${line} ${UNSTORABLE_TEXT.message}`, messageZh: `第 ${line} 行${UNSTORABLE_TEXT.messageZh}` }]);
    }
    const label = name ?? nameZh;
    const result = readICal(text, { id, timeZone, ...(label ? { name: { en: label, zh: nameZh ?? label } } : {}) });
    if (!result.ok) throw icalRefused([{ path: '$', message: result.problem.en, messageZh: result.problem.zh }]);
    // Names are cut to 100 UTF-16 units, which can split an emoji: PostgreSQL stores no half of one.
    const calendar = wellFormed(result.calendar);
    const [row] = await c.var.deps.database.db
      .insert(calendars)
      .values({ tenantId: auth.tenantId, id, data: calendar })
      .onConflictDoUpdate({ target: [calendars.tenantId, calendars.id], set: { data: calendar } })
      .returning({ created: sql<boolean>`(xmax = 0)` });
    return c.json({ calendar, skipped: result.skipped }, row?.created ? 201 : 200);
  });
}

/**
 * The parser reads property values lazily: a malformed date or duration inside a well-formed file
 * (DTSTART;VALUE=DATE:2026XX01) throws while the events are read, after parsing succeeded. That is
 * bad input, answered as such.
 */
function readICal(text: string, options: Parameters<typeof calendarFromICal>[1]): ReturnType<typeof calendarFromICal> {
  try {
    return calendarFromICal(text, options);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    return { ok: false, problem: { en: `a value in the file cannot be read: ${why}`, zh: `文件中有无法读取的值：${why}` } };
  }
}

function icalRefused(errors: Array<{ path: string; message: string; messageZh: string }>): ProblemError {
  return new ProblemError(422, 'invalid-icalendar', 'The file cannot be imported as a working-day calendar', { detailZh: '该文件无法导入为工作日历', errors });
}

const toWellFormed = (s: string): string => (s as string & { toWellFormed(): string }).toWellFormed();

function wellFormed<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? toWellFormed(v) : v))) as T;
}
