import { INT4 } from '../db/limits.js';

/**
 * A tenant's counters as this process holds them: reps' open loads (not zero) and leads received
 * per rep on the days held. Every decision moves them, so a roster-style "reload when it changed"
 * would reload on every batch; instead a batch that wrote them applies its own deltas here after
 * its commit, and the next load checks in the database that nobody else wrote in between
 * (counter_versions, migration 0013): `version` as loaded, `wroteIn` the transaction of our last
 * write on top of it. With 20,000 busy reps, loading them took most of a batch.
 */
export interface HeldCounters {
  /** The tenant's counter version these counts were loaded under (counter_versions.version; '0' before any write). */
  version: string;
  /** The transaction (txid) of this process's last write on top of `version`, if any. */
  wroteIn: string | undefined;
  /** The local days whose counts are held: a batch asking for another day loads them all again. */
  days: ReadonlySet<string>;
  /** Open load by rep; a rep not listed has none. */
  loads: Map<string, number>;
  /** Leads received by day, then by rep. */
  daily: Map<string, Map<string, number>>;
}

/** What a load was told about the held counters, fixed when it was sent (see `asked`). */
export interface CountersAsked {
  entry: HeldCounters | undefined;
  version: string;
  wroteIn: string;
}

/** What the load statement says about the counters: the rows come only when the held ones are not current. */
export interface CountersLoaded {
  version: string;
  /** This transaction's txid ('' when the load holds no counters, as in dry runs). */
  txid: string;
  fresh: boolean;
}

const MAX_TENANTS = 500;
const held = new Map<string, HeldCounters>();

/**
 * The held counters to offer a load, if they cover the days it needs. Nothing is offered when
 * `use` is false (dry runs, snapshots, claims: their loads send the rows every time).
 */
export function asked(tenantId: string, days: readonly string[], use: boolean): CountersAsked {
  // `wroteIn` '' tells the load not to hold the counters at all (it then needs no txid); '-' names no transaction.
  const entry = use ? held.get(tenantId) : undefined;
  if (!entry || !days.every((d) => entry.days.has(d))) return { entry: undefined, version: '', wroteIn: use ? '-' : '' };
  return { entry, version: entry.version, wroteIn: entry.wroteIn ?? '-' };
}

/** A copy of the held counters as the load's rows would have been (the engine copies them into its state). */
export function countersAsRows(entry: HeldCounters): { loads: Array<[string, number]>; daily: Array<[string, string, number]> } {
  const daily: Array<[string, string, number]> = [];
  for (const [day, reps] of entry.daily) for (const [repId, n] of reps) daily.push([repId, day, n]);
  return { loads: [...entry.loads], daily };
}

/**
 * The counters a load answered with: the held ones when the database found them current, adopted
 * under the version it read; else the rows it sent, held from now on for the days asked. A held
 * entry changed since the load was sent would mean two batches of one tenant overlapping, which the
 * tenant lock rules out: it is answered as a serialisation failure, so the batch runs again.
 */
export function countersOf(
  tenantId: string,
  ask: CountersAsked,
  loaded: CountersLoaded,
  rows: { loads: Array<[string, number]>; daily: Array<[string, string, number]> },
  days: readonly string[],
  hold: boolean,
): { loads: Array<[string, number]>; daily: Array<[string, string, number]> } {
  if (loaded.fresh) {
    const { entry } = ask;
    if (!entry || held.get(tenantId) !== entry || entry.version !== ask.version || (entry.wroteIn ?? '-') !== ask.wroteIn) {
      held.delete(tenantId);
      throw Object.assign(new Error(`the counters of tenant ${tenantId} changed while a batch loaded them`), { code: '40001' });
    }
    entry.version = loaded.version;
    entry.wroteIn = undefined;
    refresh(tenantId, entry);
    return countersAsRows(entry);
  }
  if (hold) {
    const loads = new Map(rows.loads);
    const daily = new Map<string, Map<string, number>>(days.map((d) => [d, new Map()]));
    for (const [repId, day, n] of rows.daily) daily.get(day)?.set(repId, n);
    refresh(tenantId, { version: loaded.version, wroteIn: undefined, days: new Set(days), loads, daily });
  }
  return rows;
}

/**
 * After a batch's commit: its deltas applied to the held counters exactly as its write statement
 * applied them to the rows (loads saturate at 0 and at int4's maximum, only reps that exist move),
 * and its transaction noted, so the next load knows the change on top of `version` was ours.
 * Nothing is applied unless the entry is the one this batch loaded under (`version` as loaded):
 * otherwise the next load finds the entry stale and sends the rows.
 */
export function committed(
  tenantId: string,
  version: string,
  txid: string,
  loads: ReadonlyMap<string, number>,
  daily: Iterable<{ repId: string; day: string; assigned: number }>,
  repExists: (repId: string) => boolean,
): void {
  const entry = held.get(tenantId);
  if (!entry || entry.version !== version || entry.wroteIn !== undefined || !txid) {
    held.delete(tenantId);
    return;
  }
  for (const [repId, delta] of loads) {
    if (delta === 0 || !repExists(repId)) continue;
    const n = Math.min(INT4.max, Math.max(0, (entry.loads.get(repId) ?? 0) + delta));
    if (n === 0) entry.loads.delete(repId);
    else entry.loads.set(repId, n);
  }
  for (const row of daily) {
    const reps = entry.daily.get(row.day);
    if (reps) reps.set(row.repId, (reps.get(row.repId) ?? 0) + row.assigned);
  }
  entry.wroteIn = txid;
}

/** Forgets a tenant's counters (a batch that failed after writing may or may not have committed). */
export function forgetCounters(tenantId: string): void {
  held.delete(tenantId);
}

/** Most recently used last: the first key is the one to drop. */
function refresh(tenantId: string, entry: HeldCounters): void {
  held.delete(tenantId);
  if (held.size >= MAX_TENANTS) held.delete(held.keys().next().value!);
  held.set(tenantId, entry);
}
