import type { RouteHandler } from '@hono/zod-openapi';
import type { PolicyDocument } from '@sluice/engine';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { policyLog, policyVersions } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { nowIso } from '../../http/responses.js';
import { refuseMissingCalendars } from './calendarRefs.js';
import { liveEventsOf } from './compile.js';
import { tenantLeadFields } from './leadFields.js';
import type * as r from './routes.js';
import { lockPolicy, makeLive, requireVersion } from './store.js';

/** `POST /v1/policies/{key}/publish`: the draft, if it compiles, becomes the next version and goes live. */
export const publish: RouteHandler<typeof r.publish, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const { key } = c.req.valid('param');
  const { note } = c.req.valid('json');
  const at = nowIso(c);
  const result = await c.var.deps.database.db.transaction(async (tx) => {
    // The row lock serialises publications of one key: two at once get n and n+1.
    const row = await lockPolicy(tx, auth.tenantId, key);
    const events = liveEventsOf(row.draft, 'publish', await tenantLeadFields(tx, auth.tenantId));
    await refuseMissingCalendars(tx, auth.tenantId, row.draft, 'publish');
    const version = (await highestVersion(tx, auth.tenantId, key)) + 1;
    const document = { ...(row.draft as PolicyDocument), version };
    await tx.insert(policyVersions).values({ tenantId: auth.tenantId, key, version, document, note, publishedBy: auth.actor, publishedAt: at });
    await makeLive(tx, auth.tenantId, key, { version, events, at, actor: auth.actor, action: 'publish' });
    await tx.insert(policyLog).values({ tenantId: auth.tenantId, key, version, action: 'publish', note, actor: auth.actor, at });
    return { version, events };
  });
  return c.json({ key, version: result.version, liveVersion: result.version, liveEvents: result.events, action: 'publish' as const, note, at }, 201);
};

/** `POST /v1/policies/{key}/rollback`: an earlier version goes live again, recompiled first. */
export const rollback: RouteHandler<typeof r.rollback, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const { key } = c.req.valid('param');
  const { version, note } = c.req.valid('json');
  const at = nowIso(c);
  const events = await c.var.deps.database.db.transaction(async (tx) => {
    const row = await lockPolicy(tx, auth.tenantId, key);
    const old = await requireVersion(tx, auth.tenantId, key, version);
    if (row.liveVersion === version) {
      throw new ProblemError(409, 'already-live', `Version ${version} is already live`, { detailZh: `版本 ${version} 已经生效` });
    }
    // Recompiled: the node kinds it uses may have changed since it was published.
    const events = liveEventsOf(old.document, 'rollback', await tenantLeadFields(tx, auth.tenantId));
    await refuseMissingCalendars(tx, auth.tenantId, old.document, 'rollback');
    await makeLive(tx, auth.tenantId, key, { version, events, at, actor: auth.actor, action: 'rollback' });
    await tx.insert(policyLog).values({ tenantId: auth.tenantId, key, version, action: 'rollback', note, actor: auth.actor, at });
    return events;
  });
  return c.json({ key, version, liveVersion: version, liveEvents: events, action: 'rollback' as const, note, at }, 200);
};

/** The highest version published so far (0 before the first). */
async function highestVersion(tx: Tx, tenantId: string, key: string): Promise<number> {
  const [{ max }] = (await tx
    .select({ max: sql<number | null>`max(${policyVersions.version})::int` })
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.key, key)))) as [{ max: number | null }];
  return max ?? 0;
}
