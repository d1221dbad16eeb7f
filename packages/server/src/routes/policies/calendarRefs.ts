import { calendarReferences } from '@sluice/engine';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { calendars } from '../../db/schema.js';
import { ProblemError, type FieldError } from '../../http/problem.js';

/** A node naming a working-day calendar the tenant does not have, as a compile error is answered. */
export interface CalendarFieldError extends FieldError {
  code: 'unknownCalendar';
  nodeId: string;
  /** Path inside the node's config, as compile errors give it. */
  field: string;
}

/** Enough of the tenant's calendars to pick from; a tenant keeps a handful. */
const LISTED = 10;

/**
 * The calendars a policy names that the tenant does not have. The compiler cannot see them (a
 * calendar is tenant data, not part of the policy), and a rule whose calendar is missing never
 * fires, so publishing refuses it here. With `lock`, the calendars found are share-locked until
 * the transaction ends, so a concurrent delete waits and then sees the policy using them.
 */
export async function missingCalendarErrors(db: Db | Tx, tenantId: string, document: unknown, lock = false): Promise<CalendarFieldError[]> {
  const refs = calendarReferences(document);
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map((r) => r.calendarId))];
  const query = db
    .select({ id: calendars.id })
    .from(calendars)
    .where(and(eq(calendars.tenantId, tenantId), inArray(calendars.id, ids)));
  const found = new Set((lock ? await query.for('share') : await query).map((r) => r.id));
  const missing = refs.filter((r) => !found.has(r.calendarId));
  if (missing.length === 0) return [];
  const have = (
    await db
      .select({ id: calendars.id })
      .from(calendars)
      .where(eq(calendars.tenantId, tenantId))
      .orderBy(asc(calendars.id))
      .limit(LISTED + 1)
  ).map((r) => r.id);
  const choice = have.length === 0 ? { en: 'the tenant has no calendars yet', zh: '本租户尚未添加任何工作日历' } : listOf(have);
  return missing.map((r) => ({
    path: r.path,
    code: 'unknownCalendar',
    nodeId: r.nodeId,
    field: r.path.slice(r.path.indexOf('.data') + '.data'.length).replace(/^\./, ''),
    message: `node "${r.nodeId}" counts working days with calendar "${r.calendarId}", which this tenant does not have: add it (PUT /v1/calendars/${r.calendarId}) or pick another (${choice.en})`,
    messageZh: `节点“${r.nodeId}”使用的工作日历“${r.calendarId}”在本租户中不存在：请先添加（PUT /v1/calendars/${r.calendarId}）或改选其他日历（${choice.zh}）`,
  }));
}

function listOf(ids: string[]): { en: string; zh: string } {
  const shown = ids
    .slice(0, LISTED)
    .map((id) => `"${id}"`)
    .join(', ');
  const more = ids.length > LISTED ? ', …' : '';
  return { en: `the tenant has ${shown}${more}`, zh: `本租户现有：${shown}${more}` };
}

/** Publishing or rolling back to a document that names a missing calendar: 422 with every place. */
export async function refuseMissingCalendars(tx: Tx, tenantId: string, document: unknown, action: 'publish' | 'rollback'): Promise<void> {
  const errors = await missingCalendarErrors(tx, tenantId, document, true);
  if (errors.length === 0) return;
  const what = action === 'publish' ? 'The draft' : 'That version';
  const whatZh = action === 'publish' ? '草稿' : '该版本';
  throw new ProblemError(422, 'unknown-calendar', `${what} names working-day calendars this tenant does not have; add them or fix the nodes listed`, {
    detailZh: `${whatZh}引用了本租户不存在的工作日历，请先添加日历或修改所列节点`,
    errors,
  });
}

/** A draft's compile status with its missing calendars added: a draft is saved anyway, and says why it cannot be published yet. */
export async function withCalendarErrors<S extends { ok: boolean; errors: FieldError[] }>(db: Db, tenantId: string, document: unknown, status: S): Promise<S> {
  const errors = await missingCalendarErrors(db, tenantId, document);
  return errors.length === 0 ? status : { ...status, ok: false, errors: [...status.errors, ...errors] };
}
