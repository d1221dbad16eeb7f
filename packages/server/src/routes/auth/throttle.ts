import { asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/connect.js';
import { loginThrottle } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';

/** Failures of one name that cost no wait: the third makes the next attempt wait 1 s. */
const FREE_FAILURES = 2;
const BASE_DELAY_MS = 1000;
/** The longest wait: a guesser is slowed to a crawl, but nobody is locked out for longer. */
export const MAX_DELAY_MS = 5 * 60_000;
/** A count nobody has added to for this long starts over. */
const FORGET_MS = 60 * 60_000;
/** How far replicas' clocks may disagree. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * What a count of failed logins is kept for (each a row of login_throttle, by key):
 * - `name`: one (tenant, e-mail), against guessing one account's password;
 * - `address`: one client address (IPv6: its /64), against one client spraying many names;
 * - `tenant`: every failure in a tenant, to notice spraying spread over many addresses.
 */
export type CounterKind = 'name' | 'address' | 'tenant';
export interface Counter {
  kind: CounterKind;
  key: string;
}

interface Budget {
  /** `free` + 1 failures cost nothing; then the next attempt waits 1 s, then 2 s, 4 s … MAX_DELAY_MS. */
  free: number;
  /** One failure is forgiven per this many ms (a leaky bucket); 0: none until FORGET_MS of quiet. */
  leakMs: number;
}

/** Someone who mistypes their own password thrice waits 1 s; a success clears the count. */
const NAME: Budget = { free: FREE_FAILURES, leakMs: 0 };
/**
 * 20 failures, forgiven at 20 an hour: an office behind one NAT address, each person mistyping
 * now and then, never notices it, while a sprayer gets 20 names, then about 20 an hour. A success
 * does not clear it (a sprayer knowing one real password would use it to start over): it only
 * takes back the attempt itself.
 */
const ADDRESS: Budget = { free: 19, leakMs: 3 * 60_000 };
/** While a tenant is being sprayed, every address gets only what one name gets: 3 failures. */
const ADDRESS_UNDER_SPRAY: Budget = { free: FREE_FAILURES, leakMs: 3 * 60_000 };
/**
 * The tenant's count never makes anyone wait: a ceiling that locked the whole tenant would let
 * anyone with enough addresses lock out every user. Past TENANT_CEILING failures (leaking 300 an
 * hour) the tenant counts as under spray, and each address's allowance shrinks instead. A user at
 * an address with no failures of its own is never slowed by anyone else's.
 */
const TENANT: Budget = { free: Number.POSITIVE_INFINITY, leakMs: 12_000 };
const TENANT_CEILING = 300;

/** The counts one login attempt adds to. */
export function loginCounters(tenant: string, email: string, address: string): Counter[] {
  // A name's key has a line break (tenant, then e-mail); those below have none, so none collide.
  return [nameCounter(tenant, email), { kind: 'address', key: `addr:${address}` }, { kind: 'tenant', key: `all:${tenant}` }];
}

export function nameCounter(tenant: string, email: string): Counter {
  return { kind: 'name', key: `${tenant}\n${email}` };
}

/** A refusal: how long to wait, and which count asked for it. */
export interface Wait {
  ms: number;
  by: CounterKind;
}

/**
 * Slows password guessing with exponential delays, per name, per client address and (more
 * gently) per tenant; see the budgets above. Attempts made while waiting are refused without
 * checking the password and do not lengthen the wait, so nobody is locked out for longer than
 * MAX_DELAY_MS at a time. Kept in the database, so every replica sharing it enforces the same
 * counts. Each attempt is counted before the password is checked and forgiven if it was right.
 */
export class LoginThrottle {
  constructor(private readonly db: Db) {}

  /**
   * Asks to check a password now: undefined = go ahead (the attempt is already counted as a
   * failure on every counter, so guesses sent in parallel, to one replica or several, are counted
   * one by one under the rows' locks); otherwise the longest wait any counter asks, and nothing
   * is counted.
   */
  async attempt(counters: readonly Counter[], nowMs: number): Promise<Wait | undefined> {
    const now = new Date(nowMs).toISOString();
    const forgotten = new Date(nowMs - FORGET_MS).toISOString();
    // Rows are created and locked in key order, so two attempts never wait for each other in a circle.
    const keys = [...new Set(counters.map((c) => c.key))].sort();
    return this.db.transaction(async (tx) => {
      await tx
        .insert(loginThrottle)
        .values(keys.map((key) => ({ key, failures: 0, lastFailureAt: forgotten })))
        .onConflictDoNothing();
      const rows = await tx.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)).orderBy(asc(loginThrottle.key)).for('update');
      const row = new Map(rows.map((r) => [r.key, r]));
      const tenant = counters.find((c) => c.kind === 'tenant');
      const underSpray = tenant !== undefined && standing(row.get(tenant.key)!, TENANT, nowMs) >= TENANT_CEILING;

      const counts = new Map<string, number>();
      let wait: Wait | undefined;
      for (const counter of counters) {
        const budget = budgetOf(counter.kind, underSpray);
        const r = row.get(counter.key)!;
        const count = standing(r, budget, nowMs);
        counts.set(counter.key, count);
        const delay = delayAfter(count, budget.free);
        // Capped at the delay itself: a failure stamped by a clock running ahead waits no longer.
        const ms = count > 0 ? Math.min(delay, Math.max(0, Date.parse(r.lastFailureAt) + delay - nowMs)) : 0;
        if (ms > (wait?.ms ?? 0)) wait = { ms, by: counter.kind };
      }
      if (wait) return wait;
      for (const [key, count] of counts)
        await tx
          .update(loginThrottle)
          .set({ failures: count + 1, lastFailureAt: now })
          .where(eq(loginThrottle.key, key));
      // Names sprayed once and never again do not pile up.
      await tx.delete(loginThrottle).where(lt(loginThrottle.lastFailureAt, forgotten));
      return undefined;
    });
  }

  /** The password was right: the name's count starts over; the others take back this attempt. */
  async succeeded(counters: readonly Counter[]): Promise<void> {
    const names = counters.filter((c) => c.kind === 'name').map((c) => c.key);
    const others = counters.filter((c) => c.kind !== 'name').map((c) => c.key);
    if (names.length) await this.db.delete(loginThrottle).where(inArray(loginThrottle.key, names));
    if (others.length) {
      await this.db
        .update(loginThrottle)
        .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` })
        .where(inArray(loginThrottle.key, others));
    }
  }
}

function budgetOf(kind: CounterKind, underSpray: boolean): Budget {
  if (kind === 'name') return NAME;
  if (kind === 'tenant') return TENANT;
  return underSpray ? ADDRESS_UNDER_SPRAY : ADDRESS;
}

/**
 * A row's failures as they stand now: leaked away, or all forgotten after an hour of quiet.
 * Failures stamped more than CLOCK_SKEW_MS in the future came from a clock that was wrong (this
 * one now, or a replica's then): forgotten too, rather than waited out.
 */
function standing(row: { failures: number; lastFailureAt: string }, budget: Budget, nowMs: number): number {
  const quiet = nowMs - Date.parse(row.lastFailureAt);
  if (quiet >= FORGET_MS || quiet < -CLOCK_SKEW_MS) return 0;
  if (quiet <= 0) return row.failures;
  return budget.leakMs > 0 ? Math.max(0, row.failures - Math.floor(quiet / budget.leakMs)) : row.failures;
}

export function delayAfter(failures: number, free = FREE_FAILURES): number {
  if (failures <= free) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - free - 1, 30), MAX_DELAY_MS);
}

/** The 429 answer, with Retry-After; it says which count it was, so a user knows it is not them. */
export function tooManyAttempts(c: Context, wait: Wait): ProblemError {
  const seconds = Math.ceil(wait.ms / 1000);
  c.header('Retry-After', String(seconds));
  const [title, detailZh] =
    wait.by === 'name'
      ? [`Too many failed attempts; try again in ${seconds} s`, `失败次数过多，请 ${seconds} 秒后再试`]
      : [`Too many failed logins from your network address; try again in ${seconds} s`, `您所在网络地址的登录失败次数过多，请 ${seconds} 秒后再试`];
  return new ProblemError(429, 'too-many-attempts', title, { detailZh, retryAfterSeconds: seconds });
}
