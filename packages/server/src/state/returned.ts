import { RETURNED_TO_POOL } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import type { Preview, ServerEvent } from './event.js';
import { type Handled, handleEvent } from './handle.js';
import { once, statement, type Query } from './sql.js';

/** Whether a live policy of the tenant listens to leads reported back to a pool ($2: the event type). */
export const REROUTES = statement(
  'sluice_reroutes_v1',
  ['text', 'text'],
  `select exists(select 1 from policies p where p.tenant_id = $1 and p.live_version is not null and p.live_events ? $2) as reroutes`,
);

/** Whether a live policy of the tenant routes leads reported back to a pool, asked inside a transaction. */
export async function reroutesIn(q: Query, tenantId: string): Promise<boolean> {
  return (await q<{ reroutes: boolean }>(REROUTES, [tenantId, RETURNED_TO_POOL]))[0]!.reroutes;
}

/**
 * S14 on the server: a lead a tick reclaimed or released is reported back as `lead.returned_to_pool`
 * (RETURNED_TO_POOL), as a CRM reports it, so routing that listens gives it out again — never to the
 * rep who just lost it while their cooling runs — as the simulator's replay does. Each goes through
 * the decision queue like any event (batched, idempotent by its id: `returned:<source>:<lead>`),
 * after the tick's transaction committed. One that is refused or fails is logged and left in its pool.
 */
export async function reportReturned(
  database: Database,
  tenantId: string,
  source: string,
  leadIds: readonly string[],
  nowMs: number,
  nowIso: string,
): Promise<void> {
  const sent = leadIds.map((leadId) =>
    handleEvent(database, tenantId, { id: `returned:${source}:${leadId}`, type: RETURNED_TO_POOL, at: nowIso, leadId }, nowMs).catch((e: unknown) => {
      console.error(`re-routing returned lead ${leadId} of ${tenantId} failed:`, e instanceof Error ? e.message : e);
    }),
  );
  await Promise.all(sent);
}

/**
 * An event sent to the API (`/v1/events`, `/v1/decide`), and then, for a tick naming a lead or a rep
 * that took leads back into a pool (first time only, not a retry), those leads reported back as the
 * scheduler's ticks report theirs (see reportReturned): the CRM gets the tick's answer once the
 * re-routing ran.
 */
export async function handleReportingReturns(database: Database, tenantId: string, input: ServerEvent & Preview, nowMs: number): Promise<Handled> {
  const handled = await handleEvent(database, tenantId, input, nowMs);
  if (handled.replayed || handled.returned.length === 0) return handled;
  const [row] = await once<{ reroutes: boolean }>(database, REROUTES, [tenantId, RETURNED_TO_POOL]);
  if (row?.reroutes) await reportReturned(database, tenantId, `tick:${input.id}`, handled.returned, nowMs, new Date(nowMs).toISOString());
  return handled;
}
