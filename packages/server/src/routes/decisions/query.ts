import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { columnInstant, columnText } from '../../db/limits.js';
import { decisions, reps } from '../../db/schema.js';
import { type Cursor, keysetCursor } from '../../http/cursor.js';
import { modelVersionText } from '../../http/versionFields.js';
import { modelKey } from '../models/schemas.js';

/** The decision list's `?cursor=`: a decision's time and id. */
export const decisionCursor = keysetCursor({ at: decisions.at, id: decisions.id });

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
