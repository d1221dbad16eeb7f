import { createHash } from 'node:crypto';
import type { Database } from '../db/connect.js';
import type { Preview, ServerEvent } from './event.js';
import { failureKind, logFailedAlone, refusedByDatabase } from './failure.js';
import { decideBatch, dryRun, type Job, type Outcome } from './run.js';

export type { DecisionView, EventResponse } from './run.js';

export interface Handled {
  /** The response JSON exactly as first sent: a retry gets the same bytes. */
  body: string;
  replayed: boolean;
  /** For a tick decided now (not a retry's stored answer): the leads it took back into a pool. */
  returned: readonly string[];
}

/** Most events one transaction takes; more wait for the next. */
const MAX_BATCH = 200;

interface Waiting extends Job {
  settle(outcome: Outcome): void;
  fail(error: unknown): void;
}

interface TenantQueue {
  running: boolean;
  waiting: Waiting[];
}

const queues = new WeakMap<Database, Map<string, TenantQueue>>();

/**
 * Decides an event (see run.ts). Events of one tenant that arrive while a transaction of that
 * tenant is under way wait and go together in the next one: the same serial order as one
 * transaction each, but one lock, one load, one write and one commit for the lot — on a busy
 * tenant the commit (an fsync on PostgreSQL) and PGlite's per-statement cost are shared instead of paid per
 * event. A lone event starts at once. Correctness does not rest on this queue: every batch
 * takes the tenant's lock in the database, so other processes are serialised with it too.
 */
export async function handleEvent(database: Database, tenantId: string, input: ServerEvent & Preview, nowMs: number): Promise<Handled> {
  const { dryRun: dry, policyKey, policyVersion, draft, ...event } = input;
  if (dry) return { body: JSON.stringify(await dryRun(database, tenantId, event, { policyKey, policyVersion, draft }, nowMs)), replayed: false, returned: [] };
  const outcome = await new Promise<Outcome>((settle, fail) => enqueue(database, tenantId, { event, hash: requestHash(event), nowMs, settle, fail }));
  if (!outcome.ok) throw outcome.error;
  return { body: outcome.body, replayed: outcome.replayed, returned: outcome.returned };
}

function enqueue(database: Database, tenantId: string, job: Waiting): void {
  let byTenant = queues.get(database);
  if (!byTenant) queues.set(database, (byTenant = new Map()));
  let queue = byTenant.get(tenantId);
  if (!queue) byTenant.set(tenantId, (queue = { running: false, waiting: [] }));
  queue.waiting.push(job);
  if (!queue.running) void drain(database, tenantId, queue, byTenant);
}

async function drain(database: Database, tenantId: string, queue: TenantQueue, byTenant: Map<string, TenantQueue>): Promise<void> {
  queue.running = true;
  try {
    while (queue.waiting.length > 0) {
      // Let the requests that have arrived meanwhile reach the queue first. On PGlite a whole
      // transaction runs without yielding to I/O, so without this pause every batch was of one.
      await new Promise((r) => setImmediate(r));
      await runBatch(database, tenantId, queue.waiting.splice(0, MAX_BATCH));
    }
  } finally {
    queue.running = false;
    if (queue.waiting.length === 0) byTenant.delete(tenantId);
  }
}

/** Tries of a batch PostgreSQL gave up for another transaction's sake (deadlock, serialisation failure). */
const ATTEMPTS = 3;

/** Batches a database has run and the transactions they took: what isolation costs, for tests to see. */
const counters = new WeakMap<Database, { batches: number; transactions: number }>();
export function batchStats(database: Database): { batches: number; transactions: number } {
  let c = counters.get(database);
  if (!c) counters.set(database, (c = { batches: 0, transactions: 0 }));
  return c;
}

/**
 * Runs a batch, isolating the events that make it fail. decideBatch sets aside, within its own
 * transaction, an event that throws and one the database's refusal names (run.ts); a refusal that
 * names no one event comes here. The write is one statement for the whole batch (rows aggregated
 * across events: load deltas, daily counts, lead rows from the final state), so the refusal does
 * not say which event brought the bad row, and a savepoint per event would mean a write per
 * event — the cost batching exists to avoid. So the batch is bisected: the left half runs in its
 * own transaction (fresh load, fresh state: nothing of the failed attempt survives), then the
 * right half; a half that fails is split again. When the left half commits, the right one must
 * hold the culprit and is split without trying it whole. k bad events among n cost about
 * 2k·log2(n) transactions, healthy events keep their order, and each gets exactly the answer it
 * would have had if the bad ones had never been sent. A database that cannot be reached, or a
 * failure no event explains, fails the whole batch at once (see failure.ts): bisecting it would
 * only send more transactions to a database that is down.
 */
async function runBatch(database: Database, tenantId: string, batch: Waiting[]): Promise<void> {
  const settled = new Set<Waiting>();
  batchStats(database).batches++;
  try {
    await isolate(database, tenantId, batch, false, settled);
  } catch (e) {
    for (const job of batch) if (!settled.has(job)) job.fail(e);
  }
}

/** Returns whether the jobs all committed at the first try. `culpritInside`: a sibling half committed, so this one holds a bad event. */
async function isolate(database: Database, tenantId: string, jobs: Waiting[], culpritInside: boolean, settled: Set<Waiting>): Promise<boolean> {
  if (!culpritInside || jobs.length === 1) {
    const result = await attempt(database, tenantId, jobs);
    if (result.ok) {
      jobs.forEach((job, i) => {
        settled.add(job);
        job.settle(result.outcomes[i]!);
      });
      return true;
    }
    if (jobs.length === 1) {
      const bad = jobs[0]!;
      settled.add(bad);
      logFailedAlone(tenantId, bad.event.id, result.error);
      bad.fail(refusedByDatabase(bad.event.id, result.error));
      return false;
    }
  }
  const half = Math.ceil(jobs.length / 2);
  const leftClean = await isolate(database, tenantId, jobs.slice(0, half), false, settled);
  await isolate(database, tenantId, jobs.slice(half), leftClean, settled);
  return false;
}

/** One transaction for the jobs, run again on a transient conflict; throws what no event's data explains. */
async function attempt(
  database: Database,
  tenantId: string,
  jobs: readonly Waiting[],
): Promise<{ ok: true; outcomes: Outcome[] } | { ok: false; error: unknown }> {
  for (let n = 1; ; n++) {
    batchStats(database).transactions++;
    try {
      return { ok: true, outcomes: await decideBatch(database, tenantId, jobs) };
    } catch (e) {
      const kind = failureKind(e);
      if (kind === 'refused') return { ok: false, error: e };
      if (kind !== 'transient' || n >= ATTEMPTS) throw e;
    }
  }
}

/** What identifies a request for idempotency: the event as validated. */
function requestHash(event: ServerEvent): string {
  return createHash('sha256').update(JSON.stringify(event)).digest('base64url');
}
