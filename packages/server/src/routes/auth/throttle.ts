import { eq, lt } from 'drizzle-orm';
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
 * Kept in the database, so every replica sharing it enforces the same count. Each attempt is
 * counted before the password is checked and forgiven if it was right.
 */
export class LoginThrottle {
  constructor(private readonly db: Db) {}

  /**
   * Asks to check a password now: 0 = go ahead (the attempt is already counted as a failure, so
   * guesses sent in parallel, to one replica or several, are counted one by one under the row's
   * lock); otherwise the milliseconds to wait, and nothing is counted.
   */
  async attempt(key: string, nowMs: number): Promise<number> {
    const now = new Date(nowMs).toISOString();
    const forgotten = new Date(nowMs - FORGET_MS).toISOString();
    return this.db.transaction(async (tx) => {
      await tx.insert(loginThrottle).values({ key, failures: 0, lastFailureAt: forgotten }).onConflictDoNothing();
      const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for('update');
      const last = Date.parse(row!.lastFailureAt);
      const failures = nowMs - last >= FORGET_MS ? 0 : row!.failures;
      const wait = Math.max(0, last + delayAfter(failures) - nowMs);
      if (failures > 0 && wait > 0) return wait;
      await tx.update(loginThrottle).set({ failures: failures + 1, lastFailureAt: now }).where(eq(loginThrottle.key, key));
      // Names sprayed once and never again do not pile up.
      await tx.delete(loginThrottle).where(lt(loginThrottle.lastFailureAt, forgotten));
      return 0;
    });
  }

  /** The password was right: the count starts over. */
  async succeeded(key: string): Promise<void> {
    await this.db.delete(loginThrottle).where(eq(loginThrottle.key, key));
  }
}

export function delayAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES - 1, 30), MAX_DELAY_MS);
}
