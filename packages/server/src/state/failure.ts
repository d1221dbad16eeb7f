import { isDatabaseUnavailable } from '../db/unavailable.js';
import { ProblemError } from '../http/problem.js';

/**
 * Why a batch's transaction failed, which decides what the batch does next:
 *   transient   — PostgreSQL gave it up for another transaction's sake (deadlock, serialisation): run it again;
 *   refused     — the database refused the data some event brought (SQLSTATE class 22 data exception,
 *                 23 integrity constraint, 54 program limit such as an oversized index row, P0 raised by
 *                 a trigger): find that event, the others go on;
 *   unavailable — the database cannot be reached or cannot write (db/unavailable.ts: connection lost or
 *                 refused, server shutting down, disk full, PGlite closed): no event is to blame, so every
 *                 event of the batch fails at once with the error (answered 503) — splitting the batch
 *                 would only send more transactions to a database that is down;
 *   internal    — anything else (our SQL, a broken catalog …): it fails the batch the same way, since
 *                 it is no more one event's fault and bisecting would cost up to 2n transactions for nothing.
 */
export type FailureKind = 'transient' | 'refused' | 'unavailable' | 'internal';

const TRANSIENT = new Set(['40P01', '40001']);
const REFUSED_CLASSES = new Set(['22', '23', '54', 'P0']);

/** The SQLSTATE of a database error (node-postgres and PGlite both carry it as `code`). */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function failureKind(e: unknown): FailureKind {
  const state = sqlState(e);
  if (state && TRANSIENT.has(state)) return 'transient';
  if (isDatabaseUnavailable(e)) return 'unavailable';
  if (state && REFUSED_CLASSES.has(state.slice(0, 2))) return 'refused';
  return 'internal';
}

/**
 * The one event of a batch the database's refusal names, if exactly one does: its id or its lead's
 * id, whole, in the message, detail or hint (a trigger's message usually says which row, a check
 * or not-null violation shows the failing row, a unique or foreign key violation the key, a bad
 * value is quoted). None or several: undefined, and the batch is bisected instead.
 *
 * Naming is only a guess that saves the bisection: the event is set aside and the rest written
 * again, and it is refused only if that write succeeds — the batch fails with it and not without
 * it. A wrong guess (an id that happens to appear in the text) costs one more try, never a wrong answer.
 */
export function namedCulprit(
  e: unknown,
  jobs: ReadonlyArray<{ event: { id: string; lead?: { id: string } | undefined; leadId?: string | undefined } }>,
  skip: ReadonlyMap<number, unknown>,
): number | undefined {
  const fields = e as { message?: unknown; detail?: unknown; hint?: unknown };
  const text = [fields.message, fields.detail, fields.hint].filter((t): t is string => typeof t === 'string').join('\n');
  if (!text) return undefined;
  let named: number | undefined;
  for (const [i, { event }] of jobs.entries()) {
    if (skip.has(i)) continue;
    const ids = [event.id, event.lead?.id ?? event.leadId].filter((id): id is string => !!id);
    if (!ids.some((id) => mentions(text, id))) continue;
    if (named !== undefined) return undefined;
    named = i;
  }
  return named;
}

/** Whether `id` occurs in `text` as a whole token (not inside a longer id: L-1 is not in L-10). */
function mentions(text: string, id: string): boolean {
  const at = (from: number) => text.indexOf(id, from);
  for (let i = at(0); i >= 0; i = at(i + 1)) {
    if (!ID_CHAR.test(text[i - 1] ?? ' ') && !ID_CHAR.test(text[i + id.length] ?? ' ')) return true;
  }
  return false;
}

const ID_CHAR = /[\p{L}\p{N}_-]/u;

/**
 * One line per event that failed alone (validation let through what the database refuses, or the
 * engine threw) — at most LOG_BURST a minute, so a client sending bad events cannot flood the log;
 * the next line after a quiet spell says how many were left out.
 */
export function logFailedAlone(tenantId: string, eventId: string, error: unknown): void {
  const now = Date.now();
  if (now - logWindow.start >= 60_000) logWindow = { start: now, lines: 0, skipped: logWindow.skipped };
  if (logWindow.lines >= LOG_BURST) {
    logWindow.skipped++;
    return;
  }
  logWindow.lines++;
  const state = sqlState(error);
  const why = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
  const skipped = logWindow.skipped > 0 ? ` (${logWindow.skipped} more before this not shown / 另有 ${logWindow.skipped} 条未显示)` : '';
  logWindow.skipped = 0;
  console.warn(
    `sluice: event ${eventId} of tenant ${tenantId} failed alone, the rest of its batch went on / 该事件单独失败，同批其他事件照常处理: ${state ? `SQLSTATE ${state} ` : ''}${why}${skipped}`,
  );
}

const LOG_BURST = 20;
let logWindow = { start: 0, lines: 0, skipped: 0 };

/**
 * The answer to an event the database refused after validation let it through: the data is what
 * is wrong (422), not the server. The database's own message is shown: for a trigger or a check
 * an operator wrote, it is the reason they wrote.
 */
export function refusedByDatabase(eventId: string, e: unknown): ProblemError {
  const state = sqlState(e) ?? 'unknown';
  const why = (e instanceof Error ? e.message : String(e)).slice(0, 500);
  return new ProblemError(422, 'refused-by-database', 'The database refused the data of this event', {
    detail: `Event ${eventId} was not stored: the database refused its data (SQLSTATE ${state}: ${why}). Nothing of it was applied and other events were not affected; correct the data and send it again (the same id may be reused).`,
    detailZh: `事件 ${eventId} 未保存：数据库拒绝了其数据（SQLSTATE ${state}：${why}）。该事件的任何变更均未生效，其他事件不受影响；请修正数据后重新发送（可沿用同一 id）。`,
    sqlState: state,
    errors: [{ path: '$', message: `refused by the database: ${why}`, messageZh: `数据库拒绝了该数据：${why}` }],
  });
}
