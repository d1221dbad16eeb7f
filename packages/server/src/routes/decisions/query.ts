import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { decisions } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';

export interface DecisionFilter {
  leadId?: string | undefined;
  repId?: string | undefined;
  policyKey?: string | undefined;
  /** Inclusive lower bound of the decision time. */
  from?: string | undefined;
  /** Exclusive upper bound. */
  to?: string | undefined;
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

export function decodeCursor(text: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && Number.isFinite(Date.parse(at))) return { at, id };
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError(422, 'validation-failed', 'The cursor is not one this API returned', {
    detailZh: '游标无效',
    errors: [{ path: '$.cursor', message: 'invalid cursor', messageZh: '无效的游标' }],
  });
}

/**
 * One page of a tenant's decisions, newest first (or oldest first for exports). Every query
 * starts with the tenant: no filter can reach another tenant's rows.
 */
export async function pageOfDecisions(db: Db, tenantId: string, filter: DecisionFilter, limit: number, after: Cursor | undefined, order: 'newest' | 'oldest'): Promise<{ rows: StoredDecision[]; next: Cursor | undefined }> {
  const where: SQL[] = [eq(decisions.tenantId, tenantId)];
  if (filter.leadId) where.push(eq(decisions.leadId, filter.leadId));
  if (filter.policyKey) where.push(eq(decisions.policyKey, filter.policyKey));
  if (filter.repId) where.push(sql`${decisions.repIds} @> ${JSON.stringify([filter.repId])}::jsonb`);
  if (filter.from) where.push(gte(decisions.at, filter.from));
  if (filter.to) where.push(lt(decisions.at, filter.to));
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

export async function decisionById(db: Db, tenantId: string, id: string): Promise<StoredDecision | undefined> {
  const [row] = await db.select({ decision: decisions.decision }).from(decisions).where(and(eq(decisions.tenantId, tenantId), eq(decisions.id, id))).limit(1);
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
  };
}
