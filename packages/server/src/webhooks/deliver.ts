import { randomUUID } from 'node:crypto';
import type { Database } from '../db/connect.js';
import { claimDue, SKIP_BATCH, type AttemptResult, type Claim, type ClaimedEvent, type RetryPolicy, type Subscription } from './claim.js';
import { recordAttempt, release } from './record.js';
import { signature } from './sign.js';

export interface WebhookWorkerOptions {
  database: Database;
  /** The server's clock: leases, backoff and the signed timestamp all read it. */
  now: () => number;
  fetch?: typeof fetch;
  /** Pause between runs; without it nothing runs until runOnce() is called (tests). */
  intervalMs?: number;
  /** Rows claimed per run. */
  batchSize?: number;
  /** How long a claim is held; must leave room for at least one request. */
  leaseMs?: number;
  /** Per request. */
  timeoutMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onError?: (error: unknown) => void;
}

export interface RunSummary {
  claimed: number;
  /** Events no subscription wanted: finished without a request. */
  skipped: number;
  delivered: number;
  retrying: number;
  gaveUp: number;
  /** Rows handed back unattempted because the lease ran short, or whose lease another worker took. */
  released: number;
}

export interface WebhookWorker {
  runOnce(): Promise<RunSummary>;
  /** Stops the loop and waits for the run in progress. */
  stop(): Promise<void>;
}

export const WEBHOOK_DEFAULTS = { batchSize: 50, leaseMs: 60_000, timeoutMs: 10_000, maxAttempts: 12, baseDelayMs: 10_000, maxDelayMs: 3_600_000 } as const;

/**
 * Delivers the outbox: claim a batch under a lease (one short transaction), post without any
 * transaction open, then record each row's result (one short transaction per row). Tenants are
 * delivered side by side; one tenant's events go one after another in outbox id order.
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const o = { ...WEBHOOK_DEFAULTS, ...options };
  if (o.leaseMs <= o.timeoutMs) throw new Error('webhook leaseMs must be longer than timeoutMs');
  const doFetch = options.fetch ?? fetch;
  const policy: RetryPolicy = { maxAttempts: o.maxAttempts, baseDelayMs: o.baseDelayMs, maxDelayMs: o.maxDelayMs };
  const onError = options.onError ?? ((e: unknown) => console.error('webhook delivery:', e));
  const db = o.database.db;

  async function runOnce(): Promise<RunSummary> {
    const claim = await claimDue(db, { nowMs: o.now(), leaseMs: o.leaseMs, batch: o.batchSize, holder: randomUUID() });
    const summary: RunSummary = { claimed: claim.events.length, skipped: claim.skipped, delivered: 0, retrying: 0, gaveUp: 0, released: 0 };
    const byTenant = new Map<string, ClaimedEvent[]>();
    for (const e of claim.events) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    await Promise.all(
      [...byTenant.values()].map(async (events) => {
        for (let i = 0; i < events.length; i++) {
          // A request started now must end before the lease does, or another worker could send it too.
          if (o.now() + o.timeoutMs >= claim.leaseUntilMs) {
            const rest = events.slice(i).map((e) => e.id);
            await release(db, claim, rest, o.now()).catch(onError);
            summary.released += rest.length;
            return;
          }
          try {
            const outcome = await deliverOne(claim, events[i]!);
            if (outcome === 'leaseLost') summary.released++;
            else summary[outcome]++;
          } catch (e) {
            // The lease runs out and the row is retried; the tenant's later rows wait for it.
            onError(e);
            return;
          }
        }
      }),
    );
    return summary;
  }

  async function deliverOne(claim: Claim, event: ClaimedEvent) {
    const body = JSON.stringify({ id: String(event.id), type: event.type, tenantId: event.tenantId, createdAt: event.createdAt, data: event.payload });
    const results = await Promise.all(event.targets.map((s) => post(s, event, body)));
    return recordAttempt(db, claim, event, results, o.now(), policy);
  }

  async function post(sub: Subscription, event: ClaimedEvent, body: string): Promise<AttemptResult> {
    const atMs = o.now();
    const timestamp = String(Math.floor(atMs / 1000));
    try {
      const res = await doFetch(sub.url, {
        method: 'POST',
        body,
        // A redirect is not followed: the subscription names where events may go.
        redirect: 'manual',
        signal: AbortSignal.timeout(o.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Sluice-Webhooks/1',
          'x-sluice-event': event.type,
          'x-sluice-delivery': String(event.id),
          'x-sluice-timestamp': timestamp,
          'x-sluice-signature': signature(sub.secret, timestamp, body),
        },
      });
      await res.body?.cancel().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      return { webhookId: sub.id, ok, status: res.status, error: ok ? null : `HTTP ${res.status}`, atMs };
    } catch (e) {
      return { webhookId: sub.id, ok: false, status: null, error: describe(e, o.timeoutMs), atMs };
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = runOnce()
      .then((s) => s.claimed >= o.batchSize || s.skipped >= SKIP_BATCH, (e: unknown) => (onError(e), false))
      .then((more) => {
        // A full batch means a backlog: go on at once instead of waiting for the next tick.
        if (!stopped) timer = setTimeout(loop, more ? 0 : o.intervalMs);
      });
  };
  if (options.intervalMs !== undefined) timer = setTimeout(loop, options.intervalMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

function describe(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}
