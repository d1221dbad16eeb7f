import { calendarReferences } from '@sluice/engine';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { calendars, policies, policyVersions, pools, reps } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';

/** Users named in a refusal; the rest are counted. */
const LISTED = 20;

/**
 * A calendar a live policy, a rep or a pool still names cannot be deleted: the rule would stop firing (a
 * missing calendar is never replaced by Monday–Friday). The row is locked first, so a publish
 * naming it either finished before (and is seen here) or waits and then finds it gone.
 */
export async function refuseDeletingCalendarInUse(tx: Tx, tenantId: string, id: string): Promise<void> {
  const [row] = await tx
    .select({ id: calendars.id })
    .from(calendars)
    .where(and(eq(calendars.tenantId, tenantId), eq(calendars.id, id)))
    .for('update');
  if (!row) return;
  // Reps and pools name it in their own `calendar` field (the engine skips them while it is missing).
  const namedBy = async (t: typeof reps | typeof pools) =>
    (
      await tx
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.tenantId, tenantId), sql`${t.data}->>'calendar' = ${id}`))
        .orderBy(asc(t.id))
    ).map((r) => r.id);
  const repIds = await namedBy(reps);
  const poolIds = await namedBy(pools);
  const live = await tx
    .select({ key: policies.key, document: policyVersions.document })
    .from(policies)
    .innerJoin(
      policyVersions,
      and(eq(policyVersions.tenantId, policies.tenantId), eq(policyVersions.key, policies.key), eq(policyVersions.version, policies.liveVersion)),
    )
    .where(and(eq(policies.tenantId, tenantId), isNotNull(policies.liveVersion)))
    .orderBy(asc(policies.key));
  const uses = live.flatMap((p) =>
    calendarReferences(p.document)
      .filter((r) => r.calendarId === id)
      .map((r) => ({ policyKey: p.key, nodeId: r.nodeId, path: r.path })),
  );
  if (uses.length === 0 && repIds.length === 0 && poolIds.length === 0) return;
  const keys = [...new Set(uses.map((u) => u.policyKey))];
  const names = [...keys.map((k) => `policy "${k}"`), ...repIds.map((r) => `rep "${r}"`), ...poolIds.map((p) => `pool "${p}"`)];
  const namesZh = [...keys.map((k) => `策略“${k}”`), ...repIds.map((r) => `销售“${r}”`), ...poolIds.map((p) => `线索池“${p}”`)];
  const more = names.length > LISTED ? ` and ${names.length - LISTED} more` : '';
  const moreZh = names.length > LISTED ? ` 等共 ${names.length} 处` : '';
  throw new ProblemError(409, 'calendar-in-use', `Calendar "${id}" is still used by ${names.slice(0, LISTED).join(', ')}${more}`, {
    detail: 'Point the live policies, reps and pools listed at another calendar first',
    detailZh: `工作日历“${id}”仍被 ${namesZh.slice(0, LISTED).join('、')}${moreZh} 使用：请先让所列生效策略、销售和线索池改用其他日历`,
    usedBy: { policies: uses.slice(0, LISTED * 5), reps: repIds.slice(0, LISTED), pools: poolIds.slice(0, LISTED) },
  });
}
