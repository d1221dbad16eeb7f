import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/connect.js';
import { outbox, webhookDeliveries, webhooks } from '../db/schema.js';
import type { AttemptResult, Claim, ClaimedEvent, RetryPolicy } from './claim.js';

/** 10 s, 20 s, 40 s … after the 1st, 2nd, 3rd failed attempt, capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

export type Outcome = 'delivered' | 'retrying' | 'gaveUp' | 'leaseLost';

/**
 * Logs every HTTP attempt and moves the row on: delivered when no subscription is owed it any
 * more, otherwise retried later (only the subscriptions that failed) or given up. The row is
 * changed only while this claim still holds it; the log is written either way, since the
 * requests were made (but not for a subscription deleted meanwhile: its log went with it).
 */
export async function recordAttempt(db: Db, claim: Claim, event: ClaimedEvent, results: AttemptResult[], nowMs: number, policy: RetryPolicy): Promise<Outcome> {
  const now = new Date(nowMs).toISOString();
  const failed = results.filter((r) => !r.ok).map((r) => r.webhookId);
  return db.transaction(async (tx) => {
    // Locked until commit, so a delete waits for this log and then removes it with the rest.
    const ids = results.map((r) => r.webhookId);
    const live =
      ids.length === 0
        ? []
        : await tx
            .select({ id: webhooks.id })
            .from(webhooks)
            .where(and(eq(webhooks.tenantId, event.tenantId), inArray(webhooks.id, ids)))
            .for('key share');
    const logged = results.filter((r) => live.some((w) => w.id === r.webhookId));
    if (logged.length > 0) {
      await tx.insert(webhookDeliveries).values(
        logged.map((r) => ({
          tenantId: event.tenantId,
          webhookId: r.webhookId,
          outboxId: event.id,
          attempt: event.attempt,
          status: r.status,
          error: r.error,
          at: new Date(r.atMs).toISOString(),
        })),
      );
    }
    let outcome: Outcome;
    let set: Partial<typeof outbox.$inferInsert>;
    if (failed.length === 0) {
      outcome = 'delivered';
      set = { pending: [], deliveredAt: now };
    } else if (event.attempt >= policy.maxAttempts) {
      outcome = 'gaveUp';
      set = { pending: failed, deliveredAt: now, gaveUpAt: now };
    } else {
      outcome = 'retrying';
      set = { pending: failed, nextAttemptAt: new Date(nowMs + retryDelayMs(event.attempt, policy)).toISOString() };
    }
    const moved = await tx
      .update(outbox)
      .set({ ...set, leaseUntil: null, leaseHolder: null })
      .where(and(eq(outbox.id, event.id), eq(outbox.leaseHolder, claim.holder)))
      .returning({ id: outbox.id });
    return moved.length === 1 ? outcome : 'leaseLost';
  });
}

/** Rows this claim did not get to before its lease ran short: free them now, the attempt uncounted. */
export async function release(db: Db, claim: Claim, ids: number[], nowMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ leaseUntil: null, leaseHolder: null, nextAttemptAt: new Date(nowMs).toISOString(), attempts: sql`${outbox.attempts} - 1` })
    .where(and(inArray(outbox.id, ids), eq(outbox.leaseHolder, claim.holder)));
}
