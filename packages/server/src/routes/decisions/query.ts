import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { z } from 'zod';
import { columnInstant, columnText, storedInstantProblem } from '../../db/limits.js';
import { decisions, reps } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';
import { modelVersionText } from '../../http/versionFields.js';
import type { Labels } from '@sluice/engine';
import { modelKey } from '../models/schemas.js';

const INSTANT_RULE = {
  en: 'ISO-8601 with an offset, years 1970–9999, offset within ±15:59',
  zh: '带时区偏移的 ISO-8601 时间，年份 1970–9999，偏移在 ±15:59 以内',
};

/**
 * The filters of the list and the export, bounded by the columns they are compared with, so the
 * export refuses a bad one before its first byte as the list does.
 */
export const filterQuery = {
  leadId: columnText(decisions.leadId).min(1).optional(),
  repId: columnText(reps.id).min(1).optional(),
  policyKey: columnText(decisions.policyKey, 64).min(1).optional(),
  from: columnInstant(decisions.at).optional().describe(`Decisions at or after (${INSTANT_RULE.en}) / 起始时间（含；${INSTANT_RULE.zh}）`),
  to: columnInstant(decisions.at).optional().describe(`Decisions before (${INSTANT_RULE.en}) / 截止时间（不含；${INSTANT_RULE.zh}）`),
  model: modelKey.optional().describe('Decisions that scored with this smart-score model key / 使用该智能评分模型的决策'),
  modelVersion: modelVersionText('modelVersion')
    .optional()
    .describe('With model: only decisions that used this version of it / 与 model 一起使用：只列出使用该版本的决策'),
};

export interface DecisionFilter {
  leadId?: string | undefined;
  repId?: string | undefined;
  policyKey?: string | undefined;
  /** Inclusive lower bound of the decision time. */
  from?: string | undefined;
  /** Exclusive upper bound. */
  to?: string | undefined;
  /** A smart-score model key the decision scored with (its `models` list). */
  model?: string | undefined;
  /** With `model`: the version it used. */
  modelVersion?: number | undefined;
}

/** A stored decision: the engine's decision plus its id. */
export type StoredDecision = Record<string, unknown> & { decisionId: string; at: string };

/** Where a page ended: the last row's time and id (keyset pagination; stable under inserts). */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const CURSOR_MAX = 500;
const CURSOR_ID = columnText(decisions.id).min(1);

/** Why a cursor is refused, said once in both languages. */
const notACursor = (why: Labels): Labels => ({ en: `not a cursor this API returned (${why.en})`, zh: `不是本接口返回的游标（${why.zh}）` });
const NOT_BASE64URL = notACursor({ en: 'not base64url', zh: '不是 base64url 编码' });

/** A schema's own message carries both halves as "English / 中文"; the field errors read the Chinese back from it. */
const schemaMessage = (text: Labels) => `${text.en} / ${text.zh}`;

/**
 * What is wrong with a cursor, or undefined: it must be what `encodeCursor` wrote — base64url of
 * `[at, id]` whose time PostgreSQL reads back (a time `Date.parse` takes, such as year 0000 or
 * 2021-02-29, would otherwise reach SQL and fail there).
 */
function cursorProblem(text: string): Labels | undefined {
  const reason = cursorReason(text);
  return reason && notACursor(reason);
}

function cursorReason(text: string): Labels | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return { en: 'no JSON inside', zh: '内容不是 JSON' };
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string')
    return { en: 'not [time, id]', zh: '不是 [时间, id]' };
  const at = storedInstantProblem(decisions.at, value[0]);
  if (at) return { en: `time ${at.en}`, zh: `时间${at.zh}` };
  if (!CURSOR_ID.safeParse(value[1]).success) return { en: 'id empty or too long', zh: 'id 为空或过长' };
  return undefined;
}

/** `?cursor=`: checked whole before any query runs, so a bad one is a field error, never SQL's. */
export const cursorParam = z
  .string()
  .max(CURSOR_MAX)
  .regex(BASE64URL, schemaMessage(NOT_BASE64URL))
  .describe('nextCursor of the previous page, as it was returned / 上一页返回的 nextCursor，原样传回')
  .superRefine((text, ctx) => {
    // Too long or not base64url: the schema's maxLength and pattern say so.
    if (text.length > CURSOR_MAX || !BASE64URL.test(text)) return;
    const problem = cursorProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: schemaMessage(problem), input: text });
  });

/** A cursor `cursorParam` accepted (refused again here, should a caller skip the schema). */
export function decodeCursor(text: string): Cursor {
  const problem = text.length > CURSOR_MAX || !BASE64URL.test(text) ? NOT_BASE64URL : cursorProblem(text);
  if (problem) {
    throw new ProblemError(422, 'validation-failed', 'The cursor is not one this API returned', {
      detailZh: '游标无效',
      errors: [{ path: '$.cursor', message: problem.en, messageZh: problem.zh }],
    });
  }
  const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [string, string];
  return { at, id };
}

/**
 * One page of a tenant's decisions, newest first (or oldest first for exports). Every query
 * starts with the tenant: no filter can reach another tenant's rows.
 */
export async function pageOfDecisions(
  db: Db,
  tenantId: string,
  filter: DecisionFilter,
  limit: number,
  after: Cursor | undefined,
  order: 'newest' | 'oldest',
): Promise<{ rows: StoredDecision[]; next: Cursor | undefined }> {
  const where: SQL[] = [eq(decisions.tenantId, tenantId)];
  if (filter.leadId) where.push(eq(decisions.leadId, filter.leadId));
  if (filter.policyKey) where.push(eq(decisions.policyKey, filter.policyKey));
  if (filter.repId) where.push(sql`${decisions.repIds} @> ${JSON.stringify([filter.repId])}::jsonb`);
  if (filter.from) where.push(gte(decisions.at, filter.from));
  if (filter.to) where.push(lt(decisions.at, filter.to));
  if (filter.model) where.push(usedModel(filter.model, filter.modelVersion));
  if (after) {
    const at = sql`${after.at}::timestamptz`;
    where.push(
      order === 'newest'
        ? or(sql`${decisions.at} < ${at}`, and(sql`${decisions.at} = ${at}`, lt(decisions.id, after.id)))!
        : or(sql`${decisions.at} > ${at}`, and(sql`${decisions.at} = ${at}`, sql`${decisions.id} > ${after.id}`))!,
    );
  }
  const dir = order === 'newest' ? desc : asc;
  const rows = await db
    .select({ id: decisions.id, decision: decisions.decision })
    .from(decisions)
    .where(and(...where))
    .orderBy(dir(decisions.at), dir(decisions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => r.decision as StoredDecision);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { at: last.at, id: last.decisionId } : undefined };
}

/**
 * The decision scored with the model (at the version): its stored `models` list holds it. Only the
 * list is read as jsonb, not the whole decision; there is no index (the insert path would pay for
 * one on every decision), so the rows are the tenant's, newest first, within from/to.
 */
function usedModel(key: string, version: number | undefined): SQL {
  const wanted = JSON.stringify([version === undefined ? { key } : { key, version }]);
  return sql`(${decisions.decision} -> 'models')::jsonb @> ${wanted}::jsonb`;
}

export async function decisionById(db: Db, tenantId: string, id: string): Promise<StoredDecision | undefined> {
  const [row] = await db
    .select({ decision: decisions.decision })
    .from(decisions)
    .where(and(eq(decisions.tenantId, tenantId), eq(decisions.id, id)))
    .limit(1);
  return row?.decision as StoredDecision | undefined;
}

/** The list view: what was decided, without the explanation's node-by-node detail. */
export function summaryOf(d: StoredDecision) {
  const explanation = d.explanation as { summary?: { en: string; zh: string } } | undefined;
  return {
    decisionId: d.decisionId,
    eventId: d.eventId as string,
    eventType: d.eventType as string,
    leadId: (d.leadId as string | null) ?? null,
    at: d.at,
    policy: d.policy as { key: string; version: number; kind: string },
    actions: (d.actions as Array<{ type: string }>) ?? [],
    summary: explanation?.summary ?? { en: '', zh: '' },
    ...(Array.isArray(d.models) ? { models: d.models as Array<{ key: string; version: number }> } : {}),
  };
}
