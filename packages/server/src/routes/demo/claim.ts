import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { demoLoads, policies } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';

/**
 * A load still 'loading' after this long was cut short (the process stopped): the next click takes
 * it over and finishes it. A whole load takes seconds; this is far beyond any real one.
 */
const ABANDONED_MS = 10 * 60_000;

export interface Claim {
  /** The roster and templates were committed by an earlier, interrupted attempt. */
  published: boolean;
  /** The demo's clock: the same events (ids, times) on every attempt. */
  eventsFrom: number;
}

/**
 * Makes this request the tenant's one demo load. The claim is one row written in one statement,
 * so of two clicks at once (or two replicas) exactly one gets it; the other is told the load is
 * under way (409), or, once it is done, that the tenant is no longer empty (409).
 */
export async function claimDemo(db: Db, tenantId: string, actor: string, nowMs: number): Promise<Claim> {
  const at = new Date(nowMs).toISOString();
  const abandoned = new Date(nowMs - ABANDONED_MS).toISOString();
  const [claimed] = await db
    .insert(demoLoads)
    .values({ tenantId, state: 'loading', published: false, actor, eventsFrom: at, updatedAt: at })
    .onConflictDoUpdate({
      target: demoLoads.tenantId,
      set: { state: 'loading', actor, updatedAt: at },
      setWhere: sql`${demoLoads.state} = 'failed' or (${demoLoads.state} = 'loading' and ${demoLoads.updatedAt} < ${abandoned})`,
    })
    .returning({ published: demoLoads.published, eventsFrom: demoLoads.eventsFrom });
  if (claimed) {
    const claim = { published: claimed.published, eventsFrom: Date.parse(claimed.eventsFrom) };
    if (!claim.published && (await hasPolicies(db, tenantId))) {
      await releaseDemo(db, tenantId);
      throw notEmpty();
    }
    return claim;
  }
  const [held] = await db.select().from(demoLoads).where(eq(demoLoads.tenantId, tenantId));
  if (held?.state === 'loading') {
    throw new ProblemError(409, 'demo-loading', 'The demo data is being loaded for this tenant right now; the policies appear when it is done', {
      detail: `Started at ${held.updatedAt}. Reload the policies in a moment.`,
      detailZh: '正在为本租户载入演示数据，完成后即可看到策略。请稍后刷新。',
    });
  }
  throw notEmpty();
}

/** The roster and templates are in: a later attempt goes straight to the events. */
export async function markPublished(tx: Tx, tenantId: string, nowMs: number): Promise<void> {
  await tx
    .update(demoLoads)
    .set({ published: true, updatedAt: new Date(nowMs).toISOString() })
    .where(eq(demoLoads.tenantId, tenantId));
}

export async function finishDemo(db: Db, tenantId: string, state: 'loaded' | 'failed', nowMs: number): Promise<void> {
  await db
    .update(demoLoads)
    .set({ state, updatedAt: new Date(nowMs).toISOString() })
    .where(and(eq(demoLoads.tenantId, tenantId), eq(demoLoads.state, 'loading')));
}

/** Nothing was loaded: the tenant is as it was, and may load the demo later. */
export async function releaseDemo(db: Db, tenantId: string): Promise<void> {
  await db.delete(demoLoads).where(and(eq(demoLoads.tenantId, tenantId), eq(demoLoads.published, false)));
}

async function hasPolicies(db: Db, tenantId: string): Promise<boolean> {
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(policies).where(eq(policies.tenantId, tenantId))) as [{ n: number }];
  return n > 0;
}

function notEmpty(): ProblemError {
  return new ProblemError(409, 'tenant-not-empty', 'This tenant already has policies: demo data is only for a first run', {
    detailZh: '本租户已有策略：演示数据仅用于首次使用',
  });
}
