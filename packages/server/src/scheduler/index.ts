import { randomUUID } from 'node:crypto';
import { runOrder, step, type Decision, type PolicyKind } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { recordDecision } from '../state/record.js';
import { livePlans } from '../state/policies.js';
import { once, statement, transact, type Query } from '../state/sql.js';
import { loadTickPolicy, loadTickState, TICK_POLICIES, tickScopeOf } from '../state/tickLoad.js';
import { Writes, writeAll } from '../state/write.js';

export interface SchedulerOptions {
  database: Database;
  now: () => number;
  intervalMs: number;
  /** Names this process in the lease rows (default: a random id). */
  replicaId?: string;
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

export interface Scheduler {
  stop(): Promise<void>;
  runOnce(): Promise<TickReport[]>;
}

/**
 * Takes the lease of one (tenant, policy) tick if it is free or expired. Run inside the tick's own
 * transaction: a replica that dies mid-tick rolls the lease back with everything else, so the
 * next replica redoes the tick at once; one that commits keeps the lease for an interval, so the
 * others skip it until then. (Exactly-once for each due item rests on the tenant lock, not the
 * lease: ticks and decisions of a tenant are serialised, and a reclaimed lead is no longer due.)
 */
const TAKE_LEASE = statement(
  'sluice_take_lease_v1',
  ['text', 'text', 'timestamptz', 'timestamptz'],
  `insert into leases as l (name, holder, expires_at) values ($1, $2, $4)
   on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
   where l.expires_at <= $3
   returning l.holder`,
);

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { database, now, intervalMs } = options;
  const replicaId = options.replicaId ?? randomUUID();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<TickReport[]> | undefined;

  const runOnce = async (): Promise<TickReport[]> => {
    const nowMs = now();
    // Per tenant in the engine's run order (kind, then key), as step() runs a whole tick.
    const due = await once<{ tenantId: string; key: string; kind: PolicyKind }>(database, TICK_POLICIES, ['tick']);
    due.sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : runOrder(a, b)));
    database.outage.succeeded();
    const reports: TickReport[] = [];
    for (const { tenantId, key } of due) {
      if (stopped) break;
      try {
        reports.push(await tickPolicy(database, tenantId, key, replicaId, nowMs, intervalMs));
      } catch (e) {
        // One broken policy or tenant must not stop the others' ticks; the next pass tries again.
        if (isDatabaseUnavailable(e)) database.outage.failed(e);
        reports.push({ tenantId, policyKey: key, ran: false, decisions: 0, error: (e as Error).message });
      }
    }
    return reports;
  };

  const loop = () => {
    if (stopped) return;
    running = runOnce()
      .catch((e: unknown) => {
        // The database being away fails every pass until it is back: the outage logs that once.
        if (isDatabaseUnavailable(e)) database.outage.failed(e);
        else console.error('scheduler pass failed', e);
        return [];
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, intervalMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** One policy's tick for one tenant: lease, load, tick, write — one transaction under the tenant lock. */
export function tickPolicy(database: Database, tenantId: string, key: string, replicaId: string, nowMs: number, intervalMs: number): Promise<TickReport> {
  const report: TickReport = { tenantId, policyKey: key, ran: false, decisions: 0 };
  return transact(database, tenantId, async (q) => {
    const nowIso = new Date(nowMs).toISOString();
    const lease = await q(TAKE_LEASE, [`tick:${tenantId}:${key}`, replicaId, nowIso, new Date(nowMs + intervalMs).toISOString()]);
    if (lease.length === 0) return report;
    const live = await loadTickPolicy(q, tenantId, key);
    if (live.length === 0) return report;
    const plan = (await livePlans(q, tenantId, live))('tick')[0];
    if (!plan) return report;
    const built = await loadTickState(q, tenantId, tickScopeOf(plan), nowMs);
    // The tick as every caller runs it: the engine's step, one policy, its whole scope.
    const result = step({ policies: [plan], state: built.state, event: { id: `tick:${key}:${nowIso}`, type: 'tick', at: nowIso }, now: nowMs });
    if (!result.ok) throw new Error(`tick of ${key} refused: ${result.refusal.message.en}`);
    report.ran = true;
    report.decisions = result.decisions.length;
    if (result.decisions.length === 0) return report;
    await write(q, tenantId, built, result.decisions, nowIso);
    return report;
  });
}

/** The tick's decisions into one write: step has applied their changes already, subject by subject. */
async function write(
  q: Query,
  tenantId: string,
  built: Awaited<ReturnType<typeof loadTickState>>,
  decisions: readonly Decision[],
  nowIso: string,
): Promise<void> {
  const writes = new Writes(built);
  for (const d of decisions) {
    writes.record(d.changes, d.leadId);
    // Each subject's decision is recorded under its own tick event (tick:<policy>:<at>:<subject>).
    recordDecision(writes, { id: d.eventId }, d);
  }
  await writeAll(q, tenantId, writes.payload(built, nowIso));
}
