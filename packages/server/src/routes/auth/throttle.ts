import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { loginThrottle } from '../../db/schema.js';

/** Failures allowed back to back before any wait. */
const FREE_FAILURES = 2;
const BASE_DELAY_MS = 1000;
/** The longest wait: a guesser is slowed to a crawl, but nobody is locked out for longer. */
export const MAX_DELAY_MS = 5 * 60_000;
/** A name nobody has tried for this long starts over. */
const FORGET_MS = 60 * 60_000;

/**
 * Slows password guessing per (tenant, e-mail) with an exponential delay: after the third failure
 * in a row the next attempt must wait 1 s, then 2 s, 4 s … up to 5 minutes. Attempts made while
 * waiting are refused without checking the password and do not lengthen the wait, so an attacker
 * can delay an admin by at most MAX_DELAY_MS at a time and never lock them out. A success resets.
 * Kept in the database, so every replica sharing it enforces the same count.
 */
export class LoginThrottle {
  constructor(private readonly db: Db) {}

  /** Milliseconds to wait before this name may try again; 0 = may try now. */
  async waitMs(key: string, nowMs: number): Promise<number> {
    const [row] = await this.db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).limit(1);
    if (!row) return 0;
    const last = Date.parse(row.lastFailureAt);
    if (nowMs - last >= FORGET_MS) return 0;
    return Math.max(0, last + delayAfter(row.failures) - nowMs);
  }

  /** One more failure, counted atomically (two replicas failing together both count). */
  async failed(key: string, nowMs: number): Promise<void> {
    const now = new Date(nowMs).toISOString();
    const forgotten = new Date(nowMs - FORGET_MS).toISOString();
    await this.db
      .insert(loginThrottle)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`case when ${loginThrottle.lastFailureAt} <= ${forgotten}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`,
          lastFailureAt: now,
        },
      });
    // Names sprayed once and never again do not pile up.
    await this.db.delete(loginThrottle).where(lt(loginThrottle.lastFailureAt, forgotten));
  }

  async succeeded(key: string): Promise<void> {
    await this.db.delete(loginThrottle).where(eq(loginThrottle.key, key));
  }
}

export function delayAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES - 1, 30), MAX_DELAY_MS);
}
