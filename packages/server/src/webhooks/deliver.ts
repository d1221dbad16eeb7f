import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Database } from '../db/connect.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { claimDue, SKIP_BATCH, type AttemptResult, type Claim, type ClaimedEvent, type RetryPolicy, type Subscription } from './claim.js';
import { recordAttempt, release } from './record.js';
import { signature } from './sign.js';
import { resolveDeliveryTarget, WebhookTargetError, type DeliveryTarget, type Lookup } from './target.js';

export interface WebhookWorkerOptions {
  database: Database;
  /** The server's clock: leases, backoff and the signed timestamp all read it. */
  now: () => number;
  /**
   * Let webhooks reach loopback, private, link-local and reserved addresses. Off by default: a
   * target whose address is in such a range is refused before any request (an SSRF guard).
   */
  allowPrivateWebhooks?: boolean;
  /** How host names are resolved (node:dns/promises lookup); tests may pass their own. */
  lookup?: Lookup;
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
  const allowPrivate = options.allowPrivateWebhooks === true;
  // Kept-alive connections, each to an address that was checked when it was opened.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const policy: RetryPolicy = { maxAttempts: o.maxAttempts, baseDelayMs: o.baseDelayMs, maxDelayMs: o.maxDelayMs };
  const logError = options.onError ?? ((e: unknown) => console.error('webhook delivery:', e));
  // The database being away fails every run until it is back: the outage logs that once.
  const onError = (e: unknown) => (isDatabaseUnavailable(e) ? o.database.outage.failed(e) : logError(e));
  const db = o.database.db;

  async function runOnce(): Promise<RunSummary> {
    const claim = await claimDue(db, { nowMs: o.now(), leaseMs: o.leaseMs, batch: o.batchSize, holder: randomUUID() });
    o.database.outage.succeeded();
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
    // One deadline for resolving the name and the request.
    const signal = AbortSignal.timeout(o.timeoutMs);
    try {
      // Checked before every attempt: what a name resolves to may have changed since the last one.
      // A refused target is a failed attempt like any other (retried, then given up), without a request.
      const target = await untilAborted(resolveDeliveryTarget(sub.url, { allowPrivate, ...(o.lookup ? { lookup: o.lookup } : {}) }), signal);
      const status = await postTo(target, agents, body, signal, {
        'content-type': 'application/json',
        'user-agent': 'Sluice-Webhooks/1',
        'x-sluice-event': event.type,
        'x-sluice-delivery': String(event.id),
        'x-sluice-timestamp': timestamp,
        'x-sluice-signature': signature(sub.secret, timestamp, body),
      });
      const ok = status >= 200 && status < 300;
      return { webhookId: sub.id, ok, status, error: ok ? null : `HTTP ${status}`, atMs };
    } catch (e) {
      return {
        webhookId: sub.id,
        ok: false,
        status: null,
        error: signal.aborted && !(e instanceof WebhookTargetError) ? `timed out after ${o.timeoutMs} ms` : describe(e),
        atMs,
      };
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = runOnce()
      .then(
        (s) => s.claimed >= o.batchSize || s.skipped >= SKIP_BATCH,
        (e: unknown) => (onError(e), false),
      )
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
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function describe(e: unknown): string {
  if (e instanceof WebhookTargetError) return `target refused: ${e.message} / 目标被拒绝：${e.messageZh}`.slice(0, 1000);
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  const cause = err?.cause?.code ?? err?.cause?.message ?? (err?.code && !err.message?.includes(err.code) ? err.code : undefined);
  return `${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}

/** Settles as `promise` does, or rejects when `signal` aborts first (what it waits for is not cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A lookup that answers with the target's checked addresses instead of asking DNS again, so the
 * connection goes where the check said (a name that changes its answer cannot rebind it). The
 * request itself still names the host: the Host header, TLS SNI and certificate check use it.
 */
function pinnedLookup(target: DeliveryTarget): LookupFunction {
  return (hostname, options, callback) => {
    const want = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
    const addresses = want === 0 ? target.addresses : target.addresses.filter((a) => a.family === want);
    const first = addresses[0];
    if (!first) {
      callback(Object.assign(new Error(`no IPv${want} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
}

/** POSTs `body` to the checked target and answers the response status; the response body is drained, unread. */
function postTo(
  target: DeliveryTarget,
  agents: { http: HttpAgent; https: HttpsAgent },
  body: string,
  signal: AbortSignal,
  headers: Record<string, string>,
): Promise<number> {
  const https = target.url.protocol === 'https:';
  return new Promise<number>((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        method: 'POST',
        hostname: target.host,
        port: target.url.port || (https ? 443 : 80),
        path: `${target.url.pathname}${target.url.search}`,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // An IP literal is connected to as is; a name through the addresses already checked.
        lookup: pinnedLookup(target),
        agent: https ? agents.https : agents.http,
        signal,
      },
      (res) => {
        // A redirect is not followed: the subscription names where events may go.
        resolve(res.statusCode ?? 0);
        res.on('error', () => undefined);
        res.resume();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
