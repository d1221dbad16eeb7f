import { inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import type { Db } from '../db/connect.js';
import { webhooks } from '../db/schema.js';
import { subscribesTo } from './events.js';

export interface Subscription {
  id: string;
  url: string;
  secret: string;
}

/** An outbox row a worker holds a lease on, with the subscriptions to post it to this attempt. */
export interface ClaimedEvent {
  id: number;
  tenantId: string;
  type: string;
  payload: unknown;
  createdAt: string;
  /** 1 for the first attempt. */
  attempt: number;
  targets: Subscription[];
}

export interface Claim {
  /** Written on every claimed row: only this claim may record its results. */
  holder: string;
  leaseUntilMs: number;
  events: ClaimedEvent[];
  /** Rows no subscription wanted, finished without HTTP. */
  skipped: number;
}

/** Rows nobody subscribes to are finished in bulk, this many per run. */
export const SKIP_BATCH = 250;

export interface AttemptResult {
  webhookId: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  atMs: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Claims are serialised across replicas by this transaction lock (a few milliseconds each), so
 * the "no other worker is delivering this tenant" test below sees every committed lease: two
 * replicas never post one tenant's events at the same time, which keeps them in outbox id order.
 * The two-key form lives apart from the one-key locks the decision path takes per tenant.
 */
const CLAIM_LOCK = sql`select pg_advisory_xact_lock(7272, 1)`;

/**
 * Takes up to `batch` due rows (oldest first) of tenants no other worker is delivering, and
 * leases them: next_attempt_at moves to the lease's end, so if this worker dies the rows fall
 * due again then and another one takes them. The first attempt fixes which subscriptions are
 * owed the event; rows owed to nobody are finished here without any HTTP.
 */
export async function claimDue(db: Db, opts: { nowMs: number; leaseMs: number; batch: number; holder: string }): Promise<Claim> {
  const now = new Date(opts.nowMs).toISOString();
  const leaseUntilMs = opts.nowMs + opts.leaseMs;
  const until = new Date(leaseUntilMs).toISOString();
  let skipped = 0;
  const events = await db.transaction(async (tx) => {
    await tx.execute(CLAIM_LOCK);
    // Most events of most tenants interest no subscription: settle those in one statement (in no
    // particular order: nothing is sent), so a busy decision path does not keep the worker
    // claiming them a batch at a time. The subscriptions are read once, as hashed sets.
    const idle = await tx.execute(sql`
      with idle as (
        select o.id from outbox o
        where o.delivered_at is null and o.pending is null and o.next_attempt_at <= ${now}
          and (o.tenant_id, o.type) not in (select w.tenant_id, t.type from webhooks w, jsonb_array_elements_text(w.event_types) as t(type))
          and o.tenant_id not in (select w.tenant_id from webhooks w where w.event_types ? '*')
        limit ${SKIP_BATCH}
        for update skip locked
      )
      update outbox o set delivered_at = ${now}, pending = '[]'::jsonb
      from idle where o.id = idle.id
      returning o.id`);
    skipped = rowsOf(idle).length;
    const claimed = await tx.execute(sql`
      with due as (
        select o.id from outbox o
        where o.delivered_at is null and o.next_attempt_at <= ${now}
          and o.tenant_id not in (select l.tenant_id from outbox l where l.lease_until > ${now} and l.delivered_at is null)
        order by o.id
        limit ${opts.batch}
        for update skip locked
      )
      update outbox o set attempts = o.attempts + 1, lease_until = ${until}, lease_holder = ${opts.holder}, next_attempt_at = ${until}
      from due where o.id = due.id
      returning o.id, o.tenant_id, o.type, o.payload, o.created_at, o.attempts, o.pending`);
    const rows = rowsOf(claimed)
      .map((r) => ({
        id: Number(r.id),
        tenantId: String(r.tenant_id),
        type: String(r.type),
        payload: r.payload,
        createdAt: new Date(r.created_at as string | Date).toISOString(),
        attempt: Number(r.attempts),
        pending: r.pending as string[] | null,
      }))
      .sort((a, b) => a.id - b.id);
    if (rows.length === 0) return [];

    const tenants = [...new Set(rows.map((r) => r.tenantId))];
    const subs = await tx
      .select({ id: webhooks.id, tenantId: webhooks.tenantId, url: webhooks.url, secret: webhooks.secret, eventTypes: webhooks.eventTypes })
      .from(webhooks)
      .where(inArray(webhooks.tenantId, tenants))
      .orderBy(webhooks.createdAt, webhooks.id);

    const updates: Array<{ id: number; pending: string[]; done: boolean }> = [];
    const out: ClaimedEvent[] = [];
    for (const row of rows) {
      const mine = subs.filter((s) => s.tenantId === row.tenantId);
      const owed = row.pending ?? mine.filter((s) => subscribesTo(s.eventTypes, row.type)).map((s) => s.id);
      // A subscription deleted since the first attempt is owed nothing any more.
      const targets = mine.filter((s) => owed.includes(s.id)).map((s) => ({ id: s.id, url: s.url, secret: s.secret }));
      if (targets.length === 0) {
        updates.push({ id: row.id, pending: [], done: true });
        skipped++;
      } else {
        if (row.pending === null) updates.push({ id: row.id, pending: owed, done: false });
        out.push({ id: row.id, tenantId: row.tenantId, type: row.type, payload: row.payload, createdAt: row.createdAt, attempt: row.attempt, targets });
      }
    }
    if (updates.length > 0) {
      await tx.execute(sql`
        update outbox o set
          pending = x.pending,
          delivered_at = case when x.done then ${now}::timestamptz end,
          attempts = case when x.done then o.attempts - 1 else o.attempts end,
          lease_until = case when x.done then null else o.lease_until end,
          lease_holder = case when x.done then null else o.lease_holder end
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id bigint, pending jsonb, done boolean)
        where o.id = x.id`);
    }
    return out;
  });
  return { holder: opts.holder, leaseUntilMs, events, skipped };
}
