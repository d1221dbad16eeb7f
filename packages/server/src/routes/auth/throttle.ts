/** Failures allowed back to back before any wait. */
const FREE_FAILURES = 2;
const BASE_DELAY_MS = 1000;
/** The longest wait: a guesser is slowed to a crawl, but nobody is locked out for longer. */
export const MAX_DELAY_MS = 5 * 60_000;
/** A name nobody has tried for this long starts over. */
const FORGET_MS = 60 * 60_000;
/** Bounds memory when someone sprays made-up names. */
const MAX_ENTRIES = 10_000;

interface Entry {
  failures: number;
  lastFailureAt: number;
}

/**
 * Slows password guessing per (tenant, e-mail) with an exponential delay: after the third failure
 * in a row the next attempt must wait 1 s, then 2 s, 4 s … up to 5 minutes. Attempts made while
 * waiting are refused without checking the password and do not lengthen the wait, so an attacker
 * can delay an admin by at most MAX_DELAY_MS at a time and never lock them out. A success resets.
 * Kept in memory per process: with several replicas a guesser gets one budget per replica.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  /** Milliseconds to wait before this name may try again; 0 = may try now. */
  waitMs(key: string, nowMs: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (nowMs - e.lastFailureAt >= FORGET_MS) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, e.lastFailureAt + delayAfter(e.failures) - nowMs);
  }

  failed(key: string, nowMs: number): void {
    const e = this.entries.get(key);
    const failures = e && nowMs - e.lastFailureAt < FORGET_MS ? e.failures + 1 : 1;
    // Re-inserted so the map's order is least recently failed first.
    this.entries.delete(key);
    this.entries.set(key, { failures, lastFailureAt: nowMs });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }
}

export function delayAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES - 1, 30), MAX_DELAY_MS);
}
