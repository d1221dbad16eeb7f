import { decide, leadsReturned, step, type CompiledPolicy, type Decision, type StateChange } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import type { BuiltState } from '../state/build.js';
import { committed, forgetCounters, type CountersLoaded } from '../state/counterCache.js';
import { liveTickDue, type DueOf } from '../state/nextDue.js';
import { livePlans } from '../state/policies.js';
import { recordDecision } from '../state/record.js';
import { statement, transact, type Query } from '../state/sql.js';
import { DuePages, loadSubjects, loadTickPolicies, loadTickState, tickScopeOf } from '../state/tickLoad.js';
import { Writes, writeAll } from '../state/write.js';
import { reportReturned, reroutesIn } from '../state/returned.js';

/**
 * Owned leads per transaction: about a decision batch's worth of work, so the tenant lock (and on
 * the embedded database the one thread) is never held much longer than a batch of decisions holds
 * it, and decisions arriving during a long tick go in between two chunks. A lead's cost varies
 * with the machine and what it holds (2 ms of CPU on a quiet embedded database, ten times that
 * wall time on a loaded one), so without a fixed `chunkSize` the size follows the CPU time each
 * chunk took: aimed at CHUNK_TARGET_MS, between TICK_CHUNK_MIN and TICK_CHUNK_MAX, starting at TICK_CHUNK.
 */
export const TICK_CHUNK = 50;
export const TICK_CHUNK_MIN = 5;
export const TICK_CHUNK_MAX = 500;
/** What a chunk may hold the tenant for: a decision arriving meanwhile waits at most about this. */
export const CHUNK_TARGET_MS = 40;

/** The next chunk's size from the last one's: as many leads as fit the target at the rate just seen. */
export function nextChunkSize(size: number, elapsedMs: number): number {
  const fit = Math.round((size * CHUNK_TARGET_MS) / Math.max(1, elapsedMs));
  // At most doubling: one quick chunk (the leads it met were cheap) must not make the next one huge.
  return Math.max(TICK_CHUNK_MIN, Math.min(TICK_CHUNK_MAX, 2 * size, fit));
}

/** What one pass did for one (tenant, policy). */
export interface TickReport {
  tenantId: string;
  policyKey: string;
  /** False when another replica holds the lease (it ran this interval) or the policy stopped listening. */
  ran: boolean;
  decisions: number;
  error?: string;
}

export interface TickOptions {
  /** Owned leads per transaction (default TICK_CHUNK). */
  chunkSize?: number;
  /** Called after each committed chunk but the last, outside any transaction (tests: what runs in between). */
  betweenChunks?: (committed: number) => Promise<void>;
  /** Told, after an owned-leads tick with work, how many transactions it took and the longest one's wall time (what a decision may wait behind). */
  chunked?: (figures: { chunks: number; longestChunkMs: number }) => void;
}

/**
 * Takes the lease of one (tenant, policy) tick if it is free or expired. For scheduled checks,
 * per-rep and once ticks it is taken inside the tick's one transaction: a replica that dies before
 * that commits rolls the lease back with everything else, so the next replica redoes the tick at
 * once. An owned-leads tick takes it in a short transaction of its own (with the policies read and
 * compiled) and runs its chunks after it, so its first chunk costs what the others do; one that
 * fails gives the lease back, one whose process dies mid-tick leaves the rest to the next interval.
 * A replica that committed the lease keeps it for an interval, so the others skip the tick until
 * then. (Exactly-once for each due item rests on the tenant lock, not the lease: each chunk and
 * each decision batch of a tenant are serialised, and a reclaimed lead is no longer due.)
 */
const TAKE_LEASE = statement(
  'sluice_take_lease_v1',
  ['text', 'text', 'timestamptz', 'timestamptz'],
  `insert into leases as l (name, holder, expires_at) values ($1, $2, $4)
   on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
   where l.expires_at <= $3
   returning l.holder`,
);

/** A tick that failed after taking its lease gives it back: the next pass finishes what is still due. */
const DROP_LEASE = statement('sluice_drop_lease_v1', ['text', 'text'], `delete from leases where name = $1 and holder = $2 returning name`);

/**
 * One policy's tick for one tenant. The first transaction takes the lease and reads and compiles
 * the live tick policies; other scopes (scheduled checks, per-rep, once) run whole in it. An
 * owned-leads tick then runs chunk by chunk, each a transaction of its own under the tenant lock
 * that reads its page of due leads (DuePages) and runs them.
 */
export async function tickPolicy(
  database: Database,
  tenantId: string,
  key: string,
  replicaId: string,
  nowMs: number,
  intervalMs: number,
  options: TickOptions = {},
): Promise<TickReport> {
  const report: TickReport = { tenantId, policyKey: key, ran: false, decisions: 0 };
  const started = performance.now();
  const nowIso = new Date(nowMs).toISOString();
  const leaseName = `tick:${tenantId}:${key}`;
  let run: { plan: CompiledPolicy; dueOf: DueOf | undefined } | undefined;
  let wrote: ChunkWrote | undefined;
  /** Whether a live policy routes leads reported back to a pool; the leads this tick returned so far. */
  let reroutes = false;
  let returned: string[] = [];
  await heldAfter(
    tenantId,
    (w) => (wrote = w),
    () => wrote,
    () =>
      transact(database, tenantId, async (q) => {
        const lease = await q(TAKE_LEASE, [leaseName, replicaId, nowIso, new Date(nowMs + intervalMs).toISOString()]);
        if (lease.length === 0) return;
        const live = await loadTickPolicies(q, tenantId);
        const mine = live.filter(([k]) => k === key);
        if (mine.length === 0) return;
        const plan = (await livePlans(q, tenantId, mine))('tick')[0];
        if (!plan) return;
        const dueOf = await liveTickDue(q, tenantId, live);
        reroutes = await reroutesIn(q, tenantId);
        if (tickScopeOf(plan) === 'ownedLeads') run = { plan, dueOf };
        else {
          const whole = await tickWhole(q, tenantId, plan, dueOf, nowMs, nowIso);
          report.decisions += whole.decisions;
          returned = whole.returned;
        }
        report.ran = true;
      }),
  );
  if (reroutes) await reportReturned(database, tenantId, `${key}:${nowIso}`, returned, nowMs, nowIso);
  if (!run) return report;
  const { plan, dueOf } = run;
  const pages = new DuePages(tenantId, nowIso);
  const fixed = options.chunkSize !== undefined;
  let size = Math.max(1, options.chunkSize ?? TICK_CHUNK);
  let chunks = 0;
  let longest = 0;
  try {
    while (pages.more) {
      // After the lease's transaction too: a decision that came meanwhile goes before the first chunk.
      await yieldToRequests();
      if (chunks > 0) await options.betweenChunks?.(report.decisions);
      // A chunk's CPU time sizes the next one: on a loaded machine its wall time is mostly waiting for a
      // core, which a decision waits for too, and chunks sized by it shrank to a few leads, each a
      // transaction and a load of its own (twice the CPU for a backfill). The wall time is reported.
      const chunkStarted = performance.now();
      const chunkCpu = process.cpuUsage();
      let ran = 0;
      wrote = undefined;
      report.decisions += await heldAfter(
        tenantId,
        (w) => (wrote = w),
        () => wrote,
        () =>
          transact(database, tenantId, async (q) => {
            const ids = await pages.next(q, size);
            ran = ids.length;
            if (ids.length === 0) return 0;
            const done = await tickChunk(q, tenantId, plan, dueOf, ids, nowMs, nowIso);
            wrote = done.wrote;
            returned = done.returned;
            return done.decisions;
          }),
      );
      // Once the chunk committed: each returned lead is reported as the CRM would, in a batch of its own.
      if (reroutes) await reportReturned(database, tenantId, `${key}:${nowIso}`, returned, nowMs, nowIso);
      returned = [];
      const used = process.cpuUsage(chunkCpu);
      if (ran > 0) {
        chunks++;
        longest = Math.max(longest, performance.now() - chunkStarted);
      }
      if (!fixed) size = nextChunkSize(size, (used.user + used.system) / 1000);
    }
  } catch (e) {
    await transact(database, undefined, (q) => q(DROP_LEASE, [leaseName, replicaId], { commit: true })).catch(() => undefined);
    throw e;
  }
  const visited = pages.visited.size;
  if (visited > 0) options.chunked?.({ chunks, longestChunkMs: Math.round(longest) });
  // What a tick cost, for whoever watches the server (and the tickStall bench): only ticks that had work.
  if (visited > 0)
    console.log(
      `tick ${key} of ${tenantId}: ${visited} due leads in ${chunks} chunk(s), ${report.decisions} decisions, ${Math.round(performance.now() - started)} ms`,
    );
  return report;
}

/**
 * Lets requests that arrived during a chunk in before the next one. PGlite runs a transaction (and
 * the next, awaited at once) without yielding to I/O: without this the chunks ran back to back
 * and no request was even read until the whole tick was over. The first pause lets the event loop
 * poll the sockets; a decision read then queues its batch behind one more pause (handle.ts), and
 * the third lets that batch ask for the database before the next chunk does.
 */
async function yieldToRequests(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Some owned leads' tick, as the engine's tick runs each owned lead (its per-subject decide on one
 * snapshot, the changes applied after): the leads due by the index may have been closed, given
 * away or followed up since the list was read, and the engine's own clocks decide. Every lead
 * visited gets its next due written, so one that is not due any more leaves the list.
 */
async function tickChunk(
  q: Query,
  tenantId: string,
  plan: CompiledPolicy,
  dueOf: DueOf | undefined,
  ids: string[],
  nowMs: number,
  nowIso: string,
): Promise<{ decisions: number; wrote: ChunkWrote; returned: string[] }> {
  const built = await loadSubjects(q, tenantId, ids, [], nowMs, true);
  const visited: string[] = [];
  const decisions: Decision[] = [];
  const changes: StateChange[] = [];
  for (const id of ids) {
    const lead = built.state.lead(id);
    if (!lead) continue;
    visited.push(id);
    if (!lead.ownerId || (lead.status !== undefined && lead.status !== 'open')) continue;
    const d = decide(plan, { id: `tick:${plan.key}:${nowIso}:${id}`, type: 'tick', at: nowIso, leadId: id }, built.state, nowMs);
    if (d.actions.length === 0 && d.changes.length === 0) continue;
    decisions.push(d);
    for (const c of d.changes) changes.push(c);
  }
  built.state.apply(changes);
  const writes = await write(q, tenantId, built, decisions, nowIso, dueOf, visited);
  return {
    decisions: decisions.length,
    wrote: { counters: built.counters, writes, state: built.state },
    returned: leadsReturned(decisions.flatMap((d) => d.changes)),
  };
}

/** What a chunk wrote to the counters, for the held ones once it committed. */
interface ChunkWrote {
  counters: CountersLoaded;
  writes: Writes;
  state: BuiltState['state'];
}

/**
 * Runs a chunk's transaction, then applies what it wrote to the counters this process holds
 * (counterCache.ts), as a decision batch does; a transaction that failed after its chunk ran
 * (committed or not) leaves the held counters to be loaded again.
 */
async function heldAfter<T>(tenantId: string, set: (w: ChunkWrote | undefined) => void, get: () => ChunkWrote | undefined, run: () => Promise<T>): Promise<T> {
  set(undefined);
  let result: T;
  try {
    result = await run();
  } catch (e) {
    if (get()) forgetCounters(tenantId);
    throw e;
  }
  const w = get();
  if (w) committed(tenantId, w.counters.version, w.counters.txid, w.writes.loads, w.writes.daily.values(), (id) => w.state.rep(id) !== undefined);
  return result;
}

/** A tick over its whole scope in one go: the engine's step, one policy (scheduled checks, per-rep, once). */
async function tickWhole(q: Query, tenantId: string, plan: CompiledPolicy, dueOf: DueOf | undefined, nowMs: number, nowIso: string) {
  const built = await loadTickState(q, tenantId, tickScopeOf(plan), nowMs);
  const result = step({ policies: [plan], state: built.state, event: { id: `tick:${plan.key}:${nowIso}`, type: 'tick', at: nowIso }, now: nowMs });
  if (!result.ok) throw new Error(`tick of ${plan.key} refused: ${result.refusal.message.en}`);
  if (result.decisions.length > 0) await write(q, tenantId, built, result.decisions, nowIso, dueOf);
  return { decisions: result.decisions.length, returned: leadsReturned(result.decisions.flatMap((d) => d.changes)) };
}

/** The tick's decisions into one write (their changes are applied already), with the visited leads' next dues. */
async function write(
  q: Query,
  tenantId: string,
  built: BuiltState,
  decisions: readonly Decision[],
  nowIso: string,
  dueOf: DueOf | undefined,
  visited: readonly string[] = [],
): Promise<Writes> {
  const writes = new Writes(built);
  for (const id of visited) writes.revisited.add(id);
  for (const d of decisions) {
    writes.record(d.changes, d.leadId);
    // Each subject's decision is recorded under its own tick event (tick:<policy>:<at>:<subject>).
    recordDecision(writes, { id: d.eventId }, d);
  }
  await writeAll(q, tenantId, writes.payload(built, nowIso, dueOf));
  return writes;
}
