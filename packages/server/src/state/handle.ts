import { createHash } from 'node:crypto';
import type { Database } from '../db/connect.js';
import type { Preview, ServerEvent } from './event.js';
import { decideBatch, dryRun, type Job, type Outcome } from './run.js';

export type { DecisionView, EventResponse } from './run.js';

export interface Handled {
  /** The response JSON exactly as first sent: a retry gets the same bytes. */
  body: string;
  replayed: boolean;
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
 * tenant the commit (an fsync) and PGlite's per-statement cost are shared instead of paid per
 * event. A lone event starts at once. Correctness does not rest on this queue: every batch
 * takes the tenant's lock in the database, so other processes are serialised with it too.
 */
export async function handleEvent(database: Database, tenantId: string, input: ServerEvent & Preview, nowMs: number): Promise<Handled> {
  const { dryRun: dry, policyKey, policyVersion, draft, ...event } = input;
  if (dry) return { body: JSON.stringify(await dryRun(database, tenantId, event, { policyKey, policyVersion, draft }, nowMs)), replayed: false };
  const outcome = await new Promise<Outcome>((settle, fail) => enqueue(database, tenantId, { event, hash: requestHash(event), nowMs, settle, fail }));
  if (!outcome.ok) throw outcome.error;
  return { body: outcome.body, replayed: outcome.replayed };
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

/** PostgreSQL gave up on the transaction for another one's sake (deadlock, serialisation): try again. */
const TRANSIENT = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/** A batch that fails as a whole is retried one event at a time, so one bad event fails alone. */
async function runBatch(database: Database, tenantId: string, batch: Waiting[]): Promise<void> {
  try {
    let outcomes: Outcome[] | undefined;
    for (let attempt = 1; !outcomes; attempt++) {
      try {
        outcomes = await decideBatch(database, tenantId, batch);
      } catch (e) {
        if (attempt >= ATTEMPTS || !TRANSIENT.has((e as { code?: string }).code ?? '')) throw e;
      }
    }
    batch.forEach((job, i) => job.settle(outcomes[i]!));
  } catch (e) {
    if (batch.length === 1) batch[0]!.fail(e);
    else for (const job of batch) await runBatch(database, tenantId, [job]);
  }
}

/** What identifies a request for idempotency: the event as validated. */
function requestHash(event: ServerEvent): string {
  return createHash('sha256').update(JSON.stringify(event)).digest('base64url');
}
