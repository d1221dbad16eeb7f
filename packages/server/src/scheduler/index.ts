import { randomUUID } from 'node:crypto';
import { runOrder, type PolicyKind } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { once } from '../state/sql.js';
import { TICK_POLICIES } from '../state/tickLoad.js';
import { DECISION_INPUTS_DAYS, pruneDecisionInputs } from './retention.js';
import { tickPolicy, type TickOptions, type TickReport } from './tick.js';

export { TICK_CHUNK, tickPolicy, type TickOptions, type TickReport } from './tick.js';
export { DECISION_INPUTS_DAYS, pruneDecisionInputs } from './retention.js';

export interface SchedulerOptions {
  database: Database;
  now: () => number;
  intervalMs: number;
  /** Names this process in the lease rows (default: a random id). */
  replicaId?: string;
  /** How owned-leads ticks are cut into transactions (tick.ts). */
  tick?: TickOptions;
  /** Decision inputs older than this many days are deleted a chunk at a time after each pass (retention.ts; default 90). */
  decisionInputsDays?: number;
}

export interface Scheduler {
  stop(): Promise<void>;
  runOnce(): Promise<TickReport[]>;
}

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
        reports.push(await tickPolicy(database, tenantId, key, replicaId, nowMs, intervalMs, options.tick));
      } catch (e) {
        // One broken policy or tenant must not stop the others' ticks; the next pass tries again.
        if (isDatabaseUnavailable(e)) database.outage.failed(e);
        reports.push({ tenantId, policyKey: key, ran: false, decisions: 0, error: (e as Error).message });
      }
    }
    if (!stopped) {
      const days = options.decisionInputsDays ?? DECISION_INPUTS_DAYS;
      try {
        await pruneDecisionInputs(database, nowMs - days * 86_400_000);
      } catch (e) {
        // Pruning is housekeeping: the next pass tries again; ticks never wait on it.
        if (isDatabaseUnavailable(e)) database.outage.failed(e);
        else console.error('pruning decision inputs failed', e);
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
