import type { RoutingOverlap } from '@sluice/engine';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { policyLog, type PublishOverride } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';
import { notFound } from '../../http/responses.js';
import { sqlState } from '../../state/failure.js';
import { refuseMissingCalendars } from './calendarRefs.js';
import { liveCompiled } from './compile.js';
import { tenantLeadFields } from './leadFields.js';
import { type Replaced, replacedOf } from './replaced.js';
import { type GoingLive, overlapText, routingOverlapsOf } from './routingOverlap.js';
import { lockPolicies, makeLive, type PolicyRow } from './store.js';
import type { failingCases } from './tests.js';

/**
 * What publish and rollback share: a version goes live, maybe replacing other live policies
 * (`withdraw`), past the same routing-overlap check and override. The locks are always taken in one
 * order, so two of these (or a withdrawal) never wait on each other in a cycle:
 *   1. the policy rows it changes (its own and every one it withdraws), in one statement, in key order;
 *   2. share locks on the calendars the document names (refuseMissingCalendars);
 *   3. for a routing version, the tenant's "routing-live" advisory lock, before the overlap check;
 * after that it only writes rows it already holds.
 */

/** What an override records: the failing cases, and the routing overlaps it acknowledged when there were any. */
export type Acknowledged = PublishOverride & { overlaps?: RoutingOverlap[] };

/** A failing case as the tests-failing refusal lists it. */
type FailingCase = ReturnType<typeof failingCases>[number];

/** PostgreSQL gave the transaction up for another's sake: a deadlock or a serialisation failure. */
const CONFLICT_STATES = new Set(['40P01', '40001']);

function isConflict(error: unknown): boolean {
  // drizzle wraps the driver's error ("Failed query: …") with it as the cause.
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const state = sqlState(e);
    if (state && CONFLICT_STATES.has(state)) return true;
  }
  return false;
}

/** The answer when the database gave a change of these policies up for a concurrent one's sake. */
export function publishConflict(keys: readonly string[]): ProblemError {
  const unique = [...new Set(keys)];
  const list = unique.map((k) => `"${k}"`).join(', ');
  const listZh = unique.map((k) => `“${k}”`).join('、');
  return new ProblemError(
    409,
    'publish-conflict',
    `Another publication, rollback or withdrawal changed these policies at the same time (${list}): nothing was changed; try again`,
    { detailZh: `另一项发布、回滚或下线同时修改了这些策略（${listZh}）：本次未做任何更改，请重试`, policies: unique },
  );
}

/**
 * A publication, rollback or withdrawal of `keys` in one transaction. The lock order above leaves
 * no cycle, but should PostgreSQL still give it up (a deadlock with some other writer, or a
 * serialisation failure), nothing of it was written: the client is told so (409 publish-conflict)
 * rather than answered with a server error.
 */
export async function liveTransaction<T>(db: Db, keys: readonly string[], work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (e) {
    if (isConflict(e)) throw publishConflict(keys);
    throw e;
  }
}

/**
 * Locks the rows a publication or rollback of `key` changes: its own and the ones it withdraws, in
 * one statement in key order (lock step 1). 404 when `key` has no policy; the withdraw list is
 * checked later (checkGoingLive), after the document compiles.
 */
export async function lockGoingLive(
  tx: Tx,
  tenantId: string,
  key: string,
  withdraw: readonly string[],
): Promise<{ row: PolicyRow; locked: Map<string, PolicyRow> }> {
  const locked = await lockPolicies(tx, tenantId, [key, ...withdraw]);
  const row = locked.get(key);
  if (!row) throw notFound(`policy "${key}"`, `策略 "${key}"`);
  return { row, locked };
}

/**
 * Serialises, per tenant, every publication and rollback that makes a routing version live: each
 * checks for overlaps only once the one before it has committed (a new statement under READ
 * COMMITTED sees it), so two at once cannot each miss the other. Held to the end of the
 * transaction. On embedded PGlite (one connection, one transaction at a time) it is taken at once.
 */
async function lockRoutingLive(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sluice.routing-live:${tenantId}`}))`);
}

export interface GoingLiveChecks {
  /** The trigger events that index the version for decisions. */
  events: string[];
  /** The live policies taken offline with it. */
  leaving: Replaced[];
  /** The other live routing policies it would route leads twice with (none left in `leaving`). */
  overlaps: RoutingOverlap[];
}

/**
 * Whether `document` may go live: it compiles (422), names only calendars the tenant has (422),
 * its withdraw list names other live policies (422 at each place); then, under the routing-live
 * lock for a routing version, the live routing policies it overlaps once those it withdraws are
 * offline. The caller decides with `gateGoingLive` what the overlaps mean.
 */
export async function checkGoingLive(
  tx: Tx,
  tenantId: string,
  going: { key: string; document: unknown; change: GoingLive; withdraw: readonly string[]; locked: ReadonlyMap<string, PolicyRow> },
): Promise<GoingLiveChecks> {
  const compiled = liveCompiled(going.document, going.change.action, await tenantLeadFields(tx, tenantId));
  await refuseMissingCalendars(tx, tenantId, going.document, going.change.action);
  const leaving = replacedOf(going.key, going.withdraw, going.locked);
  if (compiled.kind === 'routing') await lockRoutingLive(tx, tenantId);
  const overlaps = await routingOverlapsOf(tx, tenantId, compiled, new Set(leaving.map((l) => l.key)));
  return { events: compiled.trigger.events, leaving, overlaps };
}

/**
 * Nothing goes live that breaks its own cases (issue 14; a publication runs them, a rollback does
 * not: the version pinned them when it was published), nor a routing version that would route a
 * lead twice with another live one: either refuses, unless the publisher says why it may go live
 * anyway — one reason for every refusal listed. Returns the override to record (null when there
 * was nothing to override).
 */
export function gateGoingLive(going: {
  key: string;
  change: GoingLive;
  failing: FailingCase[];
  overlaps: RoutingOverlap[];
  reason: string | undefined;
  actor: string;
  at: string;
}): Acknowledged | null {
  const { key, change, failing, overlaps, reason, actor, at } = going;
  if (failing.length === 0 && overlaps.length === 0) return null;
  const overlapping = overlaps.length > 0 ? { overlaps } : {};
  if (reason !== undefined) return { reason, actor, at, failing: failing.map((f) => f.id), ...overlapping };
  const also = overlaps.length > 0 ? overlapText(overlaps, key, change) : null;
  if (failing.length === 0) throw new ProblemError(409, 'routing-overlap', also!.en, { detailZh: also!.zh, overlaps });
  const n = failing.length;
  throw new ProblemError(
    409,
    'tests-failing',
    `${n} test case${n === 1 ? '' : 's'} of the draft fail${n === 1 ? 's' : ''}; fix the policy or the cases, or publish with override.reason${also ? `. Also: ${also.en}` : ''}`,
    {
      detailZh: `草稿有 ${n} 个测试用例未通过：请修改策略或用例，或填写 override.reason 说明原因后发布${also ? `。此外：${also.zh}` : ''}`,
      failing,
      ...overlapping,
    },
  );
}

/**
 * The version goes live and the log says so (with the override, if any); every policy it replaces
 * goes offline, each logged as a withdrawal naming what replaced it.
 */
export async function goLive(
  tx: Tx,
  tenantId: string,
  live: {
    key: string;
    version: number;
    events: string[];
    action: 'publish' | 'rollback';
    note: string;
    actor: string;
    at: string;
    override: Acknowledged | null;
    leaving: readonly Replaced[];
  },
): Promise<void> {
  const { key, version, events, action, note, actor, at, override } = live;
  await makeLive(tx, tenantId, key, { version, events, at, actor, action });
  await tx.insert(policyLog).values({ tenantId, key, version, action, note, actor, at, override });
  for (const old of live.leaving) {
    await makeLive(tx, tenantId, old.key, { version: null, events: [], at, actor, action: 'withdraw' });
    const why =
      action === 'publish'
        ? `Replaced by "${key}" version ${version}: ${note} / 由“${key}”版本 ${version} 替代：${note}`
        : `Replaced by "${key}" rolled back to version ${version}: ${note} / 由回滚到版本 ${version} 的“${key}”替代：${note}`;
    await tx.insert(policyLog).values({ tenantId, key: old.key, version: old.version, action: 'withdraw', note: why, actor, at });
  }
}
